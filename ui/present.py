"""Presenter mode helpers: previous / next chapter with the arrow keys.

Checked in the Streamlit 1.67 source (``elements/lib/shortcut_utils.py``):
``st.button(..., shortcut=...)`` accepts the special keys ``Left`` / ``Right`` (aliases
``ArrowLeft`` / ``ArrowRight``), alone or with modifiers, so no JavaScript is needed.
Measured in headless Chromium: with the focus on the page, ← and → press the buttons;
with the focus in a text box or on a slider, the arrow keys move the caret or the
slider and do not turn the page. Streamlit shows each button's key on the button.
``frame.story_nav`` draws them at the end of each chapter in presenter mode
(``ctx.present``); outside it, the chapters end in links.
"""

from __future__ import annotations

import streamlit as st

from ui import frame

PREV_SHORTCUT = "Left"
NEXT_SHORTCUT = "Right"


def _title(ctx: frame.Ctx, path: str) -> str:
    info = next((p for p in frame.PAGES if p.path == path), None)
    return ctx.t(f"frame.pages.{info.key}") if info else path


def neighbours(ctx: frame.Ctx) -> tuple[str | None, str | None]:
    """The paths of the chapters before and after ``ctx.page`` in the story (or None)."""
    prev, nxt = frame.story_neighbours(ctx.page)
    return (prev.path if prev else None), (nxt.path if nxt else None)


def present_nav(
    ctx: frame.Ctx,
    prev_path: str | None,
    next_path: str | None,
    *,
    key: str = "present_nav",
) -> None:
    """Previous / next buttons bound to ← and →; they keep language, set and mode.

    ``prev_path`` / ``next_path`` are page paths as in ``frame.PAGES`` (None: no button).
    Draw it in presenter mode only (see the module docstring).
    """
    left, right = st.columns(2)
    if prev_path and left.button(
        ctx.t("frame.previous", title=_title(ctx, prev_path)),
        key=f"{key}_prev",
        icon=":material/arrow_back:",
        shortcut=PREV_SHORTCUT,
    ):
        st.switch_page(prev_path, query_params=ctx.link_params())
    with right, st.container(horizontal_alignment="right"):
        if next_path and st.button(
            ctx.t("frame.next", title=_title(ctx, next_path)),
            key=f"{key}_next",
            icon=":material/arrow_forward:",
            icon_position="right",
            shortcut=NEXT_SHORTCUT,
        ):
            st.switch_page(next_path, query_params=ctx.link_params())


def story_present_nav(ctx: frame.Ctx) -> None:
    """:func:`present_nav` for the current story chapter, in presenter mode only."""
    if not ctx.present:
        return
    prev_path, next_path = neighbours(ctx)
    present_nav(ctx, prev_path, next_path)


__all__ = ["NEXT_SHORTCUT", "PREV_SHORTCUT", "neighbours", "present_nav", "story_present_nav"]
