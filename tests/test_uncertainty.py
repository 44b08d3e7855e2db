"""rik.analysis.uncertainty: seeded Monte Carlo over the assumption ranges."""

from __future__ import annotations

import numpy as np
import pytest

import rik
from rik.analysis import uncertainty as u

ARTICLE = rik.load_assumptions("article")
QUALITY_FIRST = rik.presets()["quality_first"]


@pytest.fixture(scope="module")
def quality_first_run() -> u.MonteCarloResult:
    return u.run_monte_carlo(QUALITY_FIRST, ARTICLE, n_draws=400, seed=11)


def test_seeded_runs_reproduce_exactly(quality_first_run: u.MonteCarloResult) -> None:
    again = u.run_monte_carlo(QUALITY_FIRST, ARTICLE, n_draws=400, seed=11)
    for who in u.WHO:
        for output in u.OUTPUTS:
            assert again.bands[who][output].equals(quality_first_run.bands[who][output])
    assert again.p_sales_target == quality_first_run.p_sales_target
    assert again.ratio_percentiles == quality_first_run.ratio_percentiles


def test_another_seed_gives_other_draws(quality_first_run: u.MonteCarloResult) -> None:
    other = u.run_monte_carlo(QUALITY_FIRST, ARTICLE, n_draws=400, seed=12)
    assert not other.bands["scenario"]["sales_nok"].equals(
        quality_first_run.bands["scenario"]["sales_nok"]
    )


def test_draws_stay_in_range_and_peak_at_the_value() -> None:
    draws = u.draw_coefficients(ARTICLE, 4000, seed=3)
    for c in ARTICLE:
        values = draws[c.key]
        assert values.min() >= c.low and values.max() <= c.high, c.key
        if c.high > c.low and c.group != "status_quo":
            # Triangular(low, value, high) has mean (low + value + high) / 3.
            expected = (c.low + c.value + c.high) / 3
            assert abs(values.mean() - expected) < 0.05 * (c.high - c.low), c.key
        else:
            assert np.all(values == c.value)


def test_triangular_inverse_matches_its_cdf() -> None:
    u01 = np.linspace(0.0, 1.0, 11)
    x = u.triangular_inverse(u01, np.array(2.0), np.array(3.0), np.array(6.0))
    # CDF of Triangular(2, 3, 6): (x-2)^2/4 on [2, 3], 1 - (6-x)^2/12 on [3, 6].
    cdf = np.where(x <= 3.0, (x - 2.0) ** 2 / 4.0, 1.0 - (6.0 - x) ** 2 / 12.0)
    assert np.allclose(cdf, u01)


@pytest.mark.parametrize("output", u.OUTPUTS)
def test_deterministic_run_lies_inside_the_90_percent_band(
    quality_first_run: u.MonteCarloResult, output: str
) -> None:
    bands = quality_first_run.bands["scenario"][output]
    det = quality_first_run.deterministic["scenario"][output]
    assert (det >= bands["p5"] - 1e-9).all()
    assert (det <= bands["p95"] + 1e-9).all()
    ordered = bands[list(u.BAND_COLUMNS)].to_numpy()
    assert np.all(np.diff(ordered, axis=1) >= -1e-12)


def test_deterministic_run_is_rik_simulate(quality_first_run: u.MonteCarloResult) -> None:
    expected = rik.simulate(QUALITY_FIRST, ARTICLE, 24)
    assert quality_first_run.deterministic["scenario"].equals(expected)


def test_baseline_band_is_flat_and_holds_the_status_quo(
    quality_first_run: u.MonteCarloResult,
) -> None:
    base = quality_first_run.bands["baseline"]["sales_nok"]
    assert np.allclose(base.to_numpy(), base.iloc[0].to_numpy())
    status_quo = rik.simulate(rik.presets()["baseline"], ARTICLE, 24)["sales_nok"]
    assert base["p5"].iloc[12] <= status_quo.iloc[12] <= base["p95"].iloc[12]


def test_chances_are_judged_within_the_same_draw() -> None:
    # The status quo against itself: sales ratio exactly 1 in every draw.
    base = u.run_monte_carlo(rik.presets()["baseline"], ARTICLE, n_draws=300, seed=5)
    assert base.p_sales_target == 0.0
    assert base.ratio_percentiles["p5"] == pytest.approx(1.0, abs=1e-9)
    assert base.ratio_percentiles["p95"] == pytest.approx(1.0, abs=1e-9)
    assert base.p_burnout_up == 0.0
    # At a target of +0 % every draw qualifies.
    easy = u.run_monte_carlo(rik.presets()["baseline"], ARTICLE, 300, 5, target_ratio=0.999)
    assert easy.p_sales_target == 1.0


def test_the_numbers_game_burns_out_in_every_draw() -> None:
    result = u.run_monte_carlo(rik.presets()["numbers_game"], ARTICLE, n_draws=300, seed=5)
    assert result.p_burnout_up == 1.0
    assert result.p_sales_target < 0.05


def test_chance_matches_a_direct_count() -> None:
    runs, seed = 200, 9
    result = u.run_monte_carlo(QUALITY_FIRST, ARTICLE, n_draws=runs, seed=seed)
    draws = u.draw_coefficients(ARTICLE, runs, seed)
    levers = QUALITY_FIRST.levers.to_dict()
    scn = rik.simulate_batch(levers, draws, 12, runs)["sales_nok"][12]
    base = rik.simulate_batch(rik.status_quo().to_dict(), draws, 12, runs)["sales_nok"][12]
    assert result.p_sales_target == pytest.approx(np.mean(scn / base >= 1.4))


def test_plans_with_later_changes_follow_them() -> None:
    catalyst = rik.presets()["catalyst"]
    result = u.run_monte_carlo(catalyst, ARTICLE, n_draws=200, seed=2)
    det = rik.simulate(catalyst, ARTICLE, 24)
    assert result.deterministic["scenario"].equals(det)
    plan = u.lever_plan(catalyst, 24)
    assert plan["meetings_per_seller_per_week"][11] == 10
    assert plan["meetings_per_seller_per_week"][12] == 14


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"n_draws": 0}, "n_draws"),
        ({"n_draws": 10_001}, "n_draws"),
        ({"n_draws": 2.5}, "n_draws"),
        ({"seed": -1}, "seed"),
        ({"target_month": 30}, "target_month"),
    ],
)
def test_bad_input_is_named(kwargs: dict, match: str) -> None:
    with pytest.raises(ValueError, match=match):
        u.run_monte_carlo(QUALITY_FIRST, ARTICLE, **kwargs)


def test_scenario_must_be_a_scenario() -> None:
    with pytest.raises(ValueError, match="scenario"):
        u.run_monte_carlo("quality_first", ARTICLE)  # type: ignore[arg-type]


def test_the_firm_is_held_and_only_mechanisms_are_drawn() -> None:
    """Every run starts from the same firm (the status quo's own figures are not drawn),
    so the status quo's band at month 0 is a single value."""
    a = rik.load_assumptions("article")
    draws = u.draw_coefficients(a, 200, 3)
    for c in a:
        spread = float(np.ptp(draws[c.key]))
        if c.group == "status_quo":
            assert spread == 0.0, c.key
        elif c.low < c.high:
            assert spread > 0.0, c.key
