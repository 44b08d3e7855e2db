"""Your team in a real browser (issue 11): fill the form, see the calculator in the team's
kroner, open the shared link in a fresh browser and get the same numbers; upload the
template and see the fit chart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rik import fmt
from rik.i18n import t
from rik.team import crm as team_import

from ._app import ARTIFACTS, open_page, screenshot, wait_for_app

pytestmark = pytest.mark.browser


def _metrics(page: Any) -> dict[str, str]:
    found = {}
    for metric in page.locator('[data-testid="stMetric"]').all():
        label = metric.locator('[data-testid="stMetricLabel"]').inner_text().strip()
        found[label] = metric.locator('[data-testid="stMetricValue"]').inner_text().strip()
    return found


def _fill(page: Any, label: str, value: str) -> None:
    box = page.get_by_label(label, exact=True)
    box.fill(value)
    box.press("Enter")
    wait_for_app(page)


def test_form_calculator_and_shared_link(make_page, base_url: str) -> None:
    page = make_page(locale="nb-NO")
    open_page(page, f"{base_url}/team?lang=nb")
    screenshot(page, ARTIFACTS / "team-form-nb.png", full=True)
    _fill(page, t("team.fields.sales_nok.label", "nb"), "480000")
    _fill(page, t("team.fields.customers.label", "nb"), "180")
    _fill(page, t("team.fields.lost_per_month.label", "nb"), "2")
    page.get_by_role("button", name=t("team.page.use", "nb")).click()
    wait_for_app(page)
    assert t("team.page.used", "nb") in page.inner_text("body")
    page.get_by_role("link", name=t("team.page.to_calculator", "nb")).click()
    page.wait_for_url("**/calculator**")
    wait_for_app(page)
    sales = _metrics(page)[t("common.outputs.sales_nok", "nb")]
    assert sales.replace("\u00a0", " ") == fmt.nok(480_000, "nb").replace("\u00a0", " ")
    assert "ditt teams tall" in page.inner_text("body")
    screenshot(page, ARTIFACTS / "team-calculator-nb.png")
    link = page.url
    assert "team=" in link
    shown = _metrics(page)

    fresh = make_page(locale="en-US")  # a fresh browser context: no session, no storage
    open_page(fresh, link)
    assert _metrics(fresh) == shown


def test_template_upload_shows_the_fit(make_page, base_url: str, tmp_path: Path) -> None:
    page = make_page(locale="en-US")
    open_page(page, f"{base_url}/team?lang=en")
    path = tmp_path / "team.csv"
    path.write_bytes(team_import.template_csv("en"))
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))
    page.wait_for_timeout(500)
    wait_for_app(page)
    body = page.inner_text("body")
    assert "Read 12 months, 2025-01 to 2025-12." in body
    assert t("team.import.fit_title", "en") in body
    assert page.locator('[data-testid="stVegaLiteChart"]').count() == 2
    screenshot(page, ARTIFACTS / "team-fit-en.png", full=True)
    bad = tmp_path / "bad.csv"
    bad.write_text("month,sellers\n2025-01,x\n", encoding="utf-8")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(bad))
    page.wait_for_timeout(500)
    wait_for_app(page)
    assert "The column «meetings» is missing" in page.inner_text("body")


def test_self_assessment_then_and_now_on_the_team(make_page, base_url: str,
                                                  tmp_path: Path) -> None:
    import datetime

    from rik.share import team_figures
    from rik.team import assessment as asm
    from rik.team import assessment_io
    from ui.team_view import EXAMPLE

    then = asm.assess(asm.example_answers())
    now = asm.example_answers() | {"meetings": 14, "training_hours": 4}
    page = make_page(locale="nb-NO")
    open_page(page, f"{base_url}/assessment?lang=nb&team={team_figures.to_param(EXAMPLE)}"
                    f"&answers={asm.encode_answers(now)}")
    path = tmp_path / "before.json"
    path.write_text(assessment_io.to_json(then, datetime.date(2026, 3, 1), EXAMPLE),
                    encoding="utf-8")
    uploader = page.locator('[data-testid="stFileUploaderDropzoneInput"]')
    assert uploader.count() == 1
    uploader.set_input_files(str(path))
    page.wait_for_timeout(500)
    wait_for_app(page)
    body = page.inner_text("body")
    assert t("assessment.history.compared", "nb", then="2026-03-01") in body
    assert "ditt teams tall" in body
    screenshot(page, ARTIFACTS / "assessment-then-now-nb.png", full=True)
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "rik-assessment", "schema_version": 1, "answers": {}}',
                   encoding="utf-8")
    uploader.set_input_files(str(bad))
    page.wait_for_timeout(500)
    wait_for_app(page)
    body = page.inner_text("body")
    assert t("assessment.history.rejected", "nb") in body
    assert "Traceback" not in body


def test_analysis_on_the_team(make_page, base_url: str) -> None:
    from rik.share import team_figures
    from ui.team_view import EXAMPLE

    page = make_page(locale="en-US")
    open_page(page, f"{base_url}/analysis?lang=en&team={team_figures.to_param(EXAMPLE)}")
    body = page.inner_text("body")
    assert t("team.firm.analysis_note", "en") in body
    screenshot(page, ARTIFACTS / "analysis-team-en.png", full=True)


def _inputs(page: Any) -> dict[str, str]:
    boxes = page.locator('[data-testid="stNumberInput"] input').all()
    return {box.get_attribute("aria-label") or "": box.input_value() for box in boxes}


def test_whole_figures_read_3_and_nps_is_converted(make_page, base_url: str) -> None:
    """Number inputs write a whole figure as "3" (not Streamlit's "3.0"), a decimal as
    "2.5"; switching satisfaction to NPS converts the CSAT shown instead of starting at 0."""
    page = make_page(locale="en-US")
    open_page(page, f"{base_url}/team?lang=en")
    lost, csat = (t(f"team.fields.{f}.label", "en") for f in ("lost_per_month", "csat"))
    shown = _inputs(page)
    assert shown[lost] == "3" and shown[csat] == "80", shown
    assert not any(value.endswith(".0") for value in shown.values()), shown
    _fill(page, lost, "2.5")
    assert _inputs(page)[lost] == "2.5"
    _fill(page, csat, "70")
    page.get_by_text(t("team.form.satisfaction_modes.nps", "en"), exact=True).click()
    wait_for_app(page)
    assert _inputs(page)[t("team.fields.nps.label", "en")] == "40"  # (70 % − 50 %) × 2
    screenshot(page, ARTIFACTS / "team-form-nps-en.png", full=True)


def test_the_assessment_map_draws_the_centre_and_the_plans_on_the_team(
        make_page, base_url: str) -> None:
    from rik.share import team_figures
    from rik.team import assessment as asm
    from ui.team_view import EXAMPLE

    answers = asm.encode_answers(asm.example_answers())
    page = make_page(locale="en-US")
    open_page(page, f"{base_url}/assessment?lang=en&answers={answers}"
                    f"&team={team_figures.to_param(EXAMPLE)}")
    body = page.inner_text("body")
    assert t("assessment.map.centre", "en", split="50") in body
    assert t("assessment.quadrants.room_to_grow.name", "en") in body
    for key in ("team", "numbers_game", "quality_first", "catalyst"):
        name = (t("assessment.map.team", "en") if key == "team"
                else t(f"common.presets.{key}", "en"))
        assert name in body
    assert t("common.presets.baseline", "en") not in body.split(
        t("assessment.map.heading", "en"))[1].split(t("assessment.levers.heading", "en"))[0]
    shown = _inputs(page)
    assert shown[asm.ITEM_BY_KEY["sellers"].text("en")] == "8"
    assert shown[asm.ITEM_BY_KEY["meetings"].text("en")] == "10"
    page.locator('[data-testid="stVegaLiteChart"]').first.scroll_into_view_if_needed()
    screenshot(page, ARTIFACTS / "assessment-map-team-en.png")


def test_deals_a_month_read_in_norwegian(make_page, base_url: str) -> None:
    """650 000 kr at 30 000 kr a deal: «21,67» deals on a Norwegian page (a number input
    would show «21.67»); whole customers only."""
    page = make_page(locale="nb-NO")
    open_page(page, f"{base_url}/team?lang=nb")
    page.get_by_text(t("team.form.sales_modes.deals", "nb"), exact=True).click()
    wait_for_app(page)
    box = page.get_by_label(t("team.fields.deals_per_month.label", "nb"), exact=True)
    assert box.input_value() == "21,67"
    _fill(page, t("team.fields.deals_per_month.label", "nb"), "25,5")
    assert "25,5 avtaler" in page.inner_text("body")
    screenshot(page, ARTIFACTS / "team-deals-nb.png")
