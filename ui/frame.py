"""The frame every page calls first: page config, language, navigation, sidebar, errors.

Streamlit 1.67 runs ``app.py`` only for the landing page when a ``pages/`` folder is
present, so each page script calls :func:`page` itself. Navigation is drawn here with
``st.page_link`` (the built-in list is hidden by ``client.showSidebarNavigation``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

import rik
from rik.i18n import LANGS, resolve_lang, t
from rik.model.calibration import Team
from rik.share import team_figures
from rik.text import md_escape  # URL values are shown as text, never as Markdown
from ui import team_state, uploads

ROOT = Path(__file__).resolve().parent.parent
ICON = str(Path(__file__).resolve().parent / "icon.png")  # local: a material icon would be fetched
LOG = logging.getLogger("rik.app")


@dataclass(frozen=True)
class PageInfo:
    key: str
    path: str
    icon: str
    section: str


# The map of the app: every page, in the order of the navigation.
PAGES: tuple[PageInfo, ...] = (
    PageInfo("home", "app.py", ":material/home:", "start"),
    PageInfo("myth", "pages/10_myth.py", ":material/casino:", "story"),
    PageInfo("mats", "pages/11_mats.py", ":material/person:", "story"),
    PageInfo("push", "pages/12_push.py", ":material/trending_down:", "story"),
    PageInfo("mentor", "pages/13_mentor.py", ":material/school:", "story"),
    PageInfo("measures", "pages/14_measures.py", ":material/tune:", "story"),
    PageInfo("results", "pages/15_results.py", ":material/trending_up:", "story"),
    PageInfo("catalyst", "pages/16_catalyst.py", ":material/bolt:", "story"),
    PageInfo("way_forward", "pages/17_way_forward.py", ":material/flag:", "story"),
    PageInfo("calculator", "pages/20_calculator.py", ":material/calculate:", "explore"),
    PageInfo("compare", "pages/21_compare.py", ":material/compare_arrows:", "explore"),
    PageInfo("analysis", "pages/22_analysis.py", ":material/insights:", "explore"),
    PageInfo("assessment", "pages/30_assessment.py", ":material/checklist:", "team"),
    PageInfo("rooms", "pages/31_rooms.py", ":material/groups:", "team"),
    PageInfo("team", "pages/32_team.py", ":material/group_add:", "team"),
    PageInfo("guide", "pages/33_guide.py", ":material/co_present:", "team"),
    PageInfo("assumptions", "pages/40_assumptions.py", ":material/fact_check:", "about"),
    PageInfo("model", "pages/41_model.py", ":material/account_tree:", "about"),
)
SECTIONS: tuple[str, ...] = ("start", "story", "explore", "team", "about")
STORY: tuple[str, ...] = tuple(p.key for p in PAGES if p.section == "story")
PAGE_BY_KEY = {p.key: p for p in PAGES}


@dataclass
class Ctx:
    """What a page needs from the frame."""

    page: str
    lang: str
    set_name: str
    assumptions: rik.Assumptions
    present: bool
    notes: list[str] = field(default_factory=list)
    speaker_notes: bool = False  # presenter mode's notes view (?present=1&notes=1)
    deck: str | None = None  # pairs a notes view with the slides it turns (?deck=)
    team: Team | None = None  # the user's team as the firm (ui.team_state)

    def t(self, key: str, /, **values: Any) -> str:
        return t(key, self.lang, **values)

    @property
    def drawn_with(self) -> str:
        """The caption under a chart: which assumption set drew it."""
        return self.t("frame.drawn_with", set=self.t(f"frame.sets.{self.set_name}"))

    def link_params(self, **extra: str) -> dict[str, str]:
        """Query parameters every internal link carries (language, assumption set, mode)."""
        params = {"lang": self.lang, "set": self.set_name}
        if self.present:
            params["present"] = "1"
            if self.speaker_notes:
                params["notes"] = "1"
            if self.deck:
                params["deck"] = self.deck
        if self.team is not None:
            params[team_figures.TEAM_PARAM] = team_figures.to_param(self.team)
        params.update(extra)
        return params


def _query(name: str) -> str | None:
    values = st.query_params.get_all(name)
    return values[-1] if values else None


EDITED_KEY = "assumptions_edited"
"""Session key: set name → the edited copy of that assumption set the user accepted."""


def edited_copy(set_name: str) -> rik.Assumptions | None:
    """The session's edited copy of ``set_name``, or ``None``."""
    return st.session_state.get(EDITED_KEY, {}).get(set_name)


def active_assumptions(set_name: str) -> rik.Assumptions:
    """The session's edited copy of ``set_name`` if there is one, else the shipped set."""
    edited = edited_copy(set_name)
    return edited if edited is not None else rik.load_assumptions(set_name)


def _flag(name: str) -> bool:
    return _query(name) in ("1", "true", "yes")


DECK_ID = re.compile(r"[0-9a-f]{8,16}")


def deck_id(raw: str | None) -> str | None:
    """A presenter deck's id from the address, or None when it is missing or malformed."""
    return raw if raw is not None and DECK_ID.fullmatch(raw) else None


def _resolve_state() -> tuple[str, str, bool, list[str]]:
    notes: list[str] = []
    locale = getattr(st.context, "locale", None)
    raw_lang = _query("lang")
    lang = resolve_lang(raw_lang, st.session_state.get("lang"), locale)
    if raw_lang is not None and raw_lang.strip().lower() not in LANGS:
        notes.append(t("frame.notes.bad_lang", lang, value=md_escape(raw_lang[:20])))
    raw_set = _query("set")
    set_name = st.session_state.get("set_name", "article")
    if raw_set is not None:
        if raw_set in rik.ASSUMPTION_SETS:
            set_name = raw_set
        else:
            notes.append(t("frame.notes.bad_set", lang, value=md_escape(raw_set[:20])))
    present = _flag("present")
    st.session_state["lang"] = lang
    st.session_state["set_name"] = set_name
    return lang, set_name, present, notes


def _on_lang_change() -> None:
    chosen = st.session_state.get("_frame_lang")
    if chosen in LANGS:
        st.session_state["lang"] = chosen
        st.query_params["lang"] = chosen


def choose_set(widget_key: str) -> None:
    """A set switch's callback (``on_change=choose_set, args=(key,)``): the set chosen in
    widget ``widget_key`` becomes every page's, and the link's."""
    chosen = st.session_state.get(widget_key)
    if chosen in rik.ASSUMPTION_SETS:
        st.session_state["set_name"] = chosen
        st.query_params["set"] = chosen


PRESENT_CSS = """
<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stHeader"] { display: none !important; }
html, body, [data-testid="stAppViewContainer"] { font-size: 21px; }
[data-testid="stMainBlockContainer"] { max-width: 1200px; padding: 0.6rem 1rem 0.4rem; }
[data-testid="stMain"] h1 { font-size: 2rem; padding: 0.2rem 0 0.4rem; }
[data-testid="stMain"] h3 { font-size: 1.2rem; padding: 0.2rem 0; }
[data-testid="stMetricValue"] { font-size: 1.8rem; }
[data-testid="stMain"] [data-testid="stVerticalBlock"] { gap: 0.7rem; }
[data-testid="stMain"] [data-testid="stMarkdownContainer"] p { margin-bottom: 0.5rem; }
/* The clicker's PageUp / PageDown buttons: bound to their keys, out of sight. */
.st-key-present_nav_clicker { position: absolute !important; left: -10000px; width: 1px;
  height: 1px; overflow: hidden; }
/* ...shown while one has the keyboard focus (Tab), so the focus is never invisible. */
.st-key-present_nav_clicker:focus-within { position: fixed !important; left: 1rem;
  top: 0.5rem; width: auto; height: auto; overflow: visible; z-index: 999991;
  background: #ffffff; }
.st-key-rik_present_exit { position: fixed; top: 0.5rem; right: 1.2rem; z-index: 999990;
  width: auto !important; }
.st-key-rik_present_exit p { font-size: 0.75rem; }
</style>
"""

BASE_CSS = """
<style>
[data-testid="stSidebarNav"] { display: none; }
.rik-caption { color: #4a5a6a; font-size: 0.9rem; }
/* Streamlit's own English in the file upload: its "1MB per file • JSON" line is hidden
   (the label and help say what to upload), its "Upload" button shows UPLOAD_LABEL. The
   word "Upload" stays for screen readers only (axe-core's button-name rule does not
   count CSS content as a name). */
[data-testid="stFileUploaderDropzoneInstructions"] { display: none; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] {
  position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%);
  white-space: nowrap; }
[data-testid="stFileUploaderDropzone"] button span[data-has-shortcut]::after {
  content: "UPLOAD_LABEL"; }
/* Its "Skip to main content" link (shown on Tab) says SKIP_LABEL; the English stays
   for screen readers only, as above. */
[data-testid="stSkipToContent"] { font-size: 0 !important; }
[data-testid="stSkipToContent"]::after { content: "SKIP_LABEL"; font-size: 1rem; }
/* Tabs (the calculator's charts, the analysis): a clear ring while one has the keyboard
   focus (Streamlit's own is a thin bar at its edge), and on a phone a tap target of
   44 px. */
[role="tab"]:focus-visible { outline: 3px solid #1f5f8b; outline-offset: 2px; }
@media (max-width: 640px) { [role="tab"] { min-height: 44px; min-width: 44px; } }
</style>
"""


def base_css(lang: str) -> str:
    """:data:`BASE_CSS` with Streamlit's own words in ``lang`` (as CSS strings)."""
    def css_string(key: str) -> str:
        return t(key, lang).replace("\\", "").replace('"', "")

    return BASE_CSS.replace("UPLOAD_LABEL", css_string("frame.upload_button")).replace(
        "SKIP_LABEL", css_string("frame.skip_link")
    )


def _navigation(ctx: Ctx) -> None:
    pages = PAGES
    for section in SECTIONS:
        in_section = [p for p in pages if p.section == section]
        if not in_section:
            continue
        if section != "start":
            st.caption(ctx.t(f"frame.sections.{section}"))
        for info in in_section:
            st.page_link(
                info.path,
                label=ctx.t(f"frame.pages.{info.key}"),
                icon=info.icon,
                query_params=ctx.link_params(),
            )


def _sidebar(ctx: Ctx) -> None:
    with st.sidebar:
        st.markdown(f"### {ctx.t('frame.app_name')}")
        st.session_state["_frame_lang"] = ctx.lang
        st.segmented_control(
            ctx.t("frame.language"),
            options=list(LANGS),
            format_func=lambda code: {"nb": "Norsk", "en": "English"}[code],
            key="_frame_lang",
            on_change=_on_lang_change,
            required=True,
        )
        _navigation(ctx)
        st.divider()
        st.session_state["_frame_set"] = ctx.set_name
        st.radio(
            ctx.t("frame.assumption_set"),
            options=list(rik.ASSUMPTION_SETS),
            format_func=lambda name: ctx.t(f"frame.sets.{name}"),
            key="_frame_set",
            on_change=choose_set,
            args=("_frame_set",),
            help=ctx.t("frame.assumption_set_help"),
        )
        if edited_copy(ctx.set_name) is not None:
            st.caption(ctx.t("frame.edited_note"))
        team_state.firm_choice(ctx)
        st.caption(ctx.t("frame.illustrative"))
        st.page_link(
            PAGE_BY_KEY[ctx.page].path,
            label=ctx.t("frame.present_on"),
            icon=":material/slideshow:",
            query_params=ctx.link_params(present="1"),
        )


def _present_exit(ctx: Ctx) -> None:
    """A discreet way out of presenter mode, pinned to the top right on every page.

    It keeps everything else in the address (a calculator scenario, the language)."""
    params = {name: st.query_params.get_all(name)[-1] for name in st.query_params}
    for name in ("present", "notes", "step", "deck"):
        params.pop(name, None)
    with st.container(key="rik_present_exit"):
        st.page_link(
            PAGE_BY_KEY[ctx.page].path,
            label=ctx.t("frame.present_off"),
            icon=":material/close_fullscreen:",
            query_params=params,
        )


def page(key: str, *, layout: str = "wide") -> Ctx:
    """Set up the page ``key``: config, language, assumption set, navigation and sidebar."""
    uploads.install()  # the bound on uploaded files, from the server's first page on
    lang, set_name, present, notes = _resolve_state()
    st.set_page_config(
        page_title=f"{t(f'frame.pages.{key}', lang)} · {t('frame.app_name', lang)}",
        page_icon=ICON,
        layout=layout,
        initial_sidebar_state="collapsed" if present else "auto",
    )
    st.html(base_css(lang) + (PRESENT_CSS if present else ""))
    assumptions = active_assumptions(set_name)
    ctx = Ctx(
        page=key,
        lang=lang,
        set_name=set_name,
        assumptions=assumptions,
        present=present,
        notes=notes,
        speaker_notes=present and _flag("notes"),
        deck=deck_id(_query("deck")) if present else None,
        team=team_state.resolve(lang, assumptions, notes),
    )
    if present:
        _present_exit(ctx)
    else:
        _sidebar(ctx)
    for note in notes:
        st.info(note, icon=":material/info:")
    return ctx


@contextmanager
def boundary(ctx: Ctx) -> Iterator[None]:
    """Run a page body; any error becomes a friendly message in the user's language."""
    try:
        yield
    except ScriptControlException:
        raise
    except Exception:
        LOG.exception("page %s failed", ctx.page)
        st.error(ctx.t("frame.error"), icon=":material/error:")


def text_and_visual(ctx: Ctx) -> tuple[Any, Any]:
    """Text beside the chart in presenter mode (it must fit 1280×720), stacked otherwise."""
    if ctx.present:
        return tuple(st.columns([2, 3], gap="large"))
    return st.container(), st.container()


def chart_footer(
    ctx: Ctx, table: Any, *, key: str | None = None, chart: Any = None,
    charts: Sequence[Any] = (), **dataframe_args: Any,
) -> None:
    """Under a chart: its numbers in an expander, and the assumption set that drew it.

    With a ``key``, ``table`` is a function and the expander is lazy: the table is built
    and sent only while the expander is open (opening it reruns the page), so a rerun
    with the expander closed costs nothing (the calculator's five tables were a fifth
    of its rerun). With a ``chart`` (drawn with ``downloads_below=False``) its SVG and PNG
    buttons are in the same expander, so they too cost nothing while it is closed (on
    the calculator every element is also a message to send: its ten download buttons
    were a sixth of the messages of a lever move). ``charts``: several charts (the
    calculator's three outcomes) under one expander, each chart's buttons under its title, and
    ``table`` their numbers together. In presenter mode only the caption:
    a step must fit 1280×720, and the text beside each chart says what it shows.
    """
    if ctx.present:
        st.caption(ctx.drawn_with)
        return
    drawn = [chart] if chart is not None else list(charts)
    label = ctx.t("frame.show_data" if not drawn else
                  "frame.show_data_files" if len(drawn) == 1 else "frame.show_data_files_many")
    box = st.expander(label, key=key, on_change="ignore" if key is None else "rerun")
    if key is None or box.open:
        with box:
            from ui import charts as chart_ui  # imported here: ui.charts draws, the frame frames

            for one in drawn:
                if len(drawn) > 1:
                    st.caption(chart_ui.title_of(one))
                chart_ui.downloads(one)
            st.dataframe(table() if key is not None else table, width="stretch",
                         **dataframe_args)
    st.caption(ctx.drawn_with)


def story_neighbours(page_key: str) -> tuple[PageInfo | None, PageInfo | None]:
    """The chapters before and after ``page_key`` in the story (None at either end)."""
    pages = [p for p in PAGES if p.section == "story"]
    keys = [p.key for p in pages]
    if page_key not in keys:
        return None, None
    i = keys.index(page_key)
    return (pages[i - 1] if i > 0 else None), (pages[i + 1] if i + 1 < len(pages) else None)


def story_nav(ctx: Ctx) -> None:
    """Previous / next chapter at the bottom of a story chapter.

    Links normally; in presenter mode, buttons on the arrow keys (``ui.present``).
    """
    prev, nxt = story_neighbours(ctx.page)
    if prev is None and nxt is None:
        return
    if ctx.present:
        from ui import present  # imported here: ui.present builds on this module

        present.present_nav(ctx)
        return
    chapters = [p for p in PAGES if p.section == "story"]
    left, middle, right = st.columns([5, 2, 5], vertical_alignment="center")
    if prev is not None:
        left.page_link(
            prev.path,
            label=ctx.t("frame.previous", title=ctx.t(f"frame.pages.{prev.key}")),
            icon=":material/arrow_back:",
            query_params=ctx.link_params(),
        )
    middle.caption(
        ctx.t("frame.chapter_of", n=chapters.index(PAGE_BY_KEY[ctx.page]) + 1, total=len(chapters))
    )
    if nxt is not None:
        right.page_link(
            nxt.path,
            label=ctx.t("frame.next", title=ctx.t(f"frame.pages.{nxt.key}")),
            icon=":material/arrow_forward:",
            icon_position="right",
            query_params=ctx.link_params(),
        )


__all__ = [
    "PAGES",
    "SECTIONS",
    "STORY",
    "Ctx",
    "PageInfo",
    "EDITED_KEY",
    "active_assumptions",
    "choose_set",
    "edited_copy",
    "boundary",
    "chart_footer",
    "page",
    "story_nav",
    "story_neighbours",
    "text_and_visual",
]
