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


def _footer(lazy: bool) -> None:
    import pandas as pd
    import streamlit as st

    from ui import frame

    ctx = frame.Ctx("calculator", "en", "article", None, False)

    def table() -> pd.DataFrame:
        st.session_state["built"] = st.session_state.get("built", 0) + 1
        return pd.DataFrame({"month": [0, 1]})

    if lazy:
        frame.chart_footer(ctx, table, key="numbers")
    else:
        frame.chart_footer(ctx, table())


def test_lazy_chart_footer_builds_its_table_only_when_open() -> None:
    at = AppTest.from_function(_footer, args=(True,), default_timeout=30)
    at.run()
    assert not at.exception
    assert len(at.expander) == 1 and not at.dataframe
    assert "built" not in at.session_state
    at.session_state["numbers"] = True  # the reader opens the expander
    at.run()
    assert at.session_state["built"] == 1
    assert list(at.dataframe[0].value["month"]) == [0, 1]
    eager = AppTest.from_function(_footer, args=(False,), default_timeout=30)
    eager.run()
    assert len(eager.dataframe) == 1
