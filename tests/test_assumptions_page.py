"""The assumptions page (and its view, ``ui.assumptions_view``): every coefficient shown,
sets compared, edits validated."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import rik
from rik import fmt
from rik.i18n import LANGS, strings, t
from rik.story import about
from tests.apptest import open_page
from ui import assumptions_view as view

ROOT = Path(__file__).resolve().parent.parent
PAGE = "pages/40_assumptions.py"


def _shown_labels(at: AppTest, lang: str) -> list[str]:
    column = t("about.assumptions.col_label", lang)
    return [label for table in at.table for label in table.value[column]]


def _csv_keys() -> set[str]:
    with (ROOT / "data" / "assumptions.csv").open(encoding="utf-8", newline="") as fh:
        return {row["key"].strip() for row in csv.DictReader(fh)}


def _edit(at: AppTest, set_name: str, key: str, text: str, version: int = 0) -> None:
    row = list(rik.load_assumptions(set_name).keys()).index(key)
    at.session_state[f"{view.EDITOR_PREFIX}{set_name}_{version}"] = {
        "edited_rows": {row: {"value": text}},
        "added_rows": [],
        "deleted_rows": [],
    }


@pytest.mark.parametrize("lang", LANGS)
def test_page_renders_in_both_languages(lang: str) -> None:
    at = open_page(PAGE, lang)
    assert [x.value for x in at.title] == [t("frame.pages.assumptions", lang)]
    assert not at.error
    texts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    texts += [str(table.value.to_dict()) for table in at.table]
    assert not any("[about." in s or "[common." in s for s in texts)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("set_name", rik.ASSUMPTION_SETS)
def test_every_coefficient_in_data_is_on_the_page(lang: str, set_name: str) -> None:
    """Fails when a coefficient is added to data/ but the page does not show it."""
    at = open_page(PAGE, lang, set=set_name)
    shown = _shown_labels(at, lang)
    assumptions = rik.load_assumptions(set_name)
    assert len(shown) == len(assumptions) == len(_csv_keys())
    for key in _csv_keys():
        assert assumptions.coefficient(key).label(lang) in shown, key
    # Value, range, unit, source, what it says and confidence are all there.
    columns = set(at.table[0].value.columns)
    for name in ("value", "range", "unit", "source", "says", "confidence"):
        assert t(f"about.assumptions.col_{name}", lang) in columns


def test_differences_are_marked() -> None:
    at = open_page(PAGE, "en")
    flag = t("about.assumptions.flag_differs", "en")
    marked = [
        label
        for table in at.table
        for label, note in zip(table.value["Coefficient"], table.value["Note"], strict=True)
        if flag in note
    ]
    article, evidence = rik.load_assumptions("article"), rik.load_assumptions("evidence")
    expected = {article.coefficient(k).label_en for k in about.differing_keys(article, evidence)}
    assert set(marked) == expected and len(expected) >= 5
    assert "6 of 51" in at.info[0].value or str(len(expected)) in at.info[0].value


def test_set_switch_changes_values() -> None:
    at = open_page(PAGE, "en")
    before = at.table[0].value.set_index("Coefficient")["Value"].to_dict()
    at.segmented_control(key=view.SET_KEY).set_value("evidence").run()
    assert not at.exception
    after = at.table[0].value.set_index("Coefficient")["Value"].to_dict()
    assert before != after
    assert at.query_params["set"] == "evidence"
    assert at.session_state["set_name"] == "evidence"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("bad", ["abc", "0.99", "-1", "1e309", ""])
def test_bad_edit_is_rejected_and_the_previous_set_kept(lang: str, bad: str) -> None:
    at = open_page(PAGE, lang)
    _edit(at, "article", "seller_turnover_0", bad)
    at.run()
    assert not at.exception
    assert len(at.error) == 1
    message = at.error[0].value
    coefficient = rik.load_assumptions("article").coefficient("seller_turnover_0")
    assert coefficient.label(lang) in message
    assert about.number_text(coefficient.low, lang) in message
    assert about.number_text(coefficient.high, lang) in message
    edited = at.session_state.get(view.EDITED, {})
    assert "article" not in edited


def test_good_edit_applies_everywhere_then_bad_edit_keeps_it_then_reset() -> None:
    at = open_page(PAGE, "en")
    _edit(at, "article", "training_cost_nok_per_hour", "1000")
    at.run()
    assert not at.exception and not at.error
    edited = at.session_state[view.EDITED]["article"]
    assert edited["training_cost_nok_per_hour"] == 1000.0
    assert any(t("about.assumptions.accepted", "en", set="The article") == s.value
               for s in at.success)
    # A later bad edit is refused and the accepted copy stays.
    _edit(at, "article", "training_cost_nok_per_hour", "5000", version=1)
    at.run()
    assert len(at.error) == 1 and "300" in at.error[0].value and "1,500" in at.error[0].value
    assert at.session_state[view.EDITED]["article"]["training_cost_nok_per_hour"] == 1000
    # The calculator uses the edited copy: dearer training, less contribution.
    label = t("common.outputs.contribution_nok", "en")
    at.switch_page("pages/20_calculator.py").run()
    edited_value = next(m for m in at.metric if m.label == label).value
    at.switch_page(PAGE).run()
    reset = next(b for b in at.button if b.label == t("about.assumptions.reset", "en"))
    reset.click().run()
    assert "article" not in at.session_state[view.EDITED]
    at.switch_page("pages/20_calculator.py").run()
    shipped_value = next(m for m in at.metric if m.label == label).value
    assert edited_value != shipped_value


def test_an_edit_back_to_the_shipped_value_drops_the_edited_copy() -> None:
    at = open_page(PAGE, "en")
    shipped = rik.load_assumptions("article")["training_cost_nok_per_hour"]
    _edit(at, "article", "training_cost_nok_per_hour", "1000")
    at.run()
    assert "article" in at.session_state[view.EDITED]
    _edit(at, "article", "training_cost_nok_per_hour", fmt.number(shipped, "en"), version=1)
    at.run()
    assert not at.exception and not at.error
    assert "article" not in at.session_state[view.EDITED]
    assert at.session_state[view.VERSIONS]["article"] == 2
    assert not at.warning  # nothing edited any longer


def test_rows_with_a_note_are_marked() -> None:
    part = pd.DataFrame({"label": ["a", "b"], "note": ["", "differs"]})
    html = view.marked(part).to_html()
    rule = re.search(r"([^{}]*)\{[^}]*" + re.escape(view.MARK.split(": ")[1]), html)
    assert set(re.findall(r"row(\d+)_col(\d+)", rule.group(1))) == {("1", "0"), ("1", "1")}


# --- rik.story.about (pure) ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("0,5", "nb", 0.5), ("0.5", "nb", 0.5), ("25 000", "nb", 25000.0),
        ("25,000", "en", 25000.0), ("0,5", "en", 0.5), ("1.234,5", "nb", 1234.5),
        ("\u22120,2", "nb", -0.2), ("abc", "en", None),
        ("", "en", None), ("nan", "en", None), ("inf", "en", None), ("1e309", "en", None),
        (3, "en", 3.0), (True, "en", None),
    ],
)
def test_parse_number(text, lang, expected) -> None:
    assert fmt.parse_number(text, lang) == expected


def test_number_text_shows_just_the_decimals_needed() -> None:
    assert about.number_text(0.015, "nb") == "0,015"
    assert about.number_text(25000, "nb") == "25\u00a0000"
    assert about.number_text(2.8, "en") == "2.8"


def test_apply_edits_names_every_bad_cell() -> None:
    a = rik.load_assumptions("article")
    new, errors = about.apply_edits(a, {"csat_0": "2", "avoid_share": "x"}, "nb")
    assert new is None and len(errors) == 2
    assert "Kundetilfredshet ved start" in errors[0] and "0,65" in errors[0]
    new, errors = about.apply_edits(a, {"csat_0": "0,7"}, "nb")
    assert errors == [] and new["csat_0"] == 0.7 and a["csat_0"] == 0.78


def test_source_texts_live_in_data_once_per_language() -> None:
    """Every coefficient has its source and what the source says in both languages, in
    data/*.csv only (the strings files hold no copy), and the Norwegian is not the English."""
    for set_name in rik.ASSUMPTION_SETS:
        for c in rik.load_assumptions(set_name):
            assert c.source_in("en") == c.source, c.key
            assert c.says_in("nb") == c.source_says_nb, c.key
            assert c.source_nb and c.source_says_nb, c.key
            assert c.source_says_nb != c.source_says, c.key
            for lang in LANGS:
                assert not about.unit_text(c, lang).startswith("["), c.unit
    for lang in LANGS:
        assert not [k for k in strings(lang) if ".sources_" in k or ".says_" in k]
