"""The self-assessment page's parts: the form, the scores, the map, the projection, the
levers that matter most and what to do next. ``pages/30_assessment.py`` reads the
answers and calls these in order; the logic is ``rik.team.assessment`` (pure).
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

import rik
from rik import fmt
from rik.charts.common import line_chart
from rik.charts.ik_map import ik_map
from rik.charts.template import Chart
from rik.model.calibration import Team
from rik.model.levers import format_lever, lever_label, lever_query
from rik.model.presets import presets
from rik.share import team_figures
from rik.team import assessment as asm
from ui import cache, frame, saved, widgets
from ui import charts as chart_ui
from ui import rooms as room_ui

# On a phone the five answers of a statement stand one under another instead of
# wrapping onto two lines.
PHONE_CSS = """<style>
@media (max-width: 640px) {
  [data-testid="stForm"] [role="radiogroup"] { flex-direction: column; gap: 0.15rem;
    align-items: flex-start; }
}
</style>"""
OUTPUTS = ("sales_nok", "csat", "burnout_share", "job_satisfaction")
HABIT_ORDER = ("activity", "onboarding", "training", "needs", "development", "feedback")
MAP_PLANS = ("numbers_game", "quality_first", "catalyst")
"""The story's plans drawn on the team's map. Carried onto the team, not drawn where they
put the story's firm: a sales leader reads the distance between two points on this map
as a distance their own team could travel, and the story firm's points (eight sellers,
its customers, its burnout) are not places this team can reach by changing habits. Each
point is where that plan would take *this* team by the horizon (``plan_on_team``: its
size, its meetings raised by the plan's share, the plan's quality levels). The story's
``baseline`` is left out: on the team it is the team's current habits, the team's own
point."""


def _table(columns: dict[str, list[Any]]) -> None:
    st.dataframe(pd.DataFrame(columns), hide_index=True, width="stretch")


def item_widget(ctx: frame.Ctx, item: asm.Item) -> None:
    """One question. Facts that must be whole are int inputs ("3"); the others show
    decimals only when they have them ("%g": "3", "2.5")."""
    key = room_ui.answer_key(item.key)
    if item.kind == "likert":
        widgets.keep_choice(key, list(asm.LIKERT), ctx.lang)  # translated labels
        args: dict[str, Any] = {"index": None} if key not in st.session_state else {}
        st.radio(item.text(ctx.lang), options=list(asm.LIKERT), horizontal=True, key=key,
                 format_func=lambda v: asm.likert_label(v, ctx.lang), **args)
        return
    kind = int if item.integer else float
    args = dict(min_value=kind(item.min), max_value=kind(item.max), step=kind(item.step),
                help=item.help(ctx.lang) or None, key=key, format="%d" if item.integer else "%g")
    if key not in st.session_state:
        args["value"] = None
    st.number_input(item.text(ctx.lang), **args)


def seed_team_facts(ctx: frame.Ctx) -> None:
    """On the user's team, the three facts start at the team's own figures (sellers,
    meetings, training hours), not empty: a fact already answered is left as it is."""
    if ctx.team is None:
        return
    answers = st.session_state.get(room_ui.ANSWERS_KEY) or {}
    for key, value in asm.team_facts(ctx.team.levers).items():
        widget = room_ui.answer_key(key)
        if st.session_state.get(widget) is None and answers.get(key) is None:
            st.session_state[widget] = value


def example_answers(ctx: frame.Ctx) -> dict[str, Any]:
    """The example answers; on the user's team with the team's own facts."""
    facts = asm.team_facts(ctx.team.levers) if ctx.team is not None else {}
    return asm.example_answers() | facts


def answers_form(ctx: frame.Ctx) -> None:
    """The example and clear buttons, and the questionnaire (saved when submitted)."""
    seed_team_facts(ctx)
    left, right, _ = st.columns([1, 1, 2])
    left.button(ctx.t("assessment.form.example"), icon=":material/edit_note:",
                on_click=lambda: room_ui.seed_answers(example_answers(ctx), overwrite=True),
                help=ctx.t("assessment.form.example_help"), key="assess_example")
    right.button(ctx.t("assessment.form.clear"), icon=":material/restart_alt:",
                 on_click=room_ui.clear_answers, key="assess_clear")
    with st.form("assess_form"):
        st.subheader(ctx.t("assessment.form.facts"))
        for item in asm.ITEMS:
            if item.kind == "number":
                item_widget(ctx, item)
        st.caption(ctx.t("assessment.form.likert_intro"))
        for habit in HABIT_ORDER:
            st.subheader(asm.habit_label(habit, ctx.lang))
            for item in asm.ITEMS:
                if item.kind == "likert" and item.habit == habit:
                    item_widget(ctx, item)
        submitted = st.form_submit_button(ctx.t("assessment.form.submit"), type="primary",
                                          icon=":material/insights:")
    if submitted:
        room_ui.save_answers_from_widgets()


def checked(ctx: frame.Ctx, answers: dict[str, Any]) -> asm.Assessment | None:
    """The answers' errors and warnings on screen; the result to show (the last good
    answers when these have errors), or ``None`` when there is none."""
    result = asm.assess(answers)
    problems = asm.errors(result.issues)
    if problems:
        st.error(ctx.t("assessment.results.errors_title") + "\n\n"
                 + "\n".join(f"- {issue.text(ctx.lang)}" for issue in problems),
                 icon=":material/error:")
        good = st.session_state.get(room_ui.GOOD_KEY)
        if good is None:
            return None
        st.info(ctx.t("assessment.results.last_good"), icon=":material/history:")
        result = asm.assess(good)
    else:
        st.session_state[room_ui.GOOD_KEY] = dict(answers)
    for issue in result.issues:
        if issue.level == "warning":
            st.warning(issue.text(ctx.lang), icon=":material/warning:")
    return result if result.ok else None


def scores_section(ctx: frame.Ctx, scores: asm.Scores) -> None:
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
        st.markdown(ctx.t(
            "assessment.scores.how_text",
            meetings_full=fmt.number(asm.SCORING["meetings_full"], ctx.lang),
            meetings_points=fmt.number(100 * asm.SCORING["meetings_weight"], ctx.lang),
            habit_points=fmt.number(100 * (1 - asm.SCORING["meetings_weight"]), ctx.lang),
            training_full=fmt.number(asm.SCORING["training_full_hours"], ctx.lang),
            split=fmt.number(asm.SCORING["quadrant_split"], ctx.lang)))
        _table({
            ctx.t("assessment.scores.col_score"): [p.score for p in scores.parts],
            ctx.t("assessment.scores.col_part"): [asm.part_label(p.part, ctx.lang)
                                                  for p in scores.parts],
            ctx.t("assessment.scores.col_share"): [fmt.percent(p.share, ctx.lang)
                                                   for p in scores.parts],
            ctx.t("assessment.scores.col_points"): [
                f"{fmt.number(p.points, ctx.lang, 1)} / {fmt.number(p.max_points, ctx.lang)}"
                for p in scores.parts],
        })


def map_frames(ctx: frame.Ctx, firm: Team | None, team_run: pd.DataFrame
               ) -> dict[str, pd.DataFrame]:
    """The team first (the shading is against its month 0), then the story's plans on
    the team (:data:`MAP_PLANS`); without a team at all, the story's presets as they are."""
    if firm is None:
        return {"team": team_run, **cache.presets(ctx.assumptions, asm.HORIZON)}
    return {"team": team_run, **{
        key: cache.simulate(team_figures.plan_on_team(presets()[key], firm), ctx.assumptions,
                            asm.HORIZON, firm) for key in MAP_PLANS}}


def _with_centre(chart: Chart, where: asm.Placement, label: str) -> Chart:
    """The map with the quadrant lines through the team's centre (dashed rules)."""
    rule = {"type": "rule", "strokeDash": [6, 4], "strokeWidth": 1.5, "color": "#4a4a4a"}
    tip = [{"field": "label", "type": "nominal", "title": " "}]
    lines = [{"data": {"name": "ik_centre"}, "mark": rule,
              "encoding": {axis: {"field": field, "type": "quantitative"}, "tooltip": tip}}
             for axis, field in (("x", "activity"), ("y", "quality"))]
    centre = pd.DataFrame({"activity": [where.reference_activity],
                           "quality": [where.reference_quality], "label": [label]})
    return Chart({**chart.template, "layer": [*chart.template["layer"], *lines]},
                 {**chart.data, "ik_centre": centre})


def map_section(ctx: frame.Ctx, scores: asm.Scores, firm: Team | None,
                team_run: pd.DataFrame) -> None:
    st.subheader(ctx.t("assessment.map.heading"))
    frames = map_frames(ctx, firm, team_run)
    chart = ik_map(frames, ctx.lang, month=asm.HORIZON,
                   labels={"team": ctx.t("assessment.map.team")})
    split = fmt.number(asm.SCORING["quadrant_split"], ctx.lang)
    where = None if firm is None else asm.placement(scores, firm, team_run, ctx.assumptions)
    if where is not None:
        chart = _with_centre(chart, where, ctx.t("assessment.map.centre_label", split=split))
    chart_ui.draw(chart)
    st.caption(ctx.t("assessment.map.caption", month=asm.HORIZON))
    if where is not None:
        st.caption(ctx.t("assessment.map.centre", split=split))
        for axis, side in where.disagreements():  # a guard: the rule above places alike
            st.info(ctx.t(f"assessment.map.disagree_{axis.lower()}_{side}"),
                    icon=":material/info:")
        with st.expander(ctx.t("assessment.map.how"), icon=":material/my_location:"):
            st.markdown(ctx.t(
                "assessment.map.how_text", split=split,
                held=fmt.number(where.reference_activity, ctx.lang, 1),  # where the line is
                meetings=fmt.number(asm.meetings_at_split(scores), ctx.lang, 1),
                low=fmt.number(asm.SCORING["skill_lowest"], ctx.lang, 2),
                middle=fmt.number(float(ctx.assumptions.skill_0), ctx.lang, 2),
                high=fmt.number(asm.SCORING["skill_highest"], ctx.lang, 2)))
    with st.expander(ctx.t("frame.show_data")):
        _table({
            ctx.t("common.scenario"): [ctx.t("assessment.map.team") if key == "team"
                                       else ctx.t(f"common.presets.{key}") for key in frames],
            ctx.t("charts.ik.x"): [fmt.number(f["activity"].iloc[asm.HORIZON], ctx.lang, 1)
                                   for f in frames.values()],
            ctx.t("charts.ik.y"): [
                fmt.number(f["quality_per_meeting"].iloc[asm.HORIZON], ctx.lang, 2)
                for f in frames.values()],
        })
    st.caption(ctx.drawn_with)


def levers_section(ctx: frame.Ctx, levers: rik.Levers, plan: rik.Scenario) -> None:
    with st.expander(ctx.t("assessment.levers.heading"), icon=":material/tune:"):
        st.markdown(ctx.t("assessment.levers.caption",
                          low=fmt.percent(asm.SCORING["relationship_min"], ctx.lang),
                          high=fmt.percent(asm.SCORING["relationship_max"], ctx.lang)))
        _table({
            ctx.t("assessment.levers.col_lever"): [lever_label(n, ctx.lang)
                                                   for n in rik.LEVER_NAMES],
            ctx.t("assessment.levers.col_now"): [
                format_lever(n, getattr(levers, n), ctx.lang) for n in rik.LEVER_NAMES],
            ctx.t("assessment.levers.col_plan"): [
                format_lever(n, getattr(plan.levers, n), ctx.lang) for n in rik.LEVER_NAMES],
        })


def projection_section(ctx: frame.Ctx, plan: rik.Scenario, team_run: pd.DataFrame,
                       plan_run: pd.DataFrame) -> None:
    h = asm.HORIZON
    st.subheader(ctx.t("assessment.projection.heading", months=h))
    change = plan_run["sales_nok"].iloc[h] / team_run["sales_nok"].iloc[h] - 1
    st.markdown(ctx.t("assessment.projection.sentence", months=h,
                      change=fmt.signed_percent(change, ctx.lang),
                      plan=fmt.nok(plan_run["sales_nok"].iloc[h], ctx.lang),
                      current=fmt.nok(team_run["sales_nok"].iloc[h], ctx.lang)))
    story = asm.story_plan_gain(ctx.assumptions, h)
    if change > story:  # said, not clipped: the calculator and the brief show the same run
        st.info(ctx.t("assessment.projection.beyond_story", months=h,
                      story=fmt.signed_percent(story, ctx.lang)), icon=":material/info:")
    step_month = min((c.month for c in plan.changes), default=h)
    st.caption(ctx.t("assessment.projection.plan_text", month=step_month))
    widgets.keep_choice("assess_output", list(OUTPUTS), ctx.lang, "sales_nok")
    column = st.segmented_control(
        ctx.t("assessment.projection.output"), options=list(OUTPUTS),
        format_func=lambda c: ctx.t(f"common.outputs.{c}"),
        required=True, key="assess_output")
    labels = {"team": ctx.t("assessment.projection.current"),
              "catalyst": ctx.t("assessment.projection.recommended")}
    chart_ui.draw(line_chart({"team": team_run, "catalyst": plan_run},
                             column or "sales_nok", ctx.lang, labels=labels))
    with st.expander(ctx.t("frame.show_data")):
        st.dataframe(asm.projection_table({"current": team_run, "recommended": plan_run},
                                          ctx.lang), hide_index=True, width="stretch")
    st.caption(ctx.drawn_with)


def top_section(ctx: frame.Ctx, effects: list[asm.LeverEffect]) -> None:
    h = asm.HORIZON
    st.subheader(ctx.t("assessment.top.heading"))
    st.caption(ctx.t("assessment.top.intro", months=h))
    top = asm.top_levers(effects)
    if not top:
        st.info(ctx.t("assessment.top.none"), icon=":material/info:")
    for box, effect in zip(st.columns(3), top, strict=False):
        with box.container(border=True):
            st.markdown(f"**{lever_label(effect.lever, ctx.lang)}**")
            st.caption(ctx.t("assessment.top.effect",
                             start=format_lever(effect.lever, effect.value, ctx.lang),
                             end=format_lever(effect.lever, effect.stepped, ctx.lang),
                             change=fmt.signed_percent(effect.gain_share, ctx.lang, 1),
                             months=h))
            st.write(ctx.t(effect.next_step_key))
    with st.expander(ctx.t("assessment.top.all"), icon=":material/list:"):
        st.caption(ctx.t("assessment.top.excluded"))
        _table({
            ctx.t("assessment.top.col_lever"): [lever_label(e.lever, ctx.lang)
                                                for e in effects],
            ctx.t("assessment.top.col_from"): [format_lever(e.lever, e.value, ctx.lang)
                                               for e in effects],
            ctx.t("assessment.top.col_to"): [format_lever(e.lever, e.stepped, ctx.lang)
                                             for e in effects],
            ctx.t("assessment.top.col_change", months=h): [
                fmt.signed_percent(e.gain_share, ctx.lang, 1) for e in effects],
        })
        st.caption(ctx.drawn_with)


def actions_section(ctx: frame.Ctx, summary: str, plan: rik.Scenario,
                    levers: rik.Levers, firm: Team | None) -> None:
    """Download the summary, the brief (on ``firm``, as the projection), the calculator
    with these levers, the rooms."""
    st.subheader(ctx.t("assessment.actions.heading"))
    a1, a2 = st.columns(2)
    with a1:
        st.download_button(ctx.t("assessment.actions.download"), data=summary.encode("utf-8"),
                           file_name=ctx.t("assessment.actions.file_name"),
                           mime="text/markdown", icon=":material/download:", on_click="ignore",
                           key="assess_download")
        saved.brief_button(ctx, plan, asm.HORIZON, team=firm,
                           label=ctx.t("assessment.actions.brief_label"), key="assess_plan")
    with a2:
        st.page_link(frame.PAGE_BY_KEY["calculator"].path,
                     label=ctx.t("assessment.actions.calculator"), icon=":material/calculate:",
                     query_params=ctx.link_params(
                         **lever_query(levers)))
        st.page_link(frame.PAGE_BY_KEY["rooms"].path, label=ctx.t("assessment.actions.rooms"),
                     icon=":material/groups:",
                     query_params=ctx.link_params(**room_ui.answers_param()))


__all__ = ["HABIT_ORDER", "MAP_PLANS", "OUTPUTS", "PHONE_CSS", "actions_section",
           "answers_form", "checked", "example_answers", "item_widget", "levers_section",
           "map_frames", "map_section", "projection_section", "scores_section",
           "seed_team_facts", "top_section"]
