"""The calculator's body: the lever panel, the key numbers, the charts and the readout.

``pages/20_calculator.py`` draws the page's head and calls :func:`body` inside an
``st.fragment``: moving a lever, the preset, the horizon or the reset button reruns this
body alone, not the frame (sidebar, navigation, page config), which does not change
when a lever moves. Everything that does change with a lever is in here; a fragment
rerun also keeps the URL in step (:func:`ui.state.sync`) and has its own error boundary
(the page's does not run on a fragment rerun).
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import nullcontext
from typing import Any
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

import rik
from rik.charts import calculator as charts
from rik.i18n import LANGS, t
from rik.share import team_figures, urlstate
from rik.share.urlstate import CalcState
from rik.story import readout
from ui import cache, frame, saved, state, widgets
from ui import charts as chart_ui

# Full money values must fit the KPI boxes beside the lever panel (also in presenter mode).
KPI_CSS = """<style>
.st-key-calc_kpis [data-testid="stMetricValue"] { font-size: 1.9rem; }
/* The key numbers wrap two a row (three cards would not fit a row beside the levers). */
.st-key-calc_kpis > [data-testid="stElementContainer"] { flex: 1 1 40%; }
/* On a phone the columns stack: the key numbers first, the levers under them; the key
   numbers one a row, like stacked columns. */
@media (max-width: 640px) {
  .st-key-calc_layout > [data-testid="stLayoutWrapper"] > [data-testid="stHorizontalBlock"] {
    flex-direction: column-reverse; }
  /* Stacked columns are the page's full width, like the box under them (Streamlit's
     default leaves them 24 px short). */
  .st-key-calc_layout > [data-testid="stLayoutWrapper"] > [data-testid="stHorizontalBlock"]
    > [data-testid="stColumn"] { min-width: 100%; }
  .st-key-calc_kpis > [data-testid="stElementContainer"] { flex-basis: 100%; }
}
</style>"""

# Presenting: the room's larger type makes the root font bigger; figures two a row.
PRESENT_CSS = """<style>
.st-key-calc_kpis [data-testid="stMetricValue"] { font-size: 1.25rem !important; }
.st-key-calc_kpis [data-testid="stMetricLabel"] p { font-size: 0.8rem !important; }
/* Two sliders a row are narrow: their min and max (shown on focus) would wrap over the
   heading under them. The value above the thumb stays. */
.st-key-calc_layout [data-testid="stSliderTickBar"] { display: none; }
</style>"""
# The key numbers a presenter shows beside the levers (two rows of two).
PRESENT_KPIS = ("sales_nok", "contribution_nok", "csat", "burnout_share")


def lever_panel(ctx: frame.Ctx) -> CalcState:
    """The preset, the six levers, horizon and KPI month, later steps and reset."""
    if not ctx.present:
        st.subheader(ctx.t("calculator.panel"), anchor=False)
    widgets.keep_choice(state.PRESET_KEY, rik.PRESET_NAMES, ctx.lang, state.last_preset())
    preset = st.selectbox(
        ctx.t("calculator.preset"),
        options=list(rik.PRESET_NAMES),
        format_func=lambda name: ctx.t(f"common.presets.{name}"),
        key=state.PRESET_KEY,
        on_change=state.load_preset,
        help=ctx.t("calculator.preset_help"),
        label_visibility="collapsed" if ctx.present else "visible",
    )
    if not ctx.present:
        own = ctx.team is not None and preset == "baseline"  # the team's own today
        st.caption(ctx.t("calculator.baseline_team" if own else f"common.preset_help.{preset}"))
    values = {}
    for group in ("activity", "quality"):
        st.markdown(f"**{ctx.t(f'calculator.group_{group}')}**")
        if ctx.present:  # two sliders a row, so all six fit beside the chart
            names = [n for n in rik.LEVER_NAMES if rik.lever_meta(n)["group"] == group]
            cells = st.columns(2)
            for i, name in enumerate(names):
                with cells[i % 2]:
                    values[name] = widgets.lever_slider(name, ctx.lang)
        else:
            values |= widgets.lever_sliders(ctx.lang, group=group)
    # Presenting: the levers, the key numbers and the chart in one 1280×720 screen;
    # the horizon and the month read sit folded away (their widgets still run).
    settings = st.expander(ctx.t("calculator.settings")) if ctx.present else nullcontext()
    with settings:  # (not presenting, no container: one block fewer for a lever move)
        st.markdown(f"**{ctx.t('calculator.settings')}**")
        months = st.slider(
            ctx.t("calculator.months"),
            min_value=rik.model.levers.MIN_MONTHS,
            max_value=rik.model.levers.MAX_MONTHS,
            step=1,
            key=state.MONTHS_KEY,
            help=ctx.t("calculator.months_help"),
        )
        state.clamp_kpi_month(months)
        kpi_month = st.slider(
            ctx.t("calculator.kpi_month"),
            min_value=1,
            max_value=months,
            step=1,
            key=state.KPI_MONTH_KEY,
            help=ctx.t("calculator.kpi_month_help"),
        )
    calc = CalcState(
        preset=preset, levers=rik.Levers(**values), months=months, kpi_month=kpi_month,
        team=ctx.team,
    )
    kept, dropped = calc.kept_changes(), calc.dropped_changes()
    if kept or dropped:
        st.markdown(f"**{ctx.t('calculator.later_steps')}**")
    for which, changes in (("kept", kept), ("dropped", dropped)):
        for change in changes:
            value = widgets.format_lever(change.lever, change.value, ctx.lang)
            st.caption(ctx.t(f"calculator.change_{which}", month=change.month, value=value))
    st.button(
        ctx.t("calculator.reset"),
        icon=":material/restart_alt:",
        on_click=state.load_preset,
        disabled=calc.is_preset,
        width="stretch",
    )
    return calc


def runs(ctx: frame.Ctx, calc: CalcState) -> dict[str, pd.DataFrame]:
    """The status quo and the user's plan, simulated (cached, shared: read-only), with
    ``baseline`` first."""
    baseline = team_figures.plan_on_team(rik.presets()["baseline"], ctx.team)
    base = cache.simulate_shared(baseline, ctx.assumptions, calc.months, ctx.team)
    if calc.scenario_key == "baseline":
        return {"baseline": base}
    return {"baseline": base, calc.scenario_key: cache.simulate_shared(
        calc.scenario(), ctx.assumptions, calc.months, ctx.team)}


def numbers(
    ctx: frame.Ctx, frames: Mapping[str, pd.DataFrame], columns: tuple[str, ...],
    *drawn: Any,
) -> None:
    """The numbers under a chart (or a row of charts) and their SVG and PNG downloads,
    built only while their expander is open (closed, they cost a lever move nothing)."""
    frame.chart_footer(
        ctx, lambda: charts.data_table(frames, columns, ctx.lang),
        key=f"calc_numbers_{'_'.join(columns)}", charts=drawn, hide_index=True,
    )


def chart(builder: Any, *args: Any, **kwargs: Any) -> Any:
    """Draw a chart whose downloads sit in the expander under it (:func:`numbers`)."""
    return chart_ui.show(builder, *args, downloads_below=False, **kwargs)


def key_numbers(ctx: frame.Ctx, calc: CalcState, frames: Mapping[str, pd.DataFrame]) -> None:
    """The KPI cards, then the charts' tabs and the readout sentence (presenting, the
    sentence follows the charts)."""
    key, kpi_month = calc.scenario_key, calc.kpi_month
    base, run = frames["baseline"], frames[key]
    st.subheader(ctx.t("calculator.kpi_title", month=kpi_month), anchor=False)
    if not calc.is_preset and not ctx.present:  # presenting, the cards stay where they are
        st.caption(ctx.t("calculator.your_scenario",
                         preset=ctx.t(f"common.presets.{calc.preset}"),
                         custom=ctx.t("common.presets.custom")))
    shown = PRESENT_KPIS if ctx.present else readout.KPI_COLUMNS
    kpis = readout.kpis(run, base, kpi_month, ctx.lang, shown)
    # One wrapping row, two cards a row (KPI_CSS), not a row of columns per pair: the
    # same grid in a third of the blocks a lever move sends.
    with st.container(key="calc_kpis", horizontal=True, gap="small"):
        for kpi in kpis:
            st.metric(
                kpi.label, kpi.value, None if key == "baseline" else kpi.delta,
                delta_color=kpi.delta_color, delta_arrow=kpi.delta_arrow, help=kpi.help,
                border=True,
            )
    readout_box = None if ctx.present else st.container(border=True)
    chart_tabs(ctx, calc, frames)
    if readout_box is None:  # presenting: the box follows the chart
        readout_box = st.container(border=True)
    extra = [] if key == "baseline" else [readout.per_seller(run, base, kpi_month, ctx.lang),
                                          readout.payback(run, base, ctx.lang)]
    readout_box.markdown(
        f"**{ctx.t('calculator.readout_label')}:** "
        + " ".join([readout.sentence(run, kpi_month, ctx.lang, base), *(e for e in extra if e)])
    )


def chart_tabs(ctx: frame.Ctx, calc: CalcState, frames: Mapping[str, pd.DataFrame]) -> None:
    """Sales, the outcomes and the I × K path, one tab each; only the open tab is drawn
    (a lever move draws one chart, not five: the charts were a third of a move's cost)."""
    labels = [ctx.t(f"calculator.charts.tab_{name}") for name in CHART_TABS]
    # The open tab is kept by its label: after a language switch, the same tab's label
    # in this language (written before the tabs are drawn).
    shown = st.session_state.get(VIEW_KEY)
    st.session_state[VIEW_KEY] = next(
        (label for name, label in zip(CHART_TABS, labels, strict=True)
         if shown in {t(f"calculator.charts.tab_{name}", lang) for lang in LANGS}),
        labels[0],
    )
    tabs = st.tabs(labels, key=VIEW_KEY, on_change="rerun")
    for name, tab in zip(CHART_TABS, tabs, strict=True):
        if tab.open:
            with tab:
                CHART_VIEWS[name](ctx, calc, frames)


def _change_months(calc: CalcState) -> list[int]:
    return sorted({c.month for c in calc.kept_changes()})


def sales_view(ctx: frame.Ctx, calc: CalcState, frames: Mapping[str, pd.DataFrame]) -> None:
    """Sales per month against the status quo, the KPI month and the plan's steps marked."""
    sales = chart(
        charts.sales_chart, frames, ctx.lang, kpi_month=calc.kpi_month,
        change_months=_change_months(calc),
        **({"height": PRESENT_CHART_HEIGHT} if ctx.present else {}),
    )
    numbers(ctx, frames, ("sales_nok",), sales)


def outcomes_view(ctx: frame.Ctx, calc: CalcState, frames: Mapping[str, pd.DataFrame]) -> None:
    """Satisfaction, churn and burnout over the months, one under the other."""
    st.caption(ctx.t("calculator.charts.outcomes_caption"))
    drawn = [chart(charts.outcome_chart, frames, name, ctx.lang, kpi_month=calc.kpi_month,
                   change_months=_change_months(calc), height=OUTCOME_HEIGHT)
             for name in charts.OUTCOME_COLUMNS]
    numbers(ctx, frames, charts.OUTCOME_COLUMNS, *drawn)  # one expander for the three


def ik_view(ctx: frame.Ctx, calc: CalcState, frames: Mapping[str, pd.DataFrame]) -> None:
    """The team's path on the I × K map."""
    path = chart(charts.ik_path_chart, frames, ctx.lang,
                 **({"height": PRESENT_MAP_HEIGHT} if ctx.present else {}))
    st.caption(ctx.t("calculator.charts.ik_caption"))
    numbers(ctx, frames, charts.IK_COLUMNS, path)


VIEW_KEY = "calc_view"
"""Session key of the open chart tab (its label)."""
CHART_TABS: tuple[str, ...] = ("sales", "outcomes", "ik")
CHART_VIEWS = {"sales": sales_view, "outcomes": outcomes_view, "ik": ik_view}
OUTCOME_HEIGHT = 220  # pixels a chart: three stacked fit one screen beside the levers
# Presenting (1280×720), pixels: the sales chart low enough to show most of it under the
# key numbers and the tabs (the lever panel beside it is taller still); the map square-ish.
PRESENT_CHART_HEIGHT = 200
PRESENT_MAP_HEIGHT = 360


def keep_row(ctx: frame.Ctx) -> None:
    """Save the plan, its brief and the compare page, under the calculator.

    Drawn by the page, outside the lever fragment: a lever move changes none of it (on a
    workshop server that was a seventh of a move's work), so the save form and the brief
    read the plan when they are used, from the box the fragment keeps up to date
    (:func:`ui.state.box`)."""
    if ctx.present:
        _share_notes(ctx)
        return
    box = state.box()

    def plan() -> CalcState:
        held = box.get("calc")
        return held if isinstance(held, CalcState) else CalcState.from_preset(
            urlstate.DEFAULT_PRESET, team=ctx.team)

    def save_plan() -> tuple[rik.Scenario, int]:
        calc = plan()
        return calc.scenario(), calc.months

    kept = {saved.KEY: saved.store()}  # the saved list itself (a save adds to it in place)
    link = saved.reopen_params(ctx)

    def brief_plan() -> saved.BriefPlan:
        calc = plan()
        scenario = calc.scenario()
        label = saved.saved_name(scenario, calc.months, kept) or ctx.t(
            f"common.presets.{calc.preset if calc.is_preset else 'custom'}")
        # Reopened from the brief, the plan starts from the same preset as here.
        query = urlencode({**link, **urlstate.to_query(calc)})
        return saved.BriefPlan(scenario, calc.months, label, query)

    save, rest = st.container(border=True, key="calc_keep").columns([1, 2.3], gap="large")
    with save:
        saved.save_panel(ctx, save_plan, compare_link=False)
    with rest:
        _share_notes(ctx)
        brief, compare = st.columns(2)
        with brief:
            saved.current_brief_button(ctx, brief_plan, file_label=ctx.t("frame.pages.calculator"))
        compare.page_link(
            frame.PAGE_BY_KEY["compare"].path,
            label=ctx.t("frame.pages.compare"),
            icon=":material/compare_arrows:",
            query_params=ctx.link_params(),
        )


def _share_notes(ctx: frame.Ctx) -> None:
    """How to share (the address holds the plan), and that an edited set does not travel."""
    st.caption(ctx.t("calculator.share"))
    if frame.edited_copy(ctx.set_name) is not None:
        st.caption(ctx.t("calculator.share_edited"))


def body(ctx: frame.Ctx) -> None:
    """Everything a lever move changes (the page runs it as a fragment; what a move does
    not change, :func:`keep_row`, the page draws after it)."""
    with frame.boundary(ctx):
        widths = [1.3, 2] if ctx.present else [1, 2.3]
        panel, main = st.container(key="calc_layout").columns(widths, gap="large")
        with panel, st.container(border=True):
            calc = lever_panel(ctx)
        state.sync(calc, {"lang": ctx.lang, "set": ctx.set_name})
        frames = runs(ctx, calc)
        with main:
            key_numbers(ctx, calc, frames)


def notes_text(notes: list[urlstate.Note], lang: str) -> str:
    """What a link's ignored or corrected parameters were, in one sentence."""
    return urlstate.describe_notes(notes, lang)


__all__ = [
    "CHART_TABS",
    "CHART_VIEWS",
    "KPI_CSS",
    "OUTCOME_HEIGHT",
    "PRESENT_CHART_HEIGHT",
    "PRESENT_CSS",
    "PRESENT_KPIS",
    "PRESENT_MAP_HEIGHT",
    "VIEW_KEY",
    "body",
    "chart",
    "chart_tabs",
    "ik_view",
    "keep_row",
    "key_numbers",
    "lever_panel",
    "notes_text",
    "numbers",
    "outcomes_view",
    "runs",
    "sales_view",
]
