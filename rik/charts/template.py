"""Charts as templates: a static Vega-Lite spec, built once, plus the data of one run.

Building an Altair chart and turning it into Vega-Lite (schema validation, deep copies)
costs tens of milliseconds, far more than the model run behind it. Everything but the
numbers depends on a few static inputs (language, column, which scenarios and their
labels, horizon, height), so each builder writes its spec once per such inputs with
Altair, validated once, cached with :func:`template`, and referring to its data by name
(``"data": {"name": "lines"}``). A run inserts only the data: :class:`Chart` is that
template and a frame per dataset name, and ``ui.charts.draw`` hands both to
``st.vega_lite_chart`` without building anything.

Templates are shared between sessions and threads: treat them as read-only.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

import altair as alt
import pandas as pd
import pyarrow as pa

F = TypeVar("F", bound=Callable[..., dict])

TEMPLATE_CACHE_SIZE = 512
"""Templates kept per builder (each 3–10 kB; keys are languages, columns, scenario sets)."""


def template(builder: F) -> F:
    """Cache a template builder on its (hashable) static inputs, across sessions.

    The builder returns a plain Vega-Lite dict (usually ``altair_chart.to_dict()``, which
    validates it once); callers must not mutate it.
    """
    return functools.lru_cache(maxsize=TEMPLATE_CACHE_SIZE)(builder)  # type: ignore[return-value]


def named(name: str) -> alt.NamedData:
    """A reference to the dataset ``name`` that :class:`Chart` inserts on each run."""
    return alt.NamedData(name=name)


@dataclass(frozen=True)
class Chart:
    """A cached template and the data of this run, by dataset name (pandas frames, or Arrow
    tables where a builder makes its rows straight as Arrow)."""

    template: Mapping[str, Any]
    data: Mapping[str, pd.DataFrame | pa.Table] = field(default_factory=dict)

    def spec(self) -> dict[str, Any]:
        """The spec to draw: the template (shared, not copied) with this run's datasets
        as frames (Streamlit turns each into Arrow)."""
        return {**self.template, "datasets": dict(self.data)}

    def to_dict(self) -> dict[str, Any]:
        """A plain JSON-ready copy of the whole spec, datasets as rows (tests, SVG export)."""
        spec = json.loads(json.dumps(self.template))
        spec["datasets"] = {name: rows(frame) for name, frame in self.data.items()}
        return spec

    def to_altair(self) -> alt.TopLevelMixin:
        """The same chart as an Altair object (validated), for callers that add to it."""
        spec = self.to_dict()
        kind = alt.LayerChart if "layer" in spec else alt.Chart
        return kind.from_dict(spec)


def rows(data: pd.DataFrame | pa.Table) -> list[dict[str, Any]]:
    """A dataset as a list of row dicts (plain Python values)."""
    return data.to_pylist() if isinstance(data, pa.Table) else data.to_dict("records")


__all__ = ["Chart", "rows", "TEMPLATE_CACHE_SIZE", "named", "template"]
