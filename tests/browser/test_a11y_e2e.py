"""axe-core (WCAG 2 A and AA rules) finds no violation on any page, in either language,
nor on any step of presenter mode; and no English word is on screen on a Norwegian page.

axe-core is the npm registry's, installed by ``scripts/ensure_axe.sh`` and injected into
each page (``tests/browser/_axe.py``). One browser page visits every app page in turn.
"""

from __future__ import annotations

from typing import Any

import pytest

from rik.i18n import t
from tests.test_words import ENGLISH, TITLES
from ui import frame, present

from ._app import open_page, url_path
from ._axe import axe_source, describe, violations

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1280, "height": 720}

# The text a reader sees: visible text nodes, not icon ligatures ("upload", "close"), not
# code (file formats' column names).
_VISIBLE_TEXT_JS = """
() => {
    const root = document.querySelector('[data-testid="stApp"]') || document.body;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const parts = [];
    while (walker.nextNode()) {
        const el = walker.currentNode.parentElement;
        if (!el || el.closest('style, script, code, [data-testid="stIconMaterial"]')) continue;
        if (!el.checkVisibility()) continue;
        const box = el.getBoundingClientRect();
        if (box.width <= 1 || box.height <= 1) continue;  // for screen readers only
        if (getComputedStyle(el).fontSize === '0px') continue;  // replaced by CSS content
        parts.push(walker.currentNode.textContent);
    }
    return parts.join('\\n');
}
"""


def _english_on_screen(page: Any) -> list[str]:
    text = page.evaluate(_VISIBLE_TEXT_JS)
    for quoted in (t("story.myth.quote", "nb"), t("story.mentor.quote", "nb"), *TITLES):
        text = text.replace(quoted, " ")
    return sorted({m.group(0) for m in ENGLISH.finditer(text)})


@pytest.fixture(scope="module")
def axe() -> str:
    return axe_source()


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_page_passes_axe(make_page: Any, base_url: str, axe: str, lang: str) -> None:
    page = make_page(locale="nb-NO" if lang == "nb" else "en-US")
    failures = []
    for info in frame.PAGES:
        open_page(page, f"{base_url}/{url_path(info.path)}?lang={lang}")
        found = violations(page, axe)
        if found:
            failures.append(f"{info.key} ({lang}):\n{describe(found)}")
        if lang == "nb" and (english := _english_on_screen(page)):
            failures.append(f"{info.key} (nb): English on screen: {english}")
    assert not failures, "\n\n".join(failures)


def test_every_presenter_step_passes_axe(make_page: Any, base_url: str, axe: str) -> None:
    """Each step in the notes view (the slide the audience sees, with the notes under it),
    and every other page in presenter mode."""
    page = make_page(locale="nb-NO", viewport=PROJECTOR)
    failures = []
    for key, steps in present.STEPS.items():
        path = url_path(frame.PAGE_BY_KEY[key].path)
        for number in range(1, len(steps) + 1):
            open_page(page, f"{base_url}/{path}?lang=nb&present=1&notes=1&step={number}")
            found = violations(page, axe)
            if found:
                failures.append(f"{key} step {number}:\n{describe(found)}")
            if english := _english_on_screen(page):
                failures.append(f"{key} step {number}: English on screen: {english}")
    # The pages outside the story, in presenter mode too (the calculator on the big screen).
    for info in frame.PAGES:
        if info.key not in present.STEPS:
            open_page(page, f"{base_url}/{url_path(info.path)}?lang=nb&present=1")
            if found := violations(page, axe):
                failures.append(f"{info.key} (presenter mode):\n{describe(found)}")
    assert not failures, "\n\n".join(failures)


def test_english_check_sees_streamlits_own_words(make_page: Any, base_url: str) -> None:
    """The on-screen check would catch the file upload's own English, were it shown."""
    page = make_page(locale="nb-NO")
    open_page(page, f"{base_url}/{url_path(frame.PAGE_BY_KEY['compare'].path)}?lang=nb")
    page.evaluate(
        """() => document.querySelector('[data-testid="stMain"]').insertAdjacentHTML(
            'beforeend', '<p>Upload · 1MB per file</p>')"""
    )
    assert {"Upload", "per file"} <= set(_english_on_screen(page))
    # Streamlit's skip link, shown on Tab, says its words in Norwegian.
    page.keyboard.press("Tab")
    shown = page.evaluate(
        """() => [document.activeElement.dataset.testid,
                 getComputedStyle(document.activeElement, '::after').content]"""
    )
    assert shown == ["stSkipToContent", f'"{t("frame.skip_link", "nb")}"']
