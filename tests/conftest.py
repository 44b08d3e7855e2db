"""Shared pytest fixtures for RIK."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from hypothesis import settings

# In CI, Hypothesis draws the same examples every run: a red build is reproducible and
# never a coin toss. Locally it explores new examples each run (and keeps failures in
# .hypothesis/). RIK_HYPOTHESIS_PROFILE=ci reproduces CI's choice.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI") or os.environ.get("RIK_HYPOTHESIS_PROFILE") == "ci":
    settings.load_profile("ci")

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))


@pytest.fixture(autouse=True)
def _clear_streamlit_cache():
    """Start every test with an empty st.cache_data (when streamlit is installed)."""
    try:
        import streamlit as st
    except ImportError:
        yield
        return
    st.cache_data.clear()
    yield


@pytest.fixture
def repo_root() -> Path:
    return REPO_ROOT
