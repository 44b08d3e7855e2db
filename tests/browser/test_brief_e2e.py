"""Download the one-page brief from the compare page and open it with the network off."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

import rik
from rik.i18n import LANGS, t
from rik.story import about, readout

from ._app import ARTIFACTS, open_page, wait_for_app

pytestmark = pytest.mark.browser


def _download_brief(page: Any, lang: str, target: Path) -> Path:
    button = page.get_by_role("button", name=t("saved.io.brief", lang))
    button.wait_for()
    with page.expect_download(timeout=60_000) as info:
        button.click()
    download = info.value
    path = target / download.suggested_filename
    download.save_as(str(path))
    return path


def _english_only_texts() -> set[str]:
    """Units and sources as the English pages write them, where Norwegian differs."""
    found = set()
    for c in rik.load_assumptions("article"):
        for en, nb in ((about.unit_text(c, "en"), about.unit_text(c, "nb")),
                       (c.source_in("en"), c.source_in("nb"))):
            if en and en != nb and re.search(r"[a-z]{4}", en):
                found.add(en)
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_brief_downloads_and_opens_offline(
    make_page, browser, base_url: str, lang: str, tmp_path: Path
) -> None:
    page = make_page(locale="nb-NO" if lang == "nb" else "en-US")
    open_page(page, f"{base_url}/compare?lang={lang}")
    path = _download_brief(page, lang, tmp_path)
    expected_name = "the-catalyst-brief.html" if lang == "en" else "katalysatoren-brief.html"
    assert path.name == expected_name
    html = path.read_text(encoding="utf-8")
    assert "<script" not in html

    # A fresh context with the network switched off: only the file itself may load.
    context = browser.new_context(viewport={"width": 900, "height": 1200}, locale="en-US")
    context.set_offline(True)
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith("file:")
        else route.abort(),
    )
    try:
        offline = context.new_page()
        offline.goto(path.as_uri())
        text = offline.locator("body").inner_text()
        run = rik.simulate(rik.presets()["catalyst"], months=24)
        for month in (12, 24):
            for column in ("sales_nok", "csat", "burnout_share"):
                expected = readout.format_output(column, run.loc[month, column], lang)
                assert expected.replace("\u00a0", " ") in text.replace("\u00a0", " "), (
                    column, month)
        assert t("common.presets.catalyst", lang) in text
        assert offline.locator("svg.marks").count() == 4
        assert all(url.startswith("file:") for url in requested), requested
        offline.screenshot(path=str(ARTIFACTS / f"brief-{lang}.png"), full_page=True)
        pdf = offline.pdf(format="A4", print_background=True)
        (ARTIFACTS / f"brief-{lang}.pdf").write_bytes(pdf)
        pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
        assert pages == 1, f"the brief prints on {pages} A4 pages"
        assert offline.locator("a[download$='.svg']").count() == 4
        assert offline.locator("a[download$='.png']").count() == 4
        if lang == "nb":  # no English unit or source on the Norwegian brief
            english = _english_only_texts()
            found = sorted(  # whole words, outside the reopen link's query
                e for e in english if re.search(rf"(?<![\w=&/]){re.escape(e)}(?![\w=])", text)
            )
            assert not found, found
    finally:
        context.close()


def test_brief_link_reopens_the_scenario(make_page, base_url: str, tmp_path: Path) -> None:
    page = make_page(locale="en-US")
    open_page(page, f"{base_url}/compare?lang=en")
    html = _download_brief(page, "en", tmp_path).read_text(encoding="utf-8")
    link = re.search(r'<a href="([^"]+)"', html).group(1).replace("&amp;", "&")
    assert link.startswith(f"{base_url}/calculator?")
    assert "preset=catalyst" in link and "lang=en" in link
    open_page(page, link)
    wait_for_app(page)
    assert "/calculator" in page.url
    run = rik.simulate(rik.presets()["catalyst"], months=24)
    sales = readout.format_output("sales_nok", run.loc[12, "sales_nok"], "en")
    assert sales in page.locator('[data-testid="stMain"]').inner_text()
