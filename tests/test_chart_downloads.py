"""Each chart can be saved for slides: SVG and PNG made on the server from the same chart."""

from __future__ import annotations

import rik
from rik.charts.common import line_chart
from tests.apptest import open_page
from ui import charts as chart_ui


def _chart():
    runs = {n: rik.simulate(s, months=24) for n, s in rik.presets().items()}
    return line_chart(runs, "sales_nok", "nb", title="Salg per måned i de fire scenarioene")


def test_a_chart_saves_as_svg_and_png() -> None:
    chart = _chart()
    svg = chart_ui.export_svg(chart)
    assert svg.lstrip().startswith("<svg") and "Katalysatoren" in svg
    assert chart_ui.export_png(chart).startswith(b"\x89PNG")
    assert chart_ui.file_stem(chart.spec(), chart) == "salg-per-maned-i-de-fire-scenarioene"


def test_pages_offer_the_downloads_outside_presenter_mode() -> None:
    at = open_page(lang="nb")
    keys = [b.proto.id for b in at.get("download_button")]
    assert len(keys) >= 2 and len(set(keys)) == len(keys)
