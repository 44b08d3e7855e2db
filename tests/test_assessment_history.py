"""The self-assessment's then and now (issue 11): results saved as a file, uploaded later
and compared; a bad file changes nothing and says what is wrong in the user's language."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from streamlit.testing.v1 import AppTest

import rik
from rik.i18n import LANGS, t
from rik.model.levers import format_lever, lever_label
from rik.share import scenario_io, team_figures
from rik.team import assessment as asm
from rik.team import assessment_io as aio
from tests.apptest import open_page
from ui.team_view import EXAMPLE as TEAM

ARTICLE = rik.load_assumptions("article")
DAY = datetime.date(2026, 3, 1)
THEN = asm.assess(asm.example_answers())
NOW = asm.assess(asm.example_answers() | {"meetings": 14, "training_hours": 4,
                                          "trn_coaching": 4, "onb_plan": 5})
PLACEHOLDER = re.compile(r"\{[a-z_]+\}|\[[a-z_]+\.[a-z0-9_.]+\]")


def _document(team=None) -> dict:
    return json.loads(aio.to_json(THEN, DAY, team))


def test_results_saved_and_read_again_are_the_same() -> None:
    back = aio.read(aio.to_json(THEN, DAY).encode("utf-8"))
    assert back.saved_on == DAY and back.team is None
    assert back.assessment.answers == asm.clean_answers(THEN.answers)
    assert back.assessment.scores == THEN.scores and back.assessment.levers == THEN.levers
    with_team = aio.read(aio.to_json(THEN, DAY, TEAM), ARTICLE)
    assert with_team.team == TEAM
    document = _document()
    assert document["format"] == aio.FORMAT and document["scores"]["quadrant"] == "room_to_grow"


def test_the_comparison_shows_what_moved() -> None:
    rows = aio.comparison(aio.read(aio.to_json(THEN, DAY)), NOW, "en")
    by_what = {row["what"]: row for row in rows}
    i_row = by_what[t("assessment.scores.i_label", "en")]
    assert i_row["change"] == "+" + rik.fmt.number(NOW.scores.i - THEN.scores.i, "en")
    meetings = by_what[lever_label("meetings_per_seller_per_week", "en")]
    assert (meetings["then"], meetings["now"], meetings["change"]) == (
        format_lever("meetings_per_seller_per_week", 10, "en"),
        format_lever("meetings_per_seller_per_week", 14, "en"), "+4")
    assert by_what[lever_label("sellers", "en")]["change"] == ""
    nb = aio.comparison(aio.read(aio.to_json(THEN, DAY)), NOW, "nb")
    assert any("%-poeng" in row["change"] for row in nb)
    same = aio.comparison(aio.read(aio.to_json(THEN, DAY)), THEN, "en")
    assert not any(row["change"] for row in same)


def _shown_change_differs() -> tuple[asm.Assessment, asm.Assessment]:
    """Two results whose I scores round to numbers whose difference is not the rounded
    difference of the scores (a reviewer saw 71 → 68 with the change "−4")."""
    for before in range(8, 20):
        for after in range(8, 20):
            a = asm.assess(asm.example_answers() | {"meetings": before + 0.1})
            b = asm.assess(asm.example_answers() | {"meetings": after + 0.5})
            i, j = a.scores.i, b.scores.i
            if round(j) - round(i) != round(j - i):
                return a, b
    raise AssertionError("no such pair")


@pytest.mark.parametrize("lang", LANGS)
def test_a_change_is_the_difference_of_the_numbers_shown(lang: str) -> None:
    then, now = _shown_change_differs()
    rows = aio.comparison(aio.read(aio.to_json(then, DAY)), now, lang)
    for row in rows[:2] + rows[3:3 + len(asm.HABITS)]:
        numbers = [rik.fmt.parse_number(row[k].replace("%", "").split("\u00a0%-")[0]
                                        .replace("pp", "").replace("%-poeng", "").strip(),
                                        lang) if row[k] else 0.0
                   for k in ("then", "now", "change")]
        assert numbers[2] == numbers[1] - numbers[0], row


def _bad_answers(**changes) -> str:
    document = _document()
    document["answers"] |= changes
    return json.dumps(document)


BAD_FILES = {
    "not json": b"{answers: 1",
    "not utf-8": "{\"format\": \"rik-assessment\", \"x\": \"\u00e6\"}".encode("cp1252"),
    "empty": b"   ",
    "too large": b" " * (aio.MAX_BYTES + 1),
    "a scenario file": scenario_io.export_json([]).encode("utf-8"),
    "a list": b"[1, 2]",
    "wrong version": json.dumps(_document() | {"schema_version": 2}).encode(),
    "unknown field": json.dumps(_document() | {"comment": "hi"}).encode(),
    "bad date": json.dumps(_document() | {"saved_on": "1st of March"}).encode(),
    "no answers": json.dumps(_document() | {"answers": [3, 4]}).encode(),
    "a missing answer": json.dumps(
        _document() | {"answers": {k: v for k, v in _document()["answers"].items()
                                   if k != "fb_ask"}}).encode(),
    "an answer off the scale": _bad_answers(act_plan=7).encode(),
    "text for a number": _bad_answers(meetings="ten").encode(),
    "an unknown question": _bad_answers(mood=3).encode(),
    "NaN": json.dumps(_document()).replace('"meetings": 10', '"meetings": NaN').encode(),
    "a key twice": json.dumps(_document()).replace(
        '"format": "rik-assessment"', '"format": "rik-assessment", "format": "x"').encode(),
    "a bad team": json.dumps(_document(TEAM) | {"team": {**team_figures.to_export(TEAM),
                                                         "lost_per_month": 500}}).encode(),
    "a team that is no team": json.dumps(_document() | {"team": "ours"}).encode(),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_file_is_refused_with_a_message_in_either_language(case: str) -> None:
    with pytest.raises(aio.FileProblem) as refused:
        aio.read(BAD_FILES[case], ARTICLE)
    lines = {lang: aio.message(refused.value, lang) for lang in LANGS}
    for found in lines.values():
        assert found and all(line.strip() for line in found)
        assert not any(PLACEHOLDER.search(line) for line in found), found
        assert not any("Traceback" in line or "Error" in line for line in found)
    assert lines["nb"] != lines["en"]


SCRIPT = """
import streamlit as st
import rik
from rik.team import assessment as asm
from ui import assessment_history, frame

ctx = frame.Ctx(page="assessment", lang=st.query_params.get("lang", "en"), set_name="article",
                assumptions=rik.load_assumptions("article"), present=False)
now = asm.assess(st.session_state["now"])
assessment_history.compare(ctx, now, st.session_state["file"])
"""


def _compare(lang: str, data: bytes, now: dict) -> AppTest:
    at = AppTest.from_string(SCRIPT, default_timeout=30)
    at.query_params["lang"] = lang
    at.session_state["file"] = data
    at.session_state["now"] = now
    return at.run()


@pytest.mark.parametrize("lang", LANGS)
def test_uploading_earlier_results_shows_then_and_now(lang: str) -> None:
    at = _compare(lang, aio.to_json(THEN, DAY, TEAM).encode(), NOW.answers)
    assert not at.exception and not at.error
    assert t("assessment.history.compared", lang, then="2026-03-01") in [
        m.value for m in at.markdown]
    assert any(rik.fmt.nok(TEAM.sales_nok, lang) in c.value for c in at.caption)
    (table,) = at.dataframe
    assert list(table.value.columns) == [t(f"assessment.history.{k}", lang)
                                         for k in ("what", "then", "now", "change")]
    assert t(f"assessment.quadrants.{NOW.quadrant}.name", lang) in set(
        table.value[t("assessment.history.now", lang)])


@pytest.mark.parametrize("lang", LANGS)
def test_a_bad_upload_says_what_is_wrong_and_changes_nothing(lang: str) -> None:
    at = _compare(lang, BAD_FILES["an answer off the scale"], NOW.answers)
    assert not at.exception and not at.dataframe
    (error,) = at.error
    assert error.value.startswith(t("assessment.history.rejected", lang))
    item = asm.ITEM_BY_KEY["act_plan"].short(lang)
    assert item in error.value.replace("\\", "")
    assert at.session_state["now"] == NOW.answers


def test_the_page_offers_the_file_and_the_upload() -> None:
    at = open_page("pages/30_assessment.py", "nb", timeout=60)
    at.button(key="assess_example").click().run()
    assert not at.exception
    assert t("assessment.history.heading", "nb") in [s.value for s in at.subheader]
    uploaders = at.get("file_uploader")
    assert any(e.proto.label == t("assessment.history.upload", "nb") for e in uploaders)
    buttons = at.get("download_button")
    assert any(e.proto.label == t("assessment.history.download", "nb") for e in buttons)
