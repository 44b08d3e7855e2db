"""Calibration targets 1–9 of MODEL.md ("What it must reproduce"), one test each.

Targets are checked against the ``article`` set; the ``evidence`` set must keep the
story's structure qualitatively (the numbers game backfires, quality first wins).
Every comparison is with ``baseline`` at the same month unless the target says otherwise.
"""

from __future__ import annotations

from types import SimpleNamespace

import pandas as pd
import pytest

import rik
from rik.model import core

MONTHS = 24


def _runs(set_name: str, months: int = MONTHS) -> dict[str, pd.DataFrame]:
    assumptions = rik.load_assumptions(set_name)
    return {name: rik.simulate(s, assumptions, months) for name, s in rik.presets().items()}


@pytest.fixture(scope="module")
def article() -> dict[str, pd.DataFrame]:
    return _runs("article")


@pytest.fixture(scope="module")
def evidence() -> dict[str, pd.DataFrame]:
    return _runs("evidence")


def _ratio(runs: dict[str, pd.DataFrame], name: str, column: str, month: int) -> float:
    """``name``'s value over baseline's at ``month`` (1.0 = equal)."""
    return float(runs[name][column][month] / runs["baseline"][column][month])


def test_presets_have_the_story_names() -> None:
    assert set(rik.PRESET_NAMES) <= set(rik.presets())
    assert {"baseline", "numbers_game", "quality_first", "catalyst"} <= set(rik.presets())


def test_target_1_numbers_game_lifts_sales_in_months_1_to_3(article) -> None:
    """Target 1: `numbers_game` lifts sales in months 1–3 (the myth looks true at first)."""
    for month in (1, 2, 3):
        ratio = _ratio(article, "numbers_game", "sales_nok", month)
        assert ratio > 1.0, f"month {month}: numbers_game sales / baseline = {ratio:.3f}, want > 1"


def test_target_2_numbers_game_csat_more_than_10_percent_below_at_month_12(article) -> None:
    """Target 2: by month 12 `numbers_game`'s customer satisfaction is more than 10% below
    baseline."""
    ratio = _ratio(article, "numbers_game", "csat", 12)
    assert ratio < 0.90, f"month-12 csat numbers_game / baseline = {ratio:.3f}, want < 0.90"


def test_target_3_numbers_game_burnout_80_to_95_percent_at_month_12(article) -> None:
    """Target 3: `numbers_game`'s burnout share is between 80% and 95% by month 12."""
    burnout = float(article["numbers_game"]["burnout_share"][12])
    assert 0.80 <= burnout <= 0.95, f"month-12 burnout share = {burnout:.3f}, want 0.80..0.95"


def test_target_4_numbers_game_gains_gone_by_month_24(article) -> None:
    """Target 4: by month 24 `numbers_game`'s sales are no more than 5% above baseline."""
    ratio = _ratio(article, "numbers_game", "sales_nok", 24)
    assert ratio <= 1.05, f"month-24 sales numbers_game / baseline = {ratio:.3f}, want <= 1.05"


def test_target_5_quality_first_plus_35_to_45_percent_at_month_12(article) -> None:
    """Target 5: `quality_first`: sales at month 12 are 35%–45% above baseline (the
    article's +40%), with satisfaction and job satisfaction above baseline and burnout
    below it."""
    sales = _ratio(article, "quality_first", "sales_nok", 12)
    assert 1.35 <= sales <= 1.45, f"month-12 sales quality_first / baseline = {sales:.3f}"
    qf, base = article["quality_first"].loc[12], article["baseline"].loc[12]
    assert qf.csat > base.csat, (qf.csat, base.csat)
    assert qf.job_satisfaction > base.job_satisfaction, (qf.job_satisfaction, base.job_satisfaction)
    assert qf.burnout_share < base.burnout_share, (qf.burnout_share, base.burnout_share)


def test_target_6_quality_first_costs_something_first(article) -> None:
    """Target 6: `quality_first` costs something first: month-1 sales are not above baseline."""
    ratio = _ratio(article, "quality_first", "sales_nok", 1)
    assert ratio <= 1.0, f"month-1 sales quality_first / baseline = {ratio:.3f}, want <= 1"


def test_target_7_catalyst_beats_quality_first_by_15_percent_at_month_24(article) -> None:
    """Target 7: `catalyst`: month-24 sales at least 15% above `quality_first`'s, with
    satisfaction not below baseline."""
    cat, qf, base = article["catalyst"], article["quality_first"], article["baseline"]
    ratio = float(cat.sales_nok[24] / qf.sales_nok[24])
    assert ratio >= 1.15, f"month-24 sales catalyst / quality_first = {ratio:.3f}, want >= 1.15"
    assert cat.csat[24] >= base.csat[24], (cat.csat[24], base.csat[24])
    # Not only at the end: satisfaction never dips below baseline along the way.
    below = cat.index[cat.csat < base.csat - 1e-12].tolist()
    assert not below, f"catalyst csat below baseline in months {below}"


def test_target_7_catalyst_equals_quality_first_before_its_change(article) -> None:
    """Target 7 (structure): the catalyst is `quality_first` until activity is raised."""
    first = min(c.month for c in rik.presets()["catalyst"].changes)
    assert 6 <= first <= 18, "MODEL.md: activity raised from about month 12"
    pd.testing.assert_frame_equal(
        article["catalyst"].loc[: first - 1], article["quality_first"].loc[: first - 1]
    )


def test_target_8_negative_mentions_are_dissatisfied_times_people_told(article) -> None:
    """Target 8: Negative mentions = dissatisfied customers × people each one tells (15 in
    `article`)."""
    a = rik.load_assumptions("article")
    assert a.people_told == 15
    told_per_dissatisfied = a.people_told * a.share_who_tell
    assert told_per_dissatisfied == pytest.approx(15.0)
    for name, frame in article.items():
        assert (frame.dissatisfied_customers > 0).all(), name
        ratio = frame.negative_mentions / frame.dissatisfied_customers
        assert ratio.to_numpy() == pytest.approx(15.0, rel=1e-12), name
    # Dissatisfied customers are the customers leaving over poor quality: the quality part
    # of churn (churn above the quality-independent floor) times the customers.
    base = article["baseline"]
    floor = (1.0 - a.quality_churn_share_0) * a.churn_rate_0
    for name, frame in article.items():
        quality_leavers = (frame.churn_rate - floor) * frame.customers
        assert frame.dissatisfied_customers.to_numpy() == pytest.approx(
            quality_leavers.to_numpy(), rel=1e-9
        ), name
    # A worse customer experience means more people told (numbers game vs baseline).
    assert article["numbers_game"].negative_mentions[12] > base.negative_mentions[12]


def test_target_8_mentions_scale_with_people_told() -> None:
    """Target 8: the number of people told is a factor: 20 instead of 15 gives 20/15 as
    many mentions from the same dissatisfied customers, every month, every preset."""
    a = rik.load_assumptions("article")
    b = a.with_values({"people_told": 20})
    for name, scenario in rik.presets().items():
        x, y = rik.simulate(scenario, a), rik.simulate(scenario, b)
        assert y.dissatisfied_customers.to_numpy() == pytest.approx(
            x.dissatisfied_customers.to_numpy(), rel=1e-9
        ), name
        assert (y.negative_mentions / x.negative_mentions).to_numpy() == pytest.approx(
            20 / 15, rel=1e-9
        ), name


def test_target_9_seventy_percent_of_baseline_churn_is_quality_related(article) -> None:
    """Target 9: At baseline, 70% of churn is quality-related (`article`)."""
    a = rik.load_assumptions("article")
    assert a.quality_churn_share_0 == pytest.approx(0.70)
    base = rik.simulate(rik.presets()["baseline"], a, 60)
    churned = base.churn_rate * base.customers
    quality_share = base.dissatisfied_customers / churned
    assert quality_share.to_numpy() == pytest.approx(0.70, rel=1e-9)
    # The same from the churn equation: churn = churn_other + churn_quality × (1 − csat),
    # with churn_other the quality-independent part, 30% of the status quo's churn.
    churn_other = (1.0 - 0.70) * a.churn_rate_0
    quality_part = (base.churn_rate - churn_other) / base.churn_rate
    assert quality_part.to_numpy() == pytest.approx(0.70, rel=1e-9)
    assert base.churn_rate.to_numpy() == pytest.approx(a.churn_rate_0, rel=1e-9)


def test_target_9_avoiders_stock_is_39_percent_of_churned_times_24_months(article) -> None:
    """Target 9: 39% of churned customers stay out of the prospect pool for 24 months:
    at the status quo's equilibrium the avoiders stock is 0.39 × churned per month × 24."""
    a = rik.load_assumptions("article")
    assert (a.avoid_share, a.avoid_months) == (pytest.approx(0.39), pytest.approx(24))
    base = article["baseline"]
    churned = float(base.churn_rate[0] * base.customers[0])
    p = SimpleNamespace(**a.values())
    sq = SimpleNamespace(**rik.status_quo().to_dict())
    cal = core.calibrate(p, sq, core.FLOAT)
    assert cal.avoiders == pytest.approx(0.39 * churned * 24, rel=1e-9)
    # The avoiders are outside the prospect pool.
    assert cal.prospects == pytest.approx(a.market_prospects - a.customers_0 - cal.avoiders)


def _one_month(state: dict, lev: SimpleNamespace, p: SimpleNamespace, cal) -> tuple[dict, dict]:
    """rik.model.core.month for one month on floats: (outputs by column, next month's stocks)."""
    terms = core.lever_terms(lev, p, lev, core.FLOAT)  # the status quo's own levers
    out, nxt = core.month(dict(state), terms, p, cal, core.FLOAT)
    return dict(zip(core.OUTPUTS, out, strict=True)), nxt


def test_target_9_avoiders_stay_24_months_on_average() -> None:
    """Target 9: avoiders leave their stock at 1/24 a month (mean stay 24 months), and a
    month's churn adds 39% of the churned customers to it."""
    a = rik.load_assumptions("article")
    p = SimpleNamespace(**a.values())
    lev = SimpleNamespace(**rik.status_quo().to_dict())
    cal = core.calibrate(p, lev, core.FLOAT)
    state = core.initial_state(cal)
    # Equilibrium: one month later the stock is unchanged.
    _, nxt = _one_month(state, lev, p, cal)
    assert nxt["avoiders"] == pytest.approx(state["avoiders"], rel=1e-12)
    # No customers, no churn: the stock only drains, by 1/24 a month.
    _, nxt = _one_month(dict(state, customers=0.0, avoiders=100.0), lev, p, cal)
    assert nxt["avoiders"] == pytest.approx(100.0 * (1 - 1 / 24), rel=1e-12)
    # No avoiders yet: the stock fills with 39% of the month's churned customers.
    out, nxt = _one_month(dict(state, avoiders=0.0), lev, p, cal)
    assert nxt["avoiders"] == pytest.approx(0.39 * out["churn_rate"] * out["customers"])


def test_target_9_avoiders_shrink_the_prospect_pool() -> None:
    """Target 9: churned customers who avoid the firm are removed from the prospect pool,
    so the numbers game's extra churn costs more sales when more of them avoid the firm."""
    a = rik.load_assumptions("article")
    ng = rik.presets()["numbers_game"]
    few = rik.simulate(ng, a.with_values({"avoid_share": 0.30}))
    many = rik.simulate(ng, a.with_values({"avoid_share": 0.45}))
    assert many.sales_nok[24] < few.sales_nok[24]
    assert many.deals[1] == pytest.approx(few.deals[1], rel=1e-9)  # nothing differs yet


# --- The evidence set: the same story, qualitatively ---------------------------------


def test_evidence_numbers_game_backfires(evidence) -> None:
    """Evidence set: the numbers game still backfires: its month-24 sales gain is below its
    month-1 gain, and its month-12 satisfaction is below baseline."""
    gain_1 = _ratio(evidence, "numbers_game", "sales_nok", 1) - 1.0
    gain_24 = _ratio(evidence, "numbers_game", "sales_nok", 24) - 1.0
    assert gain_1 > 0, f"month-1 gain {gain_1:+.3f}: the myth should look true at first"
    assert gain_24 < gain_1, f"month-24 gain {gain_24:+.3f} not below month-1 gain {gain_1:+.3f}"
    assert _ratio(evidence, "numbers_game", "csat", 12) < 1.0
    assert _ratio(evidence, "numbers_game", "burnout_share", 12) > 1.0


def test_evidence_quality_first_wins_by_month_24(evidence) -> None:
    """Evidence set: quality first still wins by month 24 (above baseline and numbers game)."""
    qf = float(evidence["quality_first"].sales_nok[24])
    assert qf > float(evidence["baseline"].sales_nok[24])
    assert qf > float(evidence["numbers_game"].sales_nok[24])
    assert _ratio(evidence, "quality_first", "csat", 24) > 1.0


def test_evidence_set_differs_from_article(article, evidence) -> None:
    """The two sets are not the same numbers under another name."""
    differs = [
        c.key
        for c in rik.load_assumptions("evidence")
        if c.value != rik.load_assumptions("article")[c.key]
    ]
    assert {"quality_churn_share_0", "people_told", "share_who_tell"} <= set(differs)
    assert not article["numbers_game"].equals(evidence["numbers_game"])
