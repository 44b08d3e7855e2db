"""axe-core (WCAG 2 A and AA rules) finds no violation on any page, in either language,
and none in presenter mode.

axe-core is the npm registry's, installed by ``scripts/ensure_axe.sh`` and injected into
each page (``tests/browser/_axe.py``). One browser page visits every app page in turn.
"""

from __future__ import annotations

from typing import Any

import pytest

from ui import frame

from ._app import open_page, url_path
from ._axe import axe_source, describe, violations

pytestmark = pytest.mark.browser

PROJECTOR = {"width": 1280, "height": 720}
STORY = [p for p in frame.available_pages() if p.section == "story"]


@pytest.fixture(scope="module")
def axe() -> str:
    return axe_source()


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_page_passes_axe(make_page: Any, base_url: str, axe: str, lang: str) -> None:
    page = make_page(locale="nb-NO" if lang == "nb" else "en-US")
    failures = []
    for info in frame.available_pages():
        open_page(page, f"{base_url}/{url_path(info.path)}?lang={lang}")
        found = violations(page, axe)
        if found:
            failures.append(f"{info.key} ({lang}):\n{describe(found)}")
    assert not failures, "\n\n".join(failures)
