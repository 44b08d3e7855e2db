"""Which firm the pages run on: the story's, or the user's team (issue 11).

The team lives in this browser tab's session and in the link (``?team=``, see
``rik.share.team_figures``); nothing is stored on the server. The frame calls :func:`resolve`
on every page, draws :func:`firm_choice` in the sidebar once a team has been set, and
puts the team into every internal link (``Ctx.link_params``).

A ``team`` value in the URL that cannot be a team gives one translated note; the last
good team stays (and the address is put back to it).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

import rik
from rik import fmt
from rik.i18n import t
from rik.model.calibration import Team
from rik.model.levers import format_lever
from rik.share import team_figures

SAVED_KEY = "team_saved"  # the last good Team (plain key: survives page switches)
ACTIVE_KEY = "team_active"  # True while the pages run on it
CHOICE_KEY = "_frame_firm"


def saved() -> Team | None:
    team = st.session_state.get(SAVED_KEY)
    return team if isinstance(team, Team) else None


def use(team: Team) -> None:
    """Make ``team`` the firm of every page (and put it in the address)."""
    st.session_state[SAVED_KEY] = team
    st.session_state[ACTIVE_KEY] = True
    st.query_params[team_figures.TEAM_PARAM] = team_figures.to_param(team)


def leave() -> None:
    """Back to the story's firm; the team is kept to choose again."""
    st.session_state[ACTIVE_KEY] = False
    if team_figures.TEAM_PARAM in st.query_params:
        del st.query_params[team_figures.TEAM_PARAM]


def resolve(lang: str, assumptions: rik.Assumptions, notes: list[str]) -> Team | None:
    """The team this run uses, from the URL or the session; ``None`` for the story's firm."""
    values = st.query_params.get_all(team_figures.TEAM_PARAM)
    if values:
        try:
            team = team_figures.from_param(values[-1], assumptions)
        except team_figures.TeamProblem as problem:
            notes.append(t("team.errors.url_note", lang,
                           reason=team_figures.describe(problem, lang).rstrip(".")))
            good = saved() if st.session_state.get(ACTIVE_KEY) else None
            if good is not None:
                st.query_params[team_figures.TEAM_PARAM] = team_figures.to_param(good)
            else:
                del st.query_params[team_figures.TEAM_PARAM]
        else:
            st.session_state[SAVED_KEY] = team
            st.session_state[ACTIVE_KEY] = True
    team = saved()
    if team is None or not st.session_state.get(ACTIVE_KEY):
        return None
    try:
        team_figures.check(team, assumptions)
    except team_figures.TeamProblem as problem:  # valid under another assumption set only
        notes.append(t("team.errors.url_note", lang,
                       reason=team_figures.describe(problem, lang).rstrip(".")))
        return None
    return team


def _on_choice() -> None:
    chosen = st.session_state.get(CHOICE_KEY)
    team = saved()
    if chosen == "team" and team is not None:
        use(team)
    else:
        leave()


def firm_choice(ctx: Any) -> None:
    """The sidebar's choice of firm, once a team has been set (drawn by the frame)."""
    if saved() is None:
        return
    st.session_state[CHOICE_KEY] = "team" if ctx.team is not None else "story"
    st.radio(
        ctx.t("team.firm.label"),
        options=["story", "team"],
        format_func=lambda name: ctx.t(f"team.firm.{name}"),
        key=CHOICE_KEY,
        on_change=_on_choice,
        help=ctx.t("team.firm.help"),
    )


def banner(ctx: Any) -> None:
    """Say on screen that a page runs on the user's team (nothing when it does not)."""
    team = getattr(ctx, "team", None)
    if team is None:
        return
    st.info(
        ctx.t("team.firm.on_team", sellers=fmt.number(team.levers.sellers, ctx.lang),
              sales=fmt.nok(team.sales_nok, ctx.lang)),
        icon=":material/groups:",
    )




def same_plan_link(ctx: Any, preset: str) -> None:
    """The story's closing offer: the same plan (a preset) on the user's team.

    A link to the calculator with the preset on the team when a team has been set (the
    story itself keeps Mats' firm), else a link to the page where the team is put in."""
    from ui import frame  # here: the frame imports this module

    team = ctx.team or saved()
    if team is None:
        st.page_link(frame.PAGE_BY_KEY["team"].path, label=ctx.t("team.firm.no_team"),
                     icon=":material/group_add:", query_params=ctx.link_params())
        return
    st.page_link(frame.PAGE_BY_KEY["calculator"].path, label=ctx.t("team.firm.same_plan"),
                 icon=":material/group_add:", help=ctx.t("team.firm.same_plan_help"),
                 query_params=ctx.link_params(
                     preset=preset, **{team_figures.TEAM_PARAM: team_figures.to_param(team)}))


def differences(ctx: Any, levers: rik.Levers, team: Team) -> None:
    """Say which facts the answers give differently from the team's figures, and what the
    projection uses.

    It uses the answers. The scores, the quadrant and the map's point are made from the
    answers, and the projection must agree with them (issue 11): running the team's six
    sellers at 14 meetings while the I score counts nine at 18 would put the point where
    the scores do not. So a sales leader gets the answers, on the team's other figures, and
    is told plainly what that means (the same sales spread over a different team) and how
    to make the two agree, instead of one of them being replaced without a word."""
    from rik.team import assessment as asm  # here: the questionnaire is only needed here

    found = asm.fact_differences(levers, team.levers)
    if not found:
        return
    lever = {"sellers": "sellers", "meetings": "meetings_per_seller_per_week",
             "training_hours": "training_hours_per_month"}
    facts = "; ".join(ctx.t("assessment.team_facts.fact", item=asm.ITEM_BY_KEY[key].short(
        ctx.lang), answer=format_lever(lever[key], answered, ctx.lang, unit=False),
        team=format_lever(lever[key], own, ctx.lang, unit=False)) for key, answered, own in found)
    st.warning(ctx.t("assessment.team_facts.differ", facts=facts,
                     sales=fmt.nok(team.sales_nok, ctx.lang)), icon=":material/compare_arrows:")


def assessment_team(ctx: Any, levers: rik.Levers, scores: Any) -> Team | None:
    """The firm the self-assessment's projection runs on (``rik.team.assessment.
    assessed_team``): the user's team with the answers as today's habits and the K score's
    skill; without a team, or when its figures do not fit the answers, a team of this size
    at the story firm's rates. Says on screen which. ``None`` only if neither can be made."""
    from rik.team import assessment as asm  # here: the questionnaire is only needed here

    if ctx.team is not None:
        try:
            firm = asm.assessed_team(levers, scores, ctx.team, ctx.assumptions)
        except team_figures.TeamProblem as problem:
            st.warning(ctx.t("team.firm.habits_misfit",
                             reason=team_figures.describe(problem, ctx.lang)),
                       icon=":material/warning:")
        else:
            banner(ctx)
            differences(ctx, levers, ctx.team)
            return firm
    try:
        firm = asm.assessed_team(levers, scores, None, ctx.assumptions)
    except team_figures.TeamProblem:
        return None
    if ctx.team is None:
        st.info(ctx.t("assessment.map.story_rates"), icon=":material/info:")
    return firm


__all__ = ["ACTIVE_KEY", "CHOICE_KEY", "SAVED_KEY", "assessment_team", "banner", "differences",
           "firm_choice",
           "leave", "resolve", "same_plan_link", "saved", "use"]
