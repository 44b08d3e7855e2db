"""The compare page (AppTest, both languages), its view (``ui.compare_view``) and its charts
(``rik.charts.compare``)."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

import rik
from rik.charts import compare
from rik.i18n import LANGS, t
from rik.share.scenario_io import SavedScenario
from tests.apptest import open_page, page_texts
from ui import compare_view as view
from ui import saved

PAGE = "pages/21_compare.py"
PLACEHOLDER = re.compile(r"\[[a-z_]+\.[a-z0-9_.]+\]")


def _texts(at: AppTest) -> str:
    values = ("title", "markdown", "caption", "subheader", "info")
    labels = ("multiselect", "slider", "selectbox", "download_button")
    parts = [page_texts(at, values=values, labels=labels)]
    for df in at.dataframe:
        parts += [str(c) for c in df.value.columns]
        parts += [str(v) for v in df.value.to_numpy().ravel()]
    return "\n".join(str(p) for p in parts)


def _two_saved() -> dict:
    return {
        "Team <b>A</b>": {
            "scenario": rik.Scenario("Team <b>A</b>", rik.Levers(sellers=12, development=0.5)),
            "months": 36,
        },
        "Team B": {"scenario": rik.presets()["numbers_game"], "months": 24},
    }


@pytest.mark.parametrize("lang", LANGS)
def test_page_runs_with_nothing_saved(lang: str) -> None:
    at = open_page(PAGE, lang, timeout=60)
    assert not at.exception
    assert not at.error
    assert [x.value for x in at.title] == [t("frame.pages.compare", lang)]
    text = _texts(at)
    assert not PLACEHOLDER.findall(text), PLACEHOLDER.findall(text)
    assert t("compare.nothing_saved", lang) in text
    # the story's presets are offered and drawn at once
    assert at.multiselect[0].value == list(view.STORY_PRESETS)
    assert len(at.get("vega_lite_chart")) == 4
    deltas = at.dataframe[4].value
    assert list(deltas.columns)[1:] == [t(f"common.presets.{p}", lang) for p in rik.PRESET_NAMES]


@pytest.mark.parametrize("lang", LANGS)
def test_two_saved_scenarios_show_in_the_delta_table(lang: str) -> None:
    at = open_page(PAGE, lang, timeout=60, session={saved.KEY: _two_saved()})
    assert not at.exception
    assert not at.error
    assert at.multiselect[0].value == ["saved:Team <b>A</b>", "saved:Team B"]
    deltas = at.dataframe[4].value
    assert list(deltas.columns) == [
        t("compare.result", lang), t("common.presets.baseline", lang), "Team <b>A</b>", "Team B"
    ]
    # the horizon is the longest saved one, and the numbers are the model's
    assert at.slider(key="compare_month").max == 36
    run = rik.simulate(rik.Scenario("x", rik.Levers(sellers=12, development=0.5)), months=36)
    sales = deltas.iloc[0]["Team <b>A</b>"]
    sales_text = rik.story.readout.format_output("sales_nok", run.loc[12, "sales_nok"], lang)
    assert sales.startswith(sales_text)
    assert not PLACEHOLDER.findall(_texts(at))


def test_month_slider_moves_the_delta_table() -> None:
    at = open_page(PAGE, "en", timeout=60, session={saved.KEY: _two_saved()})
    before = at.dataframe[4].value.iloc[0]["Team B"]
    at.slider(key="compare_month").set_value(24).run()
    assert t("compare.delta_title", "en", month=24) in [s.value for s in at.subheader]
    assert at.dataframe[4].value.iloc[0]["Team B"] != before


def test_lever_table_highlights_differences() -> None:
    at = open_page(PAGE, "en", timeout=60, session={saved.KEY: _two_saved()})
    table = at.dataframe[5].value
    sellers = table[table[t("compare.lever", "en")].str.startswith("Sellers")].iloc[0]
    assert sellers["Team <b>A</b>"] == "12 ▲"
    assert sellers["Status quo"] == "8"


def test_renamed_or_deleted_scenarios_drop_out_of_the_choice() -> None:
    at = open_page(PAGE, "en", timeout=60, session={saved.KEY: _two_saved()})
    store = at.session_state[saved.KEY]
    del store["Team B"]
    at.session_state[saved.KEY] = store
    at.run()
    assert not at.exception
    assert at.multiselect[0].value == ["saved:Team <b>A</b>"]


# --- the view's pure helpers and the charts ------------------------------------------------------


def test_labels_are_unique_even_when_names_clash() -> None:
    keys = [view.saved_key("Status quo"), view.saved_key("x"), "catalyst"]
    labels = view.labels_for(keys, "en")
    assert labels["baseline"] == "Status quo"
    assert labels[view.saved_key("Status quo")] == "Status quo (2)"
    assert len(set(labels.values())) == len(labels)


def test_default_selection_caps_at_six() -> None:
    names = [f"s{i}" for i in range(9)]
    assert view.default_selection(names) == [view.saved_key(n) for n in names[:6]]
    assert view.default_selection([]) == list(view.STORY_PRESETS)


def test_delta_table_values_and_changes() -> None:
    frames = {k: rik.simulate(s) for k, s in rik.presets().items()}
    labels = view.labels_for(list(frames), "en")
    table = view.delta_table(frames, labels, 12, "en")
    row = table.set_index("Result").loc["Sales per month"]
    base = frames["baseline"].loc[12, "sales_nok"]
    game = frames["numbers_game"].loc[12, "sales_nok"]
    assert row["Status quo"] == rik.story.readout.format_output("sales_nok", base, "en")
    change = rik.fmt.signed_percent(game / base - 1, "en")
    assert row["The numbers game"].endswith(f"({change})")


def test_lever_table_marks_later_steps_as_differences() -> None:
    scenarios = {k: s for k, s in rik.presets().items()}
    labels = view.labels_for(list(scenarios), "en")
    text, differs = view.lever_table(scenarios, labels, "en")
    meetings = text.index[text["Lever"].str.startswith("Meetings")][0]
    assert text.loc[meetings, "The catalyst"] == "10 → 14 (month 12)"
    assert differs.loc[meetings, "The catalyst"]
    assert not differs.loc[meetings, "Quality first"]
    assert not differs["Status quo"].any()
    html = view.highlight(text, differs).to_html()
    rule = re.search(r"([^{}]*)\{[^}]*background-color: #FFE8C2", html)
    cells = set(re.findall(r"row(\d+)_col(\d+)", rule.group(1)))
    expected = {(str(r), str(c)) for r, c in zip(*differs.to_numpy().nonzero(), strict=True)}
    assert cells == expected


def test_comparison_charts_fit_the_width_only() -> None:
    frames = {k: rik.simulate(s) for k, s in rik.presets().items()}
    charts = compare.charts(frames, view.labels_for(list(frames), "nb"), "nb")
    assert [c for c, _ in charts] == list(compare.CHART_COLUMNS)
    spec = charts[0][1].to_dict()
    assert spec["autosize"]["type"] == "fit-x"
    assert spec["config"]["locale"]["number"]["decimal"] == ","


def test_choice_follows_the_saved_list_until_the_user_picks() -> None:
    at = open_page(PAGE, "en", timeout=60)
    assert at.multiselect[0].value == list(view.STORY_PRESETS)
    at.session_state[saved.KEY] = _two_saved()
    at.run()
    assert at.multiselect[0].value == ["saved:Team <b>A</b>", "saved:Team B"]
    at.multiselect[0].set_value(["saved:Team B", "catalyst"]).run()
    store = at.session_state[saved.KEY]
    store["Team C"] = {"scenario": rik.presets()["quality_first"], "months": 24}
    at.session_state[saved.KEY] = store
    at.run()
    assert at.multiselect[0].value == ["saved:Team B", "catalyst"]


def test_plans_keep_a_saved_horizon_and_run_presets_over_the_default() -> None:
    saved_a = SavedScenario(rik.Scenario("A", rik.Levers(sellers=12)), 36)
    plans = view.plans(["baseline", view.saved_key("A"), "catalyst"], {"A": saved_a}, None)
    assert plans[view.saved_key("A")] is saved_a
    assert plans["catalyst"] == SavedScenario(rik.presets()["catalyst"], rik.DEFAULT_MONTHS)
    assert view.PRESET_MONTHS == rik.DEFAULT_MONTHS == 24


def test_month_and_download_stay_within_the_choice() -> None:
    at = open_page(PAGE, "en", timeout=60, session={saved.KEY: _two_saved()})
    assert at.slider(key=view.MONTH_KEY).value == view.FIRST_MONTH
    at.slider(key=view.MONTH_KEY).set_value(30).run()
    at.selectbox(key=view.DOWNLOAD_KEY).set_value("saved:Team <b>A</b>").run()
    at.multiselect[0].set_value(["saved:Team B"]).run()  # the 36-month plan leaves
    assert not at.exception
    assert at.slider(key=view.MONTH_KEY).value == 24 == at.slider(key=view.MONTH_KEY).max
    assert at.selectbox(key=view.DOWNLOAD_KEY).value == "saved:Team B"
