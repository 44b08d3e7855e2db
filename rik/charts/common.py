"""Shared chart style: a colour-blind-safe palette with line dashes, and axis formats."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping

import altair as alt
import pandas as pd

from rik.i18n import t

# Okabe & Ito (2008) colour-blind-safe palette.
OKABE_ITO: tuple[str, ...] = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#E69F00",  # orange
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)
DASHES: tuple[tuple[int, ...], ...] = ((1, 0), (6, 3), (2, 2), (8, 3, 2, 3), (4, 4), (1, 3))

SCENARIO_STYLE: dict[str, tuple[str, tuple[int, ...]]] = {
    "baseline": ("#6B7280", (6, 3)),
    "numbers_game": (OKABE_ITO[1], (1, 0)),
    "quality_first": (OKABE_ITO[2], (1, 0)),
    "catalyst": (OKABE_ITO[0], (1, 0)),
    "custom": (OKABE_ITO[4], (1, 0)),
}


def style_for(names: Iterable[str]) -> tuple[list[str], list[list[int]]]:
    """Colours and dashes for scenario keys, in order; unknown keys get the next free style."""
    colours, dashes = [], []
    spare = itertools.cycle(zip(OKABE_ITO[3:] + OKABE_ITO[:3], DASHES[1:] * 2, strict=False))
    for name in names:
        colour, dash = SCENARIO_STYLE.get(name) or next(spare)
        colours.append(colour)
        dashes.append(list(dash))
    return colours, dashes


def number_format(lang: str) -> dict[str, str]:
    """Vega-Lite format locale for the language (thousands and decimal separators)."""
    if lang == "nb":
        return {"decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", " kr"]}
    return {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["NOK ", ""]}


def axis_format(column: str) -> str:
    """d3 format for an output column's axis."""
    if column in ("csat", "churn_rate", "burnout_share", "job_satisfaction"):
        return ".0%" if column != "churn_rate" else ".1%"
    if column == "sales_nok":
        return ",.0f"
    if column in ("skill", "meeting_quality", "reputation"):
        return ".2f"
    return ",.0f"


def scenario_label(key: str, lang: str, labels: Mapping[str, str] | None = None) -> str:
    if labels and key in labels:
        return labels[key]
    text = t(f"common.presets.{key}", lang)
    return key if text.startswith("[") else text


def long_frame(
    frames: Mapping[str, pd.DataFrame], column: str, lang: str,
    labels: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Scenario frames (indexed by month) to long form: month, scenario, key, value."""
    parts = []
    for key, frame in frames.items():
        parts.append(
            pd.DataFrame(
                {
                    "month": frame.index.to_numpy(),
                    "scenario": scenario_label(key, lang, labels),
                    "key": key,
                    "value": frame[column].to_numpy(),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def lines_over_time(
    frames: Mapping[str, pd.DataFrame],
    column: str,
    lang: str,
    *,
    title: str | None = None,
    labels: Mapping[str, str] | None = None,
    height: int = 260,
) -> alt.Chart:
    """One line per scenario over the months, coloured and dashed per scenario."""
    data = long_frame(frames, column, lang, labels)
    order = [scenario_label(k, lang, labels) for k in frames]
    colours, dashes = style_for(frames)
    fmt = axis_format(column)
    y_title = f"{t(f'common.outputs.{column}', lang)} ({t(f'common.units.{column}', lang)})"
    chart = (
        alt.Chart(data, title=title or t(f"common.outputs.{column}", lang), height=height)
        .mark_line(strokeWidth=3)
        .encode(
            x=alt.X("month:Q", title=t("common.month", lang), axis=alt.Axis(tickMinStep=1)),
            y=alt.Y("value:Q", title=y_title, axis=alt.Axis(format=fmt)),
            color=alt.Color(
                "scenario:N",
                title=t("common.scenario", lang),
                scale=alt.Scale(domain=order, range=colours),
                legend=alt.Legend(orient="bottom"),
            ),
            strokeDash=alt.StrokeDash(
                "scenario:N", scale=alt.Scale(domain=order, range=dashes), legend=None
            ),
            tooltip=[
                alt.Tooltip("scenario:N", title=t("common.scenario", lang)),
                alt.Tooltip("month:Q", title=t("common.month", lang)),
                alt.Tooltip("value:Q", title=t(f"common.outputs.{column}", lang), format=fmt),
            ],
        )
    )
    return finish(chart, lang)


FIT_X = alt.AutoSizeParams(type="fit-x", contains="padding")
"""Fit the width only: with Streamlit's default ``fit`` the given height includes title,
axes and legend, which squeezes the plot (to nothing in a narrow column)."""


def finish(chart: alt.TopLevelMixin, lang: str) -> alt.TopLevelMixin:
    """Apply the language's number format and width fitting; call last (a configured
    chart cannot be layered)."""
    return (
        chart.configure(locale={"number": number_format(lang)})
        .configure_view(stroke=None)
        .properties(autosize=FIT_X)
    )


__all__ = [
    "FIT_X",
    "finish",
    "DASHES",
    "OKABE_ITO",
    "SCENARIO_STYLE",
    "axis_format",
    "lines_over_time",
    "long_frame",
    "number_format",
    "scenario_label",
    "style_for",
]
