"""Switching language back and forth keeps every choice, in a real browser.

Streamlit passes a choice (selectbox, radio, segmented control, select slider) between
browser and server as its *label*. A label translated with the page's language used to
come back after a switch as the old language's label, which the server could not map:
the calculator failed on the second switch (nb → en → nb) and showed the other
language's preset name before that. ``ui.widgets.keep_choice`` writes each translated
choice back before it is drawn; these tests make the round trips a user makes.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from rik.i18n import t
from ui import frame

from ._app import AppServer, open_page, url_path, wait_for_app

pytestmark = [pytest.mark.browser]

NAMES = {"nb": "Norsk", "en": "English"}


def _switch(page: Any, lang: str, page_key: str) -> None:
    page.locator('[data-testid="stSidebar"]').get_by_role("radio", name=NAMES[lang]).click()
    page.wait_for_function(
        "(title) => document.title.includes(title)", arg=t(f"frame.pages.{page_key}", lang)
    )
    wait_for_app(page)


def _healthy(page: Any, where: str, server: AppServer) -> None:
    exceptions = page.locator('[data-testid="stException"]').count()
    errors = page.locator('[data-testid="stAlertContentError"]').all_inner_texts()
    assert exceptions == 0 and not errors, f"{where}: {errors}\n{server.last_error()}"


def _shown_choice(page: Any, label: str) -> str:
    """The text a selectbox labelled ``label`` shows."""
    return page.get_by_role("combobox", name=label).first.input_value().strip()


def test_calculator_keeps_preset_and_chart_tab_through_two_switches(
    make_page: Any, app_server: AppServer
) -> None:
    info = frame.PAGE_BY_KEY["calculator"]
    page = make_page(locale="nb-NO")
    open_page(page, f"{app_server.base_url}/{url_path(info.path)}?lang=nb&preset=quality_first")
    page.get_by_role("tab", name=t("calculator.charts.tab_ik", "nb")).click()
    wait_for_app(page)
    for lang in ("en", "nb", "en"):
        _switch(page, lang, "calculator")
        where = f"calculator after switching to {lang}"
        _healthy(page, where, app_server)
        assert _shown_choice(page, t("calculator.preset", lang)) == t(
            "common.presets.quality_first", lang), where
        tab = page.get_by_role("tab", name=t("calculator.charts.tab_ik", lang))
        assert tab.get_attribute("aria-selected") == "true", where
        assert parse_qs(urlsplit(page.url).query).get("preset") == ["quality_first"], where


def test_analysis_keeps_its_choices_through_two_switches(
    make_page: Any, app_server: AppServer
) -> None:
    info = frame.PAGE_BY_KEY["analysis"]
    page = make_page(locale="nb-NO")
    open_page(page, f"{app_server.base_url}/{url_path(info.path)}?lang=nb")
    scenario = t("analysis.scenario.label", "nb")
    page.get_by_role("combobox", name=scenario).first.click()
    page.get_by_role("option", name=t("common.presets.catalyst", "nb")).click()
    wait_for_app(page)
    for lang in ("en", "nb"):
        _switch(page, lang, "analysis")
        where = f"analysis after switching to {lang}"
        _healthy(page, where, app_server)
        assert _shown_choice(page, t("analysis.scenario.label", lang)) == t(
            "common.presets.catalyst", lang), where


def test_an_unsent_answer_survives_a_rerun_and_a_language_switch_never_breaks_the_form(
    make_page: Any, app_server: AppServer
) -> None:
    """The questionnaire's answers are in a form: chosen but not yet sent, an answer lives
    in the browser alone. Another rerun (here: the assumption set) must not undo it; a
    language switch shows the form in the new language without an error."""
    from rik.team import assessment as asm

    info = frame.PAGE_BY_KEY["assessment"]
    page = make_page(locale="nb-NO")
    open_page(page, f"{app_server.base_url}/{url_path(info.path)}?lang=nb")
    main = page.locator('[data-testid="stMain"]')
    label = asm.likert_label(asm.LIKERT[-1], "nb")
    first = main.locator('[data-testid="stRadio"]').first
    first.get_by_text(label, exact=True).click()
    checked = first.locator('input[type="radio"]:checked')
    assert checked.count() == 1
    sources = t("frame.sets.evidence", "nb")
    page.locator('[data-testid="stSidebar"]').get_by_text(sources, exact=True).click()
    wait_for_app(page)
    assert first.locator('input[type="radio"]:checked').count() == 1, "the answer was undone"
    for lang in ("en", "nb"):
        _switch(page, lang, "assessment")
        _healthy(page, f"assessment after switching to {lang}", app_server)
