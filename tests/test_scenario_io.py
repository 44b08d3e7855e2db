"""Saved scenarios to and from JSON: good files, broken files, and exact round trips."""

from __future__ import annotations

import copy
import io
import json

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rik
from rik.i18n import LANGS, t
from rik.model.levers import LEVER_NAMES, MAX_MONTHS, MIN_MONTHS, lever_meta
from rik.share import scenario_io as sio
from rik.share import team_figures
from rik.share.scenario_io import SavedScenario
from ui import saved as store
from ui import team_view


def _presets() -> list[SavedScenario]:
    return [SavedScenario(s, 24) for s in rik.presets().values()]


def _document() -> dict:
    return json.loads(sio.export_json(_presets()))


def _seeded_state() -> dict:
    state: dict = {}
    store.save("Mine", rik.presets()["quality_first"], 36, state=state)
    store.save("Theirs", rik.presets()["numbers_game"], 24, state=state)
    return state


def _import_bad(data: bytes | str) -> tuple[sio.ImportResult, dict, dict]:
    """Import ``data`` into a seeded store; returns the result, the store before and after."""
    state = _seeded_state()
    before = copy.deepcopy(store.store(state))
    result = store.apply_import(data, state=state)
    return result, before, store.store(state)


# --- good files -------------------------------------------------------------------------


def test_export_is_versioned_json() -> None:
    document = _document()
    assert document["format"] == sio.FORMAT
    assert document["schema_version"] == sio.FILE_VERSION
    assert [s["name"] for s in document["scenarios"]] == list(rik.PRESET_NAMES)
    catalyst = document["scenarios"][3]
    assert catalyst["changes"] == [
        {"month": 12, "lever": "meetings_per_seller_per_week", "value": 14.0}
    ]
    assert set(catalyst["levers"]) == set(LEVER_NAMES)


def test_export_then_import_is_exact() -> None:
    original = _presets() + [
        SavedScenario(rik.Scenario("Æøå «sitat» 😀", rik.Levers(sellers=12, onboarding=0.35)), 60)
    ]
    result = sio.import_json(sio.export_json(original))
    assert result.ok, result.problems
    assert list(result.scenarios) == original
    assert not result.notes


def test_import_accepts_bytes_with_bom_and_str() -> None:
    text = sio.export_json(_presets())
    assert sio.import_json(text).ok
    assert sio.import_json(b"\xef\xbb\xbf" + text.encode("utf-8")).ok


def test_duplicates_are_renamed_within_the_file_and_against_saved() -> None:
    document = _document()
    document["scenarios"] = [document["scenarios"][1], copy.deepcopy(document["scenarios"][1])]
    result = sio.import_json(json.dumps(document), existing=["numbers_game"])
    assert result.ok
    assert [s.name for s in result.scenarios] == ["numbers_game (2)", "numbers_game (3)"]
    assert [n.key for n in result.notes] == ["renamed", "renamed"]
    assert "numbers_game (2)" in sio.message(result.notes[0], "en")


def test_names_are_trimmed_cleaned_and_shortened() -> None:
    document = _document()
    document["scenarios"] = document["scenarios"][:1]
    document["scenarios"][0]["name"] = "  a\tb\n\u202e" + "x" * 200 + "  "
    result = sio.import_json(json.dumps(document))
    assert result.ok
    name = result.scenarios[0].name
    assert name.startswith("a b x")
    assert len(name) == sio.NAME_MAX
    assert "\u202e" not in name and "\n" not in name


def test_markup_in_names_stays_plain_text() -> None:
    document = _document()
    evil = '<script>x</script> **b** [x](javascript:x) :red[r] $x$'
    document["scenarios"][0]["name"] = evil
    result = sio.import_json(json.dumps(document))
    assert result.ok
    assert result.scenarios[0].name == evil  # kept as text; shown escaped (tests below)
    escaped = store.plain(evil)
    for raw in ("<script>", "**b**", "](", ":red[", "$x$"):
        assert raw not in escaped


# --- broken files -----------------------------------------------------------------------


def _with(mutate) -> str:
    document = _document()
    mutate(document)
    return json.dumps(document)


def _set_lever(n: int, lever: str, value) -> str:
    def mutate(d: dict) -> None:
        d["scenarios"][n]["levers"][lever] = value

    return _with(mutate)


BROKEN = {
    "not_json": (b"{'format': nope", "not_json"),
    "not_utf8": (b"\xff\xfe\x00garbage", "not_utf8"),
    "empty": (b"   ", "empty"),
    "nan": (b'{"format": "rik-scenarios", "schema_version": NaN, "scenarios": []}',
            "not_finite"),
    "nan lever": (_set_lever(0, "sellers", 1).replace('"sellers": 1', '"sellers": NaN'),
                  "not_finite"),
    "infinity lever": (_set_lever(0, "sellers", 1).replace('"sellers": 1', '"sellers": -Infinity'),
                       "not_finite"),
    "1e999": (_set_lever(0, "sellers", 1).replace('"sellers": 1', '"sellers": 1e999'),
              "not_finite"),
    "4000-digit integer": (
        _set_lever(0, "sellers", 1).replace('"sellers": 1', '"sellers": ' + "9" * 4000),
        "number_too_long",
    ),
    "duplicate key": (
        _with(lambda d: None).replace('"format": "rik-scenarios"',
                                      '"format": "rik-scenarios", "format": "rik-scenarios"'),
        "duplicate_key",
    ),
    "duplicate lever": (
        _set_lever(0, "sellers", 1).replace('"sellers": 1', '"sellers": 1, "sellers": 30'),
        "duplicate_key",
    ),
    "a list": (b"[1, 2]", "not_object"),
    "other format": (_with(lambda d: d.update(format="something")), "wrong_format"),
    "no version": (_with(lambda d: d.pop("schema_version")), "no_version"),
    "new version": (_with(lambda d: d.update(schema_version=2)), "wrong_version"),
    "version as text": (_with(lambda d: d.update(schema_version="1")), "wrong_version"),
    "extra field": (_with(lambda d: d.update(extra=1)), "unknown_top_field"),
    "scenarios not list": (_with(lambda d: d.update(scenarios={})), "no_scenarios_list"),
    "no scenarios": (_with(lambda d: d.update(scenarios=[])), "no_scenarios"),
    "too many": (
        _with(lambda d: d.update(scenarios=d["scenarios"] * 6)), "too_many"
    ),
    "entry not object": (_with(lambda d: d["scenarios"].append("x")), "entry_type"),
    "name a number": (_with(lambda d: d["scenarios"][0].update(name=5)), "name_type"),
    "name blank": (_with(lambda d: d["scenarios"][0].update(name=" \n ")), "name_empty"),
    "months text": (_with(lambda d: d["scenarios"][0].update(months="24")), "months_type"),
    "months 7": (_with(lambda d: d["scenarios"][0].update(months=7)), "months_range"),
    "months 24.5": (_with(lambda d: d["scenarios"][0].update(months=24.5)), "months_type"),
    "levers list": (_with(lambda d: d["scenarios"][0].update(levers=[1])), "levers_type"),
    "lever text": (_set_lever(0, "meetings_per_seller_per_week", "10"), "lever_type"),
    "lever bool": (_set_lever(1, "onboarding", True), "lever_type"),
    "lever null": (_set_lever(1, "development", None), "lever_type"),
    "sellers 0": (_set_lever(2, "sellers", 0), "lever_range"),
    "share 1.5": (_set_lever(2, "onboarding", 1.5), "lever_range"),
    "sellers 8.5": (_set_lever(0, "sellers", 8.5), "lever_whole"),
    "huge number": (_set_lever(0, "sellers", 1e308), "lever_range"),
    "unknown lever": (_set_lever(0, "bribes", 3), "lever_unknown"),
    "missing lever": (
        _with(lambda d: d["scenarios"][0]["levers"].pop("sellers")), "lever_missing"
    ),
    "changes object": (_with(lambda d: d["scenarios"][3].update(changes={})), "changes_type"),
    "change shape": (
        _with(lambda d: d["scenarios"][3]["changes"][0].pop("value")), "change_shape"
    ),
    "change month 0": (
        _with(lambda d: d["scenarios"][3]["changes"][0].update(month=0)), "change_month"
    ),
    "change value": (
        _with(lambda d: d["scenarios"][3]["changes"][0].update(value=99)), "lever_range"
    ),
    "change lever": (
        _with(lambda d: d["scenarios"][3]["changes"][0].update(lever="x")), "lever_unknown"
    ),
    "unknown entry field": (
        _with(lambda d: d["scenarios"][0].update(colour="red")), "unknown_field"
    ),
    "huge file": (b'{"format": "rik-scenarios", "pad": "' + b"x" * (300 * 1024) + b'"}',
                  "too_large"),
    "deep nesting": (b"[" * 100_000 + b"]" * 100_000, "not_json"),
}


@pytest.mark.parametrize("case", list(BROKEN), ids=list(BROKEN))
def test_broken_file_changes_nothing_and_says_what_is_wrong(case: str) -> None:
    data, key = BROKEN[case]
    result, before, after = _import_bad(data)
    assert not result.ok
    assert not result.scenarios
    assert key in [p.key for p in result.problems]
    assert after == before
    for lang in LANGS:
        for text in sio.messages(result.problems, lang):
            assert not text.startswith("["), text
            assert "{" not in text, text


def test_lever_range_message_says_what_where_and_the_range() -> None:
    result = sio.import_json(_set_lever(2, "sellers", 0))
    assert sio.message(result.problems[0], "en") == (
        "Scenario 3, levers, lever “Sellers”: 0 is outside 2–30."
    )
    assert sio.message(result.problems[0], "nb") == (
        "Scenario 3, spakene, spaken «Selgere»: 0 er utenfor 2–30."
    )
    share = sio.import_json(_set_lever(0, "onboarding", 1.5)).problems[0]
    assert "150%" in sio.message(share, "en") and "0%–100%" in sio.message(share, "en")


def test_every_problem_in_a_file_is_reported_with_its_place() -> None:
    def mutate(d: dict) -> None:
        d["scenarios"][0]["levers"]["sellers"] = -1
        d["scenarios"][2]["levers"]["onboarding"] = "lots"
        d["scenarios"][3]["changes"][0]["month"] = 99

    result = sio.import_json(_with(mutate))
    places = [(p.key, p.params.get("n")) for p in result.problems]
    assert places == [("lever_range", 1), ("lever_type", 3), ("change_month", 4)]


def test_too_many_problems_are_summarised() -> None:
    def mutate(d: dict) -> None:
        for entry in d["scenarios"]:
            for lever in LEVER_NAMES:
                entry["levers"][lever] = "bad"

    result = sio.import_json(_with(mutate))
    lines = sio.messages(result.problems, "en")
    assert len(result.problems) == 4 * len(LEVER_NAMES)
    assert len(lines) == sio.MAX_PROBLEMS + 1
    assert lines[-1].startswith("… and 16 more")


def test_import_over_the_store_limit_is_refused() -> None:
    state: dict = {}
    for i in range(store.MAX_SAVED - 2):
        store.save(f"s{i}", rik.presets()["baseline"], 24, state=state)
    before = copy.deepcopy(store.store(state))
    result = store.apply_import(sio.export_json(_presets()), state=state)
    assert [p.key for p in result.problems] == ["over_limit"]
    assert store.store(state) == before
    replaced = store.apply_import(sio.export_json(_presets()), replace=True, state=state)
    assert replaced.ok
    assert store.names(state) == list(rik.PRESET_NAMES)


def test_good_import_adds_after_the_saved_ones() -> None:
    state = _seeded_state()
    result = store.apply_import(sio.export_json(_presets()), state=state)
    assert result.ok
    assert store.names(state) == ["Mine", "Theirs", *rik.PRESET_NAMES]
    assert store.get("catalyst", state) == SavedScenario(rik.presets()["catalyst"], 24)


# --- CSV, file names, links --------------------------------------------------------------


def test_results_csv_has_a_header_and_one_row_per_month() -> None:
    frame = rik.simulate(rik.presets()["catalyst"], months=24)
    text = sio.results_csv(frame)
    lines = text.strip().split("\n")
    assert lines[0].split(",") == ["month", *rik.COLUMNS]
    assert len(lines) == 26
    back = pd.read_csv(io.StringIO(text), index_col="month")
    pd.testing.assert_frame_equal(back, frame, check_names=False, check_index_type=False)


def test_safe_filename() -> None:
    assert sio.safe_filename("Mats' plan: «Kvalitet først»!", ".csv") == (
        "mats-plan-kvalitet-forst.csv"
    )
    assert sio.safe_filename("<<>>", ".json") == "scenario.json"
    assert sio.safe_filename("Æbler og øl", ".json") == "aebler-og-ol.json"


@pytest.mark.parametrize("name", rik.PRESET_NAMES)
def test_reopen_query_reproduces_presets(name: str) -> None:
    from rik.share import urlstate

    preset = rik.presets()[name]
    query, exact = sio.reopen_query(SavedScenario(preset, 36))
    assert exact
    state, notes = urlstate.parse_query(query)
    assert not notes
    assert state.months == 36
    assert state.scenario().levers == preset.levers
    assert state.scenario().changes == preset.changes


def test_reopen_query_is_flagged_when_changes_cannot_travel() -> None:
    odd = rik.Scenario("odd", rik.Levers(), (rik.Change(5, "sellers", 12),))
    _query, exact = sio.reopen_query(SavedScenario(odd, 24))
    assert not exact


# --- property: any valid list round-trips exactly ----------------------------------------


def _lever_value(name: str) -> st.SearchStrategy:
    meta = lever_meta(name)
    if meta.get("display") == "integer":
        return st.integers(int(meta["min"]), int(meta["max"]))
    return st.floats(float(meta["min"]), float(meta["max"]), allow_nan=False)


levers_strategy = st.fixed_dictionaries({n: _lever_value(n) for n in LEVER_NAMES}).map(
    lambda d: rik.Levers(**d)
)
change_strategy = st.sampled_from(LEVER_NAMES).flatmap(
    lambda lever: st.builds(
        rik.Change, st.integers(1, MAX_MONTHS), st.just(lever), _lever_value(lever)
    )
)
name_strategy = st.text(min_size=1, max_size=sio.NAME_MAX).filter(
    lambda s: sio.clean_name(s) == s and s != ""
)
saved_strategy = st.builds(
    lambda name, levers, changes, months: SavedScenario(
        rik.Scenario(name, levers, tuple(changes)), months
    ),
    name_strategy,
    levers_strategy,
    st.lists(change_strategy, max_size=4),
    st.integers(MIN_MONTHS, MAX_MONTHS),
)


@settings(max_examples=150, deadline=None)
@given(st.lists(saved_strategy, max_size=6, unique_by=lambda s: s.name))
def test_export_import_round_trip_property(saved: list[SavedScenario]) -> None:
    if not saved:
        assert sio.import_json(sio.export_json(saved)).problems[0].key == "no_scenarios"
        return
    result = sio.import_json(sio.export_json(saved))
    assert result.ok, sio.messages(result.problems, "en")
    assert list(result.scenarios) == saved


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400) | st.text(max_size=400))
def test_arbitrary_bytes_never_raise(data: bytes | str) -> None:
    result = sio.import_json(data)
    assert result.ok or not result.scenarios
    for lang in LANGS:
        sio.messages(result.problems, lang)


def test_message_escapes_only_the_filled_in_values() -> None:
    note = sio.Problem("renamed", {"old": "**x**", "new": "**x** (2)"})
    text = sio.message(note, "en", escape=store.plain)
    assert text.startswith("“\\*\\*x\\*\\*” was already taken")
    assert sio.message(note, "en") == (
        "“**x**” was already taken, so it was imported as “**x** (2)”."
    )


def test_import_messages_for_numbers_and_keys_say_what_is_wrong() -> None:
    huge = _set_lever(0, "sellers", 1).replace('"sellers": 1', '"sellers": ' + "9" * 4000)
    text = sio.message(sio.import_json(huge).problems[0], "en")
    assert "999999" in text and "40 characters" in text and len(text) < 200
    twice = _set_lever(0, "sellers", 1).replace('"sellers": 1', '"sellers": 1, "sellers": 30')
    for lang in LANGS:
        assert "sellers" in sio.message(sio.import_json(twice).problems[0], lang)


def test_a_single_scenario_file_for_a_room_is_read_as_strictly() -> None:
    from ui import rooms as room_ui

    one = rik.presets()["catalyst"].to_dict()
    good = json.dumps({**one, "name": "Plan\r=B"}).encode()
    scenarios, problems = room_ui.scenarios_from_file(good)
    assert [s.name for s in scenarios] == ["Plan =B"] and not problems
    for bad, key in [
        (json.dumps(one).replace('"sellers": 8', '"sellers": ' + "9" * 4000), "number_too_long"),
        (json.dumps(one).replace('"sellers": 8', '"sellers": NaN'), "not_finite"),
        (json.dumps(one).replace('"sellers": 8', '"sellers": 8, "sellers": 9'), "duplicate_key"),
    ]:
        assert bad != json.dumps(one)
        scenarios, problems = room_ui.scenarios_from_file(bad.encode())
        assert scenarios == [] and [p.key for p in problems] == [key]


# --- the team travels with the scenarios (issue 11) ------------------------------------

ARTICLE = rik.load_assumptions("article")
TEAM = team_view.EXAMPLE  # the six sellers, 650 000 kr a month


def test_export_carries_the_team_only_when_one_is_given() -> None:
    assert "team" not in _document()
    document = json.loads(sio.export_json(_presets(), TEAM))
    assert document["team"] == team_figures.to_export(TEAM)
    result = sio.import_json(sio.export_json(_presets(), TEAM), assumptions=ARTICLE)
    assert result.ok and result.team == TEAM
    assert [s.scenario for s in result.scenarios] == [s.scenario for s in _presets()]
    assert sio.import_json(sio.export_json(_presets())).team is None


@pytest.mark.parametrize(("team_part", "words"), [
    ("a team", {"en": "not complete", "nb": "ikke komplette"}),
    ({"levers": {}, "sales_nok": 1}, {"en": "outside the plausible range", "nb": "utenfor"}),
    ({**team_figures.to_export(TEAM), "lost_per_month": 300}, {"en": "fewer than your active",
                                                          "nb": "færre enn"}),
    ({**team_figures.to_export(TEAM), "csat": "80 %"}, {"en": "is not a number",
                                                  "nb": "er ikke et tall"}),
    ({**team_figures.to_export(TEAM), "sales_nok": 1e9}, {"en": "outside the plausible range",
                                                    "nb": "utenfor"}),
    ({**team_figures.to_export(TEAM), "sales_nok": 20_000_000}, {"en": "more than one deal",
                                                          "nb": "mer enn én avtale"}),
    ({**team_figures.to_export(TEAM), "boss": "Mats"},
     {"en": "not complete", "nb": "ikke komplette"}),
])
def test_a_bad_team_part_imports_nothing_and_says_why(team_part, words) -> None:
    document = _document() | {"team": team_part}
    state = _seeded_state()
    before = copy.deepcopy(store.store(state))
    result = store.apply_import(json.dumps(document), state=state, assumptions=ARTICLE)
    after = store.store(state)
    assert not result.ok and result.team is None and not result.scenarios
    assert before == after
    for lang in LANGS:
        (line,) = sio.messages(result.problems, lang)
        assert line.startswith(t("saved.problems.team", lang, reason=""))
        assert words[lang] in line, line
        assert "Traceback" not in line and "ValueError" not in line


def test_a_team_part_that_does_not_fit_the_assumption_set_is_refused() -> None:
    # sales that need more than one deal a meeting under these habits
    heavy = {**team_figures.to_export(TEAM), "sales_nok": 5_000_000, "deal_value_nok": 10_000}
    result = sio.import_json(json.dumps(_document() | {"team": heavy}), assumptions=ARTICLE)
    assert not result.ok and result.team is None


IMPORT_SCRIPT = """
import streamlit as st
import rik
from ui import frame, saved, team_state

ctx = frame.Ctx(page="compare", lang=st.query_params.get("lang", "en"), set_name="article",
                assumptions=rik.load_assumptions("article"), present=False,
                team=team_state.saved() if st.session_state.get(team_state.ACTIVE_KEY) else None)
data = st.session_state.get("file")
if data is not None:
    saved.show_import_result(ctx, saved.take_import(ctx, data))
st.download_button("export", saved.export_json(team=ctx.team), key="export")
"""


@pytest.mark.parametrize("lang", LANGS)
def test_importing_a_file_with_a_team_makes_it_the_firm(lang: str) -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(IMPORT_SCRIPT, default_timeout=30)
    at.query_params["lang"] = lang
    at.session_state["file"] = sio.export_json(_presets()[:1], TEAM).encode("utf-8")
    at.run()
    assert not at.exception
    assert at.session_state["team_saved"] == TEAM and at.session_state["team_active"]
    assert at.query_params["team"] == team_figures.to_param(TEAM)
    assert any(rik.fmt.nok(650_000, lang) in i.value for i in at.info)
    assert list(at.session_state[store.KEY]) == [_presets()[0].name]


def test_a_file_with_a_bad_team_changes_neither_team_nor_scenarios() -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_string(IMPORT_SCRIPT, default_timeout=30)
    at.query_params["lang"] = "nb"
    bad = _document() | {"team": {**team_figures.to_export(TEAM), "customers": -4}}
    at.session_state["file"] = json.dumps(bad).encode("utf-8")
    at.run()
    assert not at.exception
    assert "team_saved" not in at.session_state and "team" not in at.query_params
    assert not at.session_state[store.KEY]
    (error,) = at.error
    assert t("saved.problems.team", "nb", reason="") in error.value
    assert "-4" in error.value or "−4" in error.value
