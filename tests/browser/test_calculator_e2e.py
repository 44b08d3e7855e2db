"""The calculator in a real browser: a keyboard-moved lever changes sales; links reproduce."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

import rik
from rik.i18n import t
from ui import frame

from ._app import ARTIFACTS, open_page, screenshot, url_path, wait_for_app

CALCULATOR = frame.PAGE_BY_KEY["calculator"]

pytestmark = [pytest.mark.browser]

LEVER = "meetings_per_seller_per_week"
PRESET = "numbers_game"


def _calculator_url(base_url: str, **params: str) -> str:
    return f"{base_url}/{url_path(CALCULATOR.path)}?{urlencode(params)}"


def _lever_label(name: str, lang: str) -> str:
    """The slider's label as the calculator draws it (lever label, maybe with its unit)."""
    from ui import widgets

    return str(widgets.slider_spec(name, lang)["label"])


def _sales_label(lang: str) -> str:
    return t("common.outputs.sales_nok", lang)


def _metrics(page: Any) -> dict[str, tuple[str, str]]:
    """Every KPI metric on the page: label -> (value, delta), as shown."""
    found: dict[str, tuple[str, str]] = {}
    for metric in page.locator('[data-testid="stMetric"]').all():
        label = metric.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        value = metric.locator('[data-testid="stMetricValue"]').inner_text().strip()
        delta_el = metric.locator('[data-testid="stMetricDelta"]')
        delta = delta_el.first.inner_text().strip() if delta_el.count() else ""
        found[label] = (value, delta)
    return found


def _sales(page: Any, lang: str) -> str:
    label = _sales_label(lang)
    shown = _metrics(page)
    matches = [value for name, (value, _) in shown.items() if name.startswith(label)]
    assert matches, f"no metric labelled {label!r}; the page shows {sorted(shown)}"
    return matches[0]


def _lever_slider(page: Any, name: str, lang: str) -> Any:
    label = _lever_label(name, lang)
    # Streamlit 1.67 draws a slider thumb as <input type="range" aria-label=...> (implicit
    # role "slider"); its accessible name repeats the label, so match the attribute.
    quoted = json.dumps(label, ensure_ascii=False)
    slider = page.locator(
        f'input[type="range"][aria-label={quoted}], [role="slider"][aria-label={quoted}]'
    )
    assert slider.count() == 1, f"expected one slider labelled {label!r}, found {slider.count()}"
    return slider


def _slider_value(slider: Any) -> float:
    text = slider.get_attribute("aria-valuenow") or slider.input_value()
    return float(text)


def _url_lever(page: Any, name: str = LEVER) -> float | None:
    values = parse_qs(urlsplit(page.url).query).get(name)
    return float(values[-1]) if values else None


def _wait_for_url_lever(page: Any, value: float, name: str = LEVER) -> None:
    """Wait until the calculator has written ``name=value`` into the address bar."""
    page.wait_for_function(
        """([name, value]) => {
            const got = new URLSearchParams(location.search).getAll(name).pop();
            return got !== undefined && Math.abs(parseFloat(got) - value) < 1e-9;
        }""",
        arg=[name, value],
        timeout=20_000,
    )
    wait_for_app(page)


def _assert_consistent(page: Any, make_page, lang: str) -> str:
    """Slider, URL and KPIs agree: the link, opened afresh, shows the same sales."""
    shown = _slider_value(_lever_slider(page, LEVER, lang))
    in_url = _url_lever(page)
    assert in_url == pytest.approx(shown), (
        f"the slider shows {shown} but the link carries {LEVER}={in_url}: {page.url}"
    )
    sales = _sales(page, lang)
    other = make_page(locale="en-US")
    open_page(other, page.url)
    assert _sales(other, lang) == sales, "the same link shows other numbers in a new browser"
    return sales


def test_keyboard_moves_a_lever_and_sales_change(make_page, base_url: str) -> None:
    """Arrow keys on a focused slider move the lever one step each; sales follow.

    Each press waits for the app to settle (a careful user). Norwegian labels are
    exercised by test_full_link_with_every_parameter.
    """
    lang = "en"
    page = make_page(locale="en-US")
    open_page(page, _calculator_url(base_url, lang=lang))
    before = _sales(page, lang)
    slider = _lever_slider(page, LEVER, lang)
    start = _slider_value(slider)
    step = float(rik.lever_meta(LEVER)["step"])

    slider.focus()
    presses = 3
    for i in range(1, presses + 1):
        page.keyboard.press("ArrowRight")
        _wait_for_url_lever(page, start + i * step)
    screenshot(page, ARTIFACTS / f"calculator-moved-{lang}.png")

    assert page.locator('[data-testid="stException"]').count() == 0
    assert _slider_value(_lever_slider(page, LEVER, lang)) == pytest.approx(start + presses * step)
    after = _assert_consistent(page, make_page, lang)
    assert after != before, f"sales stayed at {before} after moving {LEVER} by {presses} steps"

    # Back to where it started: the model is deterministic, so are the numbers.
    _lever_slider(page, LEVER, lang).focus()
    for i in range(presses - 1, -1, -1):
        page.keyboard.press("ArrowLeft")
        _wait_for_url_lever(page, start + i * step)
    assert _sales(page, lang) == before


def test_quick_key_presses_keep_slider_link_and_kpis_together(make_page, base_url: str) -> None:
    """Presses a little faster than the app reruns all count; slider, link and KPIs agree."""
    lang = "en"
    page = make_page(locale="en-US")
    open_page(page, _calculator_url(base_url, lang=lang))
    slider = _lever_slider(page, LEVER, lang)
    start = _slider_value(slider)
    step = float(rik.lever_meta(LEVER)["step"])
    slider.focus()
    presses = 4
    for _ in range(presses):
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(300)
    wait_for_app(page, settle=1.0)
    assert _slider_value(_lever_slider(page, LEVER, lang)) == pytest.approx(start + presses * step)
    _assert_consistent(page, make_page, lang)


def test_shared_link_reproduces_the_kpis(make_page, base_url: str) -> None:
    lang = "en"
    url = _calculator_url(base_url, lang=lang, preset=PRESET)

    first = make_page(locale="en-US")
    open_page(first, url)
    kpis = _metrics(first)
    assert len(kpis) >= 6, f"expected at least six KPI metrics, found {sorted(kpis)}"
    screenshot(first, ARTIFACTS / f"calculator-shared-{lang}.png")

    # The preset's levers are what the page shows.
    want = getattr(rik.presets()[PRESET].levers, LEVER)
    assert _slider_value(_lever_slider(first, LEVER, lang)) == pytest.approx(want)

    second = make_page(locale="nb-NO")
    open_page(second, url)
    assert _metrics(second) == kpis

    # ...and the link matters: against the status quo, the numbers game moves the KPIs.
    label = _sales_label(lang)
    sales_delta = next(delta for name, (_, delta) in kpis.items() if name.startswith(label))
    assert sales_delta, f"no delta against the status quo on {label!r}: {kpis}"


def test_full_link_with_every_parameter(make_page, base_url: str) -> None:
    """A link written by urlstate.to_query opens on exactly those levers, in any browser."""
    from rik.share import urlstate

    state = urlstate.CalcState.from_preset("quality_first", months=36, kpi_month=18)
    levers = state.levers.to_dict() | {LEVER: 14}
    state = state.replace(levers=rik.Levers(**levers))
    url = _calculator_url(base_url, lang="nb", **urlstate.to_query(state))

    first = make_page(locale="nb-NO")
    open_page(first, url)
    assert _slider_value(_lever_slider(first, LEVER, "nb")) == pytest.approx(14)
    kpis = _metrics(first)
    second = make_page(locale="en-US")
    open_page(second, url)
    assert _metrics(second) == kpis
    assert "stException" not in second.content()


def test_chart_tabs_by_keyboard_and_a_lever_move_keeps_the_tab(make_page, base_url: str) -> None:
    """The charts are tabs (sales, customers and sellers, the I × K map): reached with
    the keyboard, each draws its own charts; a lever move keeps the tab that is open."""
    from ui import calculator_view as view

    lang = "nb"
    page = make_page(locale="nb-NO")
    open_page(page, _calculator_url(base_url, lang=lang, preset=PRESET))
    charts = page.locator('[data-testid="stVegaLiteChart"]')
    assert charts.count() == 1
    expected = {"sales": 1, "outcomes": 3, "ik": 1}
    for name in view.CHART_TABS:
        tab = page.get_by_role("tab", name=t(f"calculator.charts.tab_{name}", lang))
        tab.focus()
        page.keyboard.press("Enter")
        wait_for_app(page, settle=0.5)
        assert tab.get_attribute("aria-selected") == "true", name
        assert charts.count() == expected[name], name
    screenshot(page, ARTIFACTS / "calculator-ik-tab-nb.png")
    slider = _lever_slider(page, LEVER, lang)
    start = _slider_value(slider)
    slider.focus()
    page.keyboard.press("ArrowRight")
    _wait_for_url_lever(page, start + float(rik.lever_meta(LEVER)["step"]))
    wait_for_app(page, settle=0.5)
    ik = page.get_by_role("tab", name=t("calculator.charts.tab_ik", lang))
    assert ik.get_attribute("aria-selected") == "true"
    assert charts.count() == 1
    assert page.locator('[data-testid="stException"]').count() == 0


def test_save_and_brief_take_the_plan_after_a_lever_move(
    make_page, base_url: str, tmp_path
) -> None:
    """The save form and the brief sit under the calculator, outside the lever fragment
    (a lever move does not redraw them): both must take the plan as it is when they are
    used, not as it was when they were drawn. The brief's link reopens the plan from the
    same preset, and once the plan is saved the brief carries its name."""
    import re

    lang = "en"
    page = make_page(locale="en-US")
    open_page(page, _calculator_url(base_url, lang=lang, preset=PRESET))
    slider = _lever_slider(page, LEVER, lang)
    start = _slider_value(slider)
    step = float(rik.lever_meta(LEVER)["step"])
    slider.focus()
    page.keyboard.press("ArrowLeft")
    page.keyboard.press("ArrowLeft")
    moved = start - 2 * step
    _wait_for_url_lever(page, moved)

    def brief() -> tuple[str, dict[str, list[str]]]:
        button = page.get_by_role("button", name=t("saved.io.brief", lang))
        with page.expect_download(timeout=60_000) as info:
            button.click()
        html = Path(info.value.path()).read_text(encoding="utf-8")
        link = re.search(r'<a href="([^"]+)"', html).group(1).replace("&amp;", "&")
        return html, parse_qs(urlsplit(link).query)

    # The brief: its reopen link carries the moved lever and the preset the plan started
    # from, and it is named as a plan of one's own.
    html, query = brief()
    assert float(query[LEVER][-1]) == pytest.approx(moved), query
    assert query["preset"] == [PRESET], query
    assert t("common.presets.custom", lang) in html

    # Save: the stored plan has the moved lever; the brief now has the saved name.
    page.get_by_role("textbox", name=t("saved.panel.name", lang), exact=True).fill("Moved plan")
    page.get_by_role("button", name=t("saved.panel.save", lang)).click()
    page.get_by_text(re.compile("Moved plan")).first.wait_for(timeout=20_000)
    wait_for_app(page)
    html, _ = brief()
    assert "Moved plan" in html
    main = page.locator('[data-testid="stMain"]')
    compare_links = main.get_by_role("link", name=re.compile("compare", re.IGNORECASE))
    assert compare_links.count() == 1, "one link to the compare page under the calculator"
    compare_links.first.click()
    wait_for_app(page)
    export = page.get_by_role("button", name=t("saved.io.export", lang))
    with page.expect_download(timeout=60_000) as info:
        export.click()
    stored = json.loads(Path(info.value.path()).read_text(encoding="utf-8"))
    entry = next(e for e in stored["scenarios"] if e["name"] == "Moved plan")
    assert entry["levers"][LEVER] == pytest.approx(moved), entry
    assert page.locator('[data-testid="stException"]').count() == 0
