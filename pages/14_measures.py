"""Chapter 5: the four measures, each switchable to see what it adds."""

import streamlit as st

from rik.charts import story as charts
from rik.story import chapters as story
from ui import cache, frame, present
from ui import charts as chart_ui

ctx = frame.page("measures", layout="centered")
with frame.boundary(ctx):
    step = present.step(ctx)  # None: not presenting, draw every step
    runs = cache.presets(ctx.assumptions, story.STORY_MONTHS)
    month = story.RESULT_MONTH
    levels = story.texts(story.measure_levels(ctx.assumptions), ctx.lang)
    alone = story.measure_effects(ctx.assumptions, month)

    st.title(ctx.t("frame.pages.measures"))
    if step in (None, "four"):
        st.markdown(ctx.t("story.measures.intro"))
    if step == "four":
        # The four measures and what each means, before any switch is touched.
        grid = [*st.columns(2, gap="medium"), *st.columns(2, gap="medium")]
        for slot, name in zip(grid, story.MEASURES, strict=True):
            with slot.container(border=True):
                st.markdown(f"**{ctx.t(f'story.measures.{name}.label')}**")
                st.markdown(ctx.t(f"story.measures.{name}.text", **levels))
    if step in (None, "try"):
        if ctx.present:
            cards, visual = st.columns([2, 3], gap="large")
            slots = [cards] * len(story.MEASURES)
        else:
            grid = [*st.columns(2), *st.columns(2)]
            slots, visual = grid, st.container()
        selected = []
        for slot, name in zip(slots, story.MEASURES, strict=True):
            with slot.container(border=not ctx.present):
                if st.toggle(ctx.t(f"story.measures.{name}.label"), key=f"story_measures_{name}"):
                    selected.append(name)
                if not ctx.present:
                    st.markdown(ctx.t(f"story.measures.{name}.text", **levels))
                st.caption(
                    ctx.t("story.measures.alone", month=month,
                          **story.texts(alone[name], ctx.lang))
                )

        run = cache.simulate(
            story.measures_scenario(selected), ctx.assumptions, story.STORY_MONTHS
        )
        base = runs["baseline"]
        effect = story.texts(story.selection_effect(base, run, month), ctx.lang)
        with visual:
            labels = [
                (ctx.t("story.measures.metric_sales", month=month), "sales"),
                (ctx.t("story.measures.metric_csat", month=month), "csat"),
                (ctx.t("story.measures.metric_m1"), "sales_m1"),
            ]
            for column, (label, name) in zip(st.columns(3), labels, strict=True):
                column.metric(label, effect[name], help=ctx.t("story.measures.metric_help"))
            if not selected:
                st.caption(ctx.t("story.measures.none"))
            elif len(selected) == len(story.MEASURES):
                st.caption(ctx.t("story.measures.all"))
            else:
                st.caption(ctx.t("story.measures.metric_help"))
            chart = charts.build_measures_chart(
                base,
                run,
                ctx.lang,
                reference=runs["quality_first"],
                height=150 if ctx.present else 300,
            )
            chart_ui.draw(chart)
            table = charts.change_table(base, run, ctx.lang)
            frame.chart_footer(ctx, charts.format_table(table, "change", ctx.lang))

frame.story_nav(ctx)
