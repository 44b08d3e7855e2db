"""Template charts reach Streamlit as a shared spec plus this run's data, as Arrow."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

import rik
from rik.charts import calculator
from rik.charts.template import Chart


@pytest.fixture(scope="module")
def frames():
    return {
        "baseline": rik.simulate(rik.presets()["baseline"]),
        "catalyst": rik.simulate(rik.presets()["catalyst"]),
    }


def test_the_spec_to_draw_shares_the_template_and_carries_frames(frames) -> None:
    chart = calculator.sales_chart(frames, "en", kpi_month=12)
    spec = chart.spec()
    assert {k: v for k, v in spec.items() if k != "datasets"} == dict(chart.template)
    assert spec["layer"] is chart.template["layer"]  # not copied per run
    assert set(spec["datasets"]) == {"lines", "rules"}
    assert spec["datasets"]["lines"] is chart.data["lines"]
    assert "datasets" not in chart.template


def _draw_sales(lang: str, kpi_month: int) -> None:
    import rik
    from rik.charts import calculator
    from ui import charts

    frames = {
        "baseline": rik.simulate(rik.presets()["baseline"]),
        "catalyst": rik.simulate(rik.presets()["catalyst"]),
    }
    charts.show(calculator.sales_chart, frames, lang, kpi_month=kpi_month)


def test_draw_sends_named_datasets_as_arrow() -> None:
    at = AppTest.from_function(_draw_sales, args=("nb", 6), default_timeout=30)
    at.run()
    assert not at.exception
    (element,) = at.get("vega_lite_chart")
    proto = element.proto
    spec = json.loads(proto.spec)
    assert "datasets" not in spec  # the rows travel as Arrow, not inside the JSON
    assert {d.name for d in proto.datasets} == {"lines", "rules"}
    assert all(d.data.data for d in proto.datasets)
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    names = [layer["data"]["name"] for layer in spec["layer"]]
    assert names == ["rules", "lines"]


def test_a_chart_is_a_template_and_its_data() -> None:
    chart = Chart({"mark": "point", "data": {"name": "d"}}, {})
    assert chart.to_dict() == {"mark": "point", "data": {"name": "d"}, "datasets": {}}
