"""What the story's chapters draw beside their text: a coefficient's source with its
confidence, and the push chapter's consequences (``pages/12_push.py``).

The figures, texts and source notes are ``rik.story.chapters``; the charts and tables
``rik.charts.story``; this module only draws them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import streamlit as st

from rik.charts import story as charts
from rik.story import chapters as story
from ui import charts as chart_ui
from ui import frame

CONFIDENCE_COLOUR = {
    "high": "green",
    "medium": "blue",
    "low": "orange",
    "unverified": "red",
    "n/a": "gray",
}
"""A badge's colour per confidence level (Streamlit's named colours)."""


def confidence_colour(note: story.SourceNote) -> str:
    return CONFIDENCE_COLOUR.get(note.active.confidence, "gray")


def confidence_label(ctx: frame.Ctx, note: story.SourceNote) -> str:
    level = ctx.t(f"common.confidence_levels.{note.active.confidence}")
    return ctx.t("story.sources.confidence", level=level)


def source_line(ctx: frame.Ctx, note: story.SourceNote, figures: Sequence[str]) -> None:
    """One line for presenter mode: the confidence as a badge, the source's name and the
    figures it stands behind (so one source with two confidences does not look like a
    contradiction)."""
    badge = f":{confidence_colour(note)}-badge[:material/fact_check: {confidence_label(ctx, note)}]"
    # Markdown, not a caption: a caption's faded text put the badges below 4.5:1.
    st.markdown(f"{badge} {note.source(ctx.lang)}: {', '.join(figures).lower()}")


def show_source(ctx: frame.Ctx, note: story.SourceNote) -> None:
    """A coefficient's source, its confidence, what it says and how the two sets differ."""
    c = note.active
    st.markdown(
        ctx.t(
            "story.sources.value",
            label=note.label(ctx.lang),
            value=story.coefficient_text(c, c.value, ctx.lang),
        )
    )
    st.badge(confidence_label(ctx, note), icon=":material/fact_check:",
             color=confidence_colour(note))
    st.markdown(
        ctx.t("story.sources.says", source=note.source(ctx.lang), says=note.says(ctx.lang))
    )
    if not note.sets_differ:
        return
    # the other set's value: what the article used, or what the evidence says instead
    other_set = "article" if note.set_name == "evidence" else "evidence"
    other = getattr(note, other_set)
    key = "article_used" if other_set == "article" else "evidence_differs"
    text = ctx.t(
        f"story.sources.{key}",
        value=story.coefficient_text(other, other.value, ctx.lang),
        says=note.says(ctx.lang, other_set),
    )
    if other_set == "evidence":
        text += " " + ctx.t("story.sources.switch", set=ctx.t("frame.sets.evidence"))
    st.caption(text)


def show_sources(ctx: frame.Ctx, keys: Sequence[str]) -> None:
    """The sources of the coefficients ``keys``: in presenter mode one line per source and
    confidence (the details in a popover), otherwise each in full in a bordered box."""
    notes = story.source_notes(ctx.assumptions, keys)
    if ctx.present:  # one line per source and confidence, naming its figures
        lines: dict[tuple[str, str], list[story.SourceNote]] = {}
        for note in notes:
            lines.setdefault((note.source(ctx.lang), note.active.confidence), []).append(note)
        for group in lines.values():
            source_line(ctx, group[0], [n.active.label(ctx.lang) for n in group])
        with st.popover(ctx.t("story.sources.title"), icon=":material/menu_book:"):
            for note in notes:
                show_source(ctx, note)
    else:
        with st.container(border=True):
            st.markdown(f"**{ctx.t('story.sources.title')}**")
            for i, note in enumerate(notes):
                if i:
                    st.divider()
                show_source(ctx, note)


def show_consequence(
    ctx: frame.Ctx, runs: Mapping[str, pd.DataFrame], name: str, values: Mapping[str, Any]
) -> None:
    """One of the push's consequences: its text, its chart and numbers, and its sources
    (beside the text in presenter mode, under the chart otherwise)."""
    column, keys = story.CONSEQUENCES[name]
    text, visual = frame.text_and_visual(ctx)
    with text:
        st.markdown(ctx.t(f"story.push.{name}.text", **values))
        if ctx.present:
            show_sources(ctx, keys)
    with visual:
        chart_ui.show(
            charts.build_consequence_chart,
            runs, name, ctx.lang, height=220 if ctx.present else 300,
            legend="top" if ctx.present else "bottom",
        )
        table = charts.data_table(runs, column, ctx.lang, charts.MYTH)
        frame.chart_footer(ctx, charts.format_table(table, column, ctx.lang))
    if not ctx.present:
        show_sources(ctx, keys)


def show_bill(ctx: frame.Ctx, runs: Mapping[str, pd.DataFrame], values: Mapping[str, Any]) -> None:
    """The push's bill as a presenter step: the text beside the sales chart."""
    text, visual = frame.text_and_visual(ctx)
    text.markdown(ctx.t("story.push.bill", **values))
    with visual:
        chart_ui.show(
            charts.build_myth_chart,
            runs, ctx.lang, months=story.STORY_MONTHS, height=240, legend="top",
        )
        table = charts.data_table(runs, "sales_nok", ctx.lang, charts.MYTH, story.STORY_MONTHS)
        frame.chart_footer(ctx, charts.format_table(table, "sales_nok", ctx.lang))


def mentor_map(ctx: frame.Ctx, runs: Mapping[str, pd.DataFrame]) -> None:
    """The mentor chapter's I × K map with its month slider, the text that reads it and
    the numbers (the page runs it as an ``st.fragment``: moving the month reruns this
    alone; it has its own error boundary, as the page's does not run on a fragment rerun)."""
    with frame.boundary(ctx):
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


__all__ = [
    "mentor_map",
    "CONFIDENCE_COLOUR",
    "confidence_colour",
    "confidence_label",
    "show_bill",
    "show_consequence",
    "show_source",
    "show_sources",
    "source_line",
]
