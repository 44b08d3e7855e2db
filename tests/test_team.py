"""rik.model.calibration: the model calibrated to a real team's figures
(issue: your team's own numbers).

The team's figures are the status quo at month 0 and hold still when nothing changes;
the sceptic's mechanisms keep their direction on any plausible team.
"""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import rik
from rik.model.calibration import FIELDS, Team, coefficients

SETTINGS = settings(max_examples=int(os.environ.get("RIK_EXAMPLES", "40")), deadline=None)
ARTICLE = rik.load_assumptions("article")
MATS = rik.presets()["quality_first"].levers


def six_sellers() -> Team:
    """The issue's example: six sellers, 14 meetings a week, 3 training hours."""
    levers = rik.status_quo().replace(sellers=6, meetings_per_seller_per_week=14,
                                      training_hours_per_month=3)
    return Team(levers=levers, sales_nok=650_000, deal_value_nok=30_000, customers=250,
                lost_per_month=3, csat=0.8, burnout=0.5)


@st.composite
def teams(draw) -> Team:
    levers = rik.Levers(
        meetings_per_seller_per_week=draw(st.integers(4, 20)),
        sellers=draw(st.integers(2, 20)),
        onboarding=draw(st.sampled_from([0.0, 0.2, 0.5, 0.8])),
        training_hours_per_month=draw(st.integers(0, 10)),
        relationship_time_share=draw(st.sampled_from([0.2, 0.3, 0.4, 0.5])),
        development=draw(st.sampled_from([0.0, 0.1, 0.4, 0.7])),
    )
    customers = draw(st.floats(30, 3000))
    deal_value = draw(st.floats(5_000, 100_000))
    deals = draw(st.floats(0.5, 4.0)) * levers.sellers  # deals a month
    lost = draw(st.floats(0.003, 0.03)) * customers
    assume(lost <= deals)
    team_kw = dict(levers=levers, sales_nok=deals * deal_value, deal_value_nok=deal_value,
                   customers=customers, lost_per_month=lost,
                   csat=draw(st.floats(0.5, 0.92)), burnout=draw(st.floats(0.2, 0.7)),
                   skill=draw(st.none() | st.floats(0.25, 0.85)))
    try:
        return Team(**team_kw)
    except ValueError:
        assume(False)
        raise


def _run(team: Team, levers: rik.Levers | None = None, months: int = 24,
         assumptions=ARTICLE, changes=()) -> pd.DataFrame:
    scenario = rik.Scenario("plan", levers or team.levers, tuple(changes))
    return rik.simulate(scenario, assumptions, months, team=team)


def test_month_0_reproduces_the_teams_figures() -> None:
    team = six_sellers()
    row = _run(team).loc[0]
    assert row.sales_nok == pytest.approx(650_000)
    assert row.deals == pytest.approx(650_000 / 30_000)
    assert row.customers == pytest.approx(250)
    assert row.churn_rate * row.customers == pytest.approx(3)
    assert row.csat == pytest.approx(0.8)
    assert row.burnout_share == pytest.approx(0.5)
    assert row.sellers_total == pytest.approx(6)


@pytest.mark.parametrize("set_name", rik.ASSUMPTION_SETS)
def test_current_habits_hold_still_for_60_months(set_name: str) -> None:
    """The issue's symptom: "current habits" jumped +12 % in month 1 although nothing
    changes. On the team's own status quo nothing moves."""
    frame = _run(six_sellers(), months=60, assumptions=rik.load_assumptions(set_name))
    drift = ((frame - frame.loc[0]).abs() / frame.loc[0].abs().replace(0, 1)).max()
    assert (drift < 0.01).all(), drift[drift >= 0.01].to_dict()


@SETTINGS
@given(team=teams(), set_name=st.sampled_from(rik.ASSUMPTION_SETS))
def test_any_plausible_team_is_a_steady_state(team: Team, set_name: str) -> None:
    frame = _run(team, months=60, assumptions=rik.load_assumptions(set_name))
    assert np.isfinite(frame.to_numpy()).all()
    start = frame.loc[0]
    assert start.sales_nok == pytest.approx(team.sales_nok, rel=1e-9)
    assert start.customers == pytest.approx(team.customers, rel=1e-9)
    drift = ((frame - start).abs() / start.abs().replace(0, 1)).max()
    assert (drift < 0.01).all(), drift[drift >= 0.01].to_dict()


@SETTINGS
@given(team=teams())
def test_the_mechanisms_keep_their_direction_on_any_team(team: Team) -> None:
    """S3–S5 where they do not depend on the story's firm: no single lever step moves
    sales more than 30 % a month; ignoring customers' needs loses by month 24; more
    training or development than today pays by month 24; a numbers game (twice the
    story's meetings or twice today's, whichever is more: far past capacity) peaks early
    and slides."""
    base = _run(team)
    for name in rik.LEVER_NAMES:
        for end in ("min", "max"):
            value = rik.lever_meta(name)[end]
            if name == "sellers":  # a team grows to at most three times its size (the
                value = min(value, 3 * team.levers.sellers)  # story firm: 8 → 30)
            plan = _run(team, team.levers.replace(**{name: value}))
            steps = (plan.sales_nok / plan.sales_nok.shift(1) - 1).abs().iloc[1:]
            assert steps.max() <= 0.30, (name, end)
    no_needs = _run(team, team.levers.replace(relationship_time_share=0.0))
    assert no_needs.sales_nok[24] < base.sales_nok[24]
    more = team.levers.replace(
        training_hours_per_month=min(24, team.levers.training_hours_per_month + 6),
        development=min(1.0, team.levers.development + 0.4),
    )
    assert _run(team, more).sales_nok[24] > base.sales_nok[24]
    doubled = min(30, max(20, 2 * team.levers.meetings_per_seller_per_week))
    game = _run(team, team.levers.replace(meetings_per_seller_per_week=doubled))
    assert game.sales_nok[24] < game.sales_nok[1:4].max()


def test_the_story_firm_is_unchanged_without_a_team() -> None:
    plan = rik.presets()["quality_first"]
    pd.testing.assert_frame_equal(rik.simulate(plan), rik.simulate(plan, team=None))


def test_batch_runs_the_same_team() -> None:
    team = six_sellers()
    levers = MATS.to_dict()
    batch = rik.simulate_batch(levers, ARTICLE, 24, 1, team=team)
    one = _run(team, MATS)
    for column in rik.COLUMNS:
        assert batch[column][:, 0] == pytest.approx(one[column].to_numpy(), rel=1e-9), column


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"lost_per_month": 300}, "fewer than the customers"),
        ({"lost_per_month": 60}, "more than 20%"),
        ({"lost_per_month": 40, "customers": 1000}, "must not exceed the deals"),
        ({"csat": 1.5}, "csat (1.5) must be between"),
        ({"sales_nok": float("nan")}, "sales_nok (nan)"),
        ({"customers": "many"}, "must be a number"),
    ],
)
def test_contradictory_or_out_of_range_figures_are_refused(change, words) -> None:
    kw = six_sellers().to_dict()
    kw.update(change)
    with pytest.raises(ValueError, match=words.replace("(", r"\(").replace(")", r"\)")):
        Team.from_dict(kw)


def test_more_deals_than_meetings_is_refused() -> None:
    team = Team(levers=rik.status_quo().replace(sellers=2, meetings_per_seller_per_week=2),
                sales_nok=5_000_000, deal_value_nok=10_000, customers=1000,
                lost_per_month=5, csat=0.8, burnout=0.4)
    with pytest.raises(ValueError, match="deals per meeting"):
        coefficients(team, ARTICLE)


def test_round_trip_and_ranges() -> None:
    team = six_sellers()
    assert Team.from_dict(team.to_dict()) == team
    assert set(FIELDS) == set(team.to_dict()) - {"levers"}
    with pytest.raises(ValueError, match="unknown team field 'x'"):
        Team.from_dict(team.to_dict() | {"x": 1})
    skilled = Team.from_dict(team.to_dict() | {"skill": 0.7})
    assert skilled.skill == 0.7 and Team.from_dict(skilled.to_dict()) == skilled
    for bad in (1.2, 0.0, float("nan"), "high", True):
        with pytest.raises(ValueError, match=r"skill \("):
            Team.from_dict(team.to_dict() | {"skill": bad})


@pytest.mark.parametrize("set_name", rik.ASSUMPTION_SETS)
def test_a_teams_own_skill_starts_its_sellers_there_and_holds_still(set_name: str) -> None:
    assumptions = rik.load_assumptions(set_name)
    plain = six_sellers()
    runs = {skill: _run(Team.from_dict(plain.to_dict() | {"skill": skill}), months=60,
                        assumptions=assumptions) for skill in (0.35, 0.75)}
    story = _run(plain, assumptions=assumptions)
    for skill, frame in runs.items():
        start = frame.loc[0]
        assert start.sales_nok == pytest.approx(plain.sales_nok)  # the figures still hold
        assert start.customers == pytest.approx(plain.customers)
        drift = ((frame - start).abs() / start.abs().replace(0, 1)).max()
        assert (drift < 0.01).all(), (skill, drift[drift >= 0.01].to_dict())
        # the skill is the experienced sellers' (ramping ones and burnout lower K)
        ratio = start.skill / story.skill[0]
        assert ratio == pytest.approx(skill / assumptions.skill_0, rel=1e-9)
    # today's load is the one the meetings give; more skill, more quality per meeting
    low, high = runs[0.35].loc[0], runs[0.75].loc[0]
    assert high.meeting_quality == pytest.approx(low.meeting_quality)
    assert high.meeting_quality == pytest.approx(story.meeting_quality[0])
    assert high.quality_per_meeting > low.quality_per_meeting


def test_batch_calibrates_every_draw_to_the_team() -> None:
    """Uncertainty on the team's numbers: each drawn set of mechanisms starts from the
    team's own figures and equals one rik.simulate with that draw."""
    from rik.analysis import uncertainty

    team = six_sellers()
    draws = uncertainty.draw_coefficients(ARTICLE, 3, 7)
    batch = rik.simulate_batch(MATS.to_dict(), draws, 24, 3, team=team)
    assert batch["sales_nok"][0] == pytest.approx(np.full(3, team.sales_nok))
    for i in range(3):
        drawn = ARTICLE.with_values({k: float(v[i]) for k, v in draws.items()})
        one = _run(team, MATS, assumptions=drawn)
        assert batch["sales_nok"][:, i] == pytest.approx(one.sales_nok.to_numpy(), rel=1e-9)
