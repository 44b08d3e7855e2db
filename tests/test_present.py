"""Presenter mode helpers: chapter neighbours, and arrow-key page buttons."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import rik
from rik.i18n import t
from ui import frame, present

SCRIPT = """
import streamlit as st
import rik
from rik.i18n import t
from ui import frame, present

calls = st.session_state.setdefault("switched", [])
real = st.switch_page
st.switch_page = lambda page, query_params=None: calls.append((page, dict(query_params)))
try:
    ctx = frame.Ctx(page="mats", lang=st.query_params.get("lang", "en"), set_name="evidence",
                    assumptions=rik.load_assumptions("evidence"), present=True)
    present.present_nav(ctx, "pages/10_myth.py", "pages/12_push.py")
finally:
    st.switch_page = real
"""


def _ctx(page: str, present_mode: bool = True) -> frame.Ctx:
    return frame.Ctx(page=page, lang="en", set_name="article",
                     assumptions=rik.load_assumptions("article"), present=present_mode)


def test_neighbours_follow_the_story() -> None:
    story = [p.path for p in frame.available_pages() if p.section == "story"]
    if len(story) < 2:
        pytest.skip("the story chapters are not written yet")
    first, second, last = story[0], story[1], story[-1]
    key = {p.path: p.key for p in frame.PAGES}
    assert present.neighbours(_ctx(key[first])) == (None, second)
    assert present.neighbours(_ctx(key[second])) == (first, story[2] if len(story) > 2 else None)
    assert present.neighbours(_ctx(key[last]))[1] is None
    assert present.neighbours(_ctx("calculator")) == (None, None)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_buttons_have_arrow_shortcuts_and_keep_the_link_params(lang: str) -> None:
    at = AppTest.from_string(SCRIPT, default_timeout=30)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception
    prev, nxt = at.button(key="present_nav_prev"), at.button(key="present_nav_next")
    assert prev.proto.shortcut == "left" and nxt.proto.shortcut == "right"
    assert prev.label == t("frame.previous", lang, title=t("frame.pages.myth", lang))
    assert nxt.label == t("frame.next", lang, title=t("frame.pages.push", lang))
    nxt.click().run()
    assert at.session_state["switched"] == [
        ("pages/12_push.py", {"lang": lang, "set": "evidence", "present": "1"})
    ]


def test_missing_neighbour_draws_no_button() -> None:
    at = AppTest.from_string(SCRIPT.replace('"pages/10_myth.py"', "None"), default_timeout=30)
    at.run()
    assert [b.key for b in at.button] == ["present_nav_next"]
