"""Chapter 3: the push, and its four consequences, each with its source.

Thin: the figures and texts are ``rik.story.chapters``; each consequence, its sources and
the bill are drawn by ``ui.story_view``.
"""

import streamlit as st

from rik.story import chapters as story
from rik.story import words as story_words
from ui import cache, frame, present
from ui import story_view as view

ctx = frame.page("push", layout="centered")

with frame.boundary(ctx):
    step = present.step(ctx)  # None: not presenting, draw every step
    runs = cache.presets(ctx.assumptions, story.STORY_MONTHS)
    figures = story.push(runs, ctx.assumptions)
    v = story.texts(figures, ctx.lang) | story_words.sizes(figures, ctx.lang)

    st.title(ctx.t("frame.pages.push"))
    if story.contradictions(figures):
        st.warning(ctx.t("story.common.contradiction"), icon=":material/warning:")
    if step in (None, "push"):
        st.markdown(ctx.t("story.push.intro", **v))
    if step == "push":
        # What is coming: the four consequences, one step each.
        for column, name in zip(st.columns(4), story.CONSEQUENCES, strict=True):
            with column.container(border=True):
                st.markdown(f"**{ctx.t(f'story.push.{name}.tab')}**")
                st.caption(ctx.t(f"story.push.{name}.chart"))
    if step is None:
        tabs = st.tabs(
            [ctx.t(f"story.push.{name}.tab") for name in story.CONSEQUENCES],
            key="story_push_tab",
        )
        for tab, name in zip(tabs, story.CONSEQUENCES, strict=True):
            with tab:
                view.show_consequence(ctx, runs, name, v)
    elif step in story.CONSEQUENCES:
        st.subheader(ctx.t(f"story.push.{step}.tab"))
        view.show_consequence(ctx, runs, step, v)
    if step is None:
        st.markdown(ctx.t("story.push.bill", **v))
    elif step == "bill":
        view.show_bill(ctx, runs, v)

frame.story_nav(ctx)
