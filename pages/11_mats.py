"""Chapter 2: meet Mats, the newly promoted sales manager, and the team he takes over."""

import streamlit as st

from rik.story import chapters as story
from ui import cache, frame, present

METRICS = (
    ("metric_sellers", "sellers"),
    ("metric_customers", "customers"),
    ("metric_sales", "sales"),
    ("metric_csat", "csat"),
    ("metric_burnout", "burnout"),
    ("metric_job", "job_satisfaction"),
)

ctx = frame.page("mats", layout="centered")
with frame.boundary(ctx):
    step = present.step(ctx)  # None: not presenting, draw every step
    runs = cache.presets(ctx.assumptions, story.STORY_MONTHS)
    v = story.texts(story.mats(runs), ctx.lang)

    st.title(ctx.t("frame.pages.mats"))
    if step in (None, "who"):
        text, visual = frame.text_and_visual(ctx)
        with text:
            st.markdown(ctx.t("story.mats.p1"))
            st.markdown(ctx.t("story.mats.p2", **v))
        with visual:
            st.subheader(ctx.t("story.mats.metrics_title"))
            per_row = 2 if ctx.present else 3
            for start in range(0, len(METRICS), per_row):
                row = METRICS[start : start + per_row]
                for column, (label, name) in zip(st.columns(per_row), row, strict=True):
                    column.metric(ctx.t(f"story.mats.{label}"), v[name], border=True)
            st.caption(ctx.drawn_with)
    if step in (None, "plan"):
        text, visual = frame.text_and_visual(ctx)
        with text:
            st.markdown(ctx.t("story.mats.p3"))
        with visual:
            with st.container(border=True):
                st.markdown(f"**{ctx.t('story.mats.plan_title')}**")
                st.markdown(ctx.t("story.mats.plan", **v))
            st.markdown(ctx.t("story.mats.p4", **v))

frame.story_nav(ctx)
