"""Chapter 4: the mentor, and R = I × K on an interactive map."""

import streamlit as st

from rik.story import chapters as story
from ui import cache, frame, present, story_view

ctx = frame.page("mentor", layout="centered")
with frame.boundary(ctx):
    step = present.step(ctx)  # None: not presenting, draw every step
    runs = cache.presets(ctx.assumptions, story.STORY_MONTHS)
    quote = f"> *{ctx.t('story.mentor.quote')}*\n>\n> — {ctx.t('story.mentor.quote_by')}"

    st.title(ctx.t("frame.pages.mentor"))
    if step in (None, "mentor"):
        st.markdown(ctx.t("story.mentor.p1"))
        st.markdown(ctx.t("story.mentor.p2"))
    if step in (None, "formula"):
        if step == "formula":
            st.markdown(f"## {ctx.t('home.formula')}")
        st.markdown(ctx.t("story.mentor.p3"))
        st.markdown(quote)
        if step == "formula":
            st.markdown(
                f"> *{ctx.t('story.myth.quote')}*\n>\n> — {ctx.t('story.myth.quote_by')}"
            )
    if step in (None, "map"):
        # A fragment: moving the month reruns the map, its text and table, not the frame.
        st.fragment(story_view.mentor_map)(ctx, runs)

frame.story_nav(ctx)
