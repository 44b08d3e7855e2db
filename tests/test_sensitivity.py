"""rik.analysis.sensitivity: the tornado agrees with one-at-a-time runs of rik.simulate."""

from __future__ import annotations

import pytest

import rik
from rik.analysis import sensitivity as s

ARTICLE = rik.load_assumptions("article")


def finite_difference(scenario: rik.Scenario, row, output: str, month: int) -> tuple[float, float]:
    """(low, high) output changes computed one run at a time with rik.simulate."""
    base = s.output_value(scenario, ARTICLE, output, month)
    if row.kind == "coefficient":
        low = s.output_value(scenario, ARTICLE.with_values({row.key: row.low_input}), output, month)
        high = s.output_value(
            scenario, ARTICLE.with_values({row.key: row.high_input}), output, month
        )
    else:
        low = s.output_value(s.shifted_scenario(scenario, row.key, -1), ARTICLE, output, month)
        high = s.output_value(s.shifted_scenario(scenario, row.key, 1), ARTICLE, output, month)
    return low - base, high - base


@pytest.mark.parametrize(
    ("preset", "output", "month"),
    [
        ("quality_first", "sales_vs_baseline", 12),
        ("numbers_game", "csat", 12),
        ("catalyst", "burnout_share", 24),
        ("baseline", "sales_nok", 6),
    ],
)
def test_tornado_agrees_with_finite_differences(preset: str, output: str, month: int) -> None:
    scenario = rik.presets()[preset]
    bars = s.tornado(scenario, ARTICLE, output, month)
    swings = []
    for row in bars.itertuples(index=False):
        low, high = finite_difference(scenario, row, output, month)
        assert row.low_delta == pytest.approx(low, rel=1e-9, abs=1e-9), row.key
        assert row.high_delta == pytest.approx(high, rel=1e-9, abs=1e-9), row.key
        swings.append(max(abs(low), abs(high)))
    # The bar order is the order of the finite differences' swings, largest first.
    assert all(a >= b - 1e-12 for a, b in zip(swings, swings[1:], strict=False))
    assert bars.swing.iloc[0] > 0


def test_every_ranged_coefficient_and_lever_has_a_bar() -> None:
    bars = s.tornado(rik.presets()["quality_first"], ARTICLE)
    ranged = {c.key for c in ARTICLE if c.high > c.low}
    assert set(bars.key[bars.kind == "coefficient"]) == ranged
    assert set(bars.key[bars.kind == "lever"]) == set(rik.LEVER_NAMES)
    assert list(bars.columns) == list(s.COLUMNS)


def test_deal_value_does_not_move_the_ratio_but_moves_kroner() -> None:
    scenario = rik.presets()["quality_first"]
    ratio = s.tornado(scenario, ARTICLE, "sales_vs_baseline", 12).set_index("key")
    kroner = s.tornado(scenario, ARTICLE, "sales_nok", 12).set_index("key")
    assert ratio.loc["deal_value_nok", "swing"] == pytest.approx(0.0, abs=1e-12)
    assert kroner.loc["deal_value_nok", "swing"] > 0.2 * kroner.loc["deal_value_nok", "base_value"]


def test_lever_steps_clip_at_the_range() -> None:
    top = rik.Scenario("edge", rik.Levers(onboarding=1.0, development=0.0))
    bars = s.tornado(top, ARTICLE, "csat", 12).set_index("key")
    assert bars.loc["onboarding", "high_input"] == 1.0
    assert bars.loc["onboarding", "high_delta"] == 0.0
    assert bars.loc["development", "low_input"] == 0.0
    assert bars.loc["development", "low_delta"] == 0.0


def test_shifted_scenario_moves_later_changes_too() -> None:
    catalyst = rik.presets()["catalyst"]
    up = s.shifted_scenario(catalyst, "meetings_per_seller_per_week", 1)
    assert up.levers.meetings_per_seller_per_week == 11
    assert [c.value for c in up.changes] == [15]


@pytest.mark.parametrize(("output", "month"), [("profit", 12), ("csat", 0), ("csat", 2.5)])
def test_bad_input_is_named(output: str, month) -> None:
    with pytest.raises(ValueError, match="output|month"):
        s.tornado(rik.presets()["baseline"], ARTICLE, output, month)
