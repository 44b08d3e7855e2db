"""Chapter 4: the mentor, and R = I × K on an interactive map."""

import streamlit as st

from rik import story
from rik.charts import story as charts
from ui import cache, frame

ctx = frame.page("mentor", layout="centered")
with frame.boundary(ctx):
    runs = cache.presets(ctx.assumptions, story.STORY_MONTHS)

    st.title(ctx.t("frame.pages.mentor"))
    if not ctx.present:
        st.markdown(ctx.t("story.mentor.p1"))
        st.markdown(ctx.t("story.mentor.p2"))
    st.markdown(ctx.t("story.mentor.p3"))
    if not ctx.present:
        st.markdown(
            f"> *{ctx.t('story.mentor.quote')}*\n>\n> — {ctx.t('story.mentor.quote_by')}"
        )

    if ctx.present:
        text, visual = st.columns([2, 3], gap="large")
        intro = text
    else:
        intro, visual, text = st.container(), st.container(), st.container()
    if not ctx.present:
        intro.markdown(ctx.t("story.mentor.map_intro"))
    with visual:
        month = st.slider(
            ctx.t("story.mentor.slider"),
            min_value=0,
            max_value=story.STORY_MONTHS,
            value=story.RESULT_MONTH,
            key="story_mentor_month",
            help=ctx.t("story.mentor.slider_help"),
        )
        figures = story.mentor(runs, month)
        chart = charts.build_story_ik_map(
            runs, ctx.lang, month=month, height=330 if ctx.present else 400
        )
        st.altair_chart(chart, width="stretch")
        with st.expander(ctx.t("frame.show_data")):
            table = charts.ik_table(runs, ctx.lang, month)
            st.dataframe(charts.format_ik_table(table, ctx.lang), width="stretch", hide_index=True)
        st.caption(ctx.t("frame.drawn_with", set=ctx.t(f"frame.sets.{ctx.set_name}")))
    with text:
        st.markdown(ctx.t("story.mentor.map_text", **story.texts(figures, ctx.lang)))
    if ctx.present:
        st.markdown(
            f"> *{ctx.t('story.mentor.quote')}*\n>\n> — {ctx.t('story.mentor.quote_by')}"
        )

frame.story_nav(ctx)
