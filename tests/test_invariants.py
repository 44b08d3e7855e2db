"""MODEL.md's invariants as property tests over random valid levers, plans and assumptions.

- every share in 0..1, every count non-negative, every value finite;
- more of any quality lever never lowers month-12 satisfaction; more meetings never lower
  month-12 burnout;
- same inputs, same outputs; a 24-month run starts with the 12-month run;
- ``baseline`` is a steady state (within 1% of month 0 for 60 months), and a scenario
  differs from baseline only through its levers;
- R = I × K in the sales equation (``rik.model.core.new_deals``);
- ``simulate(months=...)`` rejects invalid horizons with a message naming field, value, range.

Lever, scenario and assumption validation is tested in test_levers.py / test_assumptions.py.
"""

from __future__ import annotations

import math
import os
import re
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rik
from rik.model import core

# RIK_EXAMPLES=2000 for a deeper search than the default run.
SETTINGS = settings(max_examples=int(os.environ.get("RIK_EXAMPLES", "60")), deadline=None)

SHARES = ("skill", "meeting_quality", "csat", "churn_rate", "burnout_share", "job_satisfaction")
SIGNED = ("contribution_nok",)  # money earned minus money spent: may be negative
COUNTS = tuple(c for c in rik.COLUMNS if c not in SHARES + SIGNED)
QUALITY_LEVERS = (
    "onboarding",
    "training_hours_per_month",
    "relationship_time_share",
    "development",
)


# --- Strategies --------------------------------------------------------------------------


def lever_value(name: str, low: float | None = None, high: float | None = None):
    """A valid value of lever ``name`` (an integer for integer levers)."""
    meta = rik.lever_meta(name)
    low = meta["min"] if low is None else low
    high = meta["max"] if high is None else high
    if meta["display"] == "integer":
        return st.integers(math.ceil(low), math.floor(high))
    return st.floats(low, high, allow_nan=False, allow_infinity=False)


levers_st = st.fixed_dictionaries({n: lever_value(n) for n in rik.LEVER_NAMES}).map(
    lambda values: rik.Levers(**values)
)


def change_st(months: int = 24, levers: tuple[str, ...] = rik.LEVER_NAMES):
    return st.sampled_from(levers).flatmap(
        lambda name: st.builds(rik.Change, st.integers(1, months), st.just(name), lever_value(name))
    )


def scenario_st(months: int = 24, levers: tuple[str, ...] = rik.LEVER_NAMES, base=levers_st):
    return st.builds(
        rik.Scenario,
        name=st.just("random"),
        levers=base,
        changes=st.lists(change_st(months, levers), max_size=3).map(tuple),
    )


def assumptions_st(set_name: str = "article"):
    """An assumption set with every coefficient drawn within its own low..high."""
    base = rik.load_assumptions(set_name)
    draws = {
        c.key: st.floats(c.low, c.high, allow_nan=False, allow_infinity=False) for c in base
    }
    return st.fixed_dictionaries(draws).map(lambda v: base.with_values(v, name="random"))


any_assumptions = st.sampled_from(["article", "evidence"]).flatmap(assumptions_st)


def _at12(scenario: rik.Scenario, assumptions: rik.Assumptions) -> pd.Series:
    return rik.simulate(scenario, assumptions, 12).loc[12]


# --- Bounds --------------------------------------------------------------------------------


def _check_bounds(frame: pd.DataFrame) -> None:
    assert list(frame.columns[: len(rik.COLUMNS)]) == list(rik.COLUMNS)
    values = frame.to_numpy(dtype=float)
    assert np.isfinite(values).all(), frame.columns[~np.isfinite(values).all(axis=0)].tolist()
    for column in SHARES:
        bad = frame[column][(frame[column] < 0) | (frame[column] > 1)]
        assert bad.empty, f"{column} outside 0..1 in months {bad.index.tolist()}: {bad.tolist()}"
    for column in COUNTS:
        bad = frame[column][frame[column] < 0]
        assert bad.empty, f"{column} negative in months {bad.index.tolist()}: {bad.tolist()}"
    assert (frame.sellers_active <= frame.sellers_total + 1e-9).all()
    assert (frame.reputation > 0).all()


@SETTINGS
@given(scenario=scenario_st(60), assumptions=any_assumptions)
def test_outputs_bounded_and_finite(scenario, assumptions) -> None:
    frame = rik.simulate(scenario, assumptions, 60)
    assert frame.index.name == "month"
    assert frame.index.tolist() == list(range(61))
    _check_bounds(frame)


@pytest.mark.parametrize("set_name", rik.ASSUMPTION_SETS)
@pytest.mark.parametrize(
    "extreme",
    [
        {n: rik.lever_meta(n)["min"] for n in rik.LEVER_NAMES},
        {n: rik.lever_meta(n)["max"] for n in rik.LEVER_NAMES},
        {**{n: rik.lever_meta(n)["min"] for n in rik.LEVER_NAMES},
         "meetings_per_seller_per_week": rik.lever_meta("meetings_per_seller_per_week")["max"]},
    ],
    ids=["all-min", "all-max", "max-meetings-no-quality"],
)
def test_outputs_bounded_at_the_corners(extreme, set_name) -> None:
    scenario = rik.Scenario("corner", rik.Levers(**extreme))
    _check_bounds(rik.simulate(scenario, rik.load_assumptions(set_name), 60))


# --- Monotonicity ------------------------------------------------------------------------------


@st.composite
def lever_increase(draw, lever: str):
    """(lower, higher) scenarios differing only in ``lever``'s value at month 0."""
    meta = rik.lever_meta(lever)
    a = draw(lever_value(lever))
    b = draw(lever_value(lever))
    low, high = min(a, b), max(a, b)
    others = tuple(n for n in rik.LEVER_NAMES if n != lever)
    scenario = draw(scenario_st(12, others))
    lower = rik.Scenario("lower", scenario.levers.replace(**{lever: low}), scenario.changes)
    higher = rik.Scenario("higher", scenario.levers.replace(**{lever: high}), scenario.changes)
    assert meta["min"] <= low <= high <= meta["max"]
    return lever, lower, higher


@SETTINGS
@given(
    case=st.sampled_from(QUALITY_LEVERS).flatmap(lever_increase),
    assumptions=any_assumptions,
)
def test_more_quality_never_lowers_month_12_csat(case, assumptions) -> None:
    lever, lower, higher = case
    low, high = _at12(lower, assumptions), _at12(higher, assumptions)
    assert high.csat >= low.csat - 1e-9, (
        f"raising {lever} from {getattr(lower.levers, lever)} to "
        f"{getattr(higher.levers, lever)} lowered month-12 csat {low.csat} -> {high.csat}"
    )


@SETTINGS
@given(case=lever_increase("meetings_per_seller_per_week"), assumptions=any_assumptions)
def test_more_meetings_never_lower_month_12_burnout(case, assumptions) -> None:
    _, lower, higher = case
    low, high = _at12(lower, assumptions), _at12(higher, assumptions)
    assert high.burnout_share >= low.burnout_share - 1e-9, (
        f"meetings {lower.levers.meetings_per_seller_per_week} -> "
        f"{higher.levers.meetings_per_seller_per_week}: month-12 burnout "
        f"{low.burnout_share} -> {high.burnout_share}"
    )


def test_monotonicity_is_not_vacuous() -> None:
    """The properties above compare real differences: the levers do move the outputs."""
    a = rik.load_assumptions("article")
    base = rik.Scenario("b", rik.status_quo())
    for lever in QUALITY_LEVERS:
        more = rik.Scenario("m", rik.status_quo().replace(**{lever: rik.lever_meta(lever)["max"]}))
        assert _at12(more, a).csat > _at12(base, a).csat, lever
    busy = rik.Scenario("m", rik.status_quo().replace(meetings_per_seller_per_week=20))
    assert _at12(busy, a).burnout_share > _at12(base, a).burnout_share


# --- Determinism and horizon ---------------------------------------------------------------


@SETTINGS
@given(scenario=scenario_st(24), assumptions=any_assumptions)
def test_same_inputs_same_outputs(scenario, assumptions) -> None:
    first = rik.simulate(scenario, assumptions, 24)
    again = rik.simulate(rik.Scenario.from_dict(scenario.to_dict()), assumptions, 24)
    pd.testing.assert_frame_equal(first, again, check_exact=True)


@SETTINGS
@given(scenario=scenario_st(24), assumptions=any_assumptions)
def test_first_12_months_of_24_equal_a_12_month_run(scenario, assumptions) -> None:
    long = rik.simulate(scenario, assumptions, 24)
    short = rik.simulate(scenario, assumptions, 12)
    assert len(short) == 13 and len(long) == 25
    pd.testing.assert_frame_equal(long.loc[:12], short, check_exact=True)


def test_returned_frames_are_independent() -> None:
    """Mutating a returned frame does not change the next result (no shared state)."""
    scenario = rik.presets()["catalyst"]
    first = rik.simulate(scenario)
    expected = first.copy()
    first.loc[:, "sales_nok"] = -1.0
    pd.testing.assert_frame_equal(rik.simulate(scenario), expected)


def test_assumptions_none_means_article() -> None:
    scenario = rik.presets()["numbers_game"]
    pd.testing.assert_frame_equal(
        rik.simulate(scenario), rik.simulate(scenario, rik.load_assumptions("article"))
    )


# --- Steady state and levers as the only cause -------------------------------------------------


def _assert_steady(frame: pd.DataFrame, label: str) -> None:
    start = frame.loc[0]
    rel = (frame - start).abs() / start.abs()
    worst = rel.max()
    drifting = worst[worst > 0.01]
    assert drifting.empty, (
        f"{label}: baseline drifts more than 1% from month 0: {drifting.to_dict()}"
    )


@pytest.mark.parametrize("set_name", rik.ASSUMPTION_SETS)
def test_baseline_is_a_steady_state(set_name) -> None:
    frame = rik.simulate(rik.presets()["baseline"], rik.load_assumptions(set_name), 60)
    assert (frame.loc[0] > 0).all()
    _assert_steady(frame, set_name)


@SETTINGS
@given(assumptions=any_assumptions)
def test_baseline_is_a_steady_state_for_random_assumptions(assumptions) -> None:
    frame = rik.simulate(rik.presets()["baseline"], assumptions, 60)
    _assert_steady(frame, "random assumptions")


def test_baseline_month_0_matches_the_assumptions() -> None:
    """Month 0 is the status quo the coefficients describe."""
    a = rik.load_assumptions("article")
    row = rik.simulate(rik.presets()["baseline"], a, 1).loc[0]
    assert row.customers == pytest.approx(a.customers_0)
    assert row.csat == pytest.approx(a.csat_0)
    assert row.churn_rate == pytest.approx(a.churn_rate_0)
    assert row.burnout_share == pytest.approx(a.burnout_0)
    assert row.job_satisfaction == pytest.approx(a.job_satisfaction_0)
    assert row.reputation == pytest.approx(1.0)
    assert row.sellers_total == pytest.approx(rik.status_quo().sellers)
    assert row.deals / (row.sellers_total * row.activity * core.WEEKS_PER_MONTH) == pytest.approx(
        a.deals_per_meeting_0
    )


@SETTINGS
@given(
    scenario=scenario_st(24, base=levers_st.map(lambda lv: lv.replace(sellers=8))),
    assumptions=any_assumptions,
)
def test_month_0_is_the_status_quo_for_every_plan(scenario, assumptions) -> None:
    """Month 0 is the status quo before the plan: the same row as baseline's."""
    row = rik.simulate(scenario, assumptions, 2).loc[0]
    base = rik.simulate(rik.presets()["baseline"], assumptions, 2).loc[0]
    pd.testing.assert_series_equal(row, base, check_names=False)


@SETTINGS
@given(scenario=scenario_st(24), assumptions=any_assumptions)
def test_a_change_acts_only_from_its_month(scenario, assumptions) -> None:
    """Before a plan's first change, it equals the same plan without changes."""
    if not scenario.changes:
        return
    first = scenario.changes[0].month
    planned = rik.simulate(scenario, assumptions, 24)
    static = rik.simulate(rik.Scenario("static", scenario.levers), assumptions, 24)
    pd.testing.assert_frame_equal(planned.loc[: first - 1], static.loc[: first - 1])


@pytest.mark.parametrize("set_name", rik.ASSUMPTION_SETS)
def test_baseline_levers_under_any_name_are_baseline(set_name) -> None:
    """Differences from baseline come from levers alone: the baseline's levers, under another
    name or re-set by changes to the same values, give exactly the baseline."""
    a = rik.load_assumptions(set_name)
    sq = rik.status_quo()
    base = rik.simulate(rik.presets()["baseline"], a, 36)
    renamed = rik.Scenario("Mats's copy", sq)
    same = rik.Scenario(
        "re-set", sq, tuple(rik.Change(6, n, v) for n, v in sq.to_dict().items())
    )
    pd.testing.assert_frame_equal(rik.simulate(renamed, a, 36), base, check_exact=True)
    pd.testing.assert_frame_equal(rik.simulate(same, a, 36), base, check_exact=True)


# --- R = I × K ---------------------------------------------------------------------------------

positive = st.floats(0.01, 100.0, allow_nan=False, allow_infinity=False)
share = st.floats(0.01, 1.0, allow_nan=False)


@st.composite
def deal_inputs(draw):
    assumptions = draw(any_assumptions)
    return dict(
        sellers=draw(st.floats(2, 30)),
        activity=draw(st.floats(0.1, 30)),
        skill=draw(share),
        quality=draw(share),
        reputation=draw(st.floats(0.1, 3.0)),
        market=draw(st.floats(0.1, 1.5)),
        relationship=draw(st.floats(0.0, 1.0)),
        conversion_scale=draw(st.floats(0.01, 2.0)),
        p=SimpleNamespace(**assumptions.values()),
    )


@SETTINGS
@given(kw=deal_inputs())
def test_r_equals_i_times_k_doubling_skill_doubles_deals(kw) -> None:
    """R = I × K: doubling skill at fixed everything else doubles that month's new deals."""
    deals = core.new_deals(**kw)
    assert deals > 0
    doubled = core.new_deals(**{**kw, "skill": 2 * kw["skill"]})
    assert doubled == pytest.approx(2 * deals, rel=1e-12)


@SETTINGS
@given(kw=deal_inputs(), other=st.floats(0.1, 30), factor=st.floats(0.1, 10))
def test_r_equals_i_times_k_linear_in_activity(kw, other, factor) -> None:
    """R = I × K: new deals are linear in effective activity (I)."""
    f = lambda activity: core.new_deals(**{**kw, "activity": activity})  # noqa: E731
    a = kw["activity"]
    assert f(a + other) == pytest.approx(f(a) + f(other), rel=1e-12)
    assert f(factor * a) == pytest.approx(factor * f(a), rel=1e-12)
    assert f(0.0) == 0.0


def test_r_equals_i_times_k_on_arrays() -> None:
    """The batch backend's sales equation is the same product, elementwise."""
    p = SimpleNamespace(**rik.load_assumptions("article").values())
    skill = np.array([0.2, 0.4, 0.8])
    deals = core.new_deals(8.0, np.array([5.0, 5.0, 5.0]), skill, 0.9, 1.0, 1.0, 0.3, 0.5, p)
    assert deals[1] == pytest.approx(2 * deals[0]) and deals[2] == pytest.approx(2 * deals[1])


# --- simulate(months=...) validation -------------------------------------------------------------


def _names(field: str, value, low: float, high: float) -> str:
    """A regex: the message names the field, the value and both ends of the range."""
    parts = [re.escape(field), re.escape(repr(value)), rf"\b{low:g}\b", rf"\b{high:g}\b"]
    return "(?s)" + "".join(f"(?=.*{p})" for p in parts)


@pytest.mark.parametrize("months", [0, -1, 61, 1000, 12.5, float("nan"), float("inf"), "24", True])
def test_simulate_rejects_bad_months(months) -> None:
    scenario = rik.presets()["baseline"]
    with pytest.raises(ValueError, match=_names("months", months, 1, 60)):
        rik.simulate(scenario, months=months)
    with pytest.raises(ValueError, match=_names("months", months, 1, 60)):
        rik.simulate_batch(scenario.levers.to_dict(), months=months)


@pytest.mark.parametrize("months", [1, 12, 24, 60, 36.0])
def test_simulate_accepts_whole_months(months) -> None:
    frame = rik.simulate(rik.presets()["baseline"], months=months)
    assert len(frame) == int(months) + 1


@pytest.mark.parametrize("scenario", [None, "baseline", {"name": "x"}, rik.status_quo()])
def test_simulate_rejects_non_scenarios(scenario) -> None:
    with pytest.raises(ValueError, match="scenario"):
        rik.simulate(scenario)
