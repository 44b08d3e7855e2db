"""Cached model runs for the app layer (``st.cache_data`` on frozen inputs only)."""

from __future__ import annotations

import functools

import pandas as pd
import streamlit as st

import rik
from rik.model.calibration import Team


@st.cache_data(
    max_entries=512, show_spinner=False,
    hash_funcs={rik.Assumptions: hash, rik.Scenario: hash, Team: hash},
)
def simulate(
    scenario: rik.Scenario, assumptions: rik.Assumptions, months: int = rik.DEFAULT_MONTHS,
    team: Team | None = None,
) -> pd.DataFrame:
    """``rik.simulate`` memoised on its frozen inputs; treat the result as read-only.

    ``team``: the user's team as the firm (``None``: the story's firm)."""
    return rik.simulate(scenario, assumptions, months, team=team)


SHARED_RUNS = 128
"""Model runs :func:`simulate_shared` keeps (each some 20–50 kB)."""


@functools.lru_cache(maxsize=SHARED_RUNS)
def simulate_shared(
    scenario: rik.Scenario, assumptions: rik.Assumptions, months: int = rik.DEFAULT_MONTHS,
    team: Team | None = None,
) -> pd.DataFrame:
    """``rik.simulate`` memoised in this process, the same frame for every caller.

    ``st.cache_data`` pickles a result when it stores it and unpickles a copy on every
    call: on a calculator lever move (the status quo a hit, the new plan a miss) that
    was as much as the model run itself. The calculator's view only reads its frames,
    so it shares them. Never change the returned frame."""
    return rik.simulate(scenario, assumptions, months, team=team)


def presets(
    assumptions: rik.Assumptions, months: int = rik.DEFAULT_MONTHS
) -> dict[str, pd.DataFrame]:
    """Every preset simulated with ``assumptions``."""
    return {name: simulate(s, assumptions, months) for name, s in rik.presets().items()}


__all__ = ["SHARED_RUNS", "presets", "simulate", "simulate_shared"]
