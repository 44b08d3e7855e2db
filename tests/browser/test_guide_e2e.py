"""The facilitator's guide prints from Chromium without the app around it: no sidebar,
no header, no links, a few A4 pages with the credit to the article."""

from __future__ import annotations

import re
from typing import Any

import pytest

from rik.i18n import t
from ui import frame

from ._app import ARTIFACTS, open_page, screenshot, url_path

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_guide_prints_without_the_app_around_it(make_page: Any, base_url: str, lang: str) -> None:
    page = make_page(locale="nb-NO" if lang == "nb" else "en-US")
    open_page(page, f"{base_url}/{url_path(frame.PAGE_BY_KEY['guide'].path)}?lang={lang}")
    screenshot(page, ARTIFACTS / f"guide-{lang}.png", full=True)
    assert page.locator('[data-testid="stSidebar"]').is_visible()
    page.emulate_media(media="print")
    for hidden in ('[data-testid="stSidebar"]', '[data-testid="stHeader"]', ".st-key-guide_links"):
        assert page.locator(hidden).first.is_hidden(), hidden
    main = page.locator('[data-testid="stMain"]').inner_text()
    assert t("guide.credit", lang) in main
    pdf = page.pdf(format="A4", print_background=True)
    (ARTIFACTS / f"guide-{lang}.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 3, f"the guide prints on {pages} A4 pages"
