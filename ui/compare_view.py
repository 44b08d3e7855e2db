"""The compare page's view: its session keys, which scenarios can be compared and which
are chosen, their labels and runs, and the tables of differences.

Scenarios are addressed by keys: ``baseline``, a preset's name, or ``saved:<name>`` for a
saved scenario (a user's name never becomes a bare key, so a scenario called "baseline"
cannot borrow the status quo's style). ``pages/21_compare.py`` reads the widgets with the
keys here and draws; the charts are ``rik.charts.compare``, the saved list and the
download buttons ``ui.saved``. The labels and tables are pure (no Streamlit).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

from rik.i18n import t
from rik.model.calibration import Team
from rik.model.levers import DEFAULT_MONTHS, LEVER_NAMES, Scenario, format_lever, lever_meta
from rik.model.outputs import PLAN_OUTPUTS, change_text, value_text
from rik.model.presets import PRESET_NAMES, presets
from rik.share import team_figures
from rik.share.scenario_io import SavedScenario
from ui import cache, frame, widgets

MAX_COMPARED = 6
"""How many scenarios are compared with the status quo at once."""
PRESET_MONTHS = DEFAULT_MONTHS
"""The horizon a story preset is run over (a saved scenario brings its own)."""
FIRST_MONTH = 12
"""The month of the table of results until the user moves the slider."""
STORY_PRESETS: tuple[str, ...] = tuple(p for p in PRESET_NAMES if p != "baseline")
DELTA_COLUMNS: tuple[str, ...] = PLAN_OUTPUTS
HIGHLIGHT = "background-color: #FFE8C2; color: #1f2933; font-weight: 700"
SAVED = "saved:"
"""The prefix of a saved scenario's key."""

# Session keys: the widgets', and the default the choice followed last.
PICK_KEY = "compare_pick"
DEFAULT_KEY = "compare_pick_default"
MONTH_KEY = "compare_month"
DOWNLOAD_KEY = "compare_download"
WIDGETS = "compare"
"""The key ``ui.saved``'s buttons and panels take on this page."""


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


def follow_default(saved_names: Sequence[str]) -> None:
    """Set the choice before its widget is drawn: it follows the default (the first six
    saved, else the presets) until the user changes it; names that were renamed or
    deleted drop out."""
    default = default_selection(saved_names)
    picked = st.session_state.get(PICK_KEY)
    if picked is None or picked == st.session_state.get(DEFAULT_KEY):
        st.session_state[PICK_KEY] = default
    else:
        options = option_keys(saved_names)
        st.session_state[PICK_KEY] = [k for k in picked if k in options][:MAX_COMPARED]
    st.session_state[DEFAULT_KEY] = default


def plans(
    keys: Sequence[str], saved: Mapping[str, SavedScenario], team: Team | None
) -> dict[str, SavedScenario]:
    """Each key's scenario and horizon: a saved one as saved, a preset carried onto
    ``team`` over :data:`PRESET_MONTHS`."""
    story = presets()
    return {
        key: saved[key[len(SAVED):]] if key.startswith(SAVED)
        else SavedScenario(team_figures.plan_on_team(story[key], team), PRESET_MONTHS)
        for key in keys
    }


def runs(
    ctx: frame.Ctx, chosen: Mapping[str, SavedScenario]
) -> tuple[dict[str, pd.DataFrame], int]:
    """Every chosen plan run (cached) over the longest horizon among them, and that horizon."""
    horizon = max(item.months for item in chosen.values())
    frames = {key: cache.simulate(item.scenario, ctx.assumptions, horizon, ctx.team)
              for key, item in chosen.items()}
    return frames, horizon


def keep_month(horizon: int) -> None:
    """The month slider's value, kept within ``horizon`` (:data:`FIRST_MONTH` at first)."""
    st.session_state[MONTH_KEY] = min(st.session_state.get(MONTH_KEY, FIRST_MONTH), horizon)


def keep_download(keys: Sequence[str], lang: str) -> None:
    """The download's choice: the last compared scenario unless one of ``keys`` is chosen
    (its labels are translated: written back after a language switch, see
    ``widgets.keep_choice``)."""
    widgets.keep_choice(DOWNLOAD_KEY, keys, lang, keys[-1])


def delta_table(
    frames: Mapping[str, pd.DataFrame], labels: Mapping[str, str], month: int, lang: str,
    columns: Sequence[str] = DELTA_COLUMNS,
) -> pd.DataFrame:
    """Each result (rows) for each scenario (columns) at ``month``, with its change.

    A cell reads "value (change against the status quo)", both written as everywhere
    else (``rik.model.outputs``); the status quo's own column has the value alone.
    ``frames`` must include ``baseline``.
    """
    base = frames["baseline"].loc[month]
    rows = []
    for column in columns:
        out = {t("compare.result", lang): t(f"common.outputs.{column}", lang)}
        ref = float(base[column])
        for key, run in frames.items():
            value = float(run.loc[month, column])
            cell = value_text(column, value, lang)
            if key != "baseline":
                cell += f" ({change_text(column, value, ref, lang)[0]})"
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


def lever_styler(chosen: Mapping[str, SavedScenario], labels: Mapping[str, str],
                 lang: str) -> Styler:
    """The lever table of the ``chosen`` plans, differences from the status quo highlighted."""
    text, differs = lever_table({k: item.scenario for k, item in chosen.items()}, labels, lang)
    return highlight(text, differs)


__all__ = [
    "DEFAULT_KEY",
    "DELTA_COLUMNS",
    "DOWNLOAD_KEY",
    "FIRST_MONTH",
    "HIGHLIGHT",
    "MAX_COMPARED",
    "MONTH_KEY",
    "PICK_KEY",
    "PRESET_MONTHS",
    "SAVED",
    "STORY_PRESETS",
    "WIDGETS",
    "default_selection",
    "delta_table",
    "follow_default",
    "highlight",
    "keep_download",
    "keep_month",
    "labels_for",
    "lever_styler",
    "lever_table",
    "option_keys",
    "plans",
    "runs",
    "saved_key",
]
