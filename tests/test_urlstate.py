"""The calculator's URL state: exact round trips, and no hand-edited link ever raises."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import rik
from rik.i18n import LANGS
from rik.model.levers import LEVER_NAMES, MAX_MONTHS, MIN_MONTHS, lever_meta, snap
from rik.share import urlstate
from rik.share.urlstate import CalcState, Note, describe_notes, parse_query, to_query


def _grid(name: str) -> list[float | int]:
    meta = lever_meta(name)
    n = round((meta["max"] - meta["min"]) / meta["step"])
    return [snap(name, meta["min"] + k * meta["step"]) for k in range(n + 1)]


@st.composite
def states(draw: st.DrawFn) -> CalcState:
    """Every state the calculator's widgets can produce."""
    values = {name: draw(st.sampled_from(_grid(name))) for name in LEVER_NAMES}
    months = draw(st.integers(MIN_MONTHS, MAX_MONTHS))
    return CalcState(
        preset=draw(st.sampled_from(rik.PRESET_NAMES)),
        levers=rik.Levers(**values),
        months=months,
        kpi_month=draw(st.integers(1, months)),
    )


@given(states())
@settings(max_examples=300)
def test_state_to_url_to_state_is_exact(state: CalcState) -> None:
    query = to_query(state)
    assert set(query) == set(urlstate.PARAMS)
    assert all(isinstance(v, str) for v in query.values())
    parsed, notes = parse_query(query)
    assert parsed == state
    assert notes == []


@given(states())
def test_url_as_lists_round_trips_too(state: CalcState) -> None:
    """``st.query_params.get_all`` gives lists; one value per key is the same as a string."""
    parsed, notes = parse_query({k: [v] for k, v in to_query(state).items()})
    assert parsed == state and notes == []


VALUES = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        ["abc", "1e309", "-1e309", "-5", "NaN", "nan", "inf", "", " ", "0", "1.5", "12,5",
         "1_000", "0x10", "٣", "10" * 40, "catalyst", "baseline", "😀", "<b>x</b>", "`x`",
         "[a](http://x)", ":red[x]"]
    ),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.integers(-10**6, 10**6).map(str),
)
KEYS = st.one_of(
    st.sampled_from([*urlstate.PARAMS, "lang", "set", "present"]), st.text(max_size=10)
)
QUERIES = st.dictionaries(KEYS, st.one_of(VALUES, st.lists(VALUES, max_size=4)), max_size=12)


@given(QUERIES)
@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
def test_fuzzed_queries_never_raise_and_give_a_valid_state(query: dict) -> None:
    state, notes = parse_query(query)
    assert isinstance(state, CalcState)  # __post_init__ validated it
    assert state.preset in rik.PRESET_NAMES
    assert MIN_MONTHS <= state.months <= MAX_MONTHS and 1 <= state.kpi_month <= state.months
    for name in LEVER_NAMES:
        value = getattr(state.levers, name)
        assert math.isfinite(value) and value == snap(name, value)
    assert all(isinstance(n, Note) for n in notes)
    # What the URL becomes after one pass is stable: parsing it again changes nothing.
    again, again_notes = parse_query(to_query(state))
    assert again == state and again_notes == []
    for lang in LANGS:
        text = describe_notes(notes, lang)
        assert "[calculator." not in text and "[common." not in text
        assert bool(text) == bool(notes)


@pytest.mark.parametrize(
    ("raw", "expected", "reason"),
    [
        ("abc", 20, "not_a_number"),  # numbers_game's own value is the fallback
        ("NaN", 20, "not_a_number"),
        ("", 20, "empty"),
        ("-5", 2, "out_of_range"),
        ("1e309", 30, "out_of_range"),
        ("99", 30, "out_of_range"),
        ("12.4", 12, "rounded"),
        ("12,6", 13, "rounded"),
        ("14", 14, None),
    ],
)
def test_bad_lever_values_fall_back_or_clamp(raw: str, expected: float, reason: str | None) -> None:
    state, notes = parse_query({"preset": "numbers_game", "meetings_per_seller_per_week": raw})
    assert state.preset == "numbers_game"
    assert state.levers.meetings_per_seller_per_week == expected
    assert [n.reason for n in notes] == ([reason] if reason else [])
    if reason:
        assert notes[0].param == "meetings_per_seller_per_week" and notes[0].raw == raw


def test_missing_levers_take_the_presets_values() -> None:
    state, notes = parse_query({"preset": "catalyst"})
    assert notes == []
    assert state.levers == rik.presets()["catalyst"].levers
    assert state.months == 24 and state.kpi_month == 12
    assert state.scenario() == rik.presets()["catalyst"]


def test_unknown_preset_falls_back_to_baseline() -> None:
    state, notes = parse_query({"preset": "moonshot", "sellers": "10"})
    assert state.preset == "baseline" and state.levers.sellers == 10
    assert [(n.param, n.reason) for n in notes] == [("preset", "unknown_preset")]


def test_repeated_key_uses_the_last_value_and_says_so() -> None:
    state, notes = parse_query({"sellers": ["5", "12"]})
    assert state.levers.sellers == 12
    assert [n.reason for n in notes] == ["repeated"]
    state, notes = parse_query({"sellers": ["12", "12"]})
    assert state.levers.sellers == 12 and notes == []


def test_months_and_kpi_month_are_clamped() -> None:
    state, notes = parse_query({"months": "6", "kpi_month": "40"})
    assert state.months == MIN_MONTHS and state.kpi_month == MIN_MONTHS
    assert [n.reason for n in notes] == ["out_of_range", "out_of_range"]
    state, _ = parse_query({"months": "36.6"})
    assert state.months == 37


def test_share_levers_travel_as_fractions() -> None:
    query = to_query(CalcState.from_preset("quality_first"))
    assert query["relationship_time_share"] == "0.55"
    assert query["sellers"] == "8" and query["meetings_per_seller_per_week"] == "10"


def test_presets_are_on_the_widget_grid() -> None:
    """A preset loaded by name must be what its link parses back to."""
    for name, scenario in rik.presets().items():
        for lever in LEVER_NAMES:
            value = getattr(scenario.levers, lever)
            assert snap(lever, value) == value, (name, lever)


def test_moving_a_lever_drops_only_that_levers_later_steps() -> None:
    catalyst = CalcState.from_preset("catalyst")
    assert catalyst.is_preset and len(catalyst.kept_changes()) == 1
    more_training = catalyst.replace(levers=catalyst.levers.replace(training_hours_per_month=12))
    assert more_training.moved == ("training_hours_per_month",)
    assert more_training.kept_changes() == catalyst.kept_changes()
    assert more_training.scenario_key == "custom"
    own_meetings = catalyst.replace(levers=catalyst.levers.replace(meetings_per_seller_per_week=18))
    assert own_meetings.kept_changes() == ()
    assert [c.lever for c in own_meetings.dropped_changes()] == ["meetings_per_seller_per_week"]
    plan = own_meetings.scenario()
    assert plan.levers_at(24).meetings_per_seller_per_week == 18


def test_notes_are_translated_and_inert() -> None:
    _, notes = parse_query({"sellers": "[x](http://evil)`", "preset": "<script>"})
    en, nb = describe_notes(notes, "en"), describe_notes(notes, "nb")
    assert "Sellers" in en and "Selgere" in nb
    assert en != nb
    # Raw values are repeated only inside code spans, with backticks removed.
    assert "`[x](http://evil)`" in en.replace("…", "")
    assert en.count("`") % 2 == 0


def test_describe_notes_caps_the_list() -> None:
    query = {name: "abc" for name in LEVER_NAMES}
    _, notes = parse_query(query)
    text = describe_notes(notes, "en")
    assert len(notes) == 6 and "and 1 more" in text


def test_invalid_state_is_rejected() -> None:
    with pytest.raises(ValueError, match="preset"):
        CalcState(preset="nope")
    with pytest.raises(ValueError, match="kpi_month"):
        CalcState(months=12, kpi_month=13)
