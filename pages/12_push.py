"""Chapter 3: the push, and its four consequences, each with its source."""

import streamlit as st

from rik.charts import story as charts
from rik.story import chapters as story
from rik.story import words as story_words
from ui import cache, frame, present
from ui import charts as chart_ui

CONFIDENCE_COLOUR = {
    "high": "green",
    "medium": "blue",
    "low": "orange",
    "unverified": "red",
    "n/a": "gray",
}

ctx = frame.page("push", layout="centered")


def confidence_label(note: story.SourceNote) -> str:
    level = ctx.t(f"common.confidence_levels.{note.active.confidence}")
    return ctx.t("story.sources.confidence", level=level)


def confidence_badge(note: story.SourceNote) -> None:
    st.badge(
        confidence_label(note),
        icon=":material/fact_check:",
        color=CONFIDENCE_COLOUR.get(note.active.confidence, "gray"),
    )


def source_line(note: story.SourceNote, figures: list[str]) -> None:
    """One line for presenter mode: the confidence as a badge, the source's name and the
    figures it stands behind (so one source with two confidences does not look like a
    contradiction)."""
    colour = CONFIDENCE_COLOUR.get(note.active.confidence, "gray")
    badge = f":{colour}-badge[:material/fact_check: {confidence_label(note)}]"
    # Markdown, not a caption: a caption's faded text put the badges below 4.5:1.
    st.markdown(f"{badge} {note.source(ctx.lang)}: {', '.join(figures).lower()}")


def show_source(note: story.SourceNote) -> None:
    """A coefficient's source, its confidence, what it says and how the two sets differ."""
    c = note.active
    st.markdown(
        ctx.t(
            "story.sources.value",
            label=note.label(ctx.lang),
            value=story.coefficient_text(c, c.value, ctx.lang),
        )
    )
    confidence_badge(note)
    st.markdown(
        ctx.t("story.sources.says", source=note.source(ctx.lang), says=note.says(ctx.lang))
    )
    if not note.sets_differ:
        return
    if note.set_name == "evidence":
        other = note.article
        st.caption(
            ctx.t(
                "story.sources.article_used",
                value=story.coefficient_text(other, other.value, ctx.lang),
                says=note.says(ctx.lang, "article"),
            )
        )
    else:
        other = note.evidence
        st.caption(
            ctx.t(
                "story.sources.evidence_differs",
                value=story.coefficient_text(other, other.value, ctx.lang),
                says=note.says(ctx.lang, "evidence"),
            )
            + " "
            + ctx.t("story.sources.switch", set=ctx.t("frame.sets.evidence"))
        )


def show_sources(keys: tuple[str, ...]) -> None:
    notes = story.source_notes(ctx.assumptions, keys)
    if ctx.present:  # one line per source and confidence, naming its figures
        lines: dict[tuple[str, str], list[story.SourceNote]] = {}
        for note in notes:
            lines.setdefault((note.source(ctx.lang), note.active.confidence), []).append(note)
        for group in lines.values():
            source_line(group[0], [n.active.label(ctx.lang) for n in group])
        with st.popover(ctx.t("story.sources.title"), icon=":material/menu_book:"):
            for note in notes:
                show_source(note)
    else:
        with st.container(border=True):
            st.markdown(f"**{ctx.t('story.sources.title')}**")
            for i, note in enumerate(notes):
                if i:
                    st.divider()
                show_source(note)


def show_consequence(name: str, column: str, keys: tuple[str, ...], v: dict) -> None:
    text, visual = frame.text_and_visual(ctx)
    with text:
        st.markdown(ctx.t(f"story.push.{name}.text", **v))
        if ctx.present:
            show_sources(keys)
    with visual:
        chart_ui.show(
            charts.build_consequence_chart,
            runs, name, ctx.lang, height=220 if ctx.present else 300,
            legend="top" if ctx.present else "bottom",
        )
        table = charts.data_table(runs, column, ctx.lang, charts.MYTH)
        frame.chart_footer(ctx, charts.format_table(table, column, ctx.lang))
    if not ctx.present:
        show_sources(keys)


with frame.boundary(ctx):
    step = present.step(ctx)  # None: not presenting, draw every step
    runs = cache.presets(ctx.assumptions, story.STORY_MONTHS)
    figures = story.push(runs, ctx.assumptions)
    v = story.texts(figures, ctx.lang) | story_words.sizes(figures, ctx.lang)

    st.title(ctx.t("frame.pages.push"))
    if story.contradictions(figures):
        st.warning(ctx.t("story.common.contradiction"), icon=":material/warning:")
    if step in (None, "push"):
        st.markdown(ctx.t("story.push.intro", **v))
    if step == "push":
        # What is coming: the four consequences, one step each.
        for column, name in zip(st.columns(4), story.CONSEQUENCES, strict=True):
            with column.container(border=True):
                st.markdown(f"**{ctx.t(f'story.push.{name}.tab')}**")
                st.caption(ctx.t(f"story.push.{name}.chart"))
    if step is None:
        tabs = st.tabs(
            [ctx.t(f"story.push.{name}.tab") for name in story.CONSEQUENCES],
            key="story_push_tab",
        )
        for tab, (name, (column, keys)) in zip(tabs, story.CONSEQUENCES.items(), strict=True):
            with tab:
                show_consequence(name, column, keys, v)
    elif step in story.CONSEQUENCES:
        column, keys = story.CONSEQUENCES[step]
        st.subheader(ctx.t(f"story.push.{step}.tab"))
        show_consequence(step, column, keys, v)
    if step is None:
        st.markdown(ctx.t("story.push.bill", **v))
    elif step == "bill":
        text, visual = frame.text_and_visual(ctx)
        text.markdown(ctx.t("story.push.bill", **v))
        with visual:
            chart_ui.show(
                charts.build_myth_chart,
                runs, ctx.lang, months=story.STORY_MONTHS, height=240, legend="top",
            )
            table = charts.data_table(
                runs, "sales_nok", ctx.lang, charts.MYTH, story.STORY_MONTHS
            )
            frame.chart_footer(ctx, charts.format_table(table, "sales_nok", ctx.lang))

frame.story_nav(ctx)
