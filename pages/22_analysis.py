"""Uncertainty, sensitivity and goal seek: how sure, what matters most, the cheapest way.

Thin: the work is in ``rik.analysis`` (uncertainty, sensitivity and goalseek); the
charts in ``rik.charts.analysis``. Results are cached on their frozen inputs.
"""

import time

import pandas as pd
import streamlit as st

import rik
from rik import fmt
from rik.analysis import goalseek, sensitivity, uncertainty
from rik.charts import analysis as charts
from rik.charts.common import SCENARIO_STYLE
from rik.model.calibration import Team
from rik.team import numbers as team_io
from ui import frame, team_state

RUN_OPTIONS = (100, 500, 1000, 2000, 5000, uncertainty.MAX_RUNS)
MONTHS = 24
CALC = "calculator"
HASH = {
    rik.Assumptions: hash,
    rik.Scenario: hash,
    goalseek.Goal: hash,
    Team: hash,
}


@st.cache_data(max_entries=32, show_spinner=False, hash_funcs=HASH)
def monte_carlo(
    scenario: rik.Scenario, assumptions: rik.Assumptions, runs: int, seed: int,
    team: Team | None = None,
) -> uncertainty.MonteCarloResult:
    return uncertainty.run_monte_carlo(scenario, assumptions, runs, seed, MONTHS, team=team)


@st.cache_data(max_entries=64, show_spinner=False, hash_funcs=HASH)
def tornado(
    scenario: rik.Scenario, assumptions: rik.Assumptions, output: str, month: int,
    team: Team | None = None,
) -> pd.DataFrame:
    return sensitivity.tornado(scenario, assumptions, output, month, team=team)


@st.cache_data(max_entries=16, show_spinner=False, hash_funcs=HASH)
def goal_seek(
    goal: goalseek.Goal, assumptions: rik.Assumptions, team: Team | None = None
) -> goalseek.GoalSeekResult:
    return goalseek.goal_seek(goal, assumptions, team=team)


def caption(ctx: frame.Ctx) -> None:
    st.caption(ctx.drawn_with)


def fan(ctx: frame.Ctx, result, output: str, label: str, colour: str) -> None:
    chart = charts.build_fan_chart(result, output, ctx.lang, label=label, colour=colour)
    st.altair_chart(chart, width="stretch")
    with st.expander(ctx.t("frame.show_data")):
        st.dataframe(charts.fan_table(result, output, ctx.lang), width="stretch")
    caption(ctx)


ctx = frame.page("analysis")
with frame.boundary(ctx):
    st.title(ctx.t("frame.pages.analysis"))
    st.write(ctx.t("analysis.intro"))
    if ctx.team is not None:
        team_state.banner(ctx)
        st.caption(ctx.t("team.firm.analysis_note"))

    presets = rik.presets()
    calc = st.session_state.get("calc_scenario")
    options = ([CALC] if isinstance(calc, rik.Scenario) else []) + list(rik.PRESET_NAMES)
    default = options.index(CALC if CALC in options else "quality_first")
    choice = st.selectbox(
        ctx.t("analysis.scenario.label"),
        options,
        index=default,
        format_func=lambda k: ctx.t("analysis.scenario.calculator")
        if k == CALC
        else ctx.t(f"common.presets.{k}"),
        key="analysis_scenario",
        help=ctx.t("analysis.scenario.help"),
    )
    # a story plan is carried onto the team (the calculator's is already on it)
    scenario = calc if choice == CALC else team_io.plan_on_team(presets[choice], ctx.team)
    style_key = "custom" if choice == CALC else choice
    label = ctx.t("analysis.scenario.calculator") if choice == CALC else ctx.t(
        f"common.presets.{choice}"
    )
    colour = SCENARIO_STYLE.get(style_key, SCENARIO_STYLE["custom"])[0]

    tab_u, tab_s, tab_g = st.tabs(
        [ctx.t("analysis.tabs.uncertainty"), ctx.t("analysis.tabs.sensitivity"),
         ctx.t("analysis.tabs.goal")]
    )

    # --- Uncertainty ----------------------------------------------------------------------
    with tab_u:
        st.write(ctx.t("analysis.mc.lead"))
        left, right = st.columns(2)
        runs = left.select_slider(
            ctx.t("analysis.mc.runs"),
            options=list(RUN_OPTIONS),
            value=uncertainty.DEFAULT_RUNS,
            format_func=lambda n: fmt.number(n, ctx.lang),
            key="analysis_runs",
            help=ctx.t("analysis.mc.runs_help", max=fmt.number(uncertainty.MAX_RUNS, ctx.lang)),
        )
        seed = right.number_input(
            ctx.t("analysis.mc.seed"),
            min_value=0,
            max_value=2**31 - 1,
            value=uncertainty.DEFAULT_SEED,
            step=1,
            key="analysis_seed",
            help=ctx.t("analysis.mc.seed_help"),
        )
        runs_text = fmt.number(runs, ctx.lang)
        with st.status(ctx.t("analysis.mc.running", runs=runs_text), expanded=False) as status:
            started = time.perf_counter()
            mc = monte_carlo(scenario, ctx.assumptions, int(runs), int(seed), ctx.team)
            seconds = fmt.number(time.perf_counter() - started, ctx.lang, 2)
            status.update(
                label=ctx.t("analysis.mc.done", runs=runs_text, seed=int(seed), seconds=seconds),
                state="complete",
            )
        target = fmt.signed_percent(mc.target_ratio - 1.0, ctx.lang)
        m1, m2, m3 = st.columns(3)
        m1.metric(
            ctx.t("analysis.mc.p_target", target=target, month=mc.target_month),
            fmt.percent(mc.p_sales_target, ctx.lang),
            help=ctx.t("analysis.mc.p_target_help", target=target, month=mc.target_month),
            border=True,
        )
        m2.metric(
            ctx.t("analysis.mc.p_burnout"),
            fmt.percent(mc.p_burnout_up, ctx.lang),
            help=ctx.t("analysis.mc.p_burnout_help", month=mc.months),
            border=True,
        )
        m3.metric(
            ctx.t("analysis.mc.range", month=mc.target_month),
            ctx.t(
                "analysis.mc.range_value",
                low=fmt.signed_percent(mc.ratio_percentiles["p5"] - 1.0, ctx.lang),
                high=fmt.signed_percent(mc.ratio_percentiles["p95"] - 1.0, ctx.lang),
            ),
            help=ctx.t("analysis.mc.range_help"),
            border=True,
        )
        st.write(
            ctx.t(
                "analysis.mc.readout",
                name=label,
                median=fmt.signed_percent(mc.ratio_percentiles["p50"] - 1.0, ctx.lang),
                month=mc.target_month,
                chance=fmt.percent(mc.p_sales_target, ctx.lang),
                target=target,
            )
        )
        if mc.valid_runs < mc.runs:
            st.caption(ctx.t("analysis.mc.dropped", n=mc.runs - mc.valid_runs))
        for output in uncertainty.OUTPUTS:
            fan(ctx, mc, output, label, colour)
        st.caption(ctx.t("analysis.mc.method"))

    # --- Sensitivity ----------------------------------------------------------------------
    with tab_s:
        st.write(ctx.t("analysis.sens.lead"))
        left, right = st.columns(2)
        output = left.selectbox(
            ctx.t("analysis.sens.output"),
            list(sensitivity.OUTPUTS),
            format_func=lambda o: ctx.t(f"analysis.outputs.{o}"),
            key="analysis_sens_output",
        )
        month = right.slider(
            ctx.t("analysis.sens.month"), 1, MONTHS, 12, key="analysis_sens_month"
        )
        bars = tornado(scenario, ctx.assumptions, output, int(month), ctx.team)
        top = bars.iloc[0]
        st.write(
            ctx.t(
                "analysis.sens.readout",
                name=charts.bar_label(top.key, top.kind, ctx.lang, ctx.assumptions),
                output=ctx.t(f"analysis.outputs.{output}").lower(),
                month=month,
            )
        )
        st.altair_chart(
            charts.build_tornado_chart(bars, output, int(month), ctx.lang, ctx.assumptions),
            width="stretch",
        )
        with st.expander(ctx.t("frame.show_data")):
            table = charts.tornado_table(bars, output, ctx.lang, ctx.assumptions)
            st.dataframe(table, hide_index=True, width="stretch")
            base = charts.value_text(output, float(bars.base_value.iloc[0]), ctx.lang)
            st.caption(ctx.t("analysis.sens.base", value=base))
        caption(ctx)
        st.caption(ctx.t("analysis.sens.method"))

    # --- Goal seek ------------------------------------------------------------------------
    with tab_g:
        st.write(ctx.t("analysis.goal.lead"))
        sq = rik.status_quo() if ctx.team is None else ctx.team.levers
        meet_meta = rik.lever_meta("meetings_per_seller_per_week")
        meetings_now = int(sq.meetings_per_seller_per_week)
        dev_hours = ctx.assumptions["dev_hours_per_month"]
        budget_top = int(rik.lever_meta("training_hours_per_month")["max"] + dev_hours)
        with st.form("analysis_goal_form"):
            c1, c2 = st.columns(2)
            target_pct = c1.slider(
                ctx.t("analysis.goal.target"), 0, 150, 40, 5, key="analysis_gs_target",
                format="+%d %%" if ctx.lang == "nb" else "+%d%%",
            )
            target_month = c2.slider(
                ctx.t("analysis.goal.month"), 3, MONTHS, 12, key="analysis_gs_month"
            )
            burnout_pct = c1.slider(
                ctx.t("analysis.goal.burnout"), 5, 95,
                int(round((ctx.assumptions["burnout_0"] if ctx.team is None
                           else ctx.team.burnout) * 100)), 1, key="analysis_gs_burnout",
                format="%d %%" if ctx.lang == "nb" else "%d%%",
                help=ctx.t("analysis.goal.burnout_help"),
            )
            budget = c2.slider(
                ctx.t("analysis.goal.budget"), 0, budget_top, min(16, budget_top), 1,
                key="analysis_gs_budget", help=ctx.t("analysis.goal.budget_help", dev=dev_hours),
            )
            meetings = c1.slider(
                ctx.t("analysis.goal.meetings"),
                int(meet_meta["min"]), int(meet_meta["max"]),
                (meetings_now - 2, meetings_now + 4),
                key="analysis_gs_meetings",
            )
            csat_floor = c2.toggle(
                ctx.t("analysis.goal.csat"), value=True, key="analysis_gs_csat"
            )
            submitted = st.form_submit_button(
                ctx.t("analysis.goal.submit"), icon=":material/search:", type="primary"
            )
        if submitted:
            st.session_state["analysis_goal"] = goalseek.Goal(
                target_ratio=1.0 + target_pct / 100.0,
                target_month=int(target_month),
                burnout_max=burnout_pct / 100.0,
                csat_not_below_baseline=bool(csat_floor),
                meetings_min=float(meetings[0]),
                meetings_max=float(meetings[1]),
                budget_hours=float(budget),
            )
        goal = st.session_state.get("analysis_goal")
        if not isinstance(goal, goalseek.Goal):
            st.info(ctx.t("analysis.goal.hint"), icon=":material/info:")
        else:
            with st.status(ctx.t("analysis.goal.running"), expanded=False) as status:
                started = time.perf_counter()
                found = goal_seek(goal, ctx.assumptions, ctx.team)
                status.update(
                    label=ctx.t(
                        "analysis.goal.done",
                        n=fmt.number(found.evaluated, ctx.lang),
                        seconds=fmt.number(time.perf_counter() - started, ctx.lang, 2),
                    ),
                    state="complete",
                )
            target = fmt.signed_percent(goal.target_ratio - 1.0, ctx.lang)
            if found.plans:
                st.success(
                    ctx.t("analysis.goal.found", n=len(found.plans), target=target,
                          month=goal.target_month),
                    icon=":material/check_circle:",
                )
                names = charts.plan_names(found, ctx.lang)
                table = charts.plans_table(found, ctx.assumptions, ctx.lang, ctx.team)
                st.dataframe(table, width="stretch")
                calculator = frame.PAGE_BY_KEY["calculator"]
                for column, name, plan in zip(
                    st.columns(len(found.plans)), names, found.plans, strict=True
                ):
                    column.page_link(
                        calculator.path,
                        label=ctx.t("analysis.goal.load", plan=name),
                        icon=":material/calculate:",
                        query_params=ctx.link_params(**plan.query()),
                    )
                st.caption(charts.cost_note(ctx.assumptions, ctx.lang))
            else:
                st.warning(
                    ctx.t("analysis.goal.none", target=target, month=goal.target_month),
                    icon=":material/block:",
                )
                st.markdown(charts.binding_text(found, ctx.lang))
            st.altair_chart(charts.build_tradeoff_chart(found, ctx.lang), width="stretch")
            with st.expander(ctx.t("frame.show_data")):
                st.dataframe(charts.cloud_table(found, ctx.lang), hide_index=True, width="stretch")
            caption(ctx)
            st.caption(
                ctx.t("analysis.goal.method", n=fmt.number(goalseek.DEFAULT_CANDIDATES, ctx.lang))
            )
