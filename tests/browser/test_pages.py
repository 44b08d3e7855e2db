"""Every page in both languages, in a real browser: no error, no raw key, real content."""

from __future__ import annotations

import os
from typing import Any

import pytest

from rik.i18n import LANGS, t
from ui import frame

from ._app import (
    ARTIFACTS,
    PLACEHOLDER,
    AppServer,
    all_text,
    open_page,
    screenshot,
    url_path,
    wait_for_app,
)

pytestmark = pytest.mark.browser

PAGES = frame.PAGES
KEYS = {p.key for p in PAGES}
# RIK_FULL_SCREENSHOTS=1 saves each page at its full height (slower: charts redraw).
FULL_SCREENSHOTS = os.environ.get("RIK_FULL_SCREENSHOTS", "") not in ("", "0")


def _error_alerts(page: Any, lang: str) -> list[str]:
    """Texts of alerts that carry the frame's friendly error message."""
    message = t("frame.error", lang)
    alerts = page.locator(".stAlert, [data-testid='stAlert']").all_inner_texts()
    return [text for text in alerts if message in text]


def _assert_healthy(page: Any, lang: str, where: str, server: AppServer | None = None) -> None:
    log = f"\nserver log:\n{server.last_error()}" if server else ""
    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, (
        f"{where}: traceback shown: {exceptions.first.inner_text()}{log}"
    )
    errors = _error_alerts(page, lang)
    assert not errors, f"{where}: the error boundary caught an error: {errors}{log}"
    text = all_text(page)
    keys = sorted(set(PLACEHOLDER.findall(text)))
    assert not keys, f"{where}: untranslated keys on the page: {keys}"
    headings = [h.strip() for h in page.locator('[data-testid="stMain"] h1').all_inner_texts()]
    assert any(headings), f"{where}: no h1 with text in the main area"
    assert not page.js_errors, f"{where}: JavaScript errors: {page.js_errors}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("info", PAGES, ids=[p.key for p in PAGES])
def test_page_renders(make_page, app_server: AppServer, info: frame.PageInfo, lang: str) -> None:
    page = make_page(locale="nb-NO" if lang == "nb" else "en-US")
    where = f"{info.key} ({lang})"
    open_page(page, f"{app_server.base_url}/{url_path(info.path)}?lang={lang}")
    screenshot(page, ARTIFACTS / f"page-{info.key}-{lang}.png", full=FULL_SCREENSHOTS)
    _assert_healthy(page, lang, where, app_server)
    title = t(f"frame.pages.{info.key}", lang)
    assert title in page.title(), f"{where}: document title {page.title()!r} lacks {title!r}"


def _deep_link_target() -> frame.PageInfo:
    """The calculator: the page a shared link most often opens."""
    return frame.PAGE_BY_KEY["calculator"]


def test_deep_link_on_fresh_server(make_page, fresh_server: AppServer) -> None:
    """The very first request to a new server is a deep link: right page, title and navigation."""
    info = _deep_link_target()
    lang = "en"
    page = make_page(locale="nb-NO")  # the URL's language must win over the browser's
    path = url_path(info.path)
    open_page(page, f"{fresh_server.base_url}/{path}?lang={lang}")
    screenshot(page, ARTIFACTS / f"deep-link-{info.key}-{lang}.png")
    where = f"deep link /{path}"
    _assert_healthy(page, lang, where, fresh_server)

    title = t(f"frame.pages.{info.key}", lang)
    assert title in page.title(), f"{where}: document title {page.title()!r} lacks {title!r}"
    assert page.url.split("?")[0].rstrip("/").endswith(f"/{path}"), f"{where}: URL is {page.url}"

    sidebar = page.locator('[data-testid="stSidebar"]')
    links = [x.strip() for x in sidebar.locator('[data-testid="stPageLink"]').all_inner_texts()]
    for other in PAGES:
        expected = t(f"frame.pages.{other.key}", lang)
        assert any(expected in link for link in links), (
            f"{where}: navigation lacks {expected!r}; it shows {links}"
        )
    wrong = t(f"frame.pages.{info.key}", "nb")
    if wrong != title:
        assert not any(wrong in link for link in links), f"{where}: navigation is in Norwegian"


@pytest.mark.parametrize(("locale", "lang"), [("nn-NO", "nb"), ("en-GB", "en")])
def test_language_follows_browser_locale(make_page, base_url: str, locale: str, lang: str) -> None:
    """Without ?lang=, the browser's locale picks the language."""
    page = make_page(locale=locale)
    open_page(page, f"{base_url}/")
    _assert_healthy(page, lang, f"home with locale {locale}")
    assert t("frame.pages.home", lang) in page.title()
    home_heading = t("home.title", lang)
    assert home_heading in page.locator('[data-testid="stMain"] h1').first.inner_text()


def test_language_switch_keeps_the_page(make_page, app_server: AppServer) -> None:
    """The visible switch changes the language in place and the URL remembers it."""
    info = frame.PAGE_BY_KEY["calculator"] if "calculator" in KEYS else PAGES[-1]
    page = make_page(locale="en-US")
    open_page(page, f"{app_server.base_url}/{url_path(info.path)}?lang=en")
    switch = page.locator('[data-testid="stSidebar"]').get_by_role("radio", name="Norsk")
    switch.click()
    page.wait_for_function(
        "(title) => document.title.includes(title)", arg=t(f"frame.pages.{info.key}", "nb")
    )
    wait_for_app(page)
    _assert_healthy(page, "nb", f"{info.key} after switching to Norwegian", app_server)
    assert "lang=nb" in page.url
