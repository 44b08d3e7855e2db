"""Uncertainty, sensitivity and goal seek: how sure, what matters most, the cheapest way.

Thin: the work is in ``rik.analysis`` (uncertainty, sensitivity and goalseek), cached and
drawn by ``ui.analysis_view``; the charts are templates in ``rik.charts.analysis``.
"""

import streamlit as st

from rik import fmt
from rik.analysis import goalseek, sensitivity, uncertainty
from ui import analysis_view as view
from ui import frame, team_state, widgets

ctx = frame.page("analysis")
with frame.boundary(ctx):
    st.title(ctx.t("frame.pages.analysis"))
    st.write(ctx.t("analysis.intro"))
    if ctx.team is not None:
        team_state.banner(ctx)
        st.caption(ctx.t("team.firm.analysis_note"))

    options = view.scenario_options()
    widgets.keep_choice(view.SCENARIO_KEY, options, ctx.lang,
                        options[view.default_index(options)])
    choice = st.selectbox(
        ctx.t("analysis.scenario.label"),
        options,
        format_func=lambda key: view.scenario_name(ctx, key),
        key=view.SCENARIO_KEY,
        help=ctx.t("analysis.scenario.help"),
    )
    chosen = view.examined(ctx, choice)

    tab_u, tab_s, tab_g = st.tabs(
        [ctx.t(f"analysis.tabs.{tab}") for tab in ("uncertainty", "sensitivity", "goal")]
    )

    with tab_u:  # how sure?
        st.write(ctx.t("analysis.mc.lead"))
        left, right = st.columns(2)
        widgets.keep_choice(view.RUNS_KEY, view.RUN_OPTIONS, ctx.lang, uncertainty.DEFAULT_DRAWS)
        n_draws = left.select_slider(
            ctx.t("analysis.mc.runs"),
            options=list(view.RUN_OPTIONS),
            format_func=lambda n: fmt.number(n, ctx.lang),
            key=view.RUNS_KEY,
            help=ctx.t("analysis.mc.runs_help", max=fmt.number(uncertainty.MAX_DRAWS, ctx.lang)),
        )
        seed = right.number_input(
            ctx.t("analysis.mc.seed"),
            min_value=0,
            max_value=2**31 - 1,
            value=uncertainty.DEFAULT_SEED,
            step=1,
            key=view.SEED_KEY,
            help=ctx.t("analysis.mc.seed_help"),
        )
        mc = view.run_uncertainty(ctx, chosen, int(n_draws), int(seed))
        view.uncertainty_readout(ctx, mc, chosen.label)
        view.fans(ctx, mc, chosen)
        st.caption(ctx.t("analysis.mc.method"))

    with tab_s:  # what matters most?
        st.write(ctx.t("analysis.sens.lead"))
        left, right = st.columns(2)
        widgets.keep_choice(view.OUTPUT_KEY, sensitivity.OUTPUTS, ctx.lang,
                            sensitivity.OUTPUTS[0])
        output = left.selectbox(
            ctx.t("analysis.sens.output"),
            list(sensitivity.OUTPUTS),
            format_func=lambda o: ctx.t(f"analysis.outputs.{o}"),
            key=view.OUTPUT_KEY,
        )
        month = right.slider(
            ctx.t("analysis.sens.month"), 1, view.MONTHS, view.SENS_MONTH, key=view.MONTH_KEY
        )
        view.sensitivity_view(ctx, chosen, output, int(month))
        st.caption(ctx.t("analysis.sens.method"))

    with tab_g:  # the cheapest way to the goal
        st.write(ctx.t("analysis.goal.lead"))
        goal = view.goal_form(ctx)
        if goal is None:
            st.info(ctx.t("analysis.goal.hint"), icon=":material/info:")
        else:
            view.goal_results(ctx, goal, view.run_goal_seek(ctx, goal))
            st.caption(
                ctx.t("analysis.goal.method", n=fmt.number(goalseek.DEFAULT_CANDIDATES, ctx.lang))
            )
