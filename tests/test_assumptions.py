"""Assumption sets: every coefficient sourced and ranged, two sets, validated edits."""

from __future__ import annotations

import ast
import csv
import dataclasses
import math
import re
from pathlib import Path

import pytest

import rik
from rik.model.assumptions import CONFIDENCE_LEVELS

ROOT = Path(__file__).resolve().parent.parent
FIELDS = ("key", "value", "low", "high", "unit", "group", "label_en", "label_nb", "source",
          "source_says", "source_nb", "source_says_nb", "confidence")


def _names(field: str, value, low: float, high: float) -> str:
    parts = [re.escape(field), re.escape(repr(value)), rf"\b{low:g}\b", rf"\b{high:g}\b"]
    return "(?s)" + "".join(f"(?=.*{p})" for p in parts)


@pytest.fixture(scope="module", params=rik.ASSUMPTION_SETS)
def aset(request) -> rik.Assumptions:
    return rik.load_assumptions(request.param)


def test_two_sets_ship() -> None:
    assert rik.ASSUMPTION_SETS == ("article", "evidence")
    assert rik.load_assumptions().name == "article"
    assert rik.load_assumptions("evidence").name == "evidence"


@pytest.mark.parametrize("name", ["Article", "evidense", "", "default", None, 1])
def test_unknown_set_lists_the_known_ones(name) -> None:
    pattern = rf"(?s)(?=.*{re.escape(repr(name))})(?=.*article)(?=.*evidence)"
    with pytest.raises(ValueError, match=pattern):
        rik.load_assumptions(name)


def test_every_coefficient_is_complete(aset) -> None:
    assert len(aset) >= 30
    assert len(set(aset.keys())) == len(aset), "duplicate keys"
    for c in aset:
        assert isinstance(c, rik.Coefficient)
        assert tuple(f.name for f in dataclasses.fields(c)) == FIELDS
        for name in ("value", "low", "high"):
            assert isinstance(getattr(c, name), float) and math.isfinite(getattr(c, name))
        assert c.low <= c.value <= c.high, c.key
        for name in ("unit", "group", "label_en", "label_nb", "source", "source_says",
                     "source_nb", "source_says_nb"):
            assert getattr(c, name).strip(), f"{aset.name}.{c.key}: empty {name}"
        assert c.confidence in CONFIDENCE_LEVELS, (c.key, c.confidence)
        assert c.label("nb") == c.label_nb and c.label("en") == c.label_en
        assert aset[c.key] == c.value == getattr(aset, c.key)
        assert aset.coefficient(c.key) is c


def test_both_sets_have_the_same_keys_in_the_same_order() -> None:
    assert rik.load_assumptions("article").keys() == rik.load_assumptions("evidence").keys()


def test_every_coefficient_is_used_by_the_model() -> None:
    """No dead coefficients: each key is read somewhere in rik/ (as p.<key> or by name)."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "rik").rglob("*.py"))
    keys = rik.load_assumptions().keys()
    unused = [k for k in keys if not re.search(rf"\b{k}\b", source)]
    assert not unused, f"coefficients the model never reads: {unused}"


def test_no_numeric_literals_in_the_equations() -> None:
    """Every coefficient lives in data/: core.py's functions use only 0, 1 and the
    named constants of core.py (a guard such as a cap or a floor must be listed here)."""
    tree = ast.parse((ROOT / "rik" / "model" / "core.py").read_text(encoding="utf-8"))
    allowed = {0, 1}
    guards = {0.5, 0.1}  # quit-rate cap and reputation floor in core.month
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            for sub in ast.walk(node):
                if (
                    isinstance(sub, ast.Constant)
                    and isinstance(sub.value, int | float)
                    and not isinstance(sub.value, bool)
                    and sub.value not in allowed | guards
                ):
                    found.append((node.name, sub.value, sub.lineno))
    assert not found, f"numeric literals in rik/model/core.py (move them to data/): {found}"


def test_evidence_set_follows_model_md_table() -> None:
    """The evidence set carries MODEL.md's "what it supports" column."""
    article, evidence = rik.load_assumptions("article"), rik.load_assumptions("evidence")
    # 70 % of churn from quality: low confidence, relationship failure, not 70 %.
    assert article.quality_churn_share_0 == pytest.approx(0.70)
    assert evidence.quality_churn_share_0 < article.quality_churn_share_0
    assert evidence.coefficient("quality_churn_share_0").confidence == "low"
    # Told at least 15: those who share tell 15–24; only about half share.
    assert article.people_told == 15 and article.share_who_tell == 1.0
    assert 15 <= evidence.people_told <= 24
    assert evidence.share_who_tell == pytest.approx(0.5, abs=0.1)
    # 39 % avoid 2+ years: high confidence, unchanged.
    assert evidence.avoid_share == article.avoid_share == pytest.approx(0.39)
    assert evidence.avoid_months == article.avoid_months == 24
    assert evidence.coefficient("avoid_share").confidence == "high"
    # '>10 %' satisfaction cut: no source found.
    assert evidence.csat_meeting_weight < article.csat_meeting_weight
    assert article.coefficient("csat_meeting_weight").confidence == "unverified"
    # +40 % is above academic estimates.
    assert evidence.training_skill_gain < article.training_skill_gain
    differs = [c for c in evidence if c.value != article[c.key]]
    for c in differs:
        assert c.source != article.coefficient(c.key).source or c.source_says, c.key


def test_evidence_csv_only_overrides_known_keys() -> None:
    with (ROOT / "data" / "assumptions-evidence.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    keys = set(rik.load_assumptions().keys())
    assert rows and all(r["key"] in keys for r in rows)


def test_assumptions_are_frozen_and_hashable(aset) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        aset.name = "x"  # type: ignore[misc]
    assert hash(aset) == hash(rik.load_assumptions(aset.name))
    with pytest.raises(AttributeError):
        _ = aset.no_such_coefficient


# --- with_values --------------------------------------------------------------------------


def test_with_values_changes_only_what_it_is_given(aset) -> None:
    c = aset.coefficient("people_told")
    new = aset.with_values({"people_told": c.high}, name="mine")
    assert new.people_told == c.high and new.name == "mine"
    assert aset.people_told == c.value, "the original is unchanged"
    assert {k: v for k, v in new.values().items() if k != "people_told"} == {
        k: v for k, v in aset.values().items() if k != "people_told"
    }
    assert new.coefficient("people_told").source == c.source
    assert aset.with_values({}) == aset
    assert aset.with_values({"people_told": int(c.value)}).people_told == c.value


@pytest.mark.parametrize("value", ["low", "high"])
def test_with_values_accepts_the_ends_of_each_range(aset, value) -> None:
    values = {c.key: getattr(c, value) for c in aset}
    new = aset.with_values(values)
    assert new.values() == values


@pytest.mark.parametrize(
    "bad", [lambda c: c.low - 1e-6, lambda c: c.high + 1e-6, lambda c: -c.high - 1]
)
def test_with_values_rejects_out_of_range(aset, bad) -> None:
    for c in aset:
        value = bad(c)
        with pytest.raises(ValueError, match=_names(c.key, value, c.low, c.high)):
            aset.with_values({c.key: value})


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf"), True, "15", None])
def test_with_values_rejects_non_numbers(aset, value) -> None:
    c = aset.coefficient("people_told")
    with pytest.raises(ValueError, match=_names("people_told", value, c.low, c.high)):
        aset.with_values({"people_told": value})


def test_with_values_rejects_unknown_coefficient(aset) -> None:
    with pytest.raises(ValueError, match=r"(?s)(?=.*unknown)(?=.*'charisma')"):
        aset.with_values({"charisma": 1.0})


def test_edited_assumptions_change_the_simulation() -> None:
    a = rik.load_assumptions()
    scenario = rik.presets()["numbers_game"]
    c = a.coefficient("csat_meeting_weight")
    weak = rik.simulate(scenario, a.with_values({c.key: c.low}))
    strong = rik.simulate(scenario, a.with_values({c.key: c.high}))
    assert strong.csat[12] < weak.csat[12]


def test_every_coefficient_group_has_a_title_in_both_languages() -> None:
    from rik.i18n import LANGS, t

    for c in rik.load_assumptions("article"):
        for lang in LANGS:
            assert not t(f"about.groups.{c.group}", lang).startswith("["), (c.group, lang)
