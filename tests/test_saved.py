"""The saved-scenarios store: save, rename, duplicate, delete (and undo), in and out of an app."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import rik
from rik.share.scenario_io import NAME_MAX, SavedScenario
from ui import saved

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def _state_with(*names: str) -> dict:
    state: dict = {}
    for name in names:
        saved.save(name, rik.presets()["quality_first"], 24, state=state)
    return state


# --- the store functions -------------------------------------------------------------------


def test_save_keeps_order_cleans_names_and_sets_the_scenario_name() -> None:
    state: dict = {}
    assert saved.save("  Plan\tA  ", rik.presets()["catalyst"], 36, state=state) == "Plan A"
    saved.save("Plan B", rik.presets()["numbers_game"], 24, state=state)
    assert saved.names(state) == ["Plan A", "Plan B"]
    entry = state[saved.KEY]["Plan A"]
    assert entry["months"] == 36
    assert entry["scenario"].name == "Plan A"
    assert entry["scenario"].changes == rik.presets()["catalyst"].changes
    assert saved.get("Plan A", state) == SavedScenario(
        rik.Scenario("Plan A", rik.presets()["catalyst"].levers, rik.presets()["catalyst"].changes),
        36,
    )


@pytest.mark.parametrize(
    ("name", "months", "key"),
    [("   ", 24, "name_empty"), ("\n", 24, "name_empty"), ("ok", 6, "months"),
     ("ok", 61, "months"), ("ok", True, "months")],
)
def test_save_rejects_bad_input_and_changes_nothing(name: str, months: int, key: str) -> None:
    state = _state_with("kept")
    with pytest.raises(saved.StoreError) as info:
        saved.save(name, rik.presets()["baseline"], months, state=state)
    assert info.value.problem.key == key
    assert saved.names(state) == ["kept"]
    assert not info.value.text("nb").startswith("[")


def test_save_with_a_taken_name_needs_overwrite() -> None:
    state = _state_with("A")
    with pytest.raises(saved.StoreError, match="name_taken"):
        saved.save("A", rik.presets()["numbers_game"], 24, state=state)
    assert saved.get("A", state).scenario.levers == rik.presets()["quality_first"].levers
    saved.save("A", rik.presets()["numbers_game"], 48, overwrite=True, state=state)
    assert saved.get("A", state).scenario.levers == rik.presets()["numbers_game"].levers
    assert saved.get("A", state).months == 48


def test_the_store_is_limited() -> None:
    state = _state_with(*[f"s{i}" for i in range(saved.MAX_SAVED)])
    with pytest.raises(saved.StoreError, match="full"):
        saved.save("one more", rik.presets()["baseline"], 24, state=state)
    with pytest.raises(saved.StoreError, match="full"):
        saved.duplicate("s0", state=state)


def test_rename_keeps_the_place_and_refuses_taken_names() -> None:
    state = _state_with("A", "B", "C")
    assert saved.rename("B", "  Bee ", state=state) == "Bee"
    assert saved.names(state) == ["A", "Bee", "C"]
    assert saved.get("Bee", state).scenario.name == "Bee"
    with pytest.raises(saved.StoreError, match="name_taken"):
        saved.rename("A", "C", state=state)
    with pytest.raises(saved.StoreError, match="name_empty"):
        saved.rename("A", " ", state=state)
    with pytest.raises(saved.StoreError, match="not_found"):
        saved.rename("nope", "x", state=state)
    assert saved.names(state) == ["A", "Bee", "C"]
    long = saved.rename("A", "x" * 200, state=state)
    assert len(long) == NAME_MAX


def test_duplicate_goes_right_after_the_original() -> None:
    state = _state_with("A", "B")
    assert saved.duplicate("A", state=state) == "A (2)"
    assert saved.duplicate("A", state=state) == "A (3)"
    assert saved.names(state) == ["A", "A (3)", "A (2)", "B"]
    assert saved.get("A (2)", state).scenario.levers == saved.get("A", state).scenario.levers


def test_delete_and_undo() -> None:
    state = _state_with("A", "B", "C")
    removed = saved.delete("B", state=state)
    assert removed.name == "B"
    assert saved.names(state) == ["A", "C"]
    assert saved.undo_delete(state=state) == "B"
    assert saved.names(state) == ["A", "B", "C"]
    assert saved.undo_delete(state=state) is None
    with pytest.raises(saved.StoreError, match="not_found"):
        saved.delete("nope", state=state)


def test_malformed_entries_are_skipped_not_fatal() -> None:
    state = _state_with("good")
    state[saved.KEY]["bad"] = {"scenario": "not a scenario", "months": 24}
    state[saved.KEY]["worse"] = 42
    assert saved.names(state) == ["good"]
    state[saved.KEY] = "garbage"
    assert saved.names(state) == []


def test_export_then_import_into_an_empty_session_is_exact() -> None:
    state = _state_with("A", "B")
    saved.save("C", rik.presets()["catalyst"], 60, state=state)
    text = saved.export_json(state=state)
    fresh: dict = {}
    assert saved.apply_import(text, state=fresh).ok
    assert saved.entries(fresh) == saved.entries(state)


def test_saved_name_finds_the_latest_save_of_the_same_plan() -> None:
    state = _state_with("First")
    plan = rik.presets()["quality_first"]
    assert saved.saved_name(plan, 24, state) == "First"
    saved.save("Again", plan, 24, state=state)
    assert saved.saved_name(plan, 24, state) == "Again"  # the latest
    # Another horizon, other levers or other later steps: not the saved plan.
    assert saved.saved_name(plan, 36, state) is None
    assert saved.saved_name(rik.presets()["catalyst"], 24, state) is None
    assert saved.saved_name(rik.presets()["baseline"], 24, _state_with()) is None


# --- the widget blocks in a running app -----------------------------------------------------

PANEL_SCRIPT = """
import streamlit as st
import rik
from ui import frame, saved

ctx = frame.Ctx(page="compare", lang=st.query_params.get("lang", "en"), set_name="article",
                assumptions=rik.load_assumptions("article"), present=False)
saved.save_panel(ctx, lambda: (rik.presets()["catalyst"], 36))
saved.manage_panel(ctx)
"""


def _panel(lang: str = "en") -> AppTest:
    at = AppTest.from_string(PANEL_SCRIPT, default_timeout=30)
    at.query_params["lang"] = lang
    return at.run()


def _store(at: AppTest) -> dict:
    return at.session_state.get(saved.KEY, {})


def test_save_panel_saves_under_the_typed_name() -> None:
    at = _panel()
    at.text_input(key="saved_calc_name").set_value("Mats <b>plan</b>")
    at.button[0].click().run()
    assert not at.exception
    assert list(_store(at)) == ["Mats <b>plan</b>"]
    assert _store(at)["Mats <b>plan</b>"]["months"] == 36
    shown = [s.value for s in at.success]
    assert any("Mats" in text and "<b>" not in text for text in shown), shown


def test_save_panel_with_an_empty_name_suggests_one() -> None:
    at = _panel("nb")
    at.button[0].click().run()
    assert list(_store(at)) == ["Scenario 1"]


def test_save_panel_asks_before_replacing() -> None:
    at = _panel()
    at.text_input(key="saved_calc_name").set_value("A")
    at.button[0].click().run()
    at.text_input(key="saved_calc_name").set_value("A")
    at.button[0].click().run()
    assert len(at.warning) == 1
    at.button(key="saved_calc_keep").click().run()
    assert list(_store(at)) == ["A", "A (2)"]
    at.text_input(key="saved_calc_name").set_value("A")
    at.button[0].click().run()
    at.button(key="saved_calc_replace").click().run()
    assert list(_store(at)) == ["A", "A (2)"]
    assert not at.warning


def test_manage_panel_rename_duplicate_delete_undo() -> None:
    at = _panel()
    for name in ("one", "two"):
        at.text_input(key="saved_calc_name").set_value(name)
        at.button[0].click().run()
    at.selectbox(key="saved_manage_pick").set_value("two").run()
    at.text_input(key="saved_manage_new").set_value("deux")
    next(b for b in at.button if b.label == "Rename").click().run()
    assert list(_store(at)) == ["one", "deux"]
    at.button(key="saved_manage_dup").click().run()
    assert list(_store(at)) == ["one", "deux", "deux (2)"]
    at.selectbox(key="saved_manage_pick").set_value("one").run()
    at.button(key="saved_manage_del").click().run()
    assert list(_store(at)) == ["deux", "deux (2)"]
    at.button(key="saved_manage_undo").click().run()
    assert list(_store(at)) == ["one", "deux", "deux (2)"]
    assert not at.exception


def test_the_saved_list_survives_a_page_change() -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "en"
    at.session_state[saved.KEY] = {}
    at.run()
    at.session_state[saved.KEY] = {
        "kept": {"scenario": rik.Scenario("kept", rik.presets()["catalyst"].levers), "months": 24}
    }
    at.switch_page("pages/21_compare.py").run()
    at.switch_page("app.py").run()
    at.switch_page("pages/21_compare.py").run()
    assert list(at.session_state[saved.KEY]) == ["kept"]
    assert not at.exception
