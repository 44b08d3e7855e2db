"""Chapter 1: the myth. More meetings look like more sales, at first."""

import streamlit as st

from rik.charts import story as charts
from rik.story import chapters as story
from ui import cache, frame, present
from ui import charts as chart_ui

ctx = frame.page("myth", layout="centered")
with frame.boundary(ctx):
    step = present.step(ctx)  # None: not presenting, draw every step
    legend = "top" if ctx.present else "bottom"
    runs = cache.presets(ctx.assumptions, story.STORY_MONTHS)
    figures = story.myth(runs)
    v = story.texts(figures, ctx.lang)
    quote = f"> *{ctx.t('story.myth.quote')}*\n>\n> — {ctx.t('story.myth.quote_by')}"

    st.title(ctx.t("frame.pages.myth"))
    if story.contradictions(figures):
        st.warning(ctx.t("story.common.contradiction"), icon=":material/warning:")
    if step == "claim":
        st.subheader(ctx.t("story.myth.kicker"))
        st.markdown(ctx.t("story.myth.p1"))
        st.markdown(ctx.t("story.myth.p4"))
        st.markdown(quote)
    if step in (None, "early", "whole"):
        text, visual = frame.text_and_visual(ctx)
        with text:
            if step is None:
                st.subheader(ctx.t("story.myth.kicker"))
                st.markdown(ctx.t("story.myth.p1"))
            if step != "whole":
                st.markdown(ctx.t("story.myth.p2", **v))
        with visual:
            if step is None:
                whole = st.toggle(
                    ctx.t("story.myth.reveal"),
                    key="story_myth_reveal",
                    help=ctx.t("story.myth.reveal_help"),
                )
            else:
                whole = step == "whole"
            months = story.STORY_MONTHS if whole else 3
            chart_ui.show(
                charts.build_myth_chart,
                runs, ctx.lang, months=months, height=240 if ctx.present else 320,
                legend=legend,
            )
            table = charts.data_table(runs, "sales_nok", ctx.lang, charts.MYTH, months)
            frame.chart_footer(ctx, charts.format_table(table, "sales_nok", ctx.lang))
        after = text if step == "whole" else st.container()
        with after:
            if whole:
                st.markdown(ctx.t("story.myth.reveal_text", **v))
            if step in (None, "whole"):
                st.markdown(ctx.t("story.myth.p3"))
    if step is None:
        st.markdown(ctx.t("story.myth.p4"))
        st.markdown(quote)

frame.story_nav(ctx)
