"""Uncertainty and sensitivity on your team (issue 11): the status quo is the team's, its
figures are held in every draw, and the analysis page runs on it and says so."""

from __future__ import annotations

import numpy as np
import pytest

import rik
from rik import fmt
from rik.analysis import sensitivity, uncertainty
from rik.charts import analysis as charts
from rik.i18n import t
from rik.model import calibration as team_model
from rik.share import team_figures
from tests.apptest import open_page
from ui.team_view import EXAMPLE as TEAM

ARTICLE = rik.load_assumptions("article")
PLAN = team_figures.plan_on_team(rik.presets()["quality_first"], TEAM)


def test_monte_carlo_on_the_team_starts_and_stays_at_its_figures() -> None:
    mc = uncertainty.run_monte_carlo(PLAN, ARTICLE, 300, 7, 24, team=TEAM)
    assert mc.valid_draws == 300
    baseline = mc.bands["baseline"]["sales_nok"]
    assert np.allclose(baseline.to_numpy(), TEAM.sales_nok)  # every draw, every month
    assert np.allclose(mc.bands["scenario"]["sales_nok"].loc[0].to_numpy(), TEAM.sales_nok)
    assert mc.deterministic["baseline"].sales_nok.iloc[-1] == pytest.approx(TEAM.sales_nok)
    story = uncertainty.run_monte_carlo(PLAN, ARTICLE, 300, 7, 24)
    assert not np.allclose(story.bands["baseline"]["sales_nok"].to_numpy(), TEAM.sales_nok)
    again = uncertainty.run_monte_carlo(PLAN, ARTICLE, 300, 7, 24, team=TEAM)
    assert again.ratio_percentiles == mc.ratio_percentiles


def test_draws_the_team_cannot_hold_are_left_out() -> None:
    draws = uncertainty.draw_coefficients(ARTICLE, 400, 3)
    ok = uncertainty.valid_draws(draws, TEAM)
    assert ok.shape == (400,) and ok.all()
    # sales that need 0.99 deals a meeting at the set's values: draws with fewer meetings
    # held (more time off, more burnout) cannot carry them
    meetings = team_model.meetings_per_month(TEAM, ARTICLE)
    heavy = team_model.Team(**{**TEAM.__dict__,
                               "sales_nok": TEAM.deal_value_nok * meetings * 0.99})
    held = uncertainty.valid_draws(draws, heavy)
    assert 0 < held.sum() < 400  # the set's own values fit; some draws do not
    mc = uncertainty.run_monte_carlo(PLAN, ARTICLE, 400, 3, 12, team=heavy)
    assert mc.valid_draws == int(held.sum())


def test_the_tornado_on_the_team_agrees_with_runs_one_at_a_time() -> None:
    bars = sensitivity.tornado(PLAN, ARTICLE, sensitivity.RATIO, 12, team=TEAM)
    fixed = sensitivity.team_fixed(TEAM, ARTICLE)
    assert {"customers_0", "deal_value_nok", "csat_0"} <= fixed
    assert "market_prospects" not in fixed and "meeting_load_0" not in fixed
    assert not set(bars.key) & fixed
    base = sensitivity.output_value(PLAN, ARTICLE, sensitivity.RATIO, 12, team=TEAM)
    assert bars.base_value.iloc[0] == pytest.approx(base)
    assert base != pytest.approx(
        sensitivity.output_value(rik.presets()["quality_first"], ARTICLE, sensitivity.RATIO, 12))
    for row in bars.head(6).itertuples(index=False):
        if row.kind == "coefficient":
            low = ARTICLE.with_values({row.key: row.low_input})
            high = ARTICLE.with_values({row.key: row.high_input})
            pair = [(PLAN, low), (PLAN, high)]
        else:
            pair = [(sensitivity.shifted_scenario(PLAN, row.key, step), ARTICLE)
                    for step in (-1, 1)]
        values = [sensitivity.output_value(sc, a, sensitivity.RATIO, 12, team=TEAM)
                  for sc, a in pair]
        assert values == pytest.approx([row.low_value, row.high_value], rel=1e-9)
    kroner = sensitivity.tornado(PLAN, ARTICLE, "sales_nok", 12, team=TEAM)
    assert kroner.base_value.iloc[0] == pytest.approx(
        rik.simulate(PLAN, ARTICLE, 12, team=TEAM).sales_nok.iloc[12])


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_analysis_page_runs_uncertainty_and_sensitivity_on_the_team(lang: str) -> None:
    at = open_page("pages/22_analysis.py", lang, timeout=90, team=team_figures.to_param(TEAM))
    assert not at.exception
    notes = [c.value for c in at.caption]
    assert t("team.firm.analysis_note", lang) in notes
    assert not any("story's firm" in n or "firmaet i fortellingen" in n for n in notes)
    mc = uncertainty.run_monte_carlo(PLAN, ARTICLE, uncertainty.DEFAULT_DRAWS,
                                     uncertainty.DEFAULT_SEED, 24, team=TEAM)
    assert at.metric[0].value == fmt.percent(mc.p_sales_target, lang)
    story = uncertainty.run_monte_carlo(rik.presets()["quality_first"], ARTICLE,
                                        uncertainty.DEFAULT_DRAWS, uncertainty.DEFAULT_SEED, 24)
    assert mc.ratio_percentiles != story.ratio_percentiles
    bars = sensitivity.tornado(PLAN, ARTICLE, sensitivity.RATIO, 12, team=TEAM)
    base = charts.value_text(sensitivity.RATIO, float(bars.base_value.iloc[0]), lang)
    assert t("analysis.sens.base", lang, value=base) in notes
