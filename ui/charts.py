"""Draw the pure chart builders of ``rik.charts``, with their Vega-Lite specs cached.

Building an Altair chart and turning it into Vega-Lite costs tens of milliseconds
(schema validation and deep copies), far more than the model run behind it; on a
workshop server with 50 people that is most of each rerun. The spec depends only on
the builder and its inputs, so it is cached across sessions with ``st.cache_data``:
anyone who reaches the same lever values (a preset, the status quo, a popular slider
position) gets the chart without building it again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import altair as alt
import streamlit as st


@st.cache_data(max_entries=1024, show_spinner=False)  # specs are 5–50 kB each
def _cached_spec(
    name: str, _builder: Callable[..., alt.TopLevelMixin], *args: Any, **kwargs: Any
) -> dict:
    # ``name`` stands for the builder in the cache key (functions are not hashable).
    return _builder(*args, **kwargs).to_dict()


def spec(builder: Callable[..., alt.TopLevelMixin], *args: Any, **kwargs: Any) -> dict:
    """The Vega-Lite spec of ``builder(*args, **kwargs)``, memoised on the inputs."""
    return _cached_spec(f"{builder.__module__}.{builder.__qualname__}", builder, *args, **kwargs)


def show(builder: Callable[..., alt.TopLevelMixin], *args: Any, **kwargs: Any) -> None:
    """Draw ``builder(*args, **kwargs)`` at full width, from the cache when it can."""
    st.vega_lite_chart(spec(builder, *args, **kwargs), width="stretch")


__all__ = ["show", "spec"]
