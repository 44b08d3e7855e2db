"""The compare page's pieces: which scenarios, their labels, and the tables of differences.

Pure (no streamlit). Scenarios are addressed by keys: ``baseline``, a preset's name, or
``saved:<name>`` for a saved scenario (a user's name never becomes a bare key, so a
scenario called "baseline" cannot borrow the status quo's style).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
from pandas.io.formats.style import Styler

from rik.charts.common import line_chart
from rik.charts.template import Chart
from rik.i18n import t
from rik.model.levers import LEVER_NAMES, Scenario, format_lever, lever_meta
from rik.model.outputs import PLAN_OUTPUTS, TREND_OUTPUTS
from rik.model.presets import PRESET_NAMES
from rik.story.readout import change_text, format_output

MAX_COMPARED = 6
CHART_COLUMNS: tuple[str, ...] = TREND_OUTPUTS
DELTA_COLUMNS: tuple[str, ...] = PLAN_OUTPUTS
HIGHLIGHT = "background-color: #FFE8C2; color: #1f2933; font-weight: 700"
STORY_PRESETS: tuple[str, ...] = tuple(p for p in PRESET_NAMES if p != "baseline")


SAVED = "saved:"


def saved_key(name: str) -> str:
    return f"{SAVED}{name}"


def option_keys(saved_names: Sequence[str]) -> list[str]:
    """What can be compared: every saved scenario, then the story's presets."""
    return [saved_key(n) for n in saved_names] + list(STORY_PRESETS)


def default_selection(saved_names: Sequence[str]) -> list[str]:
    """The first six saved scenarios; with none saved, the story's three presets."""
    if saved_names:
        return [saved_key(n) for n in saved_names[:MAX_COMPARED]]
    return list(STORY_PRESETS)


def labels_for(keys: Sequence[str], lang: str) -> dict[str, str]:
    """Display labels for ``keys`` (``baseline`` first), unique even if names clash."""
    labels: dict[str, str] = {}
    for key in ["baseline", *[k for k in keys if k != "baseline"]]:
        if key.startswith(SAVED):
            label = key[len(SAVED):]
        else:
            label = t(f"common.presets.{key}", lang)
        base, n = label, 2
        while label in labels.values():
            label = f"{base} ({n})"
            n += 1
        labels[key] = label
    return labels


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


def delta(column: str, value: float, ref: float, lang: str) -> str:
    """Against the status quo, written as everywhere else (``readout.change_text``)."""
    return change_text(column, value, ref, lang)[0]


def delta_table(
    frames: Mapping[str, pd.DataFrame], labels: Mapping[str, str], month: int, lang: str,
    columns: Sequence[str] = DELTA_COLUMNS,
) -> pd.DataFrame:
    """Each result (rows) for each scenario (columns) at ``month``, with its change.

    A cell reads "value (change against the status quo)"; the status quo's own column
    has the value alone. ``frames`` must include ``baseline``.
    """
    base = frames["baseline"].loc[month]
    rows = []
    for column in columns:
        out = {t("compare.result", lang): t(f"common.outputs.{column}", lang)}
        ref = float(base[column])
        for key, frame in frames.items():
            value = float(frame.loc[month, column])
            cell = format_output(column, value, lang)
            if key != "baseline":
                cell += f" ({delta(column, value, ref, lang)})"
            out[labels.get(key, key)] = cell
        rows.append(out)
    return pd.DataFrame(rows)


def _lever_text(name: str, value: float, lang: str) -> str:
    return format_lever(name, value, lang, unit=False)


def _plan(scenario: Scenario, lever: str) -> tuple[float, tuple[tuple[int, float], ...]]:
    steps = tuple((c.month, c.value) for c in scenario.changes if c.lever == lever)
    return getattr(scenario.levers, lever), steps


def lever_table(
    scenarios: Mapping[str, Scenario], labels: Mapping[str, str], lang: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each lever (rows) for each scenario (columns), and where it differs from baseline.

    Returns the table as text (a value, ``▲``/``▼`` against the status quo, and any later
    step as ``→ 14 (m. 12)``) and a same-shaped boolean frame, True where the lever's plan
    differs from the status quo's. ``scenarios`` must include ``baseline``.
    """
    base = scenarios["baseline"]
    lever_col = t("compare.lever", lang)
    text_rows, diff_rows = [], []
    for lever in LEVER_NAMES:
        meta = lever_meta(lever)
        unit = "" if meta.get("display") == "percent" else f" ({meta[f'unit_{lang}']})"
        text = {lever_col: f"{meta[f'label_{lang}']}{unit}"}
        diff = {lever_col: False}
        base_plan = _plan(base, lever)
        for key, scenario in scenarios.items():
            value, steps = _plan(scenario, lever)
            cell = _lever_text(lever, value, lang)
            if value > base_plan[0]:
                cell += " ▲"
            elif value < base_plan[0]:
                cell += " ▼"
            for month, step_value in steps:
                cell += " " + t(
                    "compare.step", lang, value=_lever_text(lever, step_value, lang), month=month
                )
            text[labels.get(key, key)] = cell
            diff[labels.get(key, key)] = (value, steps) != base_plan
        text_rows.append(text)
        diff_rows.append(diff)
    return pd.DataFrame(text_rows), pd.DataFrame(diff_rows)


def highlight(table: pd.DataFrame, differs: pd.DataFrame) -> Styler:
    """The lever table with the cells that differ from the status quo highlighted."""
    css = differs.replace({True: HIGHLIGHT, False: ""}).astype(str)
    return table.style.apply(lambda _: css, axis=None)


__all__ = [
    "CHART_COLUMNS",
    "DELTA_COLUMNS",
    "MAX_COMPARED",
    "SAVED",
    "STORY_PRESETS",
    "charts",
    "default_selection",
    "delta",
    "delta_table",
    "highlight",
    "labels_for",
    "lever_table",
    "option_keys",
    "saved_key",
]
