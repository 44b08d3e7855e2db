"""Team self-assessment: a short questionnaire, scores, the I × K map and what to do next."""

import pandas as pd
import streamlit as st

import rik
from rik import fmt
from rik.charts.common import line_chart
from rik.charts.ik_map import ik_map
from rik.team import assessment as asm
from ui import assessment_history as history
from ui import cache, frame, saved, team_state
from ui import charts as chart_ui
from ui import rooms as room_ui

ctx = frame.page("assessment")
# On a phone the five answers of a statement stand one under another instead of
# wrapping onto two lines.
PHONE_CSS = """<style>
@media (max-width: 640px) {
  [data-testid="stForm"] [role="radiogroup"] { flex-direction: column; gap: 0.15rem;
    align-items: flex-start; }
}
</style>"""
OUTPUTS = ("sales_nok", "csat", "burnout_share", "job_satisfaction")
MEASURE_ORDER = ("activity", "onboarding", "training", "needs", "development", "feedback")


def drawn_with() -> None:
    st.caption(ctx.drawn_with)


def fill_example() -> None:
    room_ui.seed_answers(asm.example_answers(), overwrite=True)


def clear_answers() -> None:
    room_ui.clear_answers()


def item_widget(item: asm.Item) -> None:
    key = room_ui.answer_key(item.key)
    if item.kind == "number":
        kind = int if item.integer else float
        args = dict(
            min_value=kind(item.min), max_value=kind(item.max), step=kind(item.step),
            help=item.help(ctx.lang) or None, key=key,
        )
        if key not in st.session_state:
            args["value"] = None
        if not item.integer:
            args["format"] = "%.1f"
        st.number_input(item.text(ctx.lang), **args)
    else:
        args = dict(
            options=list(asm.LIKERT),
            format_func=lambda v: asm.likert_label(v, ctx.lang),
            horizontal=True,
            key=key,
        )
        if key not in st.session_state:
            args["index"] = None
        st.radio(item.text(ctx.lang), **args)


with frame.boundary(ctx):
    st.title(ctx.t("frame.pages.assessment"))
    st.write(ctx.t("assessment.intro"))
    st.html(PHONE_CSS)
    room_ui.restore_answers()  # a reload: the answers the URL carries
    room_ui.seed_answers(st.session_state.get(room_ui.ANSWERS_KEY, {}))

    left, right, _ = st.columns([1, 1, 2])
    left.button(
        ctx.t("assessment.form.example"), icon=":material/edit_note:", on_click=fill_example,
        help=ctx.t("assessment.form.example_help"), key="assess_example",
    )
    right.button(
        ctx.t("assessment.form.clear"), icon=":material/restart_alt:", on_click=clear_answers,
        key="assess_clear",
    )

    with st.form("assess_form"):
        st.subheader(ctx.t("assessment.form.facts"))
        for item in asm.ITEMS:
            if item.kind == "number":
                item_widget(item)
        st.caption(ctx.t("assessment.form.likert_intro"))
        for measure in MEASURE_ORDER:
            st.subheader(asm.measure_label(measure, ctx.lang))
            for item in asm.ITEMS:
                if item.kind == "likert" and item.measure == measure:
                    item_widget(item)
        submitted = st.form_submit_button(
            ctx.t("assessment.form.submit"), type="primary", icon=":material/insights:"
        )

    if submitted:
        room_ui.save_answers_from_widgets()

    answers = st.session_state.get(room_ui.ANSWERS_KEY)
    if answers is None:
        st.info(ctx.t("assessment.form.pending"), icon=":material/info:")
        st.stop()
    room_ui.keep_answers_in_url(answers)  # a reload keeps them

    result = asm.assess(answers)
    problems = asm.errors(result.issues)
    if problems:
        st.error(
            ctx.t("assessment.results.errors_title")
            + "\n\n"
            + "\n".join(f"- {issue.text(ctx.lang)}" for issue in problems),
            icon=":material/error:",
        )
        good = st.session_state.get(room_ui.GOOD_KEY)
        if good is None:
            st.stop()
        st.info(ctx.t("assessment.results.last_good"), icon=":material/history:")
        result = asm.assess(good)
    else:
        st.session_state[room_ui.GOOD_KEY] = dict(answers)
    for issue in result.issues:
        if issue.level == "warning":
            st.warning(issue.text(ctx.lang), icon=":material/warning:")

    scores, levers = result.scores, result.levers
    if scores is None or levers is None:
        st.stop()

    # --- Scores and quadrant ---------------------------------------------------------
    st.header(ctx.t("assessment.results.heading"))
    c1, c2, c3 = st.columns(3)
    c1.metric(ctx.t("assessment.scores.i_label"), fmt.number(scores.i, ctx.lang),
              help=ctx.t("assessment.scores.i_help"), border=True)
    c2.metric(ctx.t("assessment.scores.k_label"), fmt.number(scores.k, ctx.lang),
              help=ctx.t("assessment.scores.k_help"), border=True)
    c3.metric(ctx.t("assessment.quadrant.label"),
              ctx.t(f"assessment.quadrants.{scores.quadrant}.name"), border=True)
    st.markdown(ctx.t(f"assessment.quadrants.{scores.quadrant}.text"))

    with st.expander(ctx.t("assessment.scores.how"), icon=":material/calculate:"):
        st.markdown(
            ctx.t(
                "assessment.scores.how_text",
                meetings_full=fmt.number(asm.SCORING["meetings_full"], ctx.lang),
                training_full=fmt.number(asm.SCORING["training_full_hours"], ctx.lang),
                split=fmt.number(asm.SCORING["quadrant_split"], ctx.lang),
            )
        )
        st.dataframe(
            pd.DataFrame(
                {
                    ctx.t("assessment.scores.col_score"): [p.score for p in scores.parts],
                    ctx.t("assessment.scores.col_part"): [
                        asm.part_label(p.part, ctx.lang) for p in scores.parts
                    ],
                    ctx.t("assessment.scores.col_share"): [
                        fmt.percent(p.share, ctx.lang) for p in scores.parts
                    ],
                    ctx.t("assessment.scores.col_points"): [
                        f"{fmt.number(p.points, ctx.lang, 1)} / "
                        f"{fmt.number(p.max_points, ctx.lang)}"
                        for p in scores.parts
                    ],
                }
            ),
            hide_index=True,
            width="stretch",
        )

    # --- The I × K map ---------------------------------------------------------------
    current = asm.current_scenario(levers)
    plan = asm.recommended_plan(levers)
    firm = team_state.assessment_team(ctx, levers)  # your team with these habits, or None
    runs = cache.presets(ctx.assumptions, asm.HORIZON)
    team_run = cache.simulate(current, ctx.assumptions, asm.HORIZON, firm)
    plan_run = cache.simulate(plan, ctx.assumptions, asm.HORIZON, firm)
    st.subheader(ctx.t("assessment.map.heading"))
    map_frames = {**runs, "team": team_run}
    chart_ui.draw(
        ik_map(
            map_frames, ctx.lang, month=asm.HORIZON,
            labels={"team": ctx.t("assessment.map.team")},
        )
    )
    st.caption(ctx.t("assessment.map.caption", month=asm.HORIZON))
    # the quadrant, the point and the projection: say so where the map sees it otherwise
    where = asm.placement(scores, team_run, runs["baseline"])
    for axis, side in where.disagreements():
        st.info(ctx.t(f"assessment.map.disagree_{axis.lower()}_{side}"), icon=":material/info:")
    with st.expander(ctx.t("frame.show_data")):
        st.dataframe(
            pd.DataFrame(
                {
                    ctx.t("common.scenario"): [
                        ctx.t("assessment.map.team") if key == "team"
                        else ctx.t(f"common.presets.{key}")
                        for key in map_frames
                    ],
                    ctx.t("charts.ik.x"): [
                        fmt.number(f["activity"].iloc[asm.HORIZON], ctx.lang, 1)
                        for f in map_frames.values()
                    ],
                    ctx.t("charts.ik.y"): [
                        fmt.number(asm.map_quality(f).iloc[asm.HORIZON], ctx.lang, 2)
                        for f in map_frames.values()
                    ],
                }
            ),
            hide_index=True,
            width="stretch",
        )
    drawn_with()

    # --- Levers ----------------------------------------------------------------------
    with st.expander(ctx.t("assessment.levers.heading"), icon=":material/tune:"):
        st.markdown(
            ctx.t(
                "assessment.levers.caption",
                low=fmt.percent(asm.SCORING["relationship_min"], ctx.lang),
                high=fmt.percent(asm.SCORING["relationship_max"], ctx.lang),
            )
        )
        st.dataframe(
            pd.DataFrame(
                {
                    ctx.t("assessment.levers.col_lever"): [
                        asm.lever_label(n, ctx.lang) for n in rik.LEVER_NAMES
                    ],
                    ctx.t("assessment.levers.col_now"): [
                        asm.format_lever(n, getattr(levers, n), ctx.lang)
                        for n in rik.LEVER_NAMES
                    ],
                    ctx.t("assessment.levers.col_plan"): [
                        asm.format_lever(n, getattr(plan.levers, n), ctx.lang)
                        for n in rik.LEVER_NAMES
                    ],
                }
            ),
            hide_index=True,
            width="stretch",
        )

    # --- Projection ------------------------------------------------------------------
    st.subheader(ctx.t("assessment.projection.heading", months=asm.HORIZON))
    change = plan_run["sales_nok"].iloc[asm.HORIZON] / team_run["sales_nok"].iloc[asm.HORIZON]
    st.markdown(
        ctx.t(
            "assessment.projection.sentence",
            months=asm.HORIZON,
            change=fmt.signed_percent(change - 1, ctx.lang),
            plan=fmt.nok(plan_run["sales_nok"].iloc[asm.HORIZON], ctx.lang),
            current=fmt.nok(team_run["sales_nok"].iloc[asm.HORIZON], ctx.lang),
        )
    )
    step_month = min((c.month for c in plan.changes), default=asm.HORIZON)
    st.caption(ctx.t("assessment.projection.plan_text", month=step_month))
    column = st.segmented_control(
        ctx.t("assessment.projection.output"),
        options=list(OUTPUTS),
        format_func=lambda c: ctx.t(f"common.outputs.{c}"),
        default="sales_nok",
        required=True,
        key="assess_output",
    )
    labels = {
        "team": ctx.t("assessment.projection.current"),
        "catalyst": ctx.t("assessment.projection.recommended"),
    }
    chart = line_chart(
        {"team": team_run, "catalyst": plan_run}, column or "sales_nok", ctx.lang, labels=labels
    )
    chart_ui.draw(chart)
    with st.expander(ctx.t("frame.show_data")):
        st.dataframe(
            asm.projection_table({"current": team_run, "recommended": plan_run}, ctx.lang),
            hide_index=True,
            width="stretch",
        )
    drawn_with()

    # --- The three levers that matter most -------------------------------------------
    effects = asm.lever_effects(levers, ctx.assumptions, team=firm)
    top = asm.top_levers(effects)
    st.subheader(ctx.t("assessment.top.heading"))
    st.caption(ctx.t("assessment.top.intro", months=asm.HORIZON))
    if not top:
        st.info(ctx.t("assessment.top.none"), icon=":material/info:")
    for column_box, effect in zip(st.columns(3), top, strict=False):
        with column_box.container(border=True):
            st.markdown(f"**{asm.lever_label(effect.lever, ctx.lang)}**")
            st.caption(
                ctx.t(
                    "assessment.top.effect",
                    start=asm.format_lever(effect.lever, effect.value, ctx.lang),
                    end=asm.format_lever(effect.lever, effect.stepped, ctx.lang),
                    change=fmt.signed_percent(effect.gain_share, ctx.lang, 1),
                    months=asm.HORIZON,
                )
            )
            st.write(ctx.t(effect.next_step_key))
    with st.expander(ctx.t("assessment.top.all"), icon=":material/list:"):
        st.caption(ctx.t("assessment.top.excluded"))
        st.dataframe(
            pd.DataFrame(
                {
                    ctx.t("assessment.top.col_lever"): [
                        asm.lever_label(e.lever, ctx.lang) for e in effects
                    ],
                    ctx.t("assessment.top.col_from"): [
                        asm.format_lever(e.lever, e.value, ctx.lang) for e in effects
                    ],
                    ctx.t("assessment.top.col_to"): [
                        asm.format_lever(e.lever, e.stepped, ctx.lang) for e in effects
                    ],
                    ctx.t("assessment.top.col_change", months=asm.HORIZON): [
                        fmt.signed_percent(e.gain_share, ctx.lang, 1) for e in effects
                    ],
                }
            ),
            hide_index=True,
            width="stretch",
        )
        drawn_with()

    # --- Take it further -------------------------------------------------------------
    st.subheader(ctx.t("assessment.actions.heading"))
    summary = asm.summary_markdown(
        result,
        {"current": team_run, "recommended": plan_run},
        effects,
        ctx.lang,
        ctx.t(f"frame.sets.{ctx.set_name}"),
    )
    a1, a2 = st.columns(2)
    with a1:
        st.download_button(
            ctx.t("assessment.actions.download"),
            data=summary.encode("utf-8"),
            file_name=ctx.t("assessment.actions.file_name"),
            mime="text/markdown",
            icon=":material/download:",
            on_click="ignore",
            key="assess_download",
        )
        saved.brief_button(
            ctx, plan, asm.HORIZON, label=ctx.t("assessment.actions.brief_label"),
            key="assess_plan",
        )
    with a2:
        calculator = frame.PAGE_BY_KEY["calculator"]
        st.page_link(
            calculator.path,
            label=ctx.t("assessment.actions.calculator"),
            icon=":material/calculate:",
            query_params=ctx.link_params(
                **{n: asm.url_value(v) for n, v in levers.to_dict().items()}
            ),
        )
        rooms = frame.PAGE_BY_KEY["rooms"]
        st.page_link(
            rooms.path,
            label=ctx.t("assessment.actions.rooms"),
            icon=":material/groups:",
            query_params=ctx.link_params(**room_ui.answers_param()),
        )

    # --- Then and now ----------------------------------------------------------------
    history.panel(ctx, result)
