"""The analysis page (AppTest, both languages): uncertainty, sensitivity and goal seek."""

from __future__ import annotations

import json
import re
import time
from urllib.parse import parse_qs

import pandas as pd
import pytest
from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df
from streamlit.testing.v1 import AppTest

import rik
from rik import fmt
from rik.analysis import goalseek, uncertainty
from rik.i18n import LANGS, t
from rik.share import urlstate
from tests.apptest import open_page, page_texts
from ui import analysis_view as view

PAGE = "pages/22_analysis.py"
PLACEHOLDER = re.compile(r"\[[a-z_]+\.[a-z0-9_.]+\]")


def _elements(at: AppTest, kind: str) -> list:
    return [e for e in at.main if type(e).__name__ == kind or getattr(e, "type", "") == kind]


def _texts(at: AppTest) -> str:
    values = ("title", "markdown", "caption", "info", "success", "warning", "metric")
    widgets = ("selectbox", "slider", "select_slider", "number_input", "toggle", "button",
               "tabs", "expander")
    parts = [page_texts(at, values=values, labels=(*widgets, "metric"))]
    parts += [s.label for s in _elements(at, "Status")]
    parts += [p.label for p in at.get("page_link") if hasattr(p, "label")]
    for df in at.dataframe:
        parts += [str(c) for c in df.value.columns] + [str(i) for i in df.value.index]
        parts += [str(v) for v in df.value.to_numpy().ravel()]
    for chart in _elements(at, "vega_lite_chart"):
        parts.append(chart.proto.spec)
        parts += [frame.to_csv() for frame in _datasets(chart).values()]
    return "\n".join(str(p) for p in parts)


def _datasets(chart) -> dict[str, pd.DataFrame]:
    """A drawn chart's datasets (the template's spec holds none; each run sends its own)."""
    return {d.name: convert_arrow_bytes_to_pandas_df(d.data.data) for d in chart.proto.datasets}


def _picture(at: AppTest, index: int) -> tuple[str, dict[str, pd.DataFrame]]:
    """The ``index``-th chart drawn: its spec (the template) and its data."""
    chart = _elements(at, "vega_lite_chart")[index]
    return chart.proto.spec, _datasets(chart)


def _same(one: tuple[str, dict[str, pd.DataFrame]], other: tuple[str, dict]) -> bool:
    return one[0] == other[0] and one[1].keys() == other[1].keys() and all(
        one[1][name].equals(other[1][name]) for name in one[1]
    )


@pytest.mark.parametrize("lang", LANGS)
def test_page_runs_with_default_inputs(lang: str) -> None:
    started = time.perf_counter()
    at = open_page(PAGE, lang, timeout=90)
    assert time.perf_counter() - started < 10
    assert not at.exception
    assert not at.error
    assert [x.value for x in at.title] == [t("frame.pages.analysis", lang)]
    assert [tab.label for tab in at.tabs] == [
        t(f"analysis.tabs.{k}", lang) for k in ("uncertainty", "sensitivity", "goal")
    ]
    text = _texts(at)
    assert not PLACEHOLDER.findall(text), PLACEHOLDER.findall(text)
    # Three fan charts and a tornado, each with the numbers beside it.
    assert len(_elements(at, "vega_lite_chart")) == 4
    assert len(at.expander) == 4
    assert len(at.metric) == 3
    # The seed is shown, and the default is quality_first with 1,000 runs.
    assert at.selectbox[0].value == "quality_first"
    status = _elements(at, "Status")[0].label
    assert str(uncertainty.DEFAULT_SEED) in status
    assert at.info[-1].value == t("analysis.goal.hint", lang)


def test_the_chance_shown_is_the_model_s() -> None:
    at = open_page(PAGE, "en", timeout=90)
    result = uncertainty.run_monte_carlo(
        rik.presets()["quality_first"], rik.load_assumptions("article"), 1000
    )
    assert at.metric[0].value == fmt.percent(result.p_sales_target, "en")


def test_seed_and_runs_change_the_picture() -> None:
    at = open_page(PAGE, "en", timeout=90)
    before = _picture(at, 0)
    assert set(before[1]) == {"fan_bands", "fan_lines"}
    at.number_input[0].set_value(99).run()
    assert not at.exception
    assert "seed 99" in _elements(at, "Status")[0].label
    after = _picture(at, 0)
    assert after[0] == before[0]  # the same template: only the data is new
    assert not _same(after, before)
    at.select_slider[0].set_value(100).run()
    assert "100 runs" in _elements(at, "Status")[0].label
    at.number_input[0].set_value(uncertainty.DEFAULT_SEED).run()
    at.select_slider[0].set_value(uncertainty.DEFAULT_DRAWS).run()
    assert _same(_picture(at, 0), before)  # same seed, same picture


def test_scenario_choice_changes_the_tornado() -> None:
    at = open_page(PAGE, "en", timeout=90)
    before = _picture(at, 3)
    assert set(before[1]) == {"tornado"}
    at.selectbox[0].set_value("numbers_game").run()
    assert not at.exception
    assert not _same(_picture(at, 3), before)
    at.selectbox[1].set_value("burnout_share").run()
    tornado = json.loads(_elements(at, "vega_lite_chart")[3].proto.spec)
    assert t("analysis.outputs.burnout_share", "en").lower() in json.dumps(tornado["title"]).lower()


def test_calculator_scenario_is_offered_and_chosen() -> None:
    mine = rik.Scenario("custom", rik.Levers(meetings_per_seller_per_week=13, development=0.6))
    at = open_page(PAGE, "nb", timeout=90, session={"calc_scenario": mine})
    assert not at.exception
    assert at.selectbox[0].value == "calculator"
    assert t("analysis.scenario.calculator", "nb") in _texts(at)


def test_something_else_in_calc_scenario_is_ignored() -> None:
    at = open_page(PAGE, "en", timeout=90, session={"calc_scenario": {"levers": "not a scenario"}})
    assert not at.exception
    assert at.selectbox[0].value == "quality_first"
    assert "calculator" not in at.selectbox[0].options


@pytest.mark.parametrize("lang", LANGS)
def test_goal_seek_shows_plans_that_load_into_the_calculator(lang: str) -> None:
    at = open_page(PAGE, lang, timeout=90)
    at.button[0].click().run()
    assert not at.exception
    assert not at.error
    assert len(at.success) == 1
    goal = at.session_state[view.GOAL_KEY]
    assert isinstance(goal, goalseek.Goal)
    assert goal.target_ratio == pytest.approx(1.4)
    links = [
        p for p in at.get("page_link") if "meetings_per_seller_per_week" in p.proto.query_string
    ]
    assert len(links) == 3
    assessed = rik.load_assumptions("article")
    for link in links:
        query = {k: v for k, v in parse_qs(link.proto.query_string).items()}
        assert query["lang"] == [lang] and "preset" not in query
        state, notes = urlstate.parse_query(query)
        assert notes == []
        assert goalseek.check_plan(state.levers, goal, assessed).meets
    table = at.dataframe[-2].value
    assert len(table.columns) == 4  # status quo and three plans
    text = _texts(at)
    assert not PLACEHOLDER.findall(text), PLACEHOLDER.findall(text)


def test_impossible_goal_names_the_binding_limit() -> None:
    at = open_page(PAGE, "en", timeout=90)
    sliders = {s.label: s for s in at.slider}
    sliders[t("analysis.goal.budget", "en")].set_value(0)
    at.button[0].click().run()
    assert not at.exception
    assert not at.success
    assert at.warning
    text = _texts(at)
    assert t("analysis.limits.budget", "en") in text
    assert "Plans appear with a budget of" in text


def test_the_goal_form_starts_at_the_goal_s_own_defaults() -> None:
    """The form's target, month and satisfaction floor are ``goalseek.Goal``'s; burnout
    starts where the firm's does; a search with the untouched form asks for exactly that."""
    at = open_page(PAGE, "nb", timeout=90)
    at.button[0].click().run()
    goal = at.session_state[view.GOAL_KEY]
    default = goalseek.Goal()
    assert goal.target_ratio == pytest.approx(default.target_ratio)
    assert goal.target_month == default.target_month
    assert goal.csat_not_below_baseline is default.csat_not_below_baseline
    assert goal.burnout_max == pytest.approx(
        round(rik.load_assumptions("article")["burnout_0"], 2))
    now = rik.status_quo().meetings_per_seller_per_week
    assert (goal.meetings_min, goal.meetings_max) == (
        now - view.MEETINGS_BELOW, now + view.MEETINGS_ABOVE)
    assert goal.budget_hours == view.BUDGET_HOURS


def test_a_team_near_the_meeting_limit_gets_a_range_inside_the_slider() -> None:
    """Today's meetings plus four would pass the lever's maximum: the range stops there."""
    from rik.share import team_figures
    from ui.team_view import EXAMPLE

    top = int(rik.lever_meta("meetings_per_seller_per_week")["max"])
    busy = EXAMPLE.__class__(**{**EXAMPLE.__dict__,
                                "levers": EXAMPLE.levers.replace(
                                    meetings_per_seller_per_week=top - 1)})
    at = open_page(PAGE, "en", timeout=90, team=team_figures.to_param(busy))
    assert not at.exception and not at.error
    meetings = {s.label: s for s in at.slider}[t("analysis.goal.meetings", "en")]
    assert tuple(meetings.value) == (top - 1 - view.MEETINGS_BELOW, top)


def test_the_page_is_thin() -> None:
    """Caches, session keys and drawing helpers live in ui.analysis_view (issue 13)."""
    from pathlib import Path

    source = Path(PAGE).read_text(encoding="utf-8")
    assert len(source.splitlines()) <= 150
    assert "cache_data" not in source and "\ndef " not in source
    assert not re.search(r"""["']analysis_[a-z_]+["']""", source), "a session key as a literal"
