"""The assumptions page's view: its session keys, the set switch, the tables' marks, and
the edited copy of a set (accepted, stored, reset).

An accepted edit is stored in ``st.session_state[EDITED][set_name]``;
``ui.frame.active_assumptions`` reads it, so every page uses it. Validation lives in
``rik.story.about.apply_edits`` (a rejected edit keeps the last good set).
``pages/40_assumptions.py`` reads the widgets with the keys here and draws.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st
from pandas.io.formats.style import Styler

import rik
from rik.story import about
from ui import frame

# Session keys.
EDITED = frame.EDITED_KEY  # set name -> the accepted edited copy
FLASH = "assumptions_flash"  # a message shown once, after the rerun that follows a change
VERSIONS = "assumptions_editor_version"  # bumping a set's version gives its editor a fresh state
SET_KEY = "assumptions_set"
COMPARE_KEY = "assumptions_compare"
EDITOR_PREFIX = "assumptions_editor_"
MARK = "background-color: #FFF1CC"
"""A row whose note says it differs from the other set, or was edited."""


def pop_flash() -> str | None:
    """The message left by the last change, once."""
    return st.session_state.pop(FLASH, None)


def _bump(set_name: str) -> None:
    versions = st.session_state.setdefault(VERSIONS, {})
    versions[set_name] = versions.get(set_name, 0) + 1


def editor_key(set_name: str) -> str:
    """The editor's widget key: new after each accepted edit or reset of ``set_name``."""
    version = st.session_state.get(VERSIONS, {}).get(set_name, 0)
    return f"{EDITOR_PREFIX}{set_name}_{version}"


def reset(set_name: str, message: str) -> None:
    """The reset button's callback: the shipped set again, ``message`` shown once."""
    st.session_state.setdefault(EDITED, {}).pop(set_name, None)
    _bump(set_name)
    st.session_state[FLASH] = message


def _mark(row: pd.Series) -> list[str]:
    noted = bool(row.iloc[-1])  # the note column: "differs" / "edited"
    return [MARK if noted else "" for _ in row]


def marked(part: pd.DataFrame) -> Styler:
    """Part of the assumption table, the rows with a note marked, without the index."""
    return part.style.apply(_mark, axis=1).hide(axis="index")


def store_edits(
    ctx: frame.Ctx, base: pd.DataFrame, edited: pd.DataFrame, message: str
) -> tuple[list[str], bool]:
    """Validate the cells of ``edited`` that differ from ``base`` (the editor's frame).

    A valid change to ``ctx``'s set is stored as its edited copy (dropped again when it
    equals the shipped set), the editor starts afresh and ``message`` is shown once after
    the rerun. Returns the errors of refused cells, and whether the page should rerun.
    """
    changed = {
        key: text for key, text in edited["value"].items() if text != base.at[key, "value"]
    }
    if not changed:
        return [], False
    candidate, errors = about.apply_edits(ctx.assumptions, changed, ctx.lang)
    if candidate is None or candidate.values() == ctx.assumptions.values():
        return errors, False
    store = st.session_state.setdefault(EDITED, {})
    if candidate.values() == rik.load_assumptions(ctx.set_name).values():
        store.pop(ctx.set_name, None)
    else:
        store[ctx.set_name] = candidate
    _bump(ctx.set_name)
    st.session_state[FLASH] = message
    return errors, True


__all__ = [
    "COMPARE_KEY",
    "EDITED",
    "EDITOR_PREFIX",
    "FLASH",
    "MARK",
    "SET_KEY",
    "VERSIONS",
    "editor_key",
    "marked",
    "pop_flash",
    "reset",
    "store_edits",
]
