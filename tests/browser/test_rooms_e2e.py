"""Workshop rooms in a real browser: a participant submits, the facilitator sees the point appear.

Two browser contexts (two people, two sessions) against one app server whose room
store is an SQLite file in a temporary folder.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rik import assessment as asm
from rik.i18n import t
from ui import frame
from ui import rooms as room_ui

from ._app import ARTIFACTS, AppServer, open_page, screenshot, start_server, url_path, wait_for_app

pytestmark = pytest.mark.browser

ROOMS = frame.PAGE_BY_KEY["rooms"]
ASSESSMENT = frame.PAGE_BY_KEY["assessment"]


@pytest.fixture(scope="module")
def rooms_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """The app with its own, empty room database (never the user's default file)."""
    data_dir: Path = tmp_path_factory.mktemp("rooms-data")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(room_ui.DATA_DIR_ENV, str(data_dir))
        patch.delenv(room_ui.DB_ENV, raising=False)
        server = start_server()
    try:
        yield server
    finally:
        server.stop()
    assert (data_dir / "rooms.sqlite").exists()


def _metric(page: Any, label: str) -> str:
    for metric in page.locator('[data-testid="stMetric"]').all():
        name = metric.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        if name == label:
            return metric.locator('[data-testid="stMetricValue"]').inner_text().strip()
    raise AssertionError(f"no metric labelled {label!r}")


def _chart_text(page: Any) -> str:
    """What the Vega charts say about themselves (legend labels, aria descriptions)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stVegaLiteChart"] *')]
            .map((el) => [el.getAttribute('aria-label'), el.tagName === 'text'
                          ? el.textContent : null].filter(Boolean).join(' '))
            .join('\\n')"""
    )


@pytest.mark.parametrize("lang", ["nb"])
def test_a_participant_submits_and_the_facilitator_sees_the_point_appear(
    rooms_server: AppServer, make_page: Any, lang: str
) -> None:
    base = rooms_server.base_url
    tr = lambda key, **kw: t(key, lang, **kw)  # noqa: E731

    # The facilitator opens a room.
    facilitator = make_page(locale="nb-NO")
    open_page(facilitator, f"{base}/{url_path(ROOMS.path)}?lang={lang}")
    facilitator.get_by_role("tab", name=tr("rooms.tabs.run")).click()
    facilitator.get_by_role("button", name=tr("rooms.create.submit")).click()
    wait_for_app(facilitator)
    code = facilitator.locator('[data-testid="stCode"]').first.inner_text().strip()
    assert re.fullmatch(r"[A-Z]{3}-[A-Z]{3}-[A-Z]{3}", code), code
    assert _metric(facilitator, tr("rooms.view.submitted")) == "0"
    participants = tr("rooms.view.participants")
    assert participants not in _chart_text(facilitator)
    # Live refresh on, as on a projector.
    facilitator.get_by_text(tr("rooms.view.live", seconds=10)).click()
    wait_for_app(facilitator)

    # A participant, in another browser, assesses the team and sends it to the room.
    participant = make_page(locale="nb-NO")
    open_page(participant, f"{base}/{url_path(ASSESSMENT.path)}?lang={lang}")
    participant.get_by_role("button", name=tr("assessment.form.example")).click()
    wait_for_app(participant)
    participant.get_by_role("link", name=tr("frame.pages.rooms")).first.click()
    wait_for_app(participant)
    participant.get_by_role("textbox", name=tr("rooms.join.code")).fill(code.lower())
    participant.get_by_role("textbox", name=tr("rooms.join.nickname")).fill("<b>Kari</b>")
    participant.get_by_role("button", name=tr("rooms.join.submit")).click()
    wait_for_app(participant)
    welcome = participant.locator('[data-testid="stAlertContentSuccess"]').first.inner_text()
    assert "<b>Kari</b>" in welcome  # markup shown as text
    participant.get_by_role("button", name=tr("rooms.join.send")).click()
    wait_for_app(participant)
    assert tr("rooms.join.submitted") in participant.locator("body").inner_text()

    # Without touching anything, the facilitator's view shows the submission.
    deadline = time.monotonic() + 40
    while _metric(facilitator, tr("rooms.view.submitted")) != "1":
        assert time.monotonic() < deadline, "the facilitator's view did not refresh"
        facilitator.wait_for_timeout(500)
    wait_for_app(facilitator)
    expected = asm.score(asm.example_answers())
    assert _metric(facilitator, tr("rooms.view.mean_i")) == str(round(expected.i))
    assert participants in _chart_text(facilitator)
    assert not facilitator.js_errors and not participant.js_errors
    screenshot(facilitator, ARTIFACTS / "rooms" / f"facilitator-{lang}.png", full=True)


def test_a_participant_resumes_after_a_reload_and_the_facilitator_removes_them(
    rooms_server: AppServer, make_page: Any
) -> None:
    base = f"{rooms_server.base_url}/{url_path(ROOMS.path)}?lang=en"
    tr = lambda key, **kw: t(key, "en", **kw)  # noqa: E731
    facilitator = make_page()
    open_page(facilitator, base)
    facilitator.get_by_role("tab", name=tr("rooms.tabs.run")).click()
    facilitator.get_by_role("button", name=tr("rooms.create.submit")).click()
    wait_for_app(facilitator)
    code = facilitator.locator('[data-testid="stCode"]').first.inner_text().strip()
    key = facilitator.locator('[data-testid="stCode"]').nth(2).inner_text().strip()

    participant = make_page()
    open_page(participant, f"{base}&room={code}")
    participant.get_by_role("textbox", name=tr("rooms.join.nickname")).fill("Kari")
    participant.get_by_role("button", name=tr("rooms.join.submit")).click()
    wait_for_app(participant)
    assert "seat=" in participant.url and key not in participant.url
    participant.reload()  # or Wi-Fi lost and back: a new session
    wait_for_app(participant)
    welcome = participant.locator('[data-testid="stAlertContentSuccess"]').first.inner_text()
    assert "Kari" in welcome and code in welcome

    facilitator.get_by_role("button", name=tr("rooms.view.refresh"), exact=True).click()
    wait_for_app(facilitator)
    assert _metric(facilitator, tr("rooms.view.joined")) == "1"  # one Kari, not two
    facilitator.get_by_role("button", name=tr("rooms.view.remove"), exact=True).click()
    wait_for_app(facilitator)
    assert _metric(facilitator, tr("rooms.view.joined")) == "0"
    participant.reload()
    wait_for_app(participant)
    assert tr("rooms.join.heading") in participant.locator("body").inner_text()
    assert "seat=" not in participant.url
    assert not facilitator.js_errors and not participant.js_errors
