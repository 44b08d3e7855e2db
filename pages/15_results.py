"""Chapter 6: the results of quality first, a year on."""

import streamlit as st

from rik.charts import story as charts
from rik.story import chapters as story
from rik.story import words as story_words
from ui import cache, frame, present
from ui import charts as chart_ui

ctx = frame.page("results", layout="centered")
with frame.boundary(ctx):
    step = present.step(ctx)  # None: not presenting, draw every step
    legend = "top" if ctx.present else "bottom"
    runs = cache.presets(ctx.assumptions, story.STORY_MONTHS)
    month = story.RESULT_MONTH
    figures = story.results(runs, month)
    v = story.texts(figures, ctx.lang) | story_words.sizes(figures, ctx.lang)
    money = "payback" if "payback_month" in figures else "no_payback"

    st.title(ctx.t("frame.pages.results"))
    if story.contradictions(figures):
        st.warning(ctx.t("story.common.contradiction"), icon=":material/warning:")
    if step in (None, "numbers"):
        st.markdown(ctx.t("story.results.p1"))
        slots = st.columns(4) if ctx.present else [*st.columns(2), *st.columns(2)]
        for column, name in zip(slots, story.RESULT_METRICS, strict=True):
            detail = charts.format_value
            column.metric(
                ctx.t(f"story.results.metric_{name}"),
                v[name],
                border=True,
                help=ctx.t(
                    "story.results.metric_help",
                    qf=detail(story.value(runs, "quality_first", name, month), name, ctx.lang),
                    base=detail(story.value(runs, "baseline", name, month), name, ctx.lang),
                ),
            )
        st.caption(ctx.t("story.results.metric_caption", month=month))
    if step == "numbers":
        st.markdown(ctx.t("story.results.p2", **v))
        st.markdown(ctx.t("story.results.p3", **v))
    if step in (None, "inside"):
        text, visual = frame.text_and_visual(ctx)
        with text:
            if step is None:
                st.markdown(ctx.t("story.results.p2", **v))
                st.markdown(ctx.t("story.results.p3", **v))
            st.markdown(ctx.t("story.results.p4", **v))
            st.markdown(ctx.t(f"story.results.{money}", **v))
        with visual:
            chart_ui.show(
                charts.build_results_chart,
                runs, ctx.lang, height=240 if ctx.present else 300, legend=legend,
            )
            table = charts.data_table(runs, "sales_nok", ctx.lang, charts.RESULTS)
            frame.chart_footer(ctx, charts.format_table(table, "sales_nok", ctx.lang))
    if step in (None, "honest"):
        st.info(ctx.t("story.results.illustrative"), icon=":material/info:")
        by_set = story.texts(story.results_by_set(month), ctx.lang)
        st.markdown(
            ctx.t("story.results.sets", evidence_name=ctx.t("frame.sets.evidence"), **by_set)
        )

frame.story_nav(ctx)
