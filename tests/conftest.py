"""Shared pytest fixtures for RIK."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

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
