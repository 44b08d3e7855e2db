"""rik.share.team_figures: the form, the link and the messages of "Your team" (issue 11)."""

from __future__ import annotations

import pytest

import rik
from rik.i18n import strings
from rik.model.calibration import Team
from rik.share import team_figures

ARTICLE = rik.load_assumptions("article")


def form(**changes) -> dict:
    values = {**rik.status_quo().replace(sellers=6, meetings_per_seller_per_week=14).to_dict(),
              "sales_mode": "sales", "sales_nok": 650_000.0, "deal_value_nok": 30_000.0,
              "deals_per_month": 0.0, "customers": 250.0, "lost_per_month": 3.0,
              "satisfaction_mode": "csat", "csat": 0.8, "nps": 0.0, "burnout": 0.5}
    return values | changes


def test_the_form_makes_the_team() -> None:
    team = team_figures.team_from_form(form(), ARTICLE)
    assert team.sales_nok == 650_000 and team.levers.sellers == 6 and team.csat == 0.8


def test_deals_times_deal_value_and_nps_by_the_stated_rule() -> None:
    team = team_figures.team_from_form(form(sales_mode="deals", deals_per_month=20, sales_nok=1.0,
                                       satisfaction_mode="nps", nps=40, csat=None))
    assert team.sales_nok == 600_000
    assert team.csat == pytest.approx(0.7)  # 50 % + 40 / 2
    assert team_figures.csat_from_nps(-100) == rik.model.calibration.FIELDS["csat"][0]
    assert team_figures.csat_from_nps(100) == rik.model.calibration.FIELDS["csat"][1]


def test_nps_from_csat_is_the_rule_backwards() -> None:
    assert team_figures.nps_from_csat(0.8) == pytest.approx(60)
    assert team_figures.nps_from_csat(0.5) == pytest.approx(0)
    assert team_figures.nps_from_csat(1.2) == 100 and team_figures.nps_from_csat(-0.5) == -100
    for nps in (-80, -12.5, 0, 33, 90):
        assert team_figures.nps_from_csat(team_figures.csat_from_nps(nps)) == pytest.approx(nps)
    team = team_figures.team_from_form(form())
    values = team_figures.form_values(team)
    assert values["nps"] == pytest.approx(60) and values["deals_per_month"] == pytest.approx(
        round(650_000 / 30_000, 2))
    # the form switched to NPS and to deals rebuilds the same team (up to the rounding)
    again = team_figures.team_from_form(values | {"satisfaction_mode": "nps"})
    assert again.csat == pytest.approx(team.csat)


@pytest.mark.parametrize(
    ("changes", "field", "kind", "nb_words"),
    [
        ({"lost_per_month": 300.0}, "lost_per_month", "lost_ge_customers", "færre enn"),
        ({"lost_per_month": 60.0}, "lost_per_month", "churn_too_high", "femtedel"),
        ({"lost_per_month": 40.0, "customers": 1000.0}, "lost_per_month", "lost_gt_deals",
         "flere enn avtalene"),
        ({"csat": 1.5}, "csat", "range", "150\u00a0% er utenfor"),
        ({"customers": None}, "customers", "not_a_number", "Aktive kunder"),
        ({"sellers": 2.5}, "sellers", "whole", "helt tall"),
        ({"sales_nok": 50_000_000.0}, "sales_nok", "deals_per_meeting", "per møte"),
        ({"sales_mode": "deals", "deals_per_month": -3.0}, "deals_per_month", "range",
         "Avtaler per måned"),
        ({"satisfaction_mode": "nps", "nps": 150.0}, "nps", "range", "NPS"),
    ],
)
def test_out_of_range_or_contradictory_figures_are_told_in_the_users_language(
        changes, field, kind, nb_words) -> None:
    with pytest.raises(team_figures.TeamProblem) as caught:
        team_figures.team_from_form(form(**changes), ARTICLE)
    problem = caught.value
    assert (problem.field, problem.kind) == (field, kind)
    nb, en = team_figures.describe(problem, "nb"), team_figures.describe(problem, "en")
    assert nb_words in nb
    assert nb != en and "must" not in nb and "[" not in nb and "[" not in en


def test_the_link_round_trips_and_refuses_bad_values() -> None:
    team = team_figures.team_from_form(form(lost_per_month=3.3, csat=0.83), ARTICLE)
    text = team_figures.to_param(team)
    assert len(text) < 80 and team_figures.from_param(text, ARTICLE) == team
    for bad, kind in [("", "format"), ("1_2_3", "format"), ("x" * 300, "format"),
                      (text.replace("_250_", "_abc_"), "not_a_number"),
                      (text.replace("_250_", "_nan_"), "not_a_number"),
                      (text.replace("_3.3_", "_300_"), "lost_ge_customers"),
                      (text.replace("_0.83_", "_7_"), "range")]:
        with pytest.raises(team_figures.TeamProblem) as caught:
            team_figures.from_param(bad, ARTICLE)
        assert caught.value.kind == kind, bad


def test_a_story_plan_on_the_team_keeps_what_the_plan_keeps() -> None:
    team = team_figures.team_from_form(form(), ARTICLE)
    baseline = team_figures.plan_on_team(rik.presets()["baseline"], team)
    assert baseline.levers == team.levers and not baseline.changes
    mats = team_figures.plan_on_team(rik.presets()["quality_first"], team)
    assert mats.levers.meetings_per_seller_per_week == 14  # Mats kept the meetings
    assert mats.levers.sellers == 6
    assert mats.levers.training_hours_per_month == 8  # and trained
    assert team_figures.plan_on_team(rik.presets()["catalyst"], None) == rik.presets()["catalyst"]
    # Meetings move by the story's share of the team's own (the review saw "14 → 14"):
    # the numbers game doubles them, the catalyst raises them by 40 % at month 12.
    game = team_figures.plan_on_team(rik.presets()["numbers_game"], team)
    assert game.levers.meetings_per_seller_per_week == 28
    catalyst = team_figures.plan_on_team(rik.presets()["catalyst"], team)
    assert [(c.month, c.value) for c in catalyst.changes] == [(12, 20)]
    run = rik.simulate(baseline, ARTICLE, 24, team=team)
    assert run.sales_nok.iloc[0] == pytest.approx(650_000)
    assert run.sales_nok.iloc[24] == pytest.approx(650_000, rel=0.01)  # holds still


def test_the_export_round_trips() -> None:
    team = team_figures.team_from_form(form(), ARTICLE)
    assert team_figures.from_export(team_figures.to_export(team)) == team
    with pytest.raises(team_figures.TeamProblem):
        team_figures.from_export({"levers": {}, "x": 1})


def test_team_strings_exist_in_both_languages() -> None:
    nb = {k for k in strings("nb") if k.startswith("team.")}
    en = {k for k in strings("en") if k.startswith("team.")}
    assert nb == en and nb


def test_every_problem_kind_has_a_message() -> None:
    for kind in ("not_a_number", "whole", "range", "lost_ge_customers", "churn_too_high",
                 "lost_gt_deals", "deals_per_meeting", "missing", "format", "other"):
        for lang in ("nb", "en"):
            problem = team_figures.TeamProblem("customers", kind, 3.0, 5.0, 10.0)
            text = team_figures.describe(problem, lang)
            assert not text.startswith("["), (kind, lang)
    assert isinstance(Team, type)


def test_goal_seek_and_brief_run_on_the_team() -> None:
    from rik.analysis import goalseek
    from rik.share import brief

    team = team_figures.team_from_form(form(), ARTICLE)
    goal = goalseek.Goal(target_ratio=1.1, target_month=12)
    found = goalseek.goal_seek(goal, ARTICLE, candidates=200, team=team)
    assert found.baseline_sales == pytest.approx(650_000, rel=0.01)  # the team's status quo
    assert found.plans and all(plan.levers.sellers == 6 for plan in found.plans)
    for plan in found.plans:
        assert plan.check.meets == goalseek.check_plan(plan.levers, goal, ARTICLE, team).meets
    story = goalseek.goal_seek(goal, ARTICLE, candidates=200)
    assert story.baseline_sales != pytest.approx(650_000, rel=0.01)

    plan = team_figures.plan_on_team(rik.presets()["baseline"], team)
    html = brief.build_brief(plan, 24, ARTICLE,
                             "nb", "http://x", team=team)
    assert rik.fmt.nok(650_000, "nb") in html


def test_problems_come_from_the_errors_kind_not_its_english_words() -> None:
    """Rewording a model message cannot turn a known problem into "other"."""
    from rik.model.calibration import FIELDS
    from rik.model.levers import FieldError

    reworded = FieldError("whatever the text says", field="customers", kind="range", value=3.0)
    problem = team_figures.problem_from(reworded)
    assert (problem.field, problem.kind, problem.value) == ("customers", "range", 3.0)
    assert (problem.low, problem.high) == FIELDS["customers"]
    plain = ValueError("customers (3) must be between 5 and 100000")
    assert team_figures.problem_from(plain).kind == "other"
    with pytest.raises(team_figures.TeamProblem) as refused:
        team_figures.make_team(rik.status_quo().to_dict(), {
            "sales_nok": 650_000, "deal_value_nok": 30_000, "customers": 250,
            "lost_per_month": 300, "csat": 0.8, "burnout": 0.5})
    assert refused.value.kind == "lost_ge_customers"


@pytest.mark.parametrize("lost", [0, 0.5])
def test_a_team_that_loses_almost_no_customers_is_refused_with_a_reason(lost: float) -> None:
    """With (almost) no churn the book of fees has no bound (and the calibration divided by
    zero): the form, a link and a file say so in the user's language instead of crashing."""
    figures = {"sales_nok": 650_000, "deal_value_nok": 30_000, "customers": 250,
               "lost_per_month": lost, "csat": 0.8, "burnout": 0.4}
    with pytest.raises(team_figures.TeamProblem) as refused:
        team_figures.make_team(rik.status_quo().to_dict(), figures, ARTICLE)
    assert refused.value.kind == "churn_too_low"
    text = team_figures.describe(refused.value, "nb")
    assert "240" in text and rik.fmt.number(250 / 240, "nb", 2)[:3] in text
    ok = team_figures.make_team(rik.status_quo().to_dict(), figures | {"lost_per_month": 3},
                                ARTICLE)
    param = team_figures.to_param(ok).replace("_250_3_", f"_250_{lost:g}_")
    with pytest.raises(team_figures.TeamProblem):
        team_figures.from_param(param, ARTICLE)


def test_the_calculator_opened_with_such_a_team_link_explains_and_runs() -> None:
    from tests.apptest import open_page

    team = team_figures.make_team(rik.status_quo().to_dict(), {
        "sales_nok": 650_000, "deal_value_nok": 30_000, "customers": 250,
        "lost_per_month": 3, "csat": 0.8, "burnout": 0.4}, ARTICLE)
    param = team_figures.to_param(team).replace("_250_3_", "_250_0_")
    at = open_page("pages/20_calculator.py", "nb", timeout=60,
                   **{team_figures.TEAM_PARAM: param})
    assert not at.exception
    shown = " ".join(str(e.value) for e in [*at.warning, *at.error, *at.info, *at.caption])
    assert "240" in shown
