"""The calculator's charts: sales against the status quo, the outcomes, the I × K path.

Heights are totals: Streamlit fits a stretched chart's title, axes and legend inside
the given height, so the plot itself is smaller (measured with 1.67).

Pure functions of ``rik.simulate`` frames keyed by scenario (``baseline`` first, then the
user's scenario); no streamlit. Each chart has a matching :func:`data_table` for the
"show the numbers" expander under it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from rik.charts.common import line_chart, scenario_label
from rik.charts.ik_map import ik_map
from rik.charts.template import Chart
from rik.i18n import t
from rik.story.readout import format_output

OUTCOME_COLUMNS: tuple[str, ...] = ("csat", "churn_rate", "burnout_share")
"""The outcome charts (the calculator's second tab): satisfaction, churn and burnout."""
IK_COLUMNS: tuple[str, ...] = ("activity", "quality_per_meeting")
"""The numbers under the I × K map: the point's I and K as the map draws them."""


def _rules(
    kpi_month: int | None, change_months: Iterable[int], lang: str
) -> list[tuple[int, str]]:
    rules = [(int(m), t("calculator.charts.change_mark", lang)) for m in change_months]
    if kpi_month is not None:
        rules.append((int(kpi_month), t("calculator.charts.kpi_mark", lang)))
    return rules


def sales_chart(
    frames: Mapping[str, pd.DataFrame],
    lang: str,
    *,
    kpi_month: int | None = None,
    change_months: Iterable[int] = (),
    labels: Mapping[str, str] | None = None,
    height: int = 420,
) -> Chart:
    """Sales per month for each scenario (the status quo dashed), the KPI month marked."""
    return line_chart(
        frames,
        "sales_nok",
        lang,
        title=t("calculator.charts.sales_title", lang),
        labels=labels,
        height=height,
        legend="bottom",
        y_axis="unit",
        y_zero=True,
        fit_months=True,
        rules=_rules(kpi_month, change_months, lang),
    )


def outcome_chart(
    frames: Mapping[str, pd.DataFrame],
    column: str,
    lang: str,
    *,
    kpi_month: int | None = None,
    change_months: Iterable[int] = (),
    labels: Mapping[str, str] | None = None,
    height: int = 340,
) -> Chart:
    """One of the outcome charts (satisfaction, churn, burnout) over the months."""
    if column not in OUTCOME_COLUMNS:
        raise ValueError(f"column ({column!r}) must be one of {', '.join(OUTCOME_COLUMNS)}")
    return line_chart(
        frames,
        column,
        lang,
        labels=labels,
        height=height,
        # Three stacked charts share one caption above them that says which line is which
        # (the same colours and dashes as the sales chart's legend).
        legend=None,
        y_axis="unit",
        # From zero, as on the compare page: a narrow axis made a few points of
        # satisfaction look like a landslide (found by a sceptical reviewer).
        y_zero=True,
        fit_months=True,
        rules=_rules(kpi_month, change_months, lang),
    )


def ik_path_chart(
    frames: Mapping[str, pd.DataFrame],
    lang: str,
    *,
    labels: Mapping[str, str] | None = None,
    height: int = 520,
) -> Chart:
    """The team's path on the I × K map, month 0 to the horizon."""
    return ik_map(frames, lang, paths=True, labels=labels, height=height)


def data_table(
    frames: Mapping[str, pd.DataFrame],
    columns: Iterable[str],
    lang: str,
    *,
    labels: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """The numbers behind a chart as text, one row per month, one column per series."""
    columns = list(columns)
    first = next(iter(frames.values()))
    table = pd.DataFrame({t("common.month", lang): first.index.to_numpy()})
    for column in columns:
        for key, frame in frames.items():
            name = scenario_label(key, lang, labels)
            if len(columns) > 1:
                name = f"{t(f'common.outputs.{column}', lang)}: {name}"
            table[name] = [format_output(column, float(v), lang) for v in frame[column]]
    return table


__all__ = [
    "IK_COLUMNS", "OUTCOME_COLUMNS", "data_table", "ik_path_chart", "outcome_chart", "sales_chart",
]
