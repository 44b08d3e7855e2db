"""Presenter mode: chapters cut into steps, turned on ← / → and PageUp / PageDown,
speaker notes for every step in both languages."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from rik.i18n import LANGS, strings, t
from ui import frame, present

SCRIPT = """
import streamlit as st
import rik
from ui import frame, present

calls = st.session_state.setdefault("switched", [])
real = st.switch_page
st.switch_page = lambda page, query_params=None: calls.append((page, dict(query_params)))
try:
    ctx = frame.Ctx(page=st.query_params.get("page", "mats"),
                    lang=st.query_params.get("lang", "en"), set_name="evidence",
                    assumptions=rik.load_assumptions("evidence"), present=True,
                    speaker_notes=st.query_params.get("notes") == "1",
                    deck=frame.deck_id(st.query_params.get("deck")))
    st.markdown(f"step: {present.step(ctx)}")
    present.present_nav(ctx)
finally:
    st.switch_page = real
"""

CHAPTERS = [p.key for p in frame.PAGES if p.section == "story"]


def _run(**query: str) -> AppTest:
    at = AppTest.from_string(SCRIPT, default_timeout=30)
    for name, value in query.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(None, 1), ("1", 1), ("2", 2), ("last", 3), ("LAST", 3), ("9", 3), ("0", 1),
     ("-1", 1), ("x", 1), ("2.5", 1), ("99999999", 1), (" 2 ", 2)],
)
def test_step_number_is_clamped(raw: str | None, expected: int) -> None:
    assert present.step_number(raw, 3) == expected


def test_every_chapter_has_steps_and_every_step_has_notes_in_both_languages() -> None:
    assert set(present.STEPS) == set(CHAPTERS)
    for lang in LANGS:
        for chapter, steps in present.STEPS.items():
            assert len(set(steps)) == len(steps)
            for name in steps:
                note = strings(lang).get(f"story.notes.{chapter}.{name}", "")
                assert len(note) > 40, f"{lang}: no speaker notes for {chapter}.{name}"


def test_steps_run_across_chapters() -> None:
    first, second, last = CHAPTERS[0], CHAPTERS[1], CHAPTERS[-1]
    n_first = len(present.STEPS[first])
    assert present.target(first, 1, +1) == present.Target(first, 2)
    assert present.target(first, n_first, +1) == present.Target(second, 1)
    assert present.target(second, 1, -1) == present.Target(first, present.LAST)
    assert present.target(first, 1, -1) is None
    assert present.target(last, len(present.STEPS[last]), +1) is None


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_buttons_are_bound_to_arrows_and_clicker(lang: str) -> None:
    at = _run(lang=lang, page="mats", step="1")
    shortcuts = {b.key: b.proto.shortcut for b in at.button}
    assert shortcuts == {
        "present_nav_prev": "left",
        "present_nav_next": "right",
        "present_nav_pgup": "pageup",
        "present_nav_pgdn": "pagedown",
    }
    # Step 1 of "mats": back goes to the previous chapter, next to this chapter's step 2.
    assert at.button(key="present_nav_prev").label == t(
        "frame.previous", lang, title=t("frame.pages.myth", lang)
    )
    assert at.button(key="present_nav_next").label == t("frame.next_step", lang)
    counter = t("frame.step_of", lang, chapter=2, chapters=len(CHAPTERS), n=1,
                total=len(present.STEPS["mats"]))
    assert counter in [m.value for m in at.markdown]


def test_next_turns_the_step_in_the_address() -> None:
    at = _run(page="push", step="2")
    assert at.markdown[0].value == "step: satisfaction"
    at.button(key="present_nav_pgdn").click().run()
    assert at.query_params["step"] == "3"
    assert at.markdown[0].value == "step: reputation"
    at.button(key="present_nav_prev").click().run()
    assert at.markdown[0].value == "step: satisfaction"
    assert at.session_state["switched"] == []


def test_ends_of_a_chapter_switch_chapters_keeping_the_link() -> None:
    at = _run(lang="nb", page="mats", step="1")
    at.button(key="present_nav_pgup").click().run()
    switched = at.session_state["switched"]
    assert switched == [
        ("pages/10_myth.py", {"lang": "nb", "set": "evidence", "present": "1", "step": "last"})
    ]
    at = _run(lang="nb", page="mats", step="last")
    at.button(key="present_nav_next").click().run()
    assert at.session_state["switched"] == [
        ("pages/12_push.py", {"lang": "nb", "set": "evidence", "present": "1", "step": "1"})
    ]


def test_first_and_last_steps_of_the_story_have_one_way_only() -> None:
    at = _run(page=CHAPTERS[0], step="1")
    assert {b.key for b in at.button} == {"present_nav_next", "present_nav_pgdn"}
    at = _run(page=CHAPTERS[-1], step="last")
    assert {b.key for b in at.button} == {"present_nav_prev", "present_nav_pgup"}


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_notes_view_shows_the_current_steps_notes(lang: str) -> None:
    at = _run(lang=lang, page="mentor", step="1", notes="1")
    shown = "\n".join(m.value for m in at.markdown)
    assert t("story.notes.mentor.mentor", lang) in shown
    assert t("story.notes.mentor.formula", lang) not in shown
    at = _run(lang=lang, page="mentor", step="1")
    assert t("story.notes.mentor.mentor", lang) not in "\n".join(m.value for m in at.markdown)
    # The notes view is carried along when the chapter changes.
    at = _run(lang=lang, page="mentor", step="last", notes="1")
    at.button(key="present_nav_next").click().run()
    assert at.session_state["switched"][0][1]["notes"] == "1"


def test_deck_ids_are_checked() -> None:
    assert frame.deck_id(present.new_deck()) is not None
    for bad in (None, "", "xyz", "ABCDEF0123", "0" * 17, "<b>0123456789</b>", "0123456"):
        assert frame.deck_id(bad) is None


def test_decks_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(present, "MAX_DECKS", 3)
    monkeypatch.setattr(present, "_DECKS", type(present._DECKS)())
    for n in range(5):
        present.publish(f"{n:010x}", "myth", n + 1)
    assert present.position(f"{0:010x}") is None
    assert present.position(f"{4:010x}") == ("myth", 5)
    assert len(present._DECKS) == 3


def test_the_notes_view_publishes_and_the_slides_follow() -> None:
    deck = present.new_deck()
    _run(page="push", step="4", notes="1", deck=deck)
    assert present.position(deck) == ("push", 4)
    # The slides of the same deck, a step behind: they turn to the notes view's step.
    at = _run(page="push", step="3", deck=deck)
    assert at.markdown[0].value == "step: churn"
    assert at.query_params["step"] == "4"
    # In another chapter: they switch to it, keeping the deck in the link.
    present.publish(deck, "mentor", 2)
    at = _run(lang="nb", page="push", step="4", deck=deck)
    assert at.session_state["switched"][0] == (
        "pages/13_mentor.py",
        {"lang": "nb", "set": "evidence", "present": "1", "deck": deck, "step": "2"},
    )
    # Without a deck, nothing follows.
    at = _run(page="push", step="3")
    assert at.markdown[0].value == "step: reputation"
