"""The self-assessment on your team's figures (issue 11, item 4): with a team set, the
answers are the team's habits today, so "current habits" is its status quo and flat."""

from __future__ import annotations

import pytest

import rik
from rik.i18n import t
from rik.team import assessment as asm
from rik.team import numbers as team_io
from tests.apptest import open_page

ARTICLE = rik.load_assumptions("article")
TEAM = team_io.make_team(
    rik.status_quo().replace(sellers=6, meetings_per_seller_per_week=14).to_dict(),
    {"sales_nok": 650_000, "deal_value_nok": 30_000, "customers": 250, "lost_per_month": 3,
     "csat": 0.8, "burnout": 0.5}, ARTICLE)


def test_current_habits_on_the_team_hold_still() -> None:
    levers = asm.to_levers(asm.example_answers())
    team = team_io.with_habits(TEAM, levers, ARTICLE)
    run = rik.simulate(asm.current_scenario(levers), ARTICLE, asm.HORIZON, team=team)
    assert run.sales_nok.iloc[0] == pytest.approx(650_000)
    assert run.sales_nok.max() == pytest.approx(run.sales_nok.min(), rel=0.01)
    story = rik.simulate(asm.current_scenario(levers), ARTICLE, asm.HORIZON)
    assert story.sales_nok.iloc[0] != pytest.approx(650_000, rel=0.05)


def test_the_assessment_page_projects_on_the_team() -> None:
    at = open_page("pages/30_assessment.py", "en", timeout=60, team=team_io.to_param(TEAM))
    at.button(key="assess_example").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("your team's figures" in i.value for i in at.info)
    text = "\n".join(m.value for m in at.markdown)
    assert rik.fmt.nok(650_000, "en") in text  # current habits: the team's sales, held


# --- A test team in each quadrant: the name, the point and the projection agree -------------


def _answers(meetings: int, training: int, effort: int, quality: int) -> dict[str, int]:
    """Six sellers; every effort statement answered ``effort``, every other ``quality``."""
    answers = asm.example_answers() | {"sellers": 6, "meetings": meetings,
                                       "training_hours": training}
    for item in asm.ITEMS:
        if item.kind == "likert":
            answers[item.key] = effort if item.measure == "activity" else quality
    return answers


QUADRANT_TEAMS = {  # answers, and the team's burnout share (its other figures are TEAM's)
    "catalyst": (_answers(14, 8, 5, 5), 0.2),
    "numbers_game": (_answers(18, 0, 5, 1), 0.6),
    "quality_first": (_answers(8, 8, 2, 5), 0.2),
    "room_to_grow": (_answers(9, 1, 2, 2), 0.45),
}


def _on_team(answers: dict, burnout: float):
    result = asm.assess(answers)
    figures = TEAM.to_dict() | {"burnout": burnout}
    team = team_io.with_habits(team_io.make_team(figures.pop("levers"), figures, ARTICLE),
                               result.levers, ARTICLE)
    return result, team


@pytest.mark.parametrize("quadrant", asm.QUADRANTS)
def test_a_team_in_each_quadrant_is_named_placed_and_projected_alike(quadrant: str) -> None:
    answers, burnout = QUADRANT_TEAMS[quadrant]
    result, team = _on_team(answers, burnout)
    assert result.quadrant == quadrant
    current = rik.simulate(asm.current_scenario(result.levers), ARTICLE, asm.HORIZON, team=team)
    # the projection's current habits: the team's status quo, flat
    assert current.sales_nok.to_numpy() == pytest.approx(TEAM.sales_nok)
    assert current.activity.iloc[asm.HORIZON] == pytest.approx(current.activity.iloc[0])
    # the point on the map (the same run at the horizon) sits on the quadrant's side
    story = rik.simulate(rik.presets()["baseline"], ARTICLE, asm.HORIZON)
    where = asm.placement(result.scores, current, story)
    assert where.agrees, (where, where.disagreements())
    want = {"catalyst": ("high", None), "numbers_game": ("high", "low"),
            "quality_first": ("low", "high"), "room_to_grow": ("low", None)}[quadrant]
    assert where.i_side == want[0]
    assert want[1] is None or where.k_side == want[1]
    # the recommended plan is measured against that same flat line
    plan = rik.simulate(asm.recommended_plan(result.levers), ARTICLE, asm.HORIZON, team=team)
    assert plan.sales_nok.iloc[0] == pytest.approx(TEAM.sales_nok)


@pytest.mark.parametrize("quadrant", asm.QUADRANTS)
def test_the_page_names_the_quadrant_without_a_contradiction(quadrant: str) -> None:
    answers, burnout = QUADRANT_TEAMS[quadrant]
    result, team = _on_team(answers, burnout)
    base = team_io.make_team(TEAM.levers.to_dict(),
                             {k: v for k, v in team.to_dict().items() if k != "levers"}, ARTICLE)
    at = open_page("pages/30_assessment.py", "en", timeout=60, team=team_io.to_param(base),
                   answers=asm.encode_answers(answers))
    assert not at.exception, [e.value for e in at.exception]
    names = [m.value for m in at.metric if m.label == t("assessment.quadrant.label", "en")]
    assert names == [t(f"assessment.quadrants.{quadrant}.name", "en")]
    shown = [i.value for i in at.info]
    assert not any(s in shown for s in _disagreements("en"))
    text = "\n".join(m.value for m in at.markdown)
    assert rik.fmt.nok(TEAM.sales_nok, "en") in text  # current habits: the team's sales


def _disagreements(lang: str) -> list[str]:
    return [t(f"assessment.map.disagree_{axis}_{side}", lang)
            for axis in ("i", "k") for side in ("high", "low")]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_a_map_that_contradicts_the_quadrant_is_explained(lang: str) -> None:
    # catalyst habits on a worn-out team holding 16 meetings a seller: the model puts
    # quality per meeting below the story firm's, although the answers score it high
    answers = _answers(16, 8, 5, 5)
    result, team = _on_team(answers, 0.6)
    story = rik.simulate(rik.presets()["baseline"], ARTICLE, asm.HORIZON)
    current = rik.simulate(asm.current_scenario(result.levers), ARTICLE, asm.HORIZON, team=team)
    where = asm.placement(result.scores, current, story)
    assert result.quadrant == "catalyst" and where.disagreements() == [("K", "high")]
    figures = {k: v for k, v in team.to_dict().items() if k != "levers"}
    at = open_page("pages/30_assessment.py", lang, timeout=60,
                   team=team_io.to_param(team_io.make_team(TEAM.levers.to_dict(), figures)),
                   answers=asm.encode_answers(answers))
    assert not at.exception
    assert t("assessment.map.disagree_k_high", lang) in [i.value for i in at.info]


def test_the_top_levers_run_on_the_team() -> None:
    answers, burnout = QUADRANT_TEAMS["room_to_grow"]
    result, team = _on_team(answers, burnout)
    effects = asm.lever_effects(result.levers, ARTICLE, team=team)
    assert all(e.sales == pytest.approx(TEAM.sales_nok) for e in effects)
    story = asm.lever_effects(result.levers, ARTICLE)
    assert [e.gain_share for e in effects] != pytest.approx([e.gain_share for e in story])
    top = asm.top_levers(effects)
    assert 1 <= len(top) <= 3 and all(e.gain > 0 for e in top)
