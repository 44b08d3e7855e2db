"""The analysis page's view: its session keys, the cached analyses with their progress
line, the goal form, and what each of the three tabs draws beside its chart.

``pages/22_analysis.py`` reads the simple widgets (scenario, runs, seed, output, month)
with the keys and options here and calls one function of this module per step. The work
is ``rik.analysis`` (uncertainty, sensitivity, goalseek); the charts and tables are
``rik.charts.analysis`` (templates, see :mod:`rik.charts.template`), drawn with
``ui.charts.draw``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import pandas as pd
import streamlit as st

import rik
from rik import fmt
from rik.analysis import goalseek, sensitivity, uncertainty
from rik.charts import analysis as charts
from rik.charts.common import SCENARIO_STYLE
from rik.model.calibration import Team
from rik.share import team_figures
from ui import charts as chart_ui
from ui import frame, state

T = TypeVar("T")

MONTHS = rik.DEFAULT_MONTHS
"""The horizon of the uncertainty runs, and the last month a tornado or a goal looks at."""
RUN_OPTIONS = (100, 500, 1000, 2000, 5000, uncertainty.MAX_DRAWS)
CALC = "calculator"
"""The scenario choice "your plan from the calculator" (offered when it has one)."""
DEFAULT_PRESET = "quality_first"
SENS_MONTH = 12
"""The tornado's month until the user moves it."""
BUDGET_HOURS = 16
"""The goal form's training and development budget until the user moves it."""
MEETINGS_BELOW, MEETINGS_ABOVE = 2, 4
"""The goal form's meeting range until the user moves it: today's meetings minus and plus."""

# Session keys: the widgets', and the goal last submitted.
SCENARIO_KEY = "analysis_scenario"
RUNS_KEY = "analysis_runs"
SEED_KEY = "analysis_seed"
OUTPUT_KEY = "analysis_sens_output"
MONTH_KEY = "analysis_sens_month"
GOAL_FORM_KEY = "analysis_goal_form"
GOAL_PREFIX = "analysis_gs_"  # the goal form's sliders and toggle
GOAL_KEY = "analysis_goal"  # the goalseek.Goal submitted last

HASH = {rik.Assumptions: hash, rik.Scenario: hash, goalseek.Goal: hash, Team: hash}


@st.cache_data(max_entries=32, show_spinner=False, hash_funcs=HASH)
def monte_carlo(
    scenario: rik.Scenario, assumptions: rik.Assumptions, n_draws: int, seed: int,
    team: Team | None = None,
) -> uncertainty.MonteCarloResult:
    return uncertainty.run_monte_carlo(scenario, assumptions, n_draws, seed, MONTHS, team=team)


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


# --- The scenario examined ---------------------------------------------------------------


@dataclass(frozen=True)
class Examined:
    """The scenario the uncertainty and sensitivity tabs examine, as the page names it."""

    key: str  # CALC or a preset's name
    scenario: rik.Scenario
    label: str
    colour: str


def scenario_options() -> list[str]:
    """The calculator's plan (when the session has one), then the presets."""
    calc = st.session_state.get(state.SCENARIO_KEY)
    return ([CALC] if isinstance(calc, rik.Scenario) else []) + list(rik.PRESET_NAMES)


def scenario_name(ctx: frame.Ctx, key: str) -> str:
    return ctx.t("analysis.scenario.calculator") if key == CALC else ctx.t(f"common.presets.{key}")


def default_index(options: list[str]) -> int:
    return options.index(CALC if CALC in options else DEFAULT_PRESET)


def examined(ctx: frame.Ctx, key: str) -> Examined:
    """The chosen scenario; a story plan is carried onto the team (the calculator's is
    already on it)."""
    if key == CALC:
        scenario = st.session_state[state.SCENARIO_KEY]
    else:
        scenario = team_figures.plan_on_team(rik.presets()[key], ctx.team)
    style = "custom" if key == CALC else key
    colour = SCENARIO_STYLE.get(style, SCENARIO_STYLE["custom"])[0]
    return Examined(key, scenario, scenario_name(ctx, key), colour)


# --- Slow work with a progress line ------------------------------------------------------


def with_status(running: str, work: Callable[[], T], done: Callable[[T, float], str]) -> T:
    """Run ``work`` under a status line saying ``running`` (a spinner while it works),
    then ``done(result, seconds)``."""
    with st.status(running, expanded=False) as status:
        started = time.perf_counter()
        result = work()
        status.update(label=done(result, time.perf_counter() - started), state="complete")
    return result


def run_uncertainty(
    ctx: frame.Ctx, chosen: Examined, n_draws: int, seed: int
) -> uncertainty.MonteCarloResult:
    """The Monte Carlo runs (cached), with the runs, seed and time in the status line."""
    runs_text = fmt.number(n_draws, ctx.lang)
    return with_status(
        ctx.t("analysis.mc.running", runs=runs_text),
        lambda: monte_carlo(chosen.scenario, ctx.assumptions, int(n_draws), int(seed), ctx.team),
        lambda _, s: ctx.t("analysis.mc.done", runs=runs_text, seed=int(seed),
                           seconds=fmt.number(s, ctx.lang, 2)),
    )


def run_goal_seek(ctx: frame.Ctx, goal: goalseek.Goal) -> goalseek.GoalSeekResult:
    """The goal seek (cached), with the plans checked and the time in the status line."""
    return with_status(
        ctx.t("analysis.goal.running"),
        lambda: goal_seek(goal, ctx.assumptions, ctx.team),
        lambda found, s: ctx.t("analysis.goal.done", n=fmt.number(found.evaluated, ctx.lang),
                               seconds=fmt.number(s, ctx.lang, 2)),
    )


# --- Uncertainty -------------------------------------------------------------------------


def uncertainty_readout(ctx: frame.Ctx, mc: uncertainty.MonteCarloResult, name: str) -> None:
    """Three cards (chance of the target, of more burnout, the 90 % range) and a sentence."""
    target = fmt.signed_percent(mc.target_ratio - 1.0, ctx.lang)
    low, mid, high = (fmt.signed_percent(mc.ratio_percentiles[p] - 1.0, ctx.lang)
                      for p in ("p5", "p50", "p95"))
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
        ctx.t("analysis.mc.range_value", low=low, high=high),
        help=ctx.t("analysis.mc.range_help"),
        border=True,
    )
    st.write(ctx.t("analysis.mc.readout", name=name, median=mid, month=mc.target_month,
                   chance=fmt.percent(mc.p_sales_target, ctx.lang), target=target))
    if mc.valid_draws < mc.n_draws:
        st.caption(ctx.t("analysis.mc.dropped", n=mc.n_draws - mc.valid_draws))


def fans(ctx: frame.Ctx, mc: uncertainty.MonteCarloResult, chosen: Examined) -> None:
    """A fan chart per output, each with its percentiles under it."""
    for output in uncertainty.OUTPUTS:
        chart_ui.draw(charts.build_fan_chart(mc, output, ctx.lang, label=chosen.label,
                                             colour=chosen.colour))
        frame.chart_footer(ctx, charts.fan_table(mc, output, ctx.lang))


# --- Sensitivity -------------------------------------------------------------------------


def sensitivity_view(ctx: frame.Ctx, chosen: Examined, output: str, month: int) -> None:
    """The input that moves ``output`` most, the tornado, and every bar as a table."""
    bars = tornado(chosen.scenario, ctx.assumptions, output, int(month), ctx.team)
    top = bars.iloc[0]
    st.write(ctx.t(
        "analysis.sens.readout",
        name=charts.bar_label(top.key, top.kind, ctx.lang, ctx.assumptions),
        output=ctx.t(f"analysis.outputs.{output}").lower(),
        month=month,
    ))
    chart_ui.draw(charts.build_tornado_chart(bars, output, int(month), ctx.lang,
                                             ctx.assumptions))
    base = charts.value_text(output, float(bars.base_value.iloc[0]), ctx.lang)
    st.caption(ctx.t("analysis.sens.base", value=base))
    frame.chart_footer(ctx, charts.tornado_table(bars, output, ctx.lang, ctx.assumptions),
                       hide_index=True)


# --- Goal seek ---------------------------------------------------------------------------


def goal_defaults(ctx: frame.Ctx) -> dict[str, Any]:
    """The goal form's values until the user moves them: ``goalseek.Goal``'s own target,
    month and satisfaction floor, burnout as it starts, meetings around today's."""
    goal = goalseek.Goal()
    now = int(charts.levers_today(ctx.team).meetings_per_seller_per_week)
    meta = rik.lever_meta("meetings_per_seller_per_week")
    low, high = int(meta["min"]), int(meta["max"])
    return {
        "target": int(round((goal.target_ratio - 1.0) * 100)),
        "month": goal.target_month,
        "burnout": int(round(charts.burnout_today(ctx.assumptions, ctx.team) * 100)),
        "budget": BUDGET_HOURS,
        "meetings": (max(low, now - MEETINGS_BELOW), min(high, now + MEETINGS_ABOVE)),
        "csat": goal.csat_not_below_baseline,
    }


def goal_form(ctx: frame.Ctx) -> goalseek.Goal | None:
    """The target and limits; on submit the goal is kept in the session. Returns the goal
    submitted last (``None`` before the first search)."""
    pct = "+%d %%" if ctx.lang == "nb" else "+%d%%"
    defaults = goal_defaults(ctx)
    meet_meta = rik.lever_meta("meetings_per_seller_per_week")
    dev_hours = ctx.assumptions["dev_hours_per_month"]
    budget_top = int(rik.lever_meta("training_hours_per_month")["max"] + dev_hours)
    with st.form(GOAL_FORM_KEY):
        c1, c2 = st.columns(2)
        target_pct = c1.slider(ctx.t("analysis.goal.target"), 0, 150, defaults["target"], 5,
                               key=GOAL_PREFIX + "target", format=pct)
        target_month = c2.slider(ctx.t("analysis.goal.month"), 3, MONTHS, defaults["month"],
                                 key=GOAL_PREFIX + "month")
        burnout_pct = c1.slider(
            ctx.t("analysis.goal.burnout"), 5, 95, defaults["burnout"], 1,
            key=GOAL_PREFIX + "burnout", format=pct.lstrip("+"),
            help=ctx.t("analysis.goal.burnout_help"),
        )
        budget = c2.slider(
            ctx.t("analysis.goal.budget"), 0, budget_top, min(defaults["budget"], budget_top), 1,
            key=GOAL_PREFIX + "budget", help=ctx.t("analysis.goal.budget_help", dev=dev_hours),
        )
        meetings = c1.slider(ctx.t("analysis.goal.meetings"), int(meet_meta["min"]),
                             int(meet_meta["max"]), defaults["meetings"],
                             key=GOAL_PREFIX + "meetings")
        csat_floor = c2.toggle(ctx.t("analysis.goal.csat"), value=defaults["csat"],
                               key=GOAL_PREFIX + "csat")
        submitted = st.form_submit_button(
            ctx.t("analysis.goal.submit"), icon=":material/search:", type="primary"
        )
    if submitted:
        st.session_state[GOAL_KEY] = goalseek.Goal(
            target_ratio=1.0 + target_pct / 100.0,
            target_month=int(target_month),
            burnout_max=burnout_pct / 100.0,
            csat_not_below_baseline=bool(csat_floor),
            meetings_min=float(meetings[0]),
            meetings_max=float(meetings[1]),
            budget_hours=float(budget),
        )
    goal = st.session_state.get(GOAL_KEY)
    return goal if isinstance(goal, goalseek.Goal) else None


def goal_results(ctx: frame.Ctx, goal: goalseek.Goal, found: goalseek.GoalSeekResult) -> None:
    """The cheapest plans (a table, and a link each into the calculator), or the limit
    that binds; then every plan tried on the trade-off chart."""
    target = fmt.signed_percent(goal.target_ratio - 1.0, ctx.lang)
    if found.plans:
        st.success(
            ctx.t("analysis.goal.found", n=len(found.plans), target=target,
                  month=goal.target_month),
            icon=":material/check_circle:",
        )
        st.dataframe(charts.plans_table(found, ctx.assumptions, ctx.lang, ctx.team),
                     width="stretch")
        calculator = frame.PAGE_BY_KEY["calculator"]
        names = charts.plan_names(found, ctx.lang)
        for column, name, plan in zip(
            st.columns(len(found.plans)), names, found.plans, strict=True
        ):
            column.page_link(
                calculator.path,
                label=ctx.t("analysis.goal.load", plan=name),
                icon=":material/calculate:",
                query_params=ctx.link_params(**plan.query()),
            )
        st.caption(charts.cost_note(ctx.assumptions, ctx.lang, ctx.team))
    else:
        st.warning(
            ctx.t("analysis.goal.none", target=target, month=goal.target_month),
            icon=":material/block:",
        )
        st.markdown(charts.binding_text(found, ctx.lang))
    chart_ui.draw(charts.build_tradeoff_chart(found, ctx.lang))
    frame.chart_footer(ctx, charts.cloud_table(found, ctx.lang), hide_index=True)


__all__ = [
    "BUDGET_HOURS",
    "CALC",
    "GOAL_FORM_KEY",
    "GOAL_KEY",
    "GOAL_PREFIX",
    "MONTHS",
    "MONTH_KEY",
    "OUTPUT_KEY",
    "RUNS_KEY",
    "RUN_OPTIONS",
    "SCENARIO_KEY",
    "SEED_KEY",
    "SENS_MONTH",
    "Examined",
    "default_index",
    "examined",
    "fans",
    "goal_defaults",
    "goal_form",
    "goal_results",
    "goal_seek",
    "monte_carlo",
    "run_goal_seek",
    "run_uncertainty",
    "scenario_name",
    "scenario_options",
    "sensitivity_view",
    "tornado",
    "uncertainty_readout",
    "with_status",
]
