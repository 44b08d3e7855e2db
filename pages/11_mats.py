"""Chapter 2: meet Mats, the newly promoted sales manager, and the team he takes over."""

import streamlit as st

from rik import story
from ui import cache, frame

ctx = frame.page("mats", layout="centered")
with frame.boundary(ctx):
    runs = cache.presets(ctx.assumptions, story.STORY_MONTHS)
    figures = story.mats(runs)
    v = story.texts(figures, ctx.lang)

    st.title(ctx.t("frame.pages.mats"))
    st.markdown(ctx.t("story.mats.p1"))
    st.markdown(ctx.t("story.mats.p2", **v))

    st.subheader(ctx.t("story.mats.metrics_title"))
    metrics = [
        ("metric_sellers", "sellers"),
        ("metric_customers", "customers"),
        ("metric_sales", "sales"),
        ("metric_csat", "csat"),
        ("metric_burnout", "burnout"),
    ]
    top, bottom = metrics[:3], metrics[3:]
    for row in (top, bottom):
        for column, (label, name) in zip(st.columns(3), row, strict=False):
            column.metric(ctx.t(f"story.mats.{label}"), v[name], border=True)
    st.caption(ctx.t("frame.drawn_with", set=ctx.t(f"frame.sets.{ctx.set_name}")))

    st.markdown(ctx.t("story.mats.p3"))
    with st.container(border=True):
        st.markdown(f"**{ctx.t('story.mats.plan_title')}**")
        st.markdown(ctx.t("story.mats.plan", **v))
    st.markdown(ctx.t("story.mats.p4", **v))

frame.story_nav(ctx)
