"""AppTest of the calculator page: levers, URL state, KPIs, both languages."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st_h
from streamlit.testing.v1 import AppTest

import rik
from rik.i18n import LANGS, t
from rik.model.levers import LEVER_NAMES, lever_meta
from rik.share import urlstate
from tests.apptest import open_page, page_texts
from ui import widgets

PAGE = "pages/20_calculator.py"
MEETINGS = "calc_lever_meetings_per_seller_per_week"


def _metric(at: AppTest, column: str, lang: str = "en"):
    label = t(f"common.outputs.{column}", lang)
    return next(m for m in at.metric if m.label == label)


@pytest.mark.parametrize("lang", LANGS)
def test_page_renders_in_both_languages(lang: str) -> None:
    at = open_page(PAGE, lang)
    assert [x.value for x in at.title] == [t("frame.pages.calculator", lang)]
    text = page_texts(at, labels=("metric", "slider"))
    assert "[calculator." not in text and "[common." not in text and "[frame." not in text
    assert len(at.metric) == 6
    assert not at.error
    labels = {s.label for s in at.slider}
    for name in LEVER_NAMES:
        assert any(lever_meta(name)[f"label_{lang}"] in label for label in labels)


def test_moving_the_meetings_lever_changes_sales_and_the_url() -> None:
    at = open_page(PAGE)
    before = _metric(at, "sales_nok").value
    assert at.query_params["meetings_per_seller_per_week"] == "10"
    at.slider(key=MEETINGS).set_value(16).run()
    assert not at.exception
    after = _metric(at, "sales_nok")
    assert after.value != before
    # 16 meetings dilute the meetings: by month 12 sales are below the status quo.
    assert after.delta.startswith("-")
    assert at.query_params["meetings_per_seller_per_week"] == "16"
    # The user's plan is no longer the preset: the reset button is live.
    assert not at.button[0].disabled


def test_share_lever_shows_percent_and_travels_as_fraction() -> None:
    at = open_page(PAGE)
    slider = at.slider(key="calc_lever_relationship_time_share")
    assert slider.value == 30
    slider.set_value(55).run()
    assert at.query_params["relationship_time_share"] == "0.55"


def test_url_sets_the_levers_and_the_preset() -> None:
    at = open_page(PAGE, preset="quality_first", sellers="12", months="36", kpi_month="24")
    assert at.selectbox(key="calc_preset").value == "quality_first"
    assert at.slider(key="calc_lever_sellers").value == 12
    assert at.slider(key="calc_lever_onboarding").value == 90
    assert at.slider(key="calc_months").value == 36
    assert at.slider(key="calc_kpi_month").value == 24
    assert not at.info


def test_assumption_set_in_the_url_changes_the_numbers() -> None:
    article = open_page(PAGE, preset="quality_first")
    evidence = open_page(PAGE, preset="quality_first", set="evidence")
    csat = "csat"
    assert _metric(article, csat).value != _metric(evidence, csat).value
    assert _metric(article, "sales_nok").value != _metric(evidence, "sales_nok").value
    assert any(t("frame.sets.evidence", "en") in c.value for c in evidence.caption)


@pytest.mark.parametrize("lang", LANGS)
def test_bad_link_shows_one_note_and_keeps_the_rest(lang: str) -> None:
    at = open_page(PAGE, lang, preset="numbers_game", meetings_per_seller_per_week="abc")
    assert not at.exception
    assert len(at.info) == 1
    note = at.info[0].value
    assert "`abc`" in note
    assert lever_meta("meetings_per_seller_per_week")[f"label_{lang}"] in note
    assert at.selectbox(key="calc_preset").value == "numbers_game"
    assert at.slider(key=MEETINGS).value == 20
    assert at.query_params["meetings_per_seller_per_week"] == "20"
    # The note is shown once; the next interaction does not repeat it.
    at.slider(key="calc_months").set_value(30).run()
    assert not at.info


@pytest.mark.parametrize(
    "query",
    [
        {"preset": "catalyst", "sellers": "1e309", "onboarding": "NaN", "months": "-5"},
        {"preset": ["x", "y"], "kpi_month": "", "development": "-0.5"},
        {"meetings_per_seller_per_week": ["1", "2", "abc"], "months": "1e400"},
    ],
)
def test_hand_edited_links_never_raise(query) -> None:
    at = open_page(PAGE, **query)
    assert len(at.metric) == 6 and not at.error
    assert len(at.info) == 1


def test_catalyst_keeps_its_later_step_until_meetings_are_moved() -> None:
    at = open_page(PAGE, preset="catalyst")
    step = t("calculator.change_kept", "en", month=12, value="14 meetings/week")
    assert any(c.value == step for c in at.caption)
    at.slider(key=MEETINGS).set_value(12).run()
    assert not any(c.value == step for c in at.caption)
    assert any(c.value.startswith("Not used") for c in at.caption)


def test_choosing_a_preset_loads_its_levers_and_reset_restores_them() -> None:
    at = open_page(PAGE)
    at.selectbox(key="calc_preset").set_value("numbers_game").run()
    assert at.slider(key=MEETINGS).value == 20
    assert at.query_params["preset"] == "numbers_game"
    at.slider(key=MEETINGS).set_value(25).run()
    at.button[0].click().run()
    assert at.slider(key=MEETINGS).value == 20


def test_shorter_horizon_clamps_the_kpi_month() -> None:
    at = open_page(PAGE, months="36", kpi_month="30")
    at.slider(key="calc_months").set_value(20).run()
    assert not at.exception
    assert at.slider(key="calc_kpi_month").value == 20
    assert at.query_params["kpi_month"] == "20"


def test_state_survives_a_visit_to_another_page() -> None:
    at = open_page(PAGE)
    at.slider(key=MEETINGS).set_value(18).run()
    at.query_params.clear()
    at.query_params["lang"] = "en"
    at.switch_page("app.py").run()
    at.switch_page(PAGE).run()
    assert at.slider(key=MEETINGS).value == 18


# --- Widgets from metadata (pure parts) ----------------------------------------------------


@pytest.mark.parametrize("name", LEVER_NAMES)
def test_widget_conversion_round_trips_on_the_grid(name: str) -> None:
    meta = lever_meta(name)
    spec = widgets.slider_spec(name, "en")
    shown = spec["min_value"]
    while shown <= spec["max_value"]:
        value = widgets.from_widget(name, shown)
        assert meta["min"] <= value <= meta["max"]
        assert widgets.to_widget(name, value) == shown
        shown += spec["step"]


def test_slider_specs_show_percent_and_integers() -> None:
    share = widgets.slider_spec("development", "nb")
    assert (share["min_value"], share["max_value"], share["step"]) == (0, 100, 5)
    assert share["format"] == "%d %%"
    assert widgets.from_widget("development", 35) == 0.35
    sellers = widgets.slider_spec("sellers", "en")
    assert isinstance(sellers["min_value"], int) and sellers["format"] == "%d sellers"
    assert widgets.slider_spec("sellers", "nb")["help"] == lever_meta("sellers")["help_nb"]
    assert widgets.format_lever("meetings_per_seller_per_week", 14, "nb") == "14 møter/uke"
    assert isinstance(rik.Levers(**{"sellers": widgets.from_widget("sellers", 9)}).sellers, int)


def test_link_carries_language_and_set_chosen_elsewhere() -> None:
    at = open_page(PAGE, lang=None, session={"set_name": "evidence"})
    assert at.query_params["set"] == "evidence"
    assert at.query_params["lang"] in LANGS


def test_presenter_mode_has_a_way_out_that_keeps_the_scenario() -> None:
    at = open_page(PAGE, present="1", preset="quality_first")
    exit_link = next(
        link for link in at.get("page_link") if link.proto.label == t("frame.present_off", "en")
    )
    assert "preset=quality_first" in exit_link.proto.query_string
    assert "present" not in exit_link.proto.query_string


_RAW = st_h.one_of(
    st_h.sampled_from(["abc", "1e309", "-5", "NaN", "", "12,5", "0x1f", "inf", "😀", "catalyst"]),
    st_h.text(max_size=12),
    st_h.floats(allow_nan=True, allow_infinity=True).map(repr),
)


@given(
    st_h.dictionaries(
        st_h.sampled_from(list(urlstate.PARAMS)), st_h.one_of(_RAW, st_h.lists(_RAW, max_size=3)),
        max_size=6,
    )
)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_fuzzed_links_render_the_page(query) -> None:
    at = open_page(PAGE, **query)
    assert len(at.metric) == 6 and not at.error
    assert len(at.info) <= 1


def test_other_pages_can_read_the_calculators_plan() -> None:
    at = open_page(PAGE, preset="catalyst", training_hours_per_month="12")
    state = at.session_state["calc_state"]
    assert isinstance(state, urlstate.CalcState) and state.levers.training_hours_per_month == 12
    scenario = at.session_state["calc_scenario"]
    assert scenario == state.scenario() and len(scenario.changes) == 1


def test_switching_language_or_set_keeps_the_levers() -> None:
    at = open_page(PAGE)
    at.slider(key=MEETINGS).set_value(16).run()
    at.slider(key="calc_lever_development").set_value(55).run()
    at.segmented_control(key="_frame_lang").set_value("nb").run()
    assert [x.value for x in at.title] == [t("frame.pages.calculator", "nb")]
    assert at.slider(key=MEETINGS).value == 16
    assert at.slider(key="calc_lever_development").value == 55
    at.radio(key="_frame_set").set_value("evidence").run()
    assert at.slider(key=MEETINGS).value == 16 and at.query_params["set"] == "evidence"


def test_presenting_shows_every_lever_four_key_numbers_and_the_chart_first() -> None:
    """Presenter mode: the six levers, four key numbers and the sales chart (the horizon
    and the month folded away), no save panel."""
    at = open_page(PAGE, "nb", present="1", preset="quality_first")
    assert not at.exception and not at.error
    labels = [m.label for m in at.metric]
    assert labels == [t(f"common.outputs.{c}", "nb") for c in
                      ("sales_nok", "contribution_nok", "csat", "burnout_share")]
    for name in rik.LEVER_NAMES:
        assert at.slider(key=f"calc_lever_{name}")
    assert at.slider(key="calc_months").value == 24  # still there, folded away


def test_a_lever_move_reruns_the_body_fragment_with_its_own_error_boundary(monkeypatch) -> None:
    """The body is one st.fragment: a lever move as the browser sends it reruns the body
    alone, keeps the link in step, and an error in it shows the frame's friendly message."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import bench_app

    from rik.charts import calculator as charts

    at = open_page(PAGE)
    assert len(at._fragment_storage._fragments) == 1
    at.slider(key=MEETINGS).set_value(13)
    with bench_app.fragment_reruns(at):
        at.run()
    assert not at.exception and not at.error
    assert at.query_params["meetings_per_seller_per_week"] == "13"
    assert len(at.metric) == 6 and not at.sidebar.radio  # the fragment's elements only

    def broken(*args, **kwargs):
        raise RuntimeError("a chart that breaks")

    monkeypatch.setattr(charts, "sales_chart", broken)
    at.slider(key=MEETINGS).set_value(14)
    with bench_app.fragment_reruns(at):
        at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [t("frame.error", "en")]


def _choice_script() -> None:
    import streamlit as st

    from ui import widgets

    lang = st.session_state.get("lang_now", "nb")
    names = {"a": {"nb": "Første", "en": "First"}, "b": {"nb": "Andre", "en": "Second"}}
    widgets.keep_choice("pick", list(names), lang, "a")
    st.selectbox("Valg", list(names), key="pick", format_func=lambda k: names[k][lang])
    widgets.keep_choice("maybe", list(names), lang)
    st.radio("Kanskje", list(names), key="maybe", index=None,
             format_func=lambda k: names[k][lang])
    if st.session_state.get("draw_late"):  # a widget whose value came from elsewhere
        widgets.keep_choice("late", list(names), lang, "a")
        st.selectbox("Sent", list(names), key="late", format_func=lambda k: names[k][lang])


def test_keep_choice_writes_a_translated_choice_back_and_drops_what_is_not_an_option() -> None:
    """``ui.widgets.keep_choice``: after a language switch a chosen option is written back
    before its widget is drawn (so the browser gets its label in the new language), in
    the same language it is left alone (an unsent choice in a form lives in the browser);
    a value that is not an option (a stale label a browser sent) becomes the fallback;
    with no fallback and nothing chosen, the widget starts empty and stays so."""
    from streamlit.testing.v1 import AppTest

    from ui import widgets

    at = AppTest.from_function(_choice_script)
    at.run()
    assert at.selectbox(key="pick").value == "a" and at.radio(key="maybe").value is None
    at.selectbox(key="pick").set_value("b").run()
    drawn_in = at.session_state[widgets.CHOICE_LANG_KEY]
    assert drawn_in["pick"] == "nb" and drawn_in["maybe"] == "nb"
    at.run()  # the same language again: nothing to write, an empty radio stays empty
    assert at.radio(key="maybe").value is None and at.selectbox(key="pick").value == "b"
    at.session_state["lang_now"] = "en"
    at.run()
    assert at.selectbox(key="pick").value == "b"
    assert at.session_state[widgets.CHOICE_LANG_KEY]["pick"] == "en"
    assert at.selectbox(key="pick").format_func("b") == "Second"
    at.session_state["late"] = "Andre"  # not an option: what a stale browser sends
    at.session_state["draw_late"] = True
    at.run()
    assert not at.exception
    assert at.selectbox(key="late").value == "a" and at.radio(key="maybe").value is None
