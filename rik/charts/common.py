"""Shared chart style: a colour-blind-safe palette with line dashes, and axis formats."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import altair as alt
import numpy as np
import pandas as pd
import pyarrow as pa

from rik.charts.template import Chart, named, template
from rik.i18n import t
from rik.model import outputs

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
    """d3 format for an output column's axis (from its specification, rik.model.outputs); a
    column without one (a chart of something new) gets whole numbers."""
    return outputs.axis_format(column) if column in outputs.specs() else ",.0f"


def scenario_label(key: str, lang: str, labels: Mapping[str, str] | None = None) -> str:
    if labels and key in labels:
        return labels[key]
    text = t(f"common.presets.{key}", lang)
    return key if text.startswith("[") else text


def long_table(
    frames: Mapping[str, pd.DataFrame], column: str, lang: str,
    labels: Mapping[str, str] | None = None,
) -> pa.Table:
    """Scenario frames (indexed by month) in long form, an Arrow table: month, scenario
    (its label), key (the scenario's key), value. What a chart's ``lines`` dataset is,
    made straight from the columns (Streamlit sends Arrow; a pandas frame in between cost
    more than the rest of drawing the chart)."""
    scenarios = [scenario_label(key, lang, labels) for key in frames]
    sizes = [len(frame) for frame in frames.values()]
    return pa.table(
        {
            "month": np.concatenate([f.index.to_numpy() for f in frames.values()]),
            "scenario": pa.array(  # each scenario's label on each of its rows
                [name for name, n in zip(scenarios, sizes, strict=True) for _ in range(n)],
                pa.string(),
            ),
            "key": pa.array([key for key, n in zip(frames, sizes, strict=True) for _ in range(n)],
                            pa.string()),
            "value": np.concatenate([f[column].to_numpy(dtype=float) for f in frames.values()]),
        }
    )


def y_title(column: str, lang: str, style: str = "full") -> str:
    """An output's axis title: ``"full"`` is "Output (unit)", ``"unit"`` the unit alone."""
    unit = t(f"common.units.{column}", lang)
    return unit if style == "unit" else f"{t(f'common.outputs.{column}', lang)} ({unit})"


RULE_STYLES = ("mark", "label")
"""How :func:`line_chart` draws its vertical rules: ``"mark"`` a faint dotted rule under
the lines with a tooltip (the calculator's change and KPI months), ``"label"`` a darker
dashed rule over them with its text beside it (the story's "a year later")."""


def line_chart(
    frames: Mapping[str, pd.DataFrame],
    column: str,
    lang: str,
    *,
    title: str | None = None,
    labels: Mapping[str, str] | None = None,
    height: int = 260,
    legend: str | None = "bottom",
    legend_title: bool = True,
    legend_columns: int | None = None,
    y_axis: str = "full",
    y_zero: bool | None = None,
    fit_months: bool = False,
    rules: Sequence[tuple[int, str]] | None = None,
    rule_style: str = "mark",
) -> Chart:
    """One line per scenario of ``column`` over the months, coloured and dashed per scenario.

    The one line-chart builder (calculator, story, compare, landing page, brief). The
    spec is a cached template (see :mod:`rik.charts.template`); this run's numbers go in
    the ``lines`` dataset (month, scenario, key, value; an Arrow table) and, when
    ``rules`` is given (even empty), the ``rules`` dataset (month, what) of vertical
    rules drawn as ``rule_style``.

    ``legend`` is the legend's place (``None``: no legend), ``y_axis`` ``"full"`` or
    ``"unit"`` (see :func:`y_title`), ``y_zero`` whether the y scale includes 0 (``None``:
    Vega-Lite's default), ``fit_months`` whether the x axis spans exactly month 0 to the
    last month drawn.
    """
    if rule_style not in RULE_STYLES:
        raise ValueError(f"rule_style ({rule_style!r}) must be one of {', '.join(RULE_STYLES)}")
    keys = tuple(frames)
    names = tuple(scenario_label(k, lang, labels) for k in keys)
    last = max(int(f.index[-1]) for f in frames.values()) if fit_months else None
    spec = _line_template(
        column, lang, keys, names, title or t(f"common.outputs.{column}", lang), height,
        legend, legend_title, legend_columns, y_axis, y_zero, last,
        None if rules is None else rule_style,
    )
    data = {"lines": long_table(frames, column, lang, labels)}
    if rules is not None:
        data["rules"] = _rules_frame(tuple((int(m), str(w)) for m, w in rules))
    return Chart(spec, data)


@functools.lru_cache(maxsize=256)
def _rules_frame(rules: tuple[tuple[int, str], ...]) -> pd.DataFrame:
    """The ``rules`` dataset (month, what), one shared frame per set of rules: the same
    few rules recur on every run (the KPI month, a preset's later steps), so the frame
    and its Arrow bytes (``ui.charts.arrow_bytes``) are made once. Read-only."""
    return pd.DataFrame({"month": [m for m, _ in rules], "what": [w for _, w in rules]})


@template
def _line_template(
    column: str, lang: str, keys: tuple[str, ...], names: tuple[str, ...], title: str,
    height: int, legend: str | None, legend_title: bool, legend_columns: int | None,
    y_axis: str, y_zero: bool | None, last: int | None, rule_style: str | None,
) -> dict:
    colours, dashes = style_for(keys)
    fmt = axis_format(column)
    month_title = t("common.month", lang)
    scenario_title = t("common.scenario", lang)
    x_scale = alt.Scale(domain=[0, last], nice=False) if last is not None else alt.Undefined
    y_scale = alt.Scale(zero=y_zero) if y_zero is not None else alt.Undefined
    lines = (
        alt.Chart(named("lines"))
        .mark_line(strokeWidth=3)
        .encode(
            x=alt.X("month:Q", title=month_title, axis=alt.Axis(tickMinStep=1), scale=x_scale),
            y=alt.Y("value:Q", title=y_title(column, lang, y_axis),
                    axis=alt.Axis(format=fmt), scale=y_scale),
            color=alt.Color(
                "scenario:N",
                title=scenario_title,
                scale=alt.Scale(domain=list(names), range=colours),
                legend=(
                    alt.Legend(
                        orient=legend, title=None if not legend_title else alt.Undefined,
                        # Above or below the plot, two entries a row: a phone's 390 px
                        # would otherwise cut the third and fourth scenario's names.
                        **({"columns": 2, "labelLimit": 220}
                           if legend in ("top", "bottom") and legend_columns is None else {}),
                    )
                    if legend is not None
                    else None
                ),
            ),
            strokeDash=alt.StrokeDash(
                "scenario:N", scale=alt.Scale(domain=list(names), range=dashes), legend=None
            ),
            tooltip=[
                alt.Tooltip("scenario:N", title=scenario_title),
                alt.Tooltip("month:Q", title=month_title),
                alt.Tooltip("value:Q", title=t(f"common.outputs.{column}", lang), format=fmt),
            ],
        )
    )
    if rule_style is None:
        chart: alt.TopLevelMixin = lines.properties(title=title, height=height)
    else:
        rule = alt.Chart(named("rules")).encode(x=alt.X("month:Q"))
        if rule_style == "mark":
            layers = [
                rule.mark_rule(color="#9CA3AF", strokeWidth=1.5, strokeDash=[2, 3]).encode(
                    tooltip=[alt.Tooltip("what:N", title=" "),
                             alt.Tooltip("month:Q", title=month_title)]
                ),
                lines,
            ]
        else:
            layers = [
                lines,
                rule.mark_rule(color="#4a5a6a", strokeDash=[3, 3]),
                rule.mark_text(align="left", baseline="bottom", dx=4, dy=-4, color="#4a5a6a")
                .encode(text="what:N", y=alt.value(height)),
            ]
        chart = alt.layer(*layers).properties(title=title, height=height)
    if legend_columns is not None:
        chart = chart.configure_legend(columns=legend_columns, labelLimit=220)
    return finish(chart, lang).to_dict()


def lines_over_time(
    frames: Mapping[str, pd.DataFrame], column: str, lang: str, **options: Any
) -> alt.Chart:
    """:func:`line_chart` (same options) as an Altair chart, for callers that change it
    further (the brief). Pages draw :func:`line_chart` itself."""
    return line_chart(frames, column, lang, **options).to_altair()


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
    "RULE_STYLES",
    "axis_format",
    "line_chart",
    "lines_over_time",
    "long_table",
    "number_format",
    "scenario_label",
    "style_for",
    "y_title",
]
