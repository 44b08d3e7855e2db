"""The websocket load client (benchmarks/ws_client.py, benchmarks/load.py).

Unit tests of the encoding need no server. The rest run against the app started by the
browser tests' ``app_server`` fixture: the client opens the calculator, moves a lever
and sees the KPI and the link change, as a browser would.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from tests import asyncrun

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import load  # noqa: E402
import ws_client  # noqa: E402
from streamlit.proto.Element_pb2 import Element  # noqa: E402

from rik.share import urlstate  # noqa: E402
from tests.browser import conftest as browser_fixtures  # noqa: E402
from ui import widgets  # noqa: E402

app_server = browser_fixtures.app_server  # the browser tests' server, started once

LEVER = "meetings_per_seller_per_week"
KEY = widgets.widget_key(LEVER)
SALES = "Sales per month"


def _widget(kind: str, **fields) -> ws_client.Widget:
    element = Element()
    proto = getattr(element, kind)
    for name, value in fields.items():
        if isinstance(value, list):
            getattr(proto, name).extend(value)
        else:
            setattr(proto, name, value)
    widget_id = f"$$ID-abc-{fields.get('label', 'x')}"
    return ws_client.Widget(widget_id, kind, fields.get("label", ""), "x", proto)


# --- no server ------------------------------------------------------------------------------


def test_stream_url_follows_the_app_address() -> None:
    assert ws_client.stream_url("http://127.0.0.1:8501") == "ws://127.0.0.1:8501/_stcore/stream"
    assert (
        ws_client.stream_url("https://rik.example.org/app/")
        == "wss://rik.example.org/app/_stcore/stream"
    )
    with pytest.raises(ValueError):
        ws_client.stream_url("ftp://example.org")


def test_widget_key_is_read_from_the_widget_id() -> None:
    assert ws_client.widget_key("$$ID-0efd-calc_lever_sellers") == "calc_lever_sellers"
    assert ws_client.widget_key("$$ID-0efd-FormSubmitter:f-Save now") == "FormSubmitter:f-Save now"
    assert ws_client.widget_key("$$ID-0efd-None") is None
    assert ws_client.widget_key("plain") is None


def test_values_travel_as_the_frontend_sends_them() -> None:
    slider = ws_client.encode_value(_widget("slider", label="s"), 12)
    assert list(slider.double_array_value.data) == [12.0]
    ranged = ws_client.encode_value(_widget("slider", label="r"), (2, 5))
    assert list(ranged.double_array_value.data) == [2.0, 5.0]

    select = _widget("selectbox", label="p", options=["Status quo", "The catalyst"])
    assert ws_client.encode_value(select, 1).string_value == "The catalyst"
    assert ws_client.encode_value(select, "Status quo").string_value == "Status quo"
    with pytest.raises(ValueError):
        ws_client.encode_value(select, "Nonsense")

    assert ws_client.encode_value(_widget("text_input", label="t"), "Ola").string_value == "Ola"
    assert ws_client.encode_value(_widget("button", label="b"), True).trigger_value is True
    with pytest.raises(NotImplementedError):
        ws_client.encode_value(_widget("file_uploader", label="f"), b"")


def test_quantile_and_proc_watch() -> None:
    assert load.quantile([], 0.5) is None
    assert load.quantile([3.0, 1.0, 2.0], 0.5) == 2.0
    assert load.quantile([0.0, 10.0], 0.9) == pytest.approx(9.0)
    watch = load.ProcWatch(os.getpid())
    assert watch.cpu_seconds() > 0
    memory = watch.memory_mb()
    assert 1 < memory["rss"] <= memory["hwm"]
    assert load.ProcWatch(None).memory_mb() == {}


# --- against the app ------------------------------------------------------------------------


@pytest.mark.slow
def test_client_opens_the_calculator_and_a_lever_rerun_changes_the_kpi(app_server) -> None:
    async def scenario() -> None:
        async with ws_client.Session(
            app_server.base_url, page="calculator", query="lang=en", timeout=60
        ) as session:
            first = await session.open()
            assert first.ok, (first.exceptions, first.errors, app_server.last_error())
            assert len(session.metrics()) == 6, session.metrics()
            # The same slider found by its key and by its English label.
            label = str(widgets.slider_spec(LEVER, "en")["label"])
            assert session.widget(KEY).id == session.widget(label).id
            with pytest.raises(KeyError, match="calc_lever_sellers"):
                session.widget("no such widget")

            start = session.value(KEY)
            sales = session.metric(SALES)
            run = await session.set_value(KEY, start + 3)
            assert run.ok, (run.exceptions, run.errors, app_server.last_error())
            assert 0 < run.seconds < 60
            assert session.value(KEY) == start + 3
            assert session.metric(SALES) != sales
            # The app wrote the new lever into the link, as the browser's URL bar would show.
            state, notes = urlstate.parse_query(_query_dict(session.query_string))
            assert notes == []
            assert getattr(state.levers, LEVER) == start + 3

            back = await session.set_value(KEY, start)
            assert back.ok
            assert session.metric(SALES) == sales

    asyncrun.run(scenario())


@pytest.mark.slow
def test_a_lever_reruns_the_calculators_fragment_as_the_browser_asks(app_server) -> None:
    """The levers are drawn in the calculator's st.fragment: the client sends the
    fragment's id, the server reruns the fragment alone (the frame's sidebar is not sent
    again), and the KPI and the link still follow; ``fragments=False`` reruns the page."""

    async def scenario() -> None:
        async with ws_client.Session(
            app_server.base_url, page="calculator", query="lang=en", timeout=60
        ) as session:
            assert (await session.open()).ok
            lever = session.widget(KEY)
            assert lever.fragment_id
            assert not session.widget("_frame_set").fragment_id  # the sidebar: outside
            start, sales = session.value(KEY), session.metric(SALES)
            run = await session.set_value(KEY, start + 2)
            assert run.ok and run.status == ws_client.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
            assert session.metric(SALES) != sales
            state, _ = urlstate.parse_query(_query_dict(session.query_string))
            assert getattr(state.levers, LEVER) == start + 2  # the link follows
            assert session.widget("_frame_set")  # still on the page after the fragment run
        async with ws_client.Session(
            app_server.base_url, page="calculator", query="lang=en", timeout=60,
            fragments=False,
        ) as whole:
            assert (await whole.open()).ok
            run = await whole.set_value(KEY, whole.value(KEY) + 1)
            assert run.ok and run.status == ws_client.FINISHED_SUCCESSFULLY

    asyncrun.run(scenario())


@pytest.mark.slow
def test_load_phase_counts_reruns_errors_and_server_figures(app_server) -> None:
    watch = load.ProcWatch(app_server.process.pid)
    phase = asyncrun.run(
        load.run_phase(
            app_server.base_url, 3, watch, moves=2, think=0.0, seed=1, timeout=60,
            phase_timeout=120,
        )
    )
    assert phase["errors"] == 0, phase["error_examples"]
    assert phase["rerun_n"] == 6
    assert phase["kpi_changed"] >= 1
    assert 0 < phase["rerun_p50"] <= phase["rerun_p90"] <= phase["rerun_max"]
    assert phase["open_p50"] > 0
    assert phase["server_cpu_pct"] > 0
    assert phase["rss_mb"] > 50
    assert "PASS" in load.verdict(phase) or "MISS" in load.verdict(phase)
    assert load.row("test", phase).split()[:2] == ["test", "3"]


def _query_dict(query: str) -> dict[str, list[str]]:
    from urllib.parse import parse_qs

    return parse_qs(query, keep_blank_values=True)
