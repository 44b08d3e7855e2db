"""Markdown from a URL or a room title is shown as text and makes the browser fetch nothing.

A local listener stands in for a tracking host: the links and images below all point at
it, and the test asserts that it heard no request and that the page holds no link or
image to it (issue 12, item 5).
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from rik.i18n import t
from ui import frame

from ._app import AppServer, all_text, open_page, url_path, wait_for_app
from .test_rooms_e2e import rooms_server

pytestmark = pytest.mark.browser

ROOMS = frame.PAGE_BY_KEY["rooms"]
CALCULATOR = frame.PAGE_BY_KEY["calculator"]


class _Listener(http.server.ThreadingHTTPServer):
    requests: list[str]


@pytest.fixture(scope="module")
def listener() -> Iterator[_Listener]:
    """An HTTP server on 127.0.0.1 that records every path it is asked for."""

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            self.server.requests.append(self.path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = _Listener(("127.0.0.1", 0), Handler)
    server.requests = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


server = rooms_server  # the rooms tests' server, with its own empty room database


def _links_and_images_to(page: Any, needle: str) -> list[str]:
    return page.evaluate(
        """(needle) => [...document.querySelectorAll('a[href], img[src]')]
            .map((el) => el.getAttribute('href') || el.getAttribute('src'))
            .filter((url) => url.includes(needle))""",
        needle,
    )


def test_markdown_in_lang_and_set_is_text_and_fetches_nothing(
    server: AppServer, listener: _Listener, make_page: Any
) -> None:
    port = listener.server_address[1]
    host = f"127.1:{port}"
    lang = f"[L](//{host})"
    image = f"![](//{host})"
    assert len(lang) <= 20 and len(image) <= 20  # the note repeats 20 characters
    page = make_page()
    for path in ("", url_path(CALCULATOR.path)):
        url = f"{server.base_url}/{path}?lang={lang}&set={image}"
        open_page(page, url)
        page.wait_for_timeout(500)
        text = all_text(page)
        assert "[L]" in text and "![]" in text  # the values are shown, as text
        assert _links_and_images_to(page, str(port)) == []
    assert listener.requests == []
    assert not page.js_errors


def test_a_room_title_with_links_and_autolinks_is_text_on_every_screen(
    server: AppServer, listener: _Listener, make_page: Any
) -> None:
    port = listener.server_address[1]
    title = f"www.example.io ![](//127.1:{port}/t) [x](//127.1:{port}/l)"
    base = f"{server.base_url}/{url_path(ROOMS.path)}?lang=en"
    facilitator = make_page()
    open_page(facilitator, base)
    facilitator.get_by_role("tab", name=t("rooms.tabs.run", "en")).click()
    facilitator.get_by_role("textbox", name=t("rooms.create.title", "en")).fill(title)
    facilitator.get_by_role("button", name=t("rooms.create.submit", "en")).click()
    wait_for_app(facilitator)
    code = facilitator.locator('[data-testid="stCode"]').first.inner_text().strip()
    participant = make_page()
    open_page(participant, f"{base}&room={code}")
    participant.get_by_role("textbox", name=t("rooms.join.nickname", "en")).fill("Kari")
    participant.get_by_role("button", name=t("rooms.join.submit", "en")).click()
    wait_for_app(participant)
    for page in (facilitator, participant):
        page.wait_for_timeout(500)
        text = all_text(page).replace("\u200b", "")
        assert "www.example.io" in text
        assert _links_and_images_to(page, "example.io") == []
        assert _links_and_images_to(page, str(port)) == []
        assert not page.js_errors
    assert listener.requests == []
