"""The calculator saves its current scenario into the saved list the compare page reads."""

from __future__ import annotations

from tests.apptest import open_page
from ui import saved

PAGE = "pages/20_calculator.py"


def test_saving_from_the_calculator_stores_the_scenario_shown() -> None:
    at = open_page(PAGE, preset="numbers_game", months="36")
    at.text_input(key="saved_calc_name").set_value("Push harder")
    next(b for b in at.button if b.proto.is_form_submitter).click()
    at.run()
    assert not at.exception
    store = at.session_state["saved_scenarios"]
    assert list(store) == ["Push harder"]
    entry = saved.entries({"saved_scenarios": store})[0]
    assert entry.months == 36
    assert entry.scenario.levers.meetings_per_seller_per_week == 20


def test_calculator_offers_the_brief_and_the_compare_page() -> None:
    at = open_page(PAGE, preset="catalyst")
    # The brief (each chart's SVG and PNG buttons aside).
    downloads = [d for d in at.get("download_button") if not d.key.startswith("chart_dl_")]
    assert len(downloads) == 1
    pages = [link.proto.page for link in at.page_link]
    assert "compare" in pages
