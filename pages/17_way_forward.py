"""Chapter 8: the way forward, and the reader's turn in the calculator."""

import streamlit as st

from rik.story import chapters as story
from ui import cache, frame, present, team_state

ctx = frame.page("way_forward", layout="centered")
with frame.boundary(ctx):
    step = present.step(ctx)  # None: not presenting, draw every step
    runs = cache.presets(ctx.assumptions, story.STORY_MONTHS)
    v = story.texts(story.way_forward(runs), ctx.lang)

    st.title(ctx.t("frame.pages.way_forward"))
    if step in (None, "takeaways"):
        st.markdown(ctx.t("story.way_forward.p1"))
        st.subheader(ctx.t("story.way_forward.takeaways"))
        for key in ("t1", "t2", "t3"):
            st.markdown(f"- {ctx.t(f'story.way_forward.{key}', **v)}")

    if step in (None, "paths"):
        st.markdown(f"**{ctx.t('story.way_forward.table_title', **v)}**")
        st.dataframe(story.summary_table(runs, story.STORY_MONTHS, ctx.lang),
                     hide_index=True, width="stretch")
        st.caption(ctx.drawn_with)
        st.markdown(ctx.t("story.way_forward.closing"))

    if step in (None, "turn"):
        with st.container(border=True):
            st.subheader(ctx.t("story.way_forward.your_turn"))
            st.markdown(ctx.t("story.way_forward.your_turn_text"))
            st.page_link(
                frame.PAGE_BY_KEY["calculator"].path,
                label=ctx.t("story.way_forward.open_calculator"),
                icon=":material/calculate:",
                query_params=ctx.link_params(preset="catalyst"),
            )
            team_state.same_plan_link(ctx, "catalyst")
            st.page_link(
                frame.PAGE_BY_KEY["assessment"].path,
                label=ctx.t("story.way_forward.assess"),
                icon=":material/checklist:",
                query_params=ctx.link_params(),
            )
        st.caption(ctx.t("home.credit"))

frame.story_nav(ctx)
