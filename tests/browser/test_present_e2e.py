"""Presenter mode on a 1280×720 projector: no sidebar, the key chart without scrolling,
and the arrow keys turn the chapters."""

from __future__ import annotations

from typing import Any

import pytest

from rik.i18n import t
from ui import frame

from ._app import ARTIFACTS, open_page, screenshot, url_path, wait_for_app

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1280, "height": 720}
CHAPTERS = [p for p in frame.available_pages() if p.section == "story"]


def _url(base_url: str, info: frame.PageInfo, lang: str) -> str:
    return f"{base_url}/{url_path(info.path)}?lang={lang}&present=1"


@pytest.mark.parametrize("info", CHAPTERS, ids=[p.key for p in CHAPTERS])
def test_chapter_fits_the_projector(make_page: Any, base_url: str, info: frame.PageInfo) -> None:
    lang = "nb"
    page = make_page(locale="nb-NO", viewport=PROJECTOR)
    open_page(page, _url(base_url, info, lang))
    screenshot(page, ARTIFACTS / f"present-{info.key}-{lang}.png")
    assert page.locator('[data-testid="stSidebar"]').is_hidden()
    assert page.locator("h1").first.inner_text().strip() == t(f"frame.pages.{info.key}", lang)
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    if charts.count():
        box = charts.first.bounding_box()
        assert box is not None and box["y"] + box["height"] <= PROJECTOR["height"] + 1, (
            f"{info.key}: the key chart ends at {box and box['y'] + box['height']:.0f} px"
        )


def test_arrow_keys_turn_the_chapters(make_page: Any, base_url: str) -> None:
    lang = "en"
    first, second = CHAPTERS[0], CHAPTERS[1]
    page = make_page(locale="en-US", viewport=PROJECTOR)
    open_page(page, _url(base_url, first, lang))
    page.locator("h1").first.click()  # focus on the page, not on a widget
    page.keyboard.press("ArrowRight")
    page.wait_for_url(f"**/{url_path(second.path)}?*", timeout=20_000)
    wait_for_app(page)
    assert page.locator("h1").first.inner_text().strip() == t(f"frame.pages.{second.key}", lang)
    assert "present=1" in page.url and "lang=en" in page.url
    page.locator("h1").first.click()
    page.keyboard.press("ArrowLeft")
    page.wait_for_url(f"**/{url_path(first.path)}?*", timeout=20_000)
    wait_for_app(page)
    assert page.locator("h1").first.inner_text().strip() == t(f"frame.pages.{first.key}", lang)
