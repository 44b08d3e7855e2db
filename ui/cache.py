"""Cached model runs for the app layer (``st.cache_data`` on frozen inputs only)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import rik


@st.cache_data(
    max_entries=512, show_spinner=False, hash_funcs={rik.Assumptions: hash, rik.Scenario: hash}
)
def simulate(
    scenario: rik.Scenario, assumptions: rik.Assumptions, months: int = 24
) -> pd.DataFrame:
    """``rik.simulate`` memoised on its frozen inputs; treat the result as read-only."""
    return rik.simulate(scenario, assumptions, months)


def presets(assumptions: rik.Assumptions, months: int = 24) -> dict[str, pd.DataFrame]:
    """Every preset simulated with ``assumptions``."""
    return {name: simulate(s, assumptions, months) for name, s in rik.presets().items()}


__all__ = ["presets", "simulate"]
