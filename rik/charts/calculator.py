"""The calculator's charts: sales against the status quo, the outcomes, the I × K path.

Heights are totals: Streamlit fits a stretched chart's title, axes and legend inside
the given height, so the plot itself is smaller (measured with 1.67).

Pure functions of ``rik.simulate`` frames keyed by scenario (``baseline`` first, then the
user's scenario); no streamlit. Each chart has a matching :func:`data_table` for the
"show the numbers" expander under it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import altair as alt
import pandas as pd

from rik.charts.common import axis_format, finish, long_frame, scenario_label, style_for
from rik.charts.ik_map import build_ik_map
from rik.i18n import t
from rik.readout import format_output

OUTCOME_COLUMNS: tuple[str, ...] = ("csat", "churn_rate", "burnout_share")
"""The small multiples under the sales chart: satisfaction, churn and burnout."""


def _lines(
    frames: Mapping[str, pd.DataFrame],
    column: str,
    lang: str,
    *,
    title: str,
    kpi_month: int | None,
    change_months: Iterable[int],
    labels: Mapping[str, str] | None,
    height: int,
    y_zero: bool,
    legend: alt.Legend | None,
) -> alt.LayerChart:
    data = long_frame(frames, column, lang, labels)
    order = [scenario_label(k, lang, labels) for k in frames]
    colours, dashes = style_for(frames)
    fmt = axis_format(column)
    month_title = t("common.month", lang)
    value_title = t(f"common.outputs.{column}", lang)
    lines = (
        alt.Chart(data)
        .mark_line(strokeWidth=3)
        .encode(
            x=alt.X(
                "month:Q",
                title=month_title,
                axis=alt.Axis(tickMinStep=1),
                scale=alt.Scale(domain=[0, int(data["month"].max())], nice=False),
            ),
            y=alt.Y(
                "value:Q",
                title=t(f"common.units.{column}", lang),
                axis=alt.Axis(format=fmt),
                scale=alt.Scale(zero=y_zero),
            ),
            color=alt.Color(
                "scenario:N",
                title=t("common.scenario", lang),
                scale=alt.Scale(domain=order, range=colours),
                legend=legend,
            ),
            strokeDash=alt.StrokeDash(
                "scenario:N", scale=alt.Scale(domain=order, range=dashes), legend=None
            ),
            tooltip=[
                alt.Tooltip("scenario:N", title=t("common.scenario", lang)),
                alt.Tooltip("month:Q", title=month_title),
                alt.Tooltip("value:Q", title=value_title, format=fmt),
            ],
        )
    )
    layers: list[alt.Chart] = [lines]
    marks = [{"month": m, "what": t("calculator.charts.change_mark", lang)} for m in change_months]
    if kpi_month is not None:
        marks.append({"month": kpi_month, "what": t("calculator.charts.kpi_mark", lang)})
    if marks:
        rules = pd.DataFrame(marks)
        layers.insert(
            0,
            alt.Chart(rules)
            .mark_rule(color="#9CA3AF", strokeWidth=1.5, strokeDash=[2, 3])
            .encode(
                x="month:Q",
                tooltip=[
                    alt.Tooltip("what:N", title=" "),
                    alt.Tooltip("month:Q", title=month_title),
                ],
            ),
        )
    return alt.layer(*layers).properties(title=title, height=height)


def sales_chart(
    frames: Mapping[str, pd.DataFrame],
    lang: str,
    *,
    kpi_month: int | None = None,
    change_months: Iterable[int] = (),
    labels: Mapping[str, str] | None = None,
    height: int = 420,
) -> alt.LayerChart:
    """Sales per month for each scenario (the status quo dashed), the KPI month marked."""
    chart = _lines(
        frames,
        "sales_nok",
        lang,
        title=t("calculator.charts.sales_title", lang),
        kpi_month=kpi_month,
        change_months=change_months,
        labels=labels,
        height=height,
        y_zero=True,
        legend=alt.Legend(orient="bottom"),
    )
    return finish(chart, lang)


def outcome_chart(
    frames: Mapping[str, pd.DataFrame],
    column: str,
    lang: str,
    *,
    kpi_month: int | None = None,
    change_months: Iterable[int] = (),
    labels: Mapping[str, str] | None = None,
    height: int = 340,
) -> alt.LayerChart:
    """One of the outcome charts (satisfaction, churn, burnout) over the months."""
    if column not in OUTCOME_COLUMNS:
        raise ValueError(f"column ({column!r}) must be one of {', '.join(OUTCOME_COLUMNS)}")
    chart = _lines(
        frames,
        column,
        lang,
        title=t(f"common.outputs.{column}", lang),
        kpi_month=kpi_month,
        change_months=change_months,
        labels=labels,
        height=height,
        y_zero=column != "csat",
        # Narrow small multiples share the sales chart's legend (same colours and dashes);
        # the page says which line is which above them.
        legend=None,
    )
    return finish(chart, lang)


def ik_path_chart(
    frames: Mapping[str, pd.DataFrame],
    lang: str,
    *,
    labels: Mapping[str, str] | None = None,
    height: int = 520,
) -> alt.LayerChart:
    """The team's path on the I × K map, month 0 to the horizon."""
    return build_ik_map(frames, lang, paths=True, labels=labels, height=height)


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


__all__ = ["OUTCOME_COLUMNS", "data_table", "ik_path_chart", "outcome_chart", "sales_chart"]
