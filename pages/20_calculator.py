"""The what-if calculator: levers, KPIs against the status quo, charts and a readout.

The state lives in the URL (see ``ui/state.py`` for why we sync it ourselves rather than
with ``bind="query-params"``). A preset's later steps (the catalyst's extra meetings
from month 12) are kept while their lever is untouched; once the user moves that lever,
the user's value holds from month 0 and the step is shown as not used
(``rik.share.urlstate.CalcState.kept_changes``).
"""

import streamlit as st

import rik
from rik.charts import calculator as charts
from rik.share import urlstate
from rik.story import readout
from rik.team import numbers as team_io
from ui import cache, frame, saved, state, team_state, widgets
from ui import charts as chart_ui

# Full money values must fit the KPI boxes beside the lever panel (also in presenter mode).
KPI_CSS = """<style>
.st-key-calc_kpis [data-testid="stMetricValue"] { font-size: 1.9rem; }
/* On a phone the columns stack: the key numbers first, the levers under them. */
@media (max-width: 640px) {
  .st-key-calc_layout > [data-testid="stLayoutWrapper"] > [data-testid="stHorizontalBlock"] {
    flex-direction: column-reverse; }
}
</style>"""

# Presenting: the room's larger type makes the root font bigger; figures two a row.
PRESENT_CSS = """<style>
.st-key-calc_kpis [data-testid="stMetricValue"] { font-size: 1.25rem !important; }
.st-key-calc_kpis [data-testid="stMetricLabel"] p { font-size: 0.8rem !important; }
</style>"""
# The key numbers a presenter shows beside the levers (two rows of two).
PRESENT_KPIS = ("sales_nok", "contribution_nok", "csat", "burnout_share")

ctx = frame.page("calculator")
with frame.boundary(ctx):
    st.html(KPI_CSS)
    notes = state.start(ctx.team)
    st.title(ctx.t("frame.pages.calculator"))
    if ctx.present:
        st.html(PRESENT_CSS)
    else:
        st.caption(ctx.t("calculator.intro"))
    team_state.banner(ctx)
    if notes:
        st.info(urlstate.describe_notes(notes, ctx.lang), icon=":material/link_off:")

    widths = [1.3, 2] if ctx.present else [1, 2.3]
    panel, main = st.container(key="calc_layout").columns(widths, gap="large")
    with panel, st.container(border=True):
        if not ctx.present:
            st.subheader(ctx.t("calculator.panel"), anchor=False)
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
        settings = st.expander(ctx.t("calculator.settings")) if ctx.present else st.container()
        settings.markdown(f"**{ctx.t('calculator.settings')}**")
        months = settings.slider(
            ctx.t("calculator.months"),
            min_value=rik.model.levers.MIN_MONTHS,
            max_value=rik.model.levers.MAX_MONTHS,
            step=1,
            key=state.MONTHS_KEY,
            help=ctx.t("calculator.months_help"),
        )
        state.clamp_kpi_month(months)
        kpi_month = settings.slider(
            ctx.t("calculator.kpi_month"),
            min_value=1,
            max_value=months,
            step=1,
            key=state.KPI_MONTH_KEY,
            help=ctx.t("calculator.kpi_month_help"),
        )
        calc = urlstate.CalcState(
            preset=preset, levers=rik.Levers(**values), months=months, kpi_month=kpi_month,
            team=ctx.team,
        )
        kept, dropped = calc.kept_changes(), calc.dropped_changes()
        if kept or dropped:
            st.markdown(f"**{ctx.t('calculator.later_steps')}**")
        for change in kept:
            st.caption(
                ctx.t(
                    "calculator.change_kept",
                    month=change.month,
                    value=widgets.format_lever(change.lever, change.value, ctx.lang),
                ),
            )
        for change in dropped:
            st.caption(
                ctx.t(
                    "calculator.change_dropped",
                    month=change.month,
                    value=widgets.format_lever(change.lever, change.value, ctx.lang),
                )
            )
        st.button(
            ctx.t("calculator.reset"),
            icon=":material/restart_alt:",
            on_click=state.load_preset,
            disabled=calc.is_preset,
            width="stretch",
        )
    state.sync(calc, {"lang": ctx.lang, "set": ctx.set_name})
    if not ctx.present:
        with panel, st.container(border=True):
            saved.save_panel(ctx, calc.scenario(), months)

    key = calc.scenario_key
    baseline = team_io.plan_on_team(rik.presets()["baseline"], ctx.team)
    base = cache.simulate(baseline, ctx.assumptions, months, ctx.team)
    run = base if key == "baseline" else cache.simulate(
        calc.scenario(), ctx.assumptions, months, ctx.team)
    frames = {"baseline": base} if key == "baseline" else {"baseline": base, key: run}
    change_months = sorted({c.month for c in kept})

    def numbers(columns: tuple[str, ...]) -> None:
        frame.chart_footer(
            ctx, lambda: charts.data_table(frames, columns, ctx.lang),
            key=f"calc_numbers_{'_'.join(columns)}", hide_index=True,
        )

    with main:
        st.subheader(ctx.t("calculator.kpi_title", month=kpi_month), anchor=False)
        if not calc.is_preset:
            st.caption(
                ctx.t(
                    "calculator.your_scenario",
                    preset=ctx.t(f"common.presets.{preset}"),
                    custom=ctx.t("common.presets.custom"),
                )
            )
        kpis = readout.kpis(run, base, kpi_month, ctx.lang, PRESENT_KPIS if ctx.present else
                            readout.KPI_COLUMNS)
        rows = [kpis[i : i + 2] for i in range(0, len(kpis), 2)]
        with st.container(key="calc_kpis"):
            for row in rows:
                for column, kpi in zip(st.columns(len(row)), row, strict=True):
                    column.metric(
                        kpi.label,
                        kpi.value,
                        None if key == "baseline" else kpi.delta,
                        delta_color=kpi.delta_color,
                        delta_arrow=kpi.delta_arrow,
                        help=kpi.help,
                        border=True,
                    )
        readout_box = None if ctx.present else st.container(border=True)
        chart_ui.show(
            charts.sales_chart,
            frames,
            ctx.lang,
            kpi_month=kpi_month,
            change_months=change_months,
            **({"height": 230} if ctx.present else {}),
        )
        if readout_box is None:  # presenting: the box follows the chart
            readout_box = st.container(border=True)
        with readout_box:
            extra = [] if key == "baseline" else [
                readout.per_seller(run, base, kpi_month, ctx.lang),
                readout.payback(run, base, ctx.lang),
            ]
            st.markdown(
                f"**{ctx.t('calculator.readout_label')}:** "
                + " ".join([readout.sentence(run, kpi_month, ctx.lang, base),
                            *(e for e in extra if e)])
            )
        numbers(("sales_nok",))

    st.subheader(ctx.t("calculator.charts.outcomes_title"), anchor=False)
    st.caption(ctx.t("calculator.charts.outcomes_caption"))
    for column, name in zip(st.columns(3), charts.OUTCOME_COLUMNS, strict=True):
        with column:
            chart_ui.show(
                charts.outcome_chart,
                frames,
                name,
                ctx.lang,
                kpi_month=kpi_month,
                change_months=change_months,
            )
            numbers((name,))

    st.subheader(ctx.t("calculator.charts.ik_title"), anchor=False)
    chart_ui.show(charts.ik_path_chart, frames, ctx.lang)
    st.caption(ctx.t("calculator.charts.ik_caption"))
    numbers(("activity", "skill"))
    st.caption(ctx.t("calculator.share"))
    if st.session_state.get("assumptions_edited", {}).get(ctx.set_name) is not None:
        st.caption(ctx.t("calculator.share_edited"))
    if not ctx.present:
        brief, compare = st.columns(2)
        with brief:
            saved.brief_button(
                ctx,
                calc.scenario(),
                months,
                label=ctx.t(f"common.presets.{preset}")
                if calc.is_preset
                else ctx.t("common.presets.custom"),
            )
        compare.page_link(
            frame.PAGE_BY_KEY["compare"].path,
            label=ctx.t("frame.pages.compare"),
            icon=":material/compare_arrows:",
            query_params=ctx.link_params(),
        )
