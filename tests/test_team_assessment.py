"""The self-assessment on your team's figures (issue 11, item 4): with a team set, the
answers are the team's habits today, so "current habits" is its status quo and flat."""

from __future__ import annotations

import pytest

import rik
from rik import assessment as asm
from rik import team_io
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
