"""Chapter 4: the mentor, and R = I × K on an interactive map."""

import streamlit as st

from rik.charts import story as charts
from rik.story import chapters as story
from ui import cache, frame, present
from ui import charts as chart_ui

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
        if ctx.present:
            text, visual = st.columns([2, 3], gap="large")
            controls, after = text, text
        else:
            st.markdown(ctx.t("story.mentor.map_intro"))
            controls, visual, after = st.container(), st.container(), st.container()
        with controls:
            if ctx.present:
                st.markdown(ctx.t("story.mentor.map_intro"))
            month = st.slider(
                ctx.t("story.mentor.slider"),
                min_value=0,
                max_value=story.STORY_MONTHS,
                value=story.RESULT_MONTH,
                key="story_mentor_month",
                help=ctx.t("story.mentor.slider_help"),
            )
        figures = story.mentor(runs, month)
        with visual:
            chart_ui.show(
                charts.build_story_ik_map,
                runs, ctx.lang, month=month, height=185 if ctx.present else 400,
            )
        after.markdown(ctx.t("story.mentor.map_text", **story.texts(figures, ctx.lang)))
        # Presenting, the caption goes under the text: the map's column is the taller one.
        with after if ctx.present else visual:
            table = charts.ik_table(runs, ctx.lang, month)
            frame.chart_footer(ctx, charts.format_ik_table(table, ctx.lang), hide_index=True)

frame.story_nav(ctx)
