"""Chapter 7: the catalyst. More meetings, once quality can carry them."""

import streamlit as st

from rik.charts import story as charts
from rik.story import chapters as story
from rik.story import words as story_words
from ui import cache, frame, present
from ui import charts as chart_ui

ctx = frame.page("catalyst", layout="centered")
with frame.boundary(ctx):
    step = present.step(ctx)  # None: not presenting, draw every step
    legend = "top" if ctx.present else "bottom"
    runs = cache.presets(ctx.assumptions, story.STORY_MONTHS)
    figures = story.catalyst(runs)
    v = story.texts(figures, ctx.lang) | story_words.sizes(figures, ctx.lang)

    st.title(ctx.t("frame.pages.catalyst"))
    if story.contradictions(figures):
        st.warning(ctx.t("story.common.contradiction"), icon=":material/warning:")
    if step in (None, "skill"):
        st.subheader(ctx.t("story.catalyst.kicker"))
        st.markdown(ctx.t("story.catalyst.p1", **v))
        st.markdown(ctx.t("story.catalyst.p2", **v))
    if step in (None, "pace"):
        text, visual = frame.text_and_visual(ctx)
        with text:
            st.markdown(ctx.t("story.catalyst.p3", **v))
            if ctx.present:
                st.markdown(ctx.t("story.catalyst.p4", **v))
        with visual:
            chart_ui.show(
                charts.build_catalyst_chart,
                runs, ctx.lang, height=220 if ctx.present else 300, legend=legend,
            )
            table = charts.data_table(runs, "sales_nok", ctx.lang, charts.CATALYST)
            frame.chart_footer(ctx, charts.format_table(table, "sales_nok", ctx.lang))
        if not ctx.present:
            st.markdown(ctx.t("story.catalyst.p4", **v))

frame.story_nav(ctx)
