"""The five pages a participant opens on a phone, at 390 × 844 in Chromium.

For each: a screenshot (tests/artifacts/phone/) to look at, and measurements of what a
phone cuts: chart legend entries outside their chart or shortened with "…", tables wider
than their box (hidden columns), anything wider than the screen, answer scales whose
options wrap onto a second line, and on the calculator the key numbers before the levers.
"""

from __future__ import annotations

from typing import Any

import pytest

from rik.i18n import LANGS, t

from ._app import ARTIFACTS, open_page, screenshot, wait_for_app

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}

_MEASURE_JS = """
() => {
    const out = {legends: [], tables: [], wide: [], scales: []};
    const width = document.documentElement.clientWidth;
    for (const chart of document.querySelectorAll('[data-testid="stVegaLiteChart"]')) {
        const svg = chart.querySelector('svg.marks');
        if (!svg || !chart.checkVisibility()) continue;
        const box = svg.getBoundingClientRect();
        for (const label of svg.querySelectorAll('.role-legend-label text, .role-legend text')) {
            const r = label.getBoundingClientRect();
            const text = label.textContent || '';
            if (!text) continue;
            const cut = text.endsWith('…') || r.right > box.right + 1 || r.left < box.left - 1
                || r.right > width + 1;
            out.legends.push({text, cut});
        }
    }
    for (const table of document.querySelectorAll(
            '[data-testid="stTable"], [data-testid="stDataFrame"] .dvn-scroller')) {
        if (!table.checkVisibility()) continue;
        const inner = table.querySelector('table');
        const over = inner ? inner.getBoundingClientRect().right
            - Math.min(table.getBoundingClientRect().right, width) : 0;
        out.tables.push({hidden: Math.max(table.scrollWidth - table.clientWidth, over)});
    }
    for (const el of document.querySelectorAll('[data-testid="stMain"] *')) {
        const r = el.getBoundingClientRect();
        if (r.width && r.right > width + 2 && el.checkVisibility()
                && !el.closest('[data-testid="stDataFrame"], .stTable, pre, code')) {
            out.wide.push(el.getAttribute('data-testid') || el.tagName);
        }
    }
    for (const group of document.querySelectorAll('[data-testid="stMain"] [role="radiogroup"]')) {
        if (!group.checkVisibility()) continue;
        const options = [...group.querySelectorAll('[data-testid="stRadioOption"]')];
        const lines = options.map((o) => {
            const text = o.querySelector('[data-testid="stMarkdownContainer"]') || o;
            const style = getComputedStyle(text);
            const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.6;
            return Math.round(text.getBoundingClientRect().height / line);
        });
        const tops = new Set(options.map((o) => Math.round(o.getBoundingClientRect().top)));
        const horizontal = tops.size < options.length;
        // A row of options that breaks onto a second row, or an option on two lines.
        const rows = horizontal ? tops.size : 1;
        out.scales.push({n: options.length, rows, lines: Math.max(0, ...lines)});
    }
    return out;
}
"""


def _measure(page: Any) -> dict[str, Any]:
    return page.evaluate(_MEASURE_JS)


def _check(page: Any, name: str, lang: str) -> dict[str, Any]:
    wait_for_app(page)
    shot = screenshot(page, ARTIFACTS / "phone" / f"{name}-{lang}.png", full=True)
    found = _measure(page)
    cut = [legend["text"] for legend in found["legends"] if legend["cut"]]
    assert not cut, f"{name}: legend entries cut at 390 px: {cut} (see {shot})"
    hidden = [table["hidden"] for table in found["tables"] if table["hidden"] > 1]
    assert not hidden, f"{name}: a table hides {hidden} px of columns (see {shot})"
    assert not found["wide"], f"{name}: wider than the phone: {found['wide'][:5]} ({shot})"
    assert not page.js_errors
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_the_five_phone_pages_cut_nothing(make_page: Any, base_url: str, lang: str) -> None:
    page = make_page(locale="nb-NO" if lang == "nb" else "en-US", viewport=PHONE)

    open_page(page, f"{base_url}/?lang={lang}")
    home = _check(page, "home", lang)
    assert home["legends"], "the start page's chart has a legend to check"
    assert home["tables"], "the start page's table is measured"

    open_page(page, f"{base_url}/push?lang={lang}")
    _check(page, "story-push", lang)

    open_page(page, f"{base_url}/calculator?lang={lang}")
    _check(page, "calculator", lang)
    # The key numbers come before the levers.
    first_metric = page.locator('[data-testid="stMetric"]').first.bounding_box()
    first_slider = page.locator('[data-testid="stSlider"]').first.bounding_box()
    assert first_metric and first_slider and first_metric["y"] < first_slider["y"]

    open_page(page, f"{base_url}/assessment?lang={lang}")
    page.get_by_role("button", name=t("assessment.form.example", lang)).click()
    scales = _check(page, "assessment", lang)["scales"]
    assert len([s for s in scales if s["n"] == 5]) >= 10  # the statements' five answers
    wrapped = [s for s in scales if s["rows"] > 1 or s["lines"] > 1]
    assert not wrapped, f"answer scales wrap: {wrapped}"

    open_page(page, f"{base_url}/rooms?lang={lang}&room=ABC-DEF-GHJ")
    _check(page, "rooms-join", lang)
    assert page.get_by_role("textbox", name=t("rooms.join.nickname", lang)).is_visible()
