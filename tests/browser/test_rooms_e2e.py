"""Workshop rooms in a real browser: a participant submits, the facilitator sees the point appear.

Two browser contexts (two people, two sessions) against one app server whose room
store is an SQLite file in a temporary folder.
"""

from __future__ import annotations

import base64
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rik import fmt
from rik.i18n import t
from rik.team import assessment as asm
from rik.team import rooms
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
    participant.get_by_text(tr("rooms.join.sources.assessment"), exact=True).click()
    wait_for_app(participant)
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
    facilitator.get_by_text(tr("rooms.create.show_key"), exact=True).click()
    wait_for_app(facilitator)
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


def _qr_path(svg: str) -> str:
    """The drawing of a QR code: the ``d`` of its dark modules' path."""
    match = re.search(r'class="qrline"[^>]*\sd="([^"]+)"|\sd="([^"]+)"[^>]*class="qrline"', svg)
    assert match, svg[:300]
    return match.group(1) or match.group(2)


def test_the_projector_shows_the_qr_code_and_who_joined_through_it(
    rooms_server: AppServer, make_page: Any
) -> None:
    """Two browsers: the facilitator's on the projector, a participant's phone."""
    lang = "nb"
    tr = lambda key, **kw: t(key, lang, **kw)  # noqa: E731
    facilitator = make_page(locale="nb-NO")
    open_page(facilitator, f"{rooms_server.base_url}/{url_path(ROOMS.path)}?lang={lang}")
    facilitator.get_by_role("tab", name=tr("rooms.tabs.run")).click()
    facilitator.get_by_role("button", name=tr("rooms.create.submit")).click()
    wait_for_app(facilitator)
    facilitator.get_by_role("button", name=tr("rooms.view.projector")).click()
    wait_for_app(facilitator)

    # The QR code is drawn here and holds the link written beside it.
    link = facilitator.locator(".rik-join-link").inner_text().strip()
    assert "room=" in link
    src = facilitator.locator(".st-key-rooms_qr img").get_attribute("src")
    assert src.startswith("data:image/svg+xml;base64,")  # made on the server, not fetched
    drawn = base64.b64decode(src.split(",", 1)[1]).decode()
    assert _qr_path(drawn) == _qr_path(rooms.qr_svg(link))
    code = facilitator.locator(".rik-join-code").inner_text().strip()
    assert f"room={code}" in link
    text = facilitator.locator("body").inner_text()
    assert tr("rooms.create.save_key") not in text

    # A participant follows the QR's link on a phone, joins, takes the self-assessment
    # from there and comes back to send it.
    participant = make_page(locale="nb-NO", viewport={"width": 390, "height": 844})
    open_page(participant, link)
    participant.get_by_role("textbox", name=tr("rooms.join.nickname")).fill("Kari Nordmann")
    participant.get_by_role("button", name=tr("rooms.join.submit")).click()
    wait_for_app(participant)
    participant.get_by_text(tr("rooms.join.sources.assessment"), exact=True).click()
    wait_for_app(participant)
    participant.get_by_role("link", name=tr("rooms.join.go_assessment")).click()
    wait_for_app(participant)
    participant.get_by_role("button", name=tr("assessment.form.example")).click()
    wait_for_app(participant)
    participant.get_by_role("link", name=tr("assessment.actions.rooms")).click()
    wait_for_app(participant)
    participant.get_by_text(tr("rooms.join.sources.assessment"), exact=True).click()
    wait_for_app(participant)
    participant.get_by_role("button", name=tr("rooms.join.send")).click()
    wait_for_app(participant)

    # The projector (live by itself) writes the nickname on the map.
    deadline = time.monotonic() + 40
    while "Kari Nordmann" not in _chart_text(facilitator):
        assert time.monotonic() < deadline, "the projector did not show the participant"
        facilitator.wait_for_timeout(500)
    wait_for_app(facilitator)
    screenshot(facilitator, ARTIFACTS / "rooms" / f"projector-{lang}.png")

    # The key is in the projector's text only after the deliberate reveal.
    before = facilitator.locator("body").inner_text()
    facilitator.get_by_text(tr("rooms.create.show_key"), exact=True).click()
    wait_for_app(facilitator)
    key = facilitator.locator('[data-testid="stCode"]').last.inner_text().strip()
    assert len(key) >= 32 and key not in before
    assert key in facilitator.locator("body").inner_text()

    # A reload on the phone keeps the seat and the answers.
    participant.reload()
    wait_for_app(participant)
    body = participant.locator("body").inner_text()
    assert "Kari Nordmann" in body
    participant.get_by_text(tr("rooms.join.sources.assessment"), exact=True).click()
    wait_for_app(participant)
    expected = asm.score(asm.example_answers())
    ready = tr("rooms.join.assessment_ready",
               quadrant=tr(f"assessment.quadrants.{expected.quadrant}.name"),
               i=fmt.number(expected.i, lang), k=fmt.number(expected.k, lang))
    assert ready.replace("**", "") in participant.locator("body").inner_text()
    screenshot(participant, ARTIFACTS / "phone" / f"rooms-joined-{lang}.png")
    assert not facilitator.js_errors and not participant.js_errors
