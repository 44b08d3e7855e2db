"""The calculator's state between the URL, the widgets and the session.

Our own sync, not Streamlit 1.67's ``bind="query-params"``. Measured with AppTest
(``?meetings=abc``, ``-5``, ``1e309``, ``99``, a repeated key): a bound widget drops
every one of them silently and falls back to its static default, without clamping, so
the page cannot tell the user what was ignored; a bound widget's default is fixed,
while ours depends on the chosen preset; share levers would travel as 0–100 instead of
fractions; values equal to the default vanish from the URL, so a link would not carry
every lever; and ``st.query_params`` writes to a bound key raise. Here
:func:`rik.share.urlstate.parse_query` reads the URL (clamping, rounding and collecting
notes), the widgets are seeded from it, and :func:`sync` writes every parameter back
after each run, so a copied link reproduces the scenario.

Which source wins:
1. The URL, when it carries calculator parameters this session has not written lately
   (a shared link, a hand edit, the story's ``?preset=catalyst`` button). The browser
   updates its address only after a run, so quick key presses send reruns that still
   carry an earlier URL of ours: those are stale, not new links, and must not reset the
   widgets (found by the browser test of quick arrow-key presses). The price: browser
   back/forward to one of the last few states is not followed.
2. Otherwise the widgets (the user is playing), restored from ``calc_state`` when the
   user comes back from another page (Streamlit forgets widget state of pages left).
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from rik.model.calibration import Team
from rik.model.levers import LEVER_NAMES
from rik.model.presets import PRESET_NAMES
from rik.share import team_figures, urlstate
from rik.share.urlstate import CalcState, Note
from ui import widgets

PRESET_KEY = "calc_preset"
MONTHS_KEY = "calc_months"
KPI_MONTH_KEY = "calc_kpi_month"
STATE_KEY = "calc_state"  # last good CalcState (plain key: survives page switches)
SCENARIO_KEY = "calc_scenario"  # its rik.Scenario, for other pages (analysis, compare)
WRITTEN_KEY = "calc_written_queries"  # the calculator parameters this session wrote lately
WRITTEN_KEEP = 32  # how many to remember (a burst of reruns in flight)
BOX_KEY = "calc_box"  # a dict per session: the current CalcState, for readers outside a run


def _query() -> dict[str, list[str]]:
    return {name: st.query_params.get_all(name) for name in st.query_params}


def _widget_keys() -> tuple[str, ...]:
    return (PRESET_KEY, MONTHS_KEY, KPI_MONTH_KEY, *(widgets.widget_key(n) for n in LEVER_NAMES))


def seed(state: CalcState) -> None:
    """Put ``state`` into the widgets (call before they are drawn, or from a callback)."""
    st.session_state[PRESET_KEY] = state.preset
    st.session_state[MONTHS_KEY] = state.months
    st.session_state[KPI_MONTH_KEY] = state.kpi_month
    widgets.seed(state.levers)


def start(team: Team | None = None) -> list[Note]:
    """Decide where this run's state comes from and seed the widgets; return URL notes.

    ``team`` is the firm (``Ctx.team``): when it changed since the last run, the
    widgets start again from the chosen preset carried onto it."""
    query = _query()
    ours = urlstate.subset(query)
    if ours and ours not in st.session_state.get(WRITTEN_KEY, []):
        state, notes = urlstate.parse_query(query, team)
        seed(state)
        st.session_state[STATE_KEY] = state
        return notes
    saved = st.session_state.get(STATE_KEY)
    if isinstance(saved, CalcState) and saved.team != team:
        state = CalcState.from_preset(saved.preset, saved.months, saved.kpi_month, team=team)
        seed(state)
        st.session_state[STATE_KEY] = state
    elif any(key not in st.session_state for key in _widget_keys()):
        seed(saved if isinstance(saved, CalcState)
             else CalcState.from_preset(urlstate.DEFAULT_PRESET, team=team))
    return []


def last_preset() -> str:
    """The preset of the last good state (the default preset before there is one)."""
    saved = st.session_state.get(STATE_KEY)
    return saved.preset if isinstance(saved, CalcState) else urlstate.DEFAULT_PRESET


def load_preset() -> None:
    """Callback of the preset selector and the reset button: the preset's levers (a value
    that is not a preset, e.g. a stale label from a browser, changes nothing)."""
    name = st.session_state.get(PRESET_KEY, urlstate.DEFAULT_PRESET)
    if name not in PRESET_NAMES:
        st.session_state[PRESET_KEY] = name = last_preset()
    saved = st.session_state.get(STATE_KEY)
    team = saved.team if isinstance(saved, CalcState) else None
    widgets.seed(CalcState.from_preset(name, team=team).levers)


def box() -> dict[str, CalcState]:
    """This session's box holding the calculator's current plan (``box()["calc"]``).

    The same dict for the whole session, refreshed by :func:`sync` on every run of the
    lever fragment; what is drawn outside the fragment keeps a reference to it and reads
    the plan when it is used, even where no script runs (the brief, built in the server's
    thread when its button is clicked)."""
    held = st.session_state.get(BOX_KEY)
    if not isinstance(held, dict):
        held = st.session_state[BOX_KEY] = {}
    return held


def clamp_kpi_month(months: int) -> None:
    """Keep the KPI month inside a shortened horizon (before its slider is drawn)."""
    current = st.session_state.get(KPI_MONTH_KEY, urlstate.DEFAULT_KPI_MONTH)
    st.session_state[KPI_MONTH_KEY] = max(1, min(int(current), months))


def sync(state: CalcState, context: Mapping[str, str] | None = None) -> None:
    """Remember ``state`` and write it to the URL when the URL says something else.

    ``context`` holds the frame's parameters the scenario also depends on (``lang``,
    ``set``); they are written too when missing, so a copied link reproduces the page
    even when the session chose them on another page.
    """
    st.session_state[STATE_KEY] = state
    st.session_state[SCENARIO_KEY] = state.scenario()
    box()["calc"] = state
    wanted = urlstate.to_query(state)
    as_lists = {name: [value] for name, value in wanted.items()}
    current = _query()
    context = dict(context or {})
    if state.team is not None:  # the firm travels with the scenario (rik.share.team_figures)
        context[team_figures.TEAM_PARAM] = team_figures.to_param(state.team)
    updates = {
        name: value for name, value in context.items() if current.get(name) != [value]
    }
    if urlstate.subset(current) != as_lists:
        updates |= wanted
    if updates:
        st.query_params.update(updates)
    written = [q for q in st.session_state.get(WRITTEN_KEY, []) if q != as_lists]
    st.session_state[WRITTEN_KEY] = [*written, as_lists][-WRITTEN_KEEP:]


__all__ = [
    "BOX_KEY",
    "KPI_MONTH_KEY",
    "MONTHS_KEY",
    "PRESET_KEY",
    "SCENARIO_KEY",
    "STATE_KEY",
    "WRITTEN_KEEP",
    "WRITTEN_KEY",
    "box",
    "clamp_kpi_month",
    "last_preset",
    "load_preset",
    "seed",
    "start",
    "sync",
]
