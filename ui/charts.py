"""Draw the chart builders of ``rik.charts``: a cached template plus this run's data.

Building an Altair chart and turning it into Vega-Lite costs tens of milliseconds
(schema validation and deep copies), far more than the model run behind it; on a
workshop server with 50 people that was most of each rerun. The builders now return a
:class:`rik.charts.template.Chart`: a spec template built once per static inputs
(language, columns, scenarios, horizon, height) and shared by every session, plus the
data of this run, which is all that is new. :func:`draw` hands both to
``st.vega_lite_chart`` (which turns each dataset into Arrow); nothing is built or
validated per run.

Builders that still return Altair charts (the analysis page's) are drawn as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import altair as alt
import streamlit as st

from rik.charts.template import Chart


def draw(chart: Chart | alt.TopLevelMixin, **kwargs: Any) -> None:
    """Draw a template chart (or an Altair one) at full width."""
    if isinstance(chart, Chart):
        st.vega_lite_chart(chart.spec(), width="stretch", **kwargs)
    else:
        st.altair_chart(chart, width="stretch", **kwargs)


def show(builder: Callable[..., Chart | alt.TopLevelMixin], *args: Any, **kwargs: Any) -> None:
    """Draw ``builder(*args, **kwargs)`` at full width."""
    draw(builder(*args, **kwargs))


__all__ = ["draw", "show"]
