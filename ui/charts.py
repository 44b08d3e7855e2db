"""Draw the chart builders of ``rik.charts``: a cached template plus this run's data.

Building an Altair chart and turning it into Vega-Lite costs tens of milliseconds
(schema validation and deep copies), far more than the model run behind it; on a
workshop server with 50 people that was most of each rerun. The builders now return a
:class:`rik.charts.template.Chart`: a spec template built once per static inputs
(language, columns, scenarios, horizon, height) and shared by every session, plus the
data of this run, which is all that is new. :func:`draw` turns each dataset into Arrow
IPC bytes itself (:func:`arrow_bytes`, straight from the columns: about a quarter of
what Streamlit's pandas conversion costs, which was a sixth of a calculator rerun) and
hands the template and the bytes to ``st.vega_lite_chart``; nothing is built or
validated per run.

Builders that still return Altair charts (the analysis page's) are drawn as they are.

Under each chart two small buttons save it as SVG and as PNG, for slides. The picture is
made only when one is clicked (``vl_convert``, on the server, from the same chart), so a
rerun costs two widgets and nothing else. Presenter mode leaves them out.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import unicodedata
from collections.abc import Callable
from typing import Any

import altair as alt
import pandas as pd
import pyarrow as pa
import streamlit as st
import vl_convert
from streamlit.runtime.scriptrunner import get_script_run_ctx

from rik.charts.template import Chart

EXPORT_WIDTH = 800  # pixels: a chart saved for a slide, whatever the screen's width

# A template chart's names depend on its (shared, cached) template alone: worked out once
# per template, not on every run. Keyed by the template's id, holding the template itself
# so that an id is never reused for another one while it is here.
_NAMES: dict[int, tuple[Any, tuple[str, str]]] = {}
_NAMES_MAX = 2048


# Arrow bytes of frames that are shared between runs (a cached rules frame): by the
# frame's id, holding the frame so that its id is not reused while it is here.
_SHARED_BYTES: dict[int, tuple[pd.DataFrame, bytes | pd.DataFrame]] = {}


def shared_arrow_bytes(frame: pd.DataFrame) -> bytes | pd.DataFrame:
    """:func:`arrow_bytes` of a frame that is itself cached (read-only), made once."""
    held = _SHARED_BYTES.get(id(frame))
    if held is None or held[0] is not frame:
        if len(_SHARED_BYTES) >= _NAMES_MAX:
            _SHARED_BYTES.clear()
        held = (frame, arrow_bytes(frame))
        _SHARED_BYTES[id(frame)] = held
    return held[1]


def arrow_bytes(frame: pd.DataFrame | pa.Table) -> bytes | pd.DataFrame:
    """A chart dataset as Arrow IPC stream bytes, which ``st.vega_lite_chart`` passes on
    as they are. Built from the columns alone (a chart's frames have a plain 0..n-1
    index, which Vega-Lite never sees); a frame with any other index, or a column Arrow
    cannot take as it is, is returned unchanged for Streamlit to convert."""
    if isinstance(frame, pa.Table):
        table = frame
    elif not isinstance(frame.index, pd.RangeIndex) or frame.index.start != 0:
        return frame
    else:
        table = _from_columns(frame)
        if table is None:
            return frame
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return sink.getvalue().to_pybytes()


def _from_columns(frame: pd.DataFrame) -> pa.Table | None:
    try:
        columns = {}
        for name in frame.columns:
            column = frame[name]
            numeric = column.dtype.kind in "biuf"
            columns[str(name)] = pa.array(column.to_numpy() if numeric else column.array)
        return pa.table(columns) if columns else pa.table({})
    except (pa.ArrowException, TypeError, ValueError):
        return None


def draw(chart: Chart | alt.TopLevelMixin, *, downloads_below: bool = True, **kwargs: Any) -> None:
    """Draw a template chart (or an Altair one) at full width, with its downloads under it
    (``downloads_below=False``: the page offers them elsewhere, see ``frame.chart_footer``)."""
    if isinstance(chart, Chart):
        spec = chart.spec()
        data = {name: (shared_arrow_bytes if name == "rules" else arrow_bytes)(frame)
                for name, frame in chart.data.items()}
        st.vega_lite_chart({**spec, "datasets": data}, width="stretch", **kwargs)
    else:
        spec = None
        st.altair_chart(chart, width="stretch", **kwargs)
    if downloads_below and st.query_params.get("present") != "1":
        downloads(chart, spec)


def _export_spec(chart: Chart | alt.TopLevelMixin) -> str:
    altair = chart.to_altair() if isinstance(chart, Chart) else chart
    with contextlib.suppress(Exception):  # a chart kind without one width (concatenations)
        altair = altair.properties(width=EXPORT_WIDTH)
    return json.dumps(altair.to_dict())


def export_svg(chart: Chart | alt.TopLevelMixin) -> str:
    """The chart as an SVG document (for a slide)."""
    return vl_convert.vegalite_to_svg(_export_spec(chart))


def export_png(chart: Chart | alt.TopLevelMixin) -> bytes:
    """The chart as a PNG at twice its size (sharp on a projector)."""
    return vl_convert.vegalite_to_png(_export_spec(chart), scale=2)


def title_of(chart: Chart | alt.TopLevelMixin, spec: dict | None = None) -> str:
    """The chart's title as plain text ("" when it has none)."""
    if spec is None:
        spec = chart.template if isinstance(chart, Chart) else {
            "title": getattr(chart, "title", None)}
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    return title if isinstance(title, str) else ""


def file_stem(spec: dict | None, chart: Chart | alt.TopLevelMixin) -> str:
    """A file name from the chart's title (``salg-per-maned``), else ``chart``."""
    title = title_of(chart, spec)
    plain = unicodedata.normalize("NFKD", title.replace("ø", "o").replace("æ", "ae"))
    stem = re.sub(r"[^a-z0-9]+", "-", plain.encode("ascii", "ignore").decode().lower())
    return stem.strip("-")[:60] or "chart"


def _download_names(spec: dict | None, chart: Chart | alt.TopLevelMixin) -> tuple[str, str]:
    """The file stem and the widget key base for a chart's downloads."""
    stem = file_stem(spec, chart)
    summary = {k: (spec or {}).get(k) for k in ("title", "encoding", "layer", "mark")}
    base = "chart_dl_" + hashlib.sha1(
        (stem + json.dumps(summary, default=str, sort_keys=True)).encode()
    ).hexdigest()[:12]
    return stem, base




def downloads(chart: Chart | alt.TopLevelMixin, spec: dict | None = None) -> None:
    """Two small buttons that save the chart as SVG and PNG (made when clicked)."""
    if isinstance(chart, Chart):
        held = _NAMES.get(id(chart.template))
        if held is None or held[0] is not chart.template:
            if len(_NAMES) >= _NAMES_MAX:
                _NAMES.clear()
            held = (chart.template, _download_names(spec or chart.spec(), chart))
            _NAMES[id(chart.template)] = held
        stem, base = held[1]
    else:
        stem, base = _download_names(spec, chart)
    run = get_script_run_ctx()
    shared = getattr(run, "shared", None)
    used = getattr(shared, "widget_user_keys_this_run", None) or set()
    key, n = base, 0
    while f"{key}_svg" in used:  # the same chart twice on a page
        n += 1
        key = f"{base}_{n}"
    with st.container(horizontal=True, key=f"{key}_row", gap="small"):
        st.download_button(
            "SVG", data=lambda: export_svg(chart), file_name=f"{stem}.svg",
            mime="image/svg+xml", on_click="ignore", key=f"{key}_svg",
            icon=":material/download:", type="tertiary",
        )
        st.download_button(
            "PNG", data=lambda: export_png(chart), file_name=f"{stem}.png",
            mime="image/png", on_click="ignore", key=f"{key}_png",
            icon=":material/download:", type="tertiary",
        )


def show(
    builder: Callable[..., Chart | alt.TopLevelMixin], *args: Any, downloads_below: bool = True,
    **kwargs: Any,
) -> Chart | alt.TopLevelMixin:
    """Draw ``builder(*args, **kwargs)`` at full width; return the chart."""
    chart = builder(*args, **kwargs)
    draw(chart, downloads_below=downloads_below)
    return chart


__all__ = [
    "arrow_bytes", "downloads", "draw", "export_png", "export_svg", "file_stem", "show",
    "title_of",
]
