"""The facilitator's guide: a two-hour workshop agenda, questions after each chapter,
two exercises, the self-assessment in a room, and what the model can and cannot say.

Its words are in ``data/i18n/<lang>/guide.toml``; this module lays them out. The page
prints on paper without the app's sidebar and header (``PRINT_CSS``).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui import frame, present

# The agenda's rows, in order: guide.agenda.<row>.{time,what,how}.
AGENDA: tuple[str, ...] = (
    "welcome", "story", "mentor", "measures", "pause", "calculator", "room", "close",
)

PRINT_CSS = """
<style>
@media print {
  [data-testid="stSidebar"], [data-testid="stHeader"], [data-testid="stToolbar"],
  .st-key-guide_links { display: none !important; }
  [data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 0 !important; }
  [data-testid="stMain"] h2, [data-testid="stMain"] h3 { break-after: avoid; }
  [data-testid="stVerticalBlockBorderWrapper"] { break-inside: avoid; }
}
</style>
"""


def agenda(ctx: frame.Ctx) -> pd.DataFrame:
    """The agenda as a table: time, what, how, one row per part of the workshop."""
    columns = [ctx.t(f"guide.agenda.col_{c}") for c in ("time", "what", "how")]
    rows = [
        [ctx.t(f"guide.agenda.{row}.{c}") for c in ("time", "what", "how")] for row in AGENDA
    ]
    return pd.DataFrame(rows, columns=columns)


def chapter_questions(ctx: frame.Ctx) -> list[tuple[str, str]]:
    """(chapter title, question) for every story chapter, in the story's order."""
    return [
        (ctx.t(f"frame.pages.{key}"), ctx.t(f"guide.questions.{key}")) for key in frame.STORY
    ]


def show(ctx: frame.Ctx) -> None:
    st.html(PRINT_CSS)
    st.title(ctx.t("guide.title"))
    st.markdown(ctx.t("guide.lead"))
    st.caption(ctx.t("guide.credit"))
    story = frame.PAGE_BY_KEY[frame.STORY[0]]
    # One deck for both links: the slides follow the notes view (ui.present).
    deck = st.session_state.setdefault("guide_deck", present.new_deck())
    with st.container(key="guide_links", horizontal=True):
        st.page_link(
            story.path, label=ctx.t("guide.present"), icon=":material/slideshow:",
            query_params=ctx.link_params(present="1", step="1", deck=deck),
            help=ctx.t("guide.present_help"),
        )
        st.page_link(
            story.path, label=ctx.t("guide.notes"), icon=":material/speaker_notes:",
            query_params=ctx.link_params(present="1", notes="1", step="1", deck=deck),
            help=ctx.t("guide.notes_help"),
        )

    st.header(ctx.t("guide.agenda.title"))
    st.table(agenda(ctx).set_index(ctx.t("guide.agenda.col_time")))
    st.subheader(ctx.t("guide.before_title"))
    st.markdown(ctx.t("guide.before"))

    st.header(ctx.t("guide.questions.title"))
    for n, (title, question) in enumerate(chapter_questions(ctx), 1):
        st.markdown(f"**{n}. {title}.** {question}")

    st.header(ctx.t("guide.exercises.title"))
    names = {
        "numbers_game": ctx.t("common.presets.numbers_game"),
        "evidence": ctx.t("frame.sets.evidence"),
    }
    for part in ("calculator", "room", "assessment"):
        with st.container(border=True):
            st.subheader(ctx.t(f"guide.exercises.{part}_title"))
            st.markdown(ctx.t(f"guide.exercises.{part}", **names))

    st.header(ctx.t("guide.model.title"))
    st.markdown(ctx.t("guide.model.can"))
    st.markdown(ctx.t("guide.model.cannot", **names))


__all__ = ["AGENDA", "agenda", "chapter_questions", "show"]
