"""Team self-assessment: a short questionnaire, scores, the I × K map and what to do next.

The parts are drawn by ``ui/assessment_view.py``; the logic is ``rik/team/assessment.py``.
"""

import streamlit as st

from rik.team import assessment as asm
from ui import assessment_history as history
from ui import assessment_view as view
from ui import cache, frame, team_state
from ui import rooms as room_ui

ctx = frame.page("assessment")

with frame.boundary(ctx):
    st.title(ctx.t("frame.pages.assessment"))
    st.write(ctx.t("assessment.intro"))
    st.html(view.PHONE_CSS)
    room_ui.restore_answers()  # a reload: the answers the URL carries
    room_ui.seed_answers(st.session_state.get(room_ui.ANSWERS_KEY, {}))
    view.answers_form(ctx)

    answers = st.session_state.get(room_ui.ANSWERS_KEY)
    if answers is None:
        st.info(ctx.t("assessment.form.pending"), icon=":material/info:")
        st.stop()
    room_ui.keep_answers_in_url(answers)  # a reload keeps them
    result = view.checked(ctx, answers)
    if result is None or result.scores is None or result.levers is None:
        st.stop()
    scores, levers = result.scores, result.levers
    view.scores_section(ctx, scores)

    # The firm: the team's figures (or the story firm's rates) with these habits and the
    # K score's skill, so current habits hold still and the map agrees with the quadrant.
    firm = team_state.assessment_team(ctx, levers, scores)
    current, plan = asm.current_scenario(levers), asm.recommended_plan(levers)
    team_run = cache.simulate(current, ctx.assumptions, asm.HORIZON, firm)
    plan_run = cache.simulate(plan, ctx.assumptions, asm.HORIZON, firm)
    view.map_section(ctx, scores, firm, team_run)
    view.levers_section(ctx, levers, plan)
    view.projection_section(ctx, plan, team_run, plan_run)

    effects = asm.lever_effects(levers, ctx.assumptions, team=firm)
    view.top_section(ctx, effects)
    summary = asm.summary_markdown(result, {"current": team_run, "recommended": plan_run},
                                   effects, ctx.lang, ctx.t(f"frame.sets.{ctx.set_name}"))
    view.actions_section(ctx, summary, plan, levers, firm)
    history.panel(ctx, result)
