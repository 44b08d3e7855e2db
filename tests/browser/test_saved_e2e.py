"""Import and export saved scenarios through the compare page's file uploader and download."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import rik
from rik.i18n import t
from rik.share import scenario_io as sio

from ._app import ARTIFACTS, open_page, screenshot, wait_for_app

pytestmark = pytest.mark.browser

MARKUP = "<b>Bold</b> **team** :red[x] [link](https://example.com)"


def _good_file(tmp_path: Path) -> Path:
    saved = [
        sio.SavedScenario(rik.Scenario(MARKUP, rik.presets()["quality_first"].levers), 36),
        sio.SavedScenario(
            rik.Scenario(
                "Plan B", rik.presets()["catalyst"].levers, rik.presets()["catalyst"].changes
            ),
            24,
        ),
    ]
    path = tmp_path / "good.json"
    path.write_text(sio.export_json(saved), encoding="utf-8")
    return path


def _upload(page: Any, path: Path) -> None:
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    page.wait_for_timeout(500)
    wait_for_app(page)


def _alerts(page: Any) -> str:
    return "\n".join(page.locator('[data-testid="stAlert"]').all_inner_texts())


def _chosen(page: Any) -> str:
    return page.locator('[data-testid="stMultiSelect"]').first.inner_text()


def test_import_good_then_bad_files_and_export_exactly(
    make_page, base_url: str, tmp_path: Path
) -> None:
    page = make_page(locale="en-US")
    open_page(page, f"{base_url}/compare?lang=en")
    good = _good_file(tmp_path)
    _upload(page, good)
    assert t("saved.io.imported", "en", n=2) in _alerts(page)
    # Names show as typed, as text: no markup runs, no link appears.
    main = page.locator('[data-testid="stMain"]')
    assert MARKUP in _chosen(page)
    assert main.locator("b", has_text="Bold").count() == 0
    assert main.locator('a[href="https://example.com"]').count() == 0
    screenshot(page, ARTIFACTS / "compare-imported-en.png", full=True)

    # A broken file: a clear message saying what is wrong where, nothing changes.
    document = json.loads(good.read_text(encoding="utf-8"))
    document["scenarios"][1]["levers"]["sellers"] = 0
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    _upload(page, bad)
    alerts = _alerts(page)
    assert t("saved.io.rejected", "en") in alerts
    assert "Scenario 2, levers, lever “Sellers”: 0 is outside 2–30." in alerts
    not_json = tmp_path / "broken.json"
    not_json.write_text("{ this is not json", encoding="utf-8")
    _upload(page, not_json)
    assert "not valid JSON (line 1, column 3)" in _alerts(page)
    screenshot(page, ARTIFACTS / "compare-import-rejected-en.png", full=True)

    # The export is exactly what was imported.
    button = page.get_by_role("button", name=t("saved.io.export", "en"))
    with page.expect_download(timeout=60_000) as info:
        button.click()
    exported = Path(info.value.path()).read_text(encoding="utf-8")
    assert sio.import_json(exported).scenarios == sio.import_json(good.read_bytes()).scenarios


def test_import_messages_in_norwegian(make_page, base_url: str, tmp_path: Path) -> None:
    page = make_page(locale="nb-NO")
    open_page(page, f"{base_url}/compare?lang=nb")
    huge = tmp_path / "huge.json"
    huge.write_text('{"format": "rik-scenarios", "pad": "' + "x" * 300_000 + '"}')
    _upload(page, huge)
    alerts = _alerts(page)
    assert t("saved.io.rejected", "nb") in alerts
    assert "grensen er 256 kB" in alerts
