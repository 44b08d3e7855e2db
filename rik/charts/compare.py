"""The compare page's charts: each compared output over time, every scenario on the same
axes. Which scenarios, their labels and the tables of differences are the page's view
(``ui.compare_view``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from rik.charts.common import line_chart
from rik.charts.template import Chart
from rik.model.outputs import TREND_OUTPUTS

CHART_COLUMNS: tuple[str, ...] = TREND_OUTPUTS


def charts(
    frames: Mapping[str, pd.DataFrame], labels: Mapping[str, str], lang: str,
    columns: Sequence[str] = CHART_COLUMNS, height: int = 240,
) -> list[tuple[str, Chart]]:
    """``(column, chart)`` for each compared output, every scenario on the same axes
    (fitted to the width by :func:`rik.charts.common.finish`), the legend in two columns."""
    return [
        (column, line_chart(frames, column, lang, labels=labels, height=height, legend_columns=2))
        for column in columns
    ]


__all__ = ["CHART_COLUMNS", "charts"]
