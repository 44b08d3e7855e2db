"""Presenter mode: each story chapter cut into steps that fit a 1280×720 projector.

A chapter page asks :func:`step` which of its steps to draw (``None`` outside presenter
mode: draw everything). The step is in the address (``?step=2``), so a reload or a
link keeps it; ``step=last`` opens a chapter at its last step (going back from the
next chapter). :func:`present_nav` turns the steps, and at either end of a chapter the
chapters, with buttons bound to ← / → and to a clicker's PageUp / PageDown.

Checked in the Streamlit 1.67 source (``elements/lib/shortcut_utils.py``):
``st.button(..., shortcut=...)`` accepts ``Left`` / ``Right`` and ``PageUp`` /
``PageDown``; one shortcut per button, so the clicker has its own two buttons, hidden
from sight (``PRESENT_CSS`` in ``ui.frame``) but still bound to their keys. With the
focus in a text box or on a slider, the arrow keys move the caret or the slider.

Speaker notes: ``story.notes.<chapter>.<step>`` in each language. ``?notes=1`` (with
``present=1``) is the presenter's view: the same step with its notes under it, for a
second window or screen. With the same ``deck=<id>`` in both addresses (the guide's
links carry one), the slides follow the notes view: the notes view publishes its step
to this process's :data:`_DECKS`, and the slides look every second (a fragment) and
turn to it. A clicker or the arrow keys in the notes view thus turn both.
"""

from __future__ import annotations

import secrets
import threading
from collections import OrderedDict
from dataclasses import dataclass

import streamlit as st

from ui import frame

PREV_SHORTCUT = "Left"
NEXT_SHORTCUT = "Right"
CLICKER_PREV = "PageUp"
CLICKER_NEXT = "PageDown"

# Each chapter's steps, in order. A step's notes: story.notes.<chapter>.<step>.
STEPS: dict[str, tuple[str, ...]] = {
    "myth": ("claim", "early", "whole"),
    "mats": ("who", "plan"),
    "push": ("push", "satisfaction", "reputation", "churn", "burnout", "bill"),
    "mentor": ("mentor", "formula", "map"),
    "measures": ("four", "try"),
    "results": ("numbers", "inside", "honest"),
    "catalyst": ("skill", "pace"),
    "way_forward": ("takeaways", "paths", "turn"),
}
LAST = "last"
FOLLOW_SECONDS = 1.0
MAX_DECKS = 500  # decks remembered by this process; the oldest is forgotten first

_DECKS: OrderedDict[str, tuple[str, int]] = OrderedDict()
_DECKS_LOCK = threading.Lock()


@dataclass(frozen=True)
class Target:
    """Where a press of next / previous leads: a chapter's page and its step (1-based)."""

    page: str
    step: int | str  # a number, or LAST


def step_number(raw: str | None, total: int) -> int:
    """The 1-based step the address asks for, clamped to ``1..total`` (junk: 1)."""
    if raw is None:
        return 1
    text = raw.strip().lower()
    if text == LAST:
        return total
    if not text.isdigit() or len(text) > 3:
        return 1
    return min(max(int(text), 1), total)


def steps_of(page: str) -> tuple[str, ...]:
    return STEPS.get(page, ("all",))


def target(page: str, number: int, delta: int) -> Target | None:
    """The step ``delta`` (±1) away from step ``number`` of ``page``, across chapters."""
    total = len(steps_of(page))
    if 1 <= number + delta <= total:
        return Target(page, number + delta)
    prev, nxt = frame.story_neighbours(page)
    if delta > 0:
        return Target(nxt.key, 1) if nxt else None
    return Target(prev.key, LAST) if prev else None


def new_deck() -> str:
    """A fresh deck id (what :func:`ui.frame.deck_id` accepts)."""
    return secrets.token_hex(5)


def publish(deck: str, page: str, number: int) -> None:
    """The notes view of ``deck`` is at step ``number`` of ``page``."""
    with _DECKS_LOCK:
        _DECKS[deck] = (page, number)
        _DECKS.move_to_end(deck)
        while len(_DECKS) > MAX_DECKS:
            _DECKS.popitem(last=False)


def position(deck: str) -> tuple[str, int] | None:
    """Where the notes view of ``deck`` is (None: no notes view has shown it yet)."""
    with _DECKS_LOCK:
        return _DECKS.get(deck)


@st.fragment(run_every=FOLLOW_SECONDS)
def _follow(ctx: frame.Ctx, number: int) -> None:
    """The slides of a deck: turn to where its notes view is."""
    where = position(ctx.deck) if ctx.deck else None
    if where is not None and where != (ctx.page, number) and where[0] in STEPS:
        _go(ctx, Target(*where))


def _number(ctx: frame.Ctx) -> int:
    values = st.query_params.get_all("step")
    return step_number(values[-1] if values else None, len(steps_of(ctx.page)))


def step(ctx: frame.Ctx) -> str | None:
    """The name of the step to draw in presenter mode; ``None`` outside it (draw all)."""
    if not ctx.present:
        return None
    return steps_of(ctx.page)[_number(ctx) - 1]


def _label(ctx: frame.Ctx, goal: Target, here: str, delta: int) -> str:
    if goal.page == here:
        return ctx.t("frame.next_step" if delta > 0 else "frame.previous_step")
    title = ctx.t(f"frame.pages.{goal.page}")
    return ctx.t("frame.next" if delta > 0 else "frame.previous", title=title)


def _go(ctx: frame.Ctx, goal: Target) -> None:
    if goal.page == ctx.page:
        st.query_params["step"] = str(goal.step)
        st.rerun()
    params = ctx.link_params(step=str(goal.step))
    st.switch_page(frame.PAGE_BY_KEY[goal.page].path, query_params=params)


def present_nav(ctx: frame.Ctx, *, key: str = "present_nav") -> None:
    """Previous / next step (or chapter) on ← / → and PageUp / PageDown, a step counter,
    and in the notes view the speaker notes of this step."""
    number, total = _number(ctx), len(steps_of(ctx.page))
    back, forward = target(ctx.page, number, -1), target(ctx.page, number, +1)
    chapters = [p.key for p in frame.PAGES if p.section == "story"]
    counter = ctx.t(
        "frame.step_of",
        chapter=chapters.index(ctx.page) + 1 if ctx.page in chapters else 1,
        chapters=len(chapters),
        n=number,
        total=total,
    )
    with st.container(key=f"{key}_bar", horizontal=True, vertical_alignment="center",
                      horizontal_alignment="distribute"):
        if back is not None and st.button(
            _label(ctx, back, ctx.page, -1), key=f"{key}_prev",
            icon=":material/arrow_back:", shortcut=PREV_SHORTCUT,
        ):
            _go(ctx, back)
        st.markdown(counter)
        if forward is not None and st.button(
            _label(ctx, forward, ctx.page, +1), key=f"{key}_next",
            icon=":material/arrow_forward:", icon_position="right", shortcut=NEXT_SHORTCUT,
        ):
            _go(ctx, forward)
    # A clicker sends PageUp / PageDown: the same moves, on buttons out of sight.
    with st.container(key=f"{key}_clicker"):
        if back is not None and st.button(
            ctx.t("frame.previous_step"), key=f"{key}_pgup", shortcut=CLICKER_PREV
        ):
            _go(ctx, back)
        if forward is not None and st.button(
            ctx.t("frame.next_step"), key=f"{key}_pgdn", shortcut=CLICKER_NEXT
        ):
            _go(ctx, forward)
    if ctx.speaker_notes:
        speaker_notes(ctx)
        if ctx.deck:
            publish(ctx.deck, ctx.page, number)
    elif ctx.deck:
        _follow(ctx, number)


def speaker_notes(ctx: frame.Ctx) -> None:
    """The notes of the current step, for the presenter's own screen (``?notes=1``)."""
    name = steps_of(ctx.page)[_number(ctx) - 1]
    with st.container(border=True, key="rik_speaker_notes"):
        st.markdown(f"**{ctx.t('frame.notes_title')}**")
        st.markdown(ctx.t(f"story.notes.{ctx.page}.{name}"))


__all__ = [
    "CLICKER_NEXT",
    "CLICKER_PREV",
    "LAST",
    "NEXT_SHORTCUT",
    "PREV_SHORTCUT",
    "STEPS",
    "Target",
    "new_deck",
    "position",
    "publish",
    "present_nav",
    "speaker_notes",
    "step",
    "step_number",
    "steps_of",
    "target",
]
