"""Chapter 2: meet Mats, the newly promoted sales manager, and the team he takes over."""

import streamlit as st

from rik import story
from ui import cache, frame

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
    runs = cache.presets(ctx.assumptions, story.STORY_MONTHS)
    v = story.texts(story.mats(runs), ctx.lang)

    st.title(ctx.t("frame.pages.mats"))
    if ctx.present:
        text, visual = st.columns([2, 3], gap="large")
        after = text
    else:
        text, visual, after = st.container(), st.container(), st.container()
    with text:
        if not ctx.present:
            st.markdown(ctx.t("story.mats.p1"))
        st.markdown(ctx.t("story.mats.p2", **v))
    with visual:
        if not ctx.present:
            st.subheader(ctx.t("story.mats.metrics_title"))
        per_row = 2 if ctx.present else 3
        for start in range(0, len(METRICS), per_row):
            row = METRICS[start : start + per_row]
            for column, (label, name) in zip(st.columns(per_row), row, strict=True):
                column.metric(ctx.t(f"story.mats.{label}"), v[name], border=True)
        st.caption(ctx.drawn_with)
    with after:
        if not ctx.present:
            st.markdown(ctx.t("story.mats.p3"))
        with st.container(border=True):
            st.markdown(f"**{ctx.t('story.mats.plan_title')}**")
            st.markdown(ctx.t("story.mats.plan", **v))
    if not ctx.present:
        st.markdown(ctx.t("story.mats.p4", **v))

frame.story_nav(ctx)
