"""Chapter 1: the myth. More meetings look like more sales, at first."""

import streamlit as st

from rik import story
from rik.charts import story as charts
from ui import cache, frame
from ui import charts as chart_ui

ctx = frame.page("myth", layout="centered")
with frame.boundary(ctx):
    legend = "top" if ctx.present else "bottom"
    runs = cache.presets(ctx.assumptions, story.STORY_MONTHS)
    figures = story.myth(runs)
    v = story.texts(figures, ctx.lang)

    st.title(ctx.t("frame.pages.myth"))
    if story.contradictions(figures):
        st.warning(ctx.t("story.common.contradiction"), icon=":material/warning:")
    text, visual = frame.text_and_visual(ctx)

    with text:
        st.subheader(ctx.t("story.myth.kicker"))
        st.markdown(ctx.t("story.myth.p1"))
        st.markdown(ctx.t("story.myth.p2", **v))
    with visual:
        whole = st.toggle(
            ctx.t("story.myth.reveal"),
            key="story_myth_reveal",
            help=ctx.t("story.myth.reveal_help"),
        )
        months = story.STORY_MONTHS if whole else 3
        height = 300 if ctx.present else 320
        chart_ui.show(
            charts.build_myth_chart,
            runs, ctx.lang, months=months, height=height, legend=legend,
        )
        table = charts.data_table(runs, "sales_nok", ctx.lang, charts.MYTH, months)
        frame.chart_footer(ctx, charts.format_table(table, "sales_nok", ctx.lang))
    if whole:
        st.markdown(ctx.t("story.myth.reveal_text", **v))
    st.markdown(ctx.t("story.myth.p3"))
    st.markdown(ctx.t("story.myth.p4"))
    st.markdown(f"> *{ctx.t('story.myth.quote')}*\n>\n> — {ctx.t('story.myth.quote_by')}")

frame.story_nav(ctx)
