"""Presenter mode on a 1280×720 projector: every step of every chapter fits without
scrolling, ← / → and a clicker's PageUp / PageDown turn the steps, and the notes view
shows the current step's notes."""

from __future__ import annotations

import re
from typing import Any

import pytest

from rik.i18n import t
from rik.story import chapters as story
from ui import frame, present

from ._app import ARTIFACTS, open_page, screenshot, url_path, wait_for_app

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1280, "height": 720}
CHAPTERS = [p for p in frame.PAGES if p.section == "story"]

_OVERFLOW_JS = """
() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const bar = document.querySelector('.st-key-present_nav_bar');
    const box = bar ? bar.getBoundingClientRect() : null;
    return {scroll: main.scrollHeight, client: main.clientHeight,
            bar_bottom: box ? box.bottom : null};
}
"""


def _url(base_url: str, key: str, lang: str, step: int | str = 1, notes: bool = False) -> str:
    path = url_path(frame.PAGE_BY_KEY[key].path)
    return f"{base_url}/{path}?lang={lang}&present=1&step={step}" + ("&notes=1" if notes else "")


def _visible_text(page: Any) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


def _flat(text: str) -> str:
    """Markdown to the words a reader sees: no ** or *, one space between words."""
    return re.sub(r"\s+", " ", text.replace("**", "").replace("*", "")).strip()


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_step_fits_the_projector(make_page: Any, base_url: str, lang: str) -> None:
    page = make_page(locale="nb-NO" if lang == "nb" else "en-US", viewport=PROJECTOR)
    too_tall = []
    for info in CHAPTERS:
        for number, name in enumerate(present.STEPS[info.key], 1):
            open_page(page, _url(base_url, info.key, lang, number))
            size = page.evaluate(_OVERFLOW_JS)
            if lang == "nb":
                screenshot(page, ARTIFACTS / f"present-{info.key}-{number}-{lang}.png")
            assert page.locator('[data-testid="stSidebar"]').is_hidden()
            heading = page.locator("h1").first.inner_text().strip()
            assert heading == t(f"frame.pages.{info.key}", lang)
            if size["scroll"] > size["client"] + 1 or size["bar_bottom"] > PROJECTOR["height"]:
                too_tall.append(f"{info.key} step {number} ({name}): {size}")
    assert not too_tall, "steps that need scrolling at 1280×720:\n" + "\n".join(too_tall)


def test_mentor_and_the_four_consequences_are_on_their_steps(
    make_page: Any, base_url: str
) -> None:
    lang = "nb"
    page = make_page(locale="nb-NO", viewport=PROJECTOR)
    steps = present.STEPS["mentor"]
    open_page(page, _url(base_url, "mentor", lang, steps.index("mentor") + 1))
    shown = _flat(_visible_text(page))
    assert "mentor" in shown.lower()
    assert _flat(t("story.mentor.p2", lang)) in shown
    steps = present.STEPS["push"]
    for name in story.CONSEQUENCES:
        open_page(page, _url(base_url, "push", lang, steps.index(name) + 1))
        heading = page.get_by_role("heading", name=t(f"story.push.{name}.tab", lang))
        assert heading.is_visible()
        chart = page.locator('[data-testid="stVegaLiteChart"]').first
        box = chart.bounding_box()
        assert box is not None and box["y"] + box["height"] <= PROJECTOR["height"], name
        # The text of the consequence is on screen: its first sentence, as a reader sees it.
        first = _flat(t(f"story.push.{name}.text", lang)).split(".")[0]
        assert first in _flat(_visible_text(page)), name


def _counter(lang: str, chapter: str, n: int) -> str:
    keys = [p.key for p in CHAPTERS]
    return t("frame.step_of", lang, chapter=keys.index(chapter) + 1, chapters=len(keys), n=n,
             total=len(present.STEPS[chapter]))


def _press(page: Any, key: str, expect: str) -> None:
    page.locator("h1").first.click()  # the focus on the page, not on a widget
    page.keyboard.press(key)
    page.get_by_text(expect, exact=True).wait_for(timeout=20_000)
    wait_for_app(page)


def test_arrows_and_clicker_turn_steps_and_chapters(make_page: Any, base_url: str) -> None:
    lang = "en"
    first, second = CHAPTERS[0].key, CHAPTERS[1].key
    last_step = len(present.STEPS[first])
    page = make_page(locale="en-US", viewport=PROJECTOR)
    open_page(page, _url(base_url, first, lang, 1))
    _press(page, "ArrowRight", _counter(lang, first, 2))
    assert "step=2" in page.url
    _press(page, "PageDown", _counter(lang, first, 3))
    _press(page, "PageUp", _counter(lang, first, 2))
    _press(page, "ArrowLeft", _counter(lang, first, 1))
    # From the chapter's last step, forward opens the next chapter at its first step...
    open_page(page, _url(base_url, first, lang, last_step))
    _press(page, "PageDown", _counter(lang, second, 1))
    page.wait_for_url(f"**/{url_path(CHAPTERS[1].path)}?*")
    assert page.locator("h1").first.inner_text().strip() == t(f"frame.pages.{second}", lang)
    assert "present=1" in page.url and "lang=en" in page.url
    # ...and back from its first step returns to the last step of the chapter before.
    _press(page, "ArrowLeft", _counter(lang, first, last_step))
    assert page.locator("h1").first.inner_text().strip() == t(f"frame.pages.{first}", lang)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_notes_view_shows_the_current_steps_notes(
    make_page: Any, base_url: str, lang: str
) -> None:
    page = make_page(locale="nb-NO" if lang == "nb" else "en-US", viewport=PROJECTOR)
    open_page(page, _url(base_url, "push", lang, 2, notes=True))
    notes = page.locator(".st-key-rik_speaker_notes")
    assert _flat(t("story.notes.push.satisfaction", lang)) in _flat(notes.inner_text())
    screenshot(page, ARTIFACTS / f"present-notes-{lang}.png", full=True)
    _press(page, "ArrowRight", _counter(lang, "push", 3))
    text = _flat(page.locator(".st-key-rik_speaker_notes").inner_text())
    assert _flat(t("story.notes.push.reputation", lang)) in text
    assert _flat(t("story.notes.push.satisfaction", lang)) not in text
    # The audience's view of the same step has no notes.
    open_page(page, _url(base_url, "push", lang, 3))
    assert page.locator(".st-key-rik_speaker_notes").count() == 0


def test_slides_follow_the_notes_view_of_their_deck(make_page: Any, base_url: str) -> None:
    """Two windows, as on a laptop and a projector: turning the notes view turns both."""
    lang, deck = "nb", "0123abcd45"
    first, second = CHAPTERS[0].key, CHAPTERS[1].key
    notes = make_page(locale="nb-NO", viewport=PROJECTOR)
    slides = make_page(locale="nb-NO", viewport=PROJECTOR)
    open_page(notes, _url(base_url, first, lang, 1, notes=True) + f"&deck={deck}")
    open_page(slides, _url(base_url, first, lang, 1) + f"&deck={deck}")
    _press(notes, "ArrowRight", _counter(lang, first, 2))
    slides.get_by_text(_counter(lang, first, 2), exact=True).wait_for(timeout=20_000)
    assert slides.locator(".st-key-rik_speaker_notes").count() == 0
    open_page(notes, _url(base_url, second, lang, 1, notes=True) + f"&deck={deck}")
    slides.get_by_text(_counter(lang, second, 1), exact=True).wait_for(timeout=20_000)
    slides.wait_for_url(f"**/{url_path(CHAPTERS[1].path)}?*")
    assert f"deck={deck}" in slides.url
