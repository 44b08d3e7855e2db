"""Levers, changes and scenarios: metadata, validation messages and the JSON round trip."""

from __future__ import annotations

import dataclasses
import json
import math
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rik
from rik.model.levers import MAX_MONTHS, SCENARIO_VERSION

SETTINGS = settings(max_examples=60, deadline=None)
META_KEYS = {"min", "max", "step", "unit_en", "unit_nb", "label_en", "label_nb", "help_en",
             "help_nb", "display", "group"}
MODEL_LEVERS = (
    "meetings_per_seller_per_week",
    "sellers",
    "onboarding",
    "training_hours_per_month",
    "relationship_time_share",
    "development",
)


def _names(field: str, value, low: float, high: float) -> str:
    """A regex: the message names the field, the value and both ends of the allowed range."""
    parts = [re.escape(field), re.escape(repr(value)), rf"\b{low:g}\b", rf"\b{high:g}\b"]
    return "(?s)" + "".join(f"(?=.*{p})" for p in parts)


def _range(name: str) -> tuple[float, float]:
    meta = rik.lever_meta(name)
    return meta["min"], meta["max"]


# --- Metadata ---------------------------------------------------------------------------


def test_levers_are_the_six_of_model_md() -> None:
    assert rik.LEVER_NAMES == MODEL_LEVERS
    assert [f.name for f in dataclasses.fields(rik.Levers)] == list(MODEL_LEVERS)


@pytest.mark.parametrize("name", MODEL_LEVERS)
def test_lever_metadata(name) -> None:
    meta = rik.lever_meta(name)
    assert set(meta) >= META_KEYS, META_KEYS - set(meta)
    assert meta["min"] < meta["max"]
    assert 0 < meta["step"] <= meta["max"] - meta["min"]
    assert meta["display"] in {"number", "integer", "percent"}
    assert meta["group"] in {"activity", "quality"}
    for key in ("label_en", "label_nb", "help_en", "help_nb", "unit_en", "unit_nb"):
        assert isinstance(meta[key], str) and meta[key].strip(), (name, key)
    assert meta["label_en"] != meta["label_nb"] or name == "onboarding"
    if meta["display"] == "percent":
        assert (meta["min"], meta["max"]) == (0, 1), "shares are fractions 0..1"
    default = getattr(rik.Levers(), name)
    assert meta["min"] <= default <= meta["max"]
    field = next(f for f in dataclasses.fields(rik.Levers) if f.name == name)
    assert field.metadata is meta or dict(field.metadata) == dict(meta)


def test_lever_groups_match_the_story() -> None:
    groups = {n: rik.lever_meta(n)["group"] for n in MODEL_LEVERS}
    assert [n for n, g in groups.items() if g == "activity"] == [
        "meetings_per_seller_per_week",
        "sellers",
    ]
    assert rik.lever_meta("sellers")["display"] == "integer"


def test_levers_are_frozen_and_hashable() -> None:
    levers = rik.Levers()
    with pytest.raises(dataclasses.FrozenInstanceError):
        levers.sellers = 9  # type: ignore[misc]
    assert hash(levers) == hash(rik.Levers())
    assert levers.replace(sellers=9).sellers == 9 and levers.sellers == 8
    assert isinstance(rik.Levers(sellers=9.0).sellers, int)


def test_default_levers_are_the_status_quo() -> None:
    assert rik.Levers() == rik.status_quo() == rik.presets()["baseline"].levers


# --- Validation -------------------------------------------------------------------------------

BAD_VALUES = [-1, -0.5, float("nan"), float("inf"), float("-inf"), 1e9]


@pytest.mark.parametrize("name", MODEL_LEVERS)
@pytest.mark.parametrize("value", BAD_VALUES)
def test_levers_reject_bad_numbers(name, value) -> None:
    low, high = _range(name)
    with pytest.raises(ValueError, match=_names(name, value, low, high)):
        rik.Levers(**{name: value})


@pytest.mark.parametrize("name", MODEL_LEVERS)
def test_levers_reject_just_outside_the_range(name) -> None:
    low, high = _range(name)
    for value in (low - 0.01, high + 0.01):
        with pytest.raises(ValueError, match=_names(name, value, low, high)):
            rik.Levers(**{name: value})
    rik.Levers(**{name: low})
    rik.Levers(**{name: high})


@pytest.mark.parametrize("name", MODEL_LEVERS)
@pytest.mark.parametrize("value", [True, False, "10", None, [10], {"v": 1}, 1j])
def test_levers_reject_non_numbers(name, value) -> None:
    low, high = _range(name)
    with pytest.raises(ValueError, match=_names(name, value, low, high)):
        rik.Levers(**{name: value})


@pytest.mark.parametrize("value", [8.5, 2.000001, 7.99])
def test_sellers_must_be_whole(value) -> None:
    with pytest.raises(ValueError, match=_names("sellers", value, 2, 30) + "(?=.*whole)"):
        rik.Levers(sellers=value)


def test_unknown_lever_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match=r"(?s)(?=.*'meetings_per_week')(?=.*sellers)"):
        rik.Levers.from_dict({"meetings_per_week": 10})
    with pytest.raises(ValueError, match="levers"):
        rik.Levers.from_dict([("sellers", 8)])  # type: ignore[arg-type]


def test_levers_from_dict_keeps_defaults() -> None:
    assert rik.Levers.from_dict({"sellers": 12}) == rik.Levers(sellers=12)
    assert rik.Levers.from_dict({}) == rik.Levers()


# --- Change -------------------------------------------------------------------------------------


def test_change_normalises_values() -> None:
    change = rik.Change(12.0, "sellers", 10.0)  # type: ignore[arg-type]
    assert (change.month, change.value) == (12, 10)
    assert isinstance(change.month, int) and isinstance(change.value, int)
    assert isinstance(rik.Change(3, "onboarding", 1).value, float)


@pytest.mark.parametrize("month", [0, -1, MAX_MONTHS + 1, float("nan"), float("inf"), "3", True])
def test_change_rejects_bad_month(month) -> None:
    with pytest.raises(ValueError, match=_names("month", month, 1, MAX_MONTHS)):
        rik.Change(month, "sellers", 10)


def test_change_rejects_fractional_month() -> None:
    with pytest.raises(ValueError, match=r"(?s)(?=.*month)(?=.*2\.5)(?=.*whole)"):
        rik.Change(2.5, "sellers", 10)  # type: ignore[arg-type]


@pytest.mark.parametrize("lever", ["meetings", "", "Sellers", None, 3])
def test_change_rejects_unknown_lever(lever) -> None:
    pattern = "(?s)" + "".join(f"(?=.*{re.escape(s)})" for s in ("lever", repr(lever), "sellers"))
    with pytest.raises(ValueError, match=pattern):
        rik.Change(3, lever, 10)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", MODEL_LEVERS)
@pytest.mark.parametrize("value", [-1, float("nan"), 1e9, "1", True])
def test_change_rejects_bad_value(name, value) -> None:
    low, high = _range(name)
    with pytest.raises(ValueError, match=_names(name, value, low, high)):
        rik.Change(3, name, value)


# --- Scenario ------------------------------------------------------------------------------------


def test_scenario_sorts_changes_and_applies_them_in_order() -> None:
    later = rik.Change(12, "meetings_per_seller_per_week", 14)
    earlier = rik.Change(6, "meetings_per_seller_per_week", 12)
    scenario = rik.Scenario("plan", rik.Levers(), [later, earlier])  # type: ignore[arg-type]
    assert scenario.changes == (earlier, later)
    assert scenario.levers_at(0).meetings_per_seller_per_week == 10
    assert scenario.levers_at(5).meetings_per_seller_per_week == 10
    assert scenario.levers_at(6).meetings_per_seller_per_week == 12
    assert scenario.levers_at(11).meetings_per_seller_per_week == 12
    assert scenario.levers_at(60).meetings_per_seller_per_week == 14


@pytest.mark.parametrize("name", ["", "   ", None, 3, "x" * 81])
def test_scenario_rejects_bad_name(name) -> None:
    with pytest.raises(ValueError, match=r"(?s)(?=.*name)(?=.*\b1\b)(?=.*\b80\b)"):
        rik.Scenario(name)  # type: ignore[arg-type]


def test_scenario_rejects_bad_levers_and_changes() -> None:
    with pytest.raises(ValueError, match="levers"):
        rik.Scenario("x", {"sellers": 8})  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="changes"):
        rik.Scenario("x", rik.Levers(), ({"month": 3},))  # type: ignore[arg-type]


def test_catalyst_preset_raises_activity_later() -> None:
    catalyst, qf = rik.presets()["catalyst"], rik.presets()["quality_first"]
    assert catalyst.levers == qf.levers
    assert [c.lever for c in catalyst.changes] == ["meetings_per_seller_per_week"]
    assert catalyst.changes[0].value > qf.levers.meetings_per_seller_per_week


# --- JSON round trip ------------------------------------------------------------------------------


def lever_value(name: str):
    meta = rik.lever_meta(name)
    if meta["display"] == "integer":
        return st.integers(meta["min"], meta["max"])
    return st.floats(meta["min"], meta["max"], allow_nan=False, allow_infinity=False)


levers_st = st.fixed_dictionaries({n: lever_value(n) for n in MODEL_LEVERS}).map(
    lambda values: rik.Levers(**values)
)
change_st = st.sampled_from(MODEL_LEVERS).flatmap(
    lambda n: st.builds(rik.Change, st.integers(1, MAX_MONTHS), st.just(n), lever_value(n))
)
name_st = st.text(min_size=1, max_size=80).filter(lambda s: s.strip())
scenario_st = st.builds(
    rik.Scenario, name=name_st, levers=levers_st, changes=st.lists(change_st, max_size=3).map(tuple)
)


@SETTINGS
@given(scenario=scenario_st)
def test_scenario_json_round_trip_is_exact(scenario) -> None:
    data = scenario.to_dict()
    text = json.dumps(data, ensure_ascii=False, allow_nan=False)
    back = rik.Scenario.from_dict(json.loads(text))
    assert back == scenario
    assert back.to_dict() == data
    assert json.dumps(back.to_dict(), ensure_ascii=False) == text
    for name in MODEL_LEVERS:
        assert type(getattr(back.levers, name)) is type(getattr(scenario.levers, name))


def test_to_dict_shape() -> None:
    data = rik.presets()["catalyst"].to_dict()
    assert set(data) == {"version", "name", "levers", "changes"}
    assert data["version"] == SCENARIO_VERSION
    assert set(data["levers"]) == set(MODEL_LEVERS)
    assert data["changes"] == [{"month": 12, "lever": "meetings_per_seller_per_week", "value": 14}]


def test_presets_round_trip() -> None:
    for name, scenario in rik.presets().items():
        assert rik.Scenario.from_dict(json.loads(json.dumps(scenario.to_dict()))) == scenario, name


def _good() -> dict:
    return rik.presets()["catalyst"].to_dict()


def _with(path: tuple, value) -> dict:
    data = json.loads(json.dumps(_good()))
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("data", "pattern"),
    [
        ([1, 2], "scenario"),
        ("baseline", "scenario"),
        (None, "scenario"),
        ({**_good(), "extra": 1}, "'extra'"),
        (_with(("version",), 2), r"(?s)(?=.*version)(?=.*\b2\b)"),
        (_with(("name",), ""), r"(?s)(?=.*name)(?=.*'')"),
        (_with(("name",), 7), r"(?s)(?=.*name)(?=.*\b7\b)"),
        (_with(("levers",), [8]), "levers"),
        (_with(("levers", "sellers"), 40), _names("sellers", 40, 2, 30)),
        (_with(("levers", "sellers"), "8"), _names("sellers", "8", 2, 30)),
        (_with(("levers", "onboarding"), -0.1), _names("onboarding", -0.1, 0, 1)),
        (_with(("levers", "development"), True), _names("development", True, 0, 1)),
        (_with(("levers", "meetings_per_seller_per_week"), None),
         _names("meetings_per_seller_per_week", None, 2, 30)),
        (_with(("levers", "charisma"), 1), r"(?s)(?=.*'charisma')(?=.*sellers)"),
        (_with(("changes",), "soon"), "changes"),
        (_with(("changes",), [{"month": 3, "lever": "sellers", "value": 9}] * 101), "changes"),
        (_with(("changes", 0), {"month": 3}), r"(?s)(?=.*changes\[0\])(?=.*month)"),
        (_with(("changes", 0, "month"), 0), _names("month", 0, 1, MAX_MONTHS)),
        (_with(("changes", 0, "month"), 99), _names("month", 99, 1, MAX_MONTHS)),
        (_with(("changes", 0, "lever"), "charisma"), r"(?s)(?=.*'charisma')(?=.*sellers)"),
        (_with(("changes", 0, "value"), 31), _names("meetings_per_seller_per_week", 31, 2, 30)),
        (_with(("changes", 0, "value"), math.nan),
         _names("meetings_per_seller_per_week", math.nan, 2, 30)),
    ],
)
def test_from_dict_rejects_bad_input(data, pattern) -> None:
    with pytest.raises(ValueError, match=pattern):
        rik.Scenario.from_dict(data)


def test_from_dict_accepts_a_minimal_object() -> None:
    scenario = rik.Scenario.from_dict({"name": "Mats"})
    assert scenario == rik.Scenario("Mats", rik.Levers(), ())
