"""Chapter 8: the way forward, and the reader's turn in the calculator."""

import pandas as pd
import streamlit as st

from rik import fmt, story
from ui import cache, frame

ctx = frame.page("way_forward", layout="centered")
with frame.boundary(ctx):
    runs = cache.presets(ctx.assumptions, story.STORY_MONTHS)
    v = story.texts(story.way_forward(runs), ctx.lang)

    st.title(ctx.t("frame.pages.way_forward"))
    st.markdown(ctx.t("story.way_forward.p1"))
    text, visual = frame.text_and_visual(ctx)

    with text:
        st.subheader(ctx.t("story.way_forward.takeaways"))
        for key in ("t1", "t2", "t3"):
            st.markdown(f"- {ctx.t(f'story.way_forward.{key}', **v)}")

    with visual:
        if ctx.present:
            turn, summary = st.container(), st.container()
        else:
            summary, turn = st.container(), st.container()
    with summary:
        st.markdown(f"**{ctx.t('story.way_forward.table_title', **v)}**")
        rows = [
            {
                ctx.t("story.way_forward.col_scenario"): ctx.t(f"common.presets.{row['scenario']}"),
                ctx.t("story.way_forward.col_sales"): fmt.signed_percent(
                    row["sales_change"], ctx.lang
                ),
                ctx.t("story.way_forward.col_csat"): fmt.percent(row["csat"], ctx.lang),
                ctx.t("story.way_forward.col_burnout"): fmt.percent(row["burnout_share"], ctx.lang),
                ctx.t("story.way_forward.col_job"): fmt.percent(row["job_satisfaction"], ctx.lang),
            }
            for row in story.summary_rows(runs, story.STORY_MONTHS)
        ]
        table = pd.DataFrame(rows)
        if ctx.present:
            table = table.drop(columns=[ctx.t("story.way_forward.col_job")])
        st.dataframe(table, hide_index=True, width="stretch")
        st.caption(ctx.drawn_with)
        if not ctx.present:
            st.markdown(ctx.t("story.way_forward.closing"))

    with turn, st.container(border=True):
        st.subheader(ctx.t("story.way_forward.your_turn"))
        if not ctx.present:
            st.markdown(ctx.t("story.way_forward.your_turn_text"))
        available = {p.key for p in frame.available_pages()}
        if "calculator" in available:
            st.page_link(
                frame.PAGE_BY_KEY["calculator"].path,
                label=ctx.t("story.way_forward.open_calculator"),
                icon=":material/calculate:",
                query_params=ctx.link_params(preset="catalyst"),
            )
        else:
            st.caption(ctx.t("story.way_forward.calculator_missing"))
        if "assessment" in available:
            st.page_link(
                frame.PAGE_BY_KEY["assessment"].path,
                label=ctx.t("story.way_forward.assess"),
                icon=":material/checklist:",
                query_params=ctx.link_params(),
            )
    if ctx.present:
        st.markdown(ctx.t("story.way_forward.closing"))

frame.story_nav(ctx)
