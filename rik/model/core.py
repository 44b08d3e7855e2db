"""The model's equations, written once and run on two backends.

Every function here takes an ``ops`` backend: :data:`FLOAT` runs one scenario on plain
Python floats (microseconds), :data:`ARRAY` runs many parameter sets at once on numpy
arrays (Monte Carlo, goal seek). Same equations, one model. Units are in brackets;
``p`` is a namespace of coefficients (see ``data/assumptions.csv``), ``lev`` a namespace
of lever values (see ``data/levers.toml``). The equations are explained in
``docs/model.md``; the numbers (1.–22.) in comments refer to its list.

The status quo is the steady state by construction: observed status-quo figures are
coefficients (``*_0``) and :func:`calibrate` derives the intercepts and scales that hold
every stock still under the status-quo levers. Everything a plan changes is therefore
caused by its levers, and both assumption sets describe the same firm at month 0.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import numpy as np

WEEKS_PER_MONTH = 52.0 / 12.0  # unit conversion [weeks/month], not a coefficient
MONTHS_PER_YEAR = 12.0  # unit conversion [months/year]
_TINY = 1e-9  # guards divisions by a quantity that is positive for every valid input


@dataclass(frozen=True)
class Ops:
    """Elementwise maths for one backend."""

    exp: Any
    log: Any
    minimum: Any
    maximum: Any


FLOAT = Ops(exp=math.exp, log=math.log, minimum=min, maximum=max)
ARRAY = Ops(exp=np.exp, log=np.log, minimum=np.minimum, maximum=np.maximum)


def clip01(x: Any, ops: Ops) -> Any:
    return ops.minimum(ops.maximum(x, 0.0), 1.0)


def logistic(x: Any, ops: Ops) -> Any:
    return 1.0 / (1.0 + ops.exp(-x))


def logit(share: Any, ops: Ops) -> Any:
    return ops.log(share / (1.0 - share))


# --- Building blocks (each a line of docs/model.md) ------------------------------------


def time_off_share(lev: Any, p: Any) -> Any:
    """Share of working time spent on training and development, away from selling [0..1]."""
    hours = lev.training_hours_per_month + lev.development * p.dev_hours_per_month
    return hours / p.work_hours_per_month


def training_effect(hours: Any, p: Any, ops: Ops) -> Any:
    """Share of the largest training gain reached at ``hours`` a month [0..1]."""
    return 1.0 - ops.exp(-hours / p.training_hours_scale)


def skill_target(lev: Any, p: Any, sq: Any, ops: Ops) -> Any:
    """Skill experienced sellers move towards under this plan [0..1].

    The status quo's skill ``skill_0`` is observed; training and development move it by
    their gains relative to the status quo's own training and development.
    """
    training = p.training_skill_gain * (
        training_effect(lev.training_hours_per_month, p, ops)
        - training_effect(sq.training_hours_per_month, p, ops)
    )
    development = p.development_skill_gain * (lev.development - sq.development)
    return clip01(p.skill_0 + training + development, ops)


def ramp_months(lev: Any, p: Any) -> Any:
    """Average months a new seller needs to ramp up [months]; onboarding shortens it."""
    return p.ramp_months_max * (1.0 - p.onboarding_ramp_cut * lev.onboarding)


def ramp_skill_factor(lev: Any, p: Any, ops: Ops) -> Any:
    """A ramping seller's skill as a share of an experienced seller's [0..1]."""
    return ops.minimum(1.0, p.ramp_skill_share + p.onboarding_skill_gain * lev.onboarding)


def effective_skill(
    experienced: Any, ramping: Any, skill: Any, ramp_factor: Any, burnout: Any, p: Any
) -> Any:
    """K: the team's average skill, lowered by burnout [0..1]."""
    team = experienced + ramping
    average = skill * (experienced + ramping * ramp_factor) / (team + _TINY)
    return average * (1.0 - p.burnout_skill_loss * burnout)


def seller_skill(skill: Any, burnout: Any, p: Any) -> Any:
    """An established seller's skill, lowered by burnout [0..1] (sets meeting capacity)."""
    return skill * (1.0 - p.burnout_skill_loss * burnout)


def market_factor(team_meetings: Any, cal: Any, p: Any, ops: Ops) -> Any:
    """Lead quality as the team works the market harder [1 at the status quo].

    (1 + h) / (1 + h·x) with x the team's meetings relative to the status quo's: the
    market is finite, so more meetings reach ever colder prospects; the elasticity at
    the status quo is h / (1 + h).
    """
    x = ops.maximum(team_meetings, _TINY) / cal.team_meetings
    return (1.0 + p.market_saturation) / (1.0 + p.market_saturation * x)


def meeting_load(meetings: Any, skill: Any, load_scale: Any, p: Any, ops: Ops) -> Any:
    """Meetings asked for ÷ good meetings a seller of this skill has time for [ratio].

    Skilled sellers need less time for an equally good meeting (the catalyst):
    capacity ∝ skill^``skill_capacity_elasticity``; ``load_scale`` puts the status quo
    at ``meeting_load_0``.
    """
    return meetings * load_scale * ops.maximum(skill, _TINY) ** (-p.skill_capacity_elasticity)


def meeting_quality(load: Any, p: Any, ops: Ops) -> Any:
    """Quality of each meeting: 1 with time enough, diluted when overloaded [0..1]."""
    return ops.minimum(1.0, 1.0 / ops.maximum(load, _TINY)) ** p.dilution_exponent


def effective_activity(meetings: Any, time_off: Any, burnout: Any, p: Any) -> Any:
    """I: meetings actually held per seller per week [meetings/week]."""
    return meetings * (1.0 - time_off) * (1.0 - p.burnout_activity_loss * burnout)


def pitch_factor(relationship: Any, p: Any) -> Any:
    """Closing power left when ``relationship`` of the customer time goes to needs [0..1].

    Convex: the first share of time on needs costs few pitches, the last ones many (a
    seller who only listens never asks for the business).
    """
    return 1.0 - p.relationship_pitch_cost * relationship * relationship


def needs_fit(rapport: Any, p: Any, ops: Ops) -> Any:
    """How well proposals fit the customer's needs, 0 without rapport [0..1].

    Adaptive, customer-oriented selling raises the win rate of the meetings held, with
    diminishing returns (Franke & Park 2006).
    """
    return 1.0 - ops.exp(-rapport / p.relationship_fit_scale)


def new_deals(
    sellers: Any,
    activity: Any,
    skill: Any,
    quality: Any,
    reputation: Any,
    market: Any,
    relationship: Any,
    conversion_scale: Any,
    p: Any,
) -> Any:
    """Deals won from a month's meetings [deals/month]: effort × quality, R = I × K.

    Linear in ``activity`` (I) and in ``skill`` (K): doubling K at fixed everything
    else doubles the business the month's meetings bring. ``market`` is the lead
    quality of the market (prospect pool, saturation, fit, in :func:`month`). The deals
    close over the sales cycle (:func:`month`).
    """
    meetings_per_month = sellers * activity * WEEKS_PER_MONTH
    conversion = (
        conversion_scale
        * skill
        * quality
        * pitch_factor(relationship, p)
        * reputation**p.reputation_conversion_elasticity
        * market
    )
    return meetings_per_month * conversion


# --- Calibration: the status quo is the model's steady state ---------------------------


def calibrate(p: Any, sq: Any, ops: Ops) -> SimpleNamespace:
    """Steady state of the status quo ``sq`` and the constants that make it one.

    Observed status-quo figures (customers, churn, satisfaction, burnout, skill,
    turnover, deals per meeting, load) are coefficients; the intercepts and scales below
    are derived so that the status-quo levers hold every stock exactly still.
    """
    c = SimpleNamespace()
    shape = 0.0 * p.skill_0  # a stock gets the batch's shape (a no-op on floats)
    c.sellers = sq.sellers + shape
    c.quit_rate = p.seller_turnover_0 / MONTHS_PER_YEAR
    ramp = ramp_months(sq, p)
    c.ramping = c.quit_rate * sq.sellers / (1.0 / ramp + c.quit_rate)
    c.experienced = sq.sellers - c.ramping
    c.recruiting = c.quit_rate * sq.sellers * p.hiring_lead_months
    c.skill = p.skill_0 + shape
    c.burnout = p.burnout_0 + shape
    k_eff = effective_skill(
        c.experienced, c.ramping, c.skill, ramp_skill_factor(sq, p, ops), c.burnout, p
    )
    k_seller = seller_skill(c.skill, c.burnout, p)
    c.load_scale = p.meeting_load_0 * k_seller**p.skill_capacity_elasticity / (
        sq.meetings_per_seller_per_week
    )
    load = meeting_load(sq.meetings_per_seller_per_week, k_seller, c.load_scale, p, ops)
    quality = meeting_quality(load, p, ops)
    c.burnout_intercept = (
        logit(p.burnout_0, ops)
        - p.burnout_load_sensitivity * load * load
        + p.burnout_development_relief * sq.development
    )
    c.csat = p.csat_0 + shape
    c.csat_intercept = p.csat_0 - (
        p.csat_meeting_weight * quality
        + p.csat_skill_weight * k_eff
        + p.csat_relationship_weight * needs_fit(sq.relationship_time_share, p, ops)
        - p.csat_burnout_weight * p.burnout_0
    )
    c.job_satisfaction = p.job_satisfaction_0 + shape
    c.job_satisfaction_intercept = p.job_satisfaction_0 - (
        p.job_satisfaction_development_weight * sq.development
        + p.job_satisfaction_skill_weight * k_eff
        - p.job_satisfaction_burnout_weight * p.burnout_0
    )
    activity = effective_activity(
        sq.meetings_per_seller_per_week, time_off_share(sq, p), p.burnout_0, p
    )
    c.team_meetings = sq.sellers * activity  # [meetings/week], the market's reference
    c.rapport = sq.relationship_time_share + shape
    c.needs_fit = needs_fit(c.rapport, p, ops)
    c.fit = 1.0 + p.relationship_fit_gain * c.needs_fit
    deals = sq.sellers * activity * WEEKS_PER_MONTH * p.deals_per_meeting_0
    c.pitch = pitch_factor(sq.relationship_time_share, p)
    c.conversion_scale = (1.0 - p.referral_share_0) * p.deals_per_meeting_0 / (
        k_eff * quality * pitch_factor(sq.relationship_time_share, p)
    )
    c.customers = p.customers_0 + shape
    c.referral_scale = p.referral_share_0 * deals / (p.customers_0 * p.csat_0)
    c.new_customer_share = p.churn_rate_0 * p.customers_0 / deals
    c.churn_quality = p.quality_churn_share_0 * p.churn_rate_0 / (1.0 - p.csat_0)
    c.churn_other = (1.0 - p.quality_churn_share_0) * p.churn_rate_0
    c.avoiders = p.avoid_share * p.churn_rate_0 * p.customers_0 * p.avoid_months
    c.prospects = p.market_prospects - p.customers_0 - c.avoiders
    c.mentions = (
        p.quality_churn_share_0 * p.churn_rate_0 * p.customers_0 * p.share_who_tell * p.people_told
    )
    c.reputation = 1.0 + shape
    # The sales pipeline holds (cycle − 1) months of deals before this month's inflow.
    c.pipeline = deals * (p.sales_cycle_months - 1.0)
    # The book of business: monthly fees that new deals add and churn takes away.
    c.fees = deals * p.deal_value_nok / MONTHS_PER_YEAR / p.churn_rate_0
    return c


# --- One month ----------------------------------------------------------------------------

STATE = (
    "experienced",
    "ramping",
    "recruiting",
    "skill",
    "burnout",
    "csat",
    "job_satisfaction",
    "customers",
    "avoiders",
    "reputation",
    "rapport",
    "pipeline",
    "fees",
)
"""The stocks, carried from month to month."""


def initial_state(cal: SimpleNamespace) -> dict[str, Any]:
    """The status quo's stocks: every plan starts from the same firm and team."""
    return {name: getattr(cal, name) for name in STATE}


@dataclass(frozen=True)
class LeverTerms:
    """What a month's levers imply, computed once per distinct set of lever values."""

    meetings: Any
    sellers: Any
    relationship: Any
    development: Any
    onboarding: Any
    training_hours: Any
    time_off: Any
    skill_goal: Any
    ramp_months: Any
    ramp_factor: Any


def lever_terms(lev: Any, p: Any, sq: Any, ops: Ops) -> LeverTerms:
    return LeverTerms(
        meetings=lev.meetings_per_seller_per_week,
        sellers=lev.sellers,
        relationship=lev.relationship_time_share,
        development=lev.development,
        onboarding=lev.onboarding,
        training_hours=lev.training_hours_per_month,
        time_off=time_off_share(lev, p),
        skill_goal=skill_target(lev, p, sq, ops),
        ramp_months=ramp_months(lev, p),
        ramp_factor=ramp_skill_factor(lev, p, ops),
    )


def month(
    s: dict[str, Any], lt: LeverTerms, p: Any, cal: SimpleNamespace, ops: Ops
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """This month's outputs (in :data:`OUTPUTS` order) from stocks ``s`` and levers ``lt``,
    and next month's stocks."""
    experienced, ramping, recruiting = s["experienced"], s["ramping"], s["recruiting"]
    burnout, csat, customers = s["burnout"], s["csat"], s["customers"]
    reputation, js, avoiders, rapport = s["reputation"], s["job_satisfaction"], s["avoiders"], s[
        "rapport"
    ]
    team = experienced + ramping
    skill = effective_skill(experienced, ramping, s["skill"], lt.ramp_factor, burnout, p)
    load = meeting_load(lt.meetings, seller_skill(s["skill"], burnout, p), cal.load_scale, p, ops)
    quality = meeting_quality(load, p, ops)
    activity = effective_activity(lt.meetings, lt.time_off, burnout, p)
    # Lead quality: the prospect pool left, how hard the team works the market (more
    # meetings reach ever colder prospects) and how well proposals fit the customer.
    pool = ops.maximum(0.0, p.market_prospects - customers - avoiders) / cal.prospects
    saturation = market_factor(team * activity, cal, p, ops)
    fit = (1.0 + p.relationship_fit_gain * needs_fit(rapport, p, ops)) / cal.fit
    market = pool * saturation * fit
    won = new_deals(
        team, activity, skill, quality, reputation, market, lt.relationship,
        cal.conversion_scale, p,
    )
    # K on the I × K map: everything a meeting's conversion multiplies, scaled so that
    # the status quo's is its skill × meeting quality (I × K is then the business won).
    quality_per_meeting = (
        skill * quality * pitch_factor(lt.relationship, p) / cal.pitch
        * reputation**p.reputation_conversion_elasticity * market
    )
    referrals = (
        cal.referral_scale * customers * csat
        * (1.0 + p.referral_relationship_gain * (needs_fit(rapport, p, ops) - cal.needs_fit))
    )
    # The sales cycle: new business enters the pipeline and closes over the cycle.
    in_pipeline = s["pipeline"] + won + referrals
    deals = in_pipeline / p.sales_cycle_months
    churn_rate = cal.churn_other + cal.churn_quality * (1.0 - csat)
    churned = churn_rate * customers
    dissatisfied = cal.churn_quality * (1.0 - csat) * customers
    mentions = dissatisfied * p.share_who_tell * p.people_told
    sales = deals * p.deal_value_nok

    # The team: quits, hiring after a lead time, leaving over a notice period.
    quit_rate = ops.minimum(
        0.5,  # guard: at most half the team quits in a month
        cal.quit_rate
        * ops.exp(
            p.turnover_burnout_sensitivity * (burnout - p.burnout_0)
            - p.turnover_job_satisfaction_sensitivity * (js - p.job_satisfaction_0)
        ),
    )
    quits = quit_rate * team
    arrivals = recruiting / p.hiring_lead_months
    wanted_pipeline = quit_rate * lt.sellers * p.hiring_lead_months
    starts = ops.maximum(0.0, quits + lt.sellers - team + wanted_pipeline - recruiting)
    leaving_share = ops.minimum(
        1.0, ops.maximum(0.0, team - lt.sellers) / (p.notice_months * (team + _TINY))
    )
    graduates = ramping / lt.ramp_months

    # Money [NOK/month]: what the team costs, and the gross margin on the fees the
    # customers pay this month (the book of business: each deal adds its monthly fees,
    # churn takes the same share of fees as of customers).
    seller_cost = (
        team * p.seller_cost_nok_per_month
        + starts * p.hiring_cost_nok
        + arrivals * lt.onboarding * p.onboarding_cost_nok_per_hire
        + team * lt.training_hours * p.training_cost_nok_per_hour
        + team * lt.development * p.development_cost_nok_per_month
    )
    fees = s["fees"]
    contribution = p.gross_margin * fees - seller_cost

    out = (
        sales,  # sales_nok
        deals,
        activity,
        skill,
        quality,  # meeting_quality
        customers,
        csat,
        churn_rate,
        dissatisfied,  # dissatisfied_customers
        mentions,  # negative_mentions
        reputation,
        burnout,  # burnout_share
        js,  # job_satisfaction
        team,  # sellers_total
        experienced,  # sellers_active
        seller_cost,  # seller_cost_nok
        contribution,  # contribution_nok
        quality_per_meeting,
        fees,  # fees_nok
    )

    # Stocks move towards their targets with first-order delays.
    burnout_goal = logistic(
        cal.burnout_intercept
        + p.burnout_load_sensitivity * load * load
        - p.burnout_development_relief * lt.development,
        ops,
    )
    csat_goal = clip01(
        cal.csat_intercept
        + p.csat_meeting_weight * quality
        + p.csat_skill_weight * skill
        + p.csat_relationship_weight * needs_fit(lt.relationship, p, ops)
        - p.csat_burnout_weight * burnout,
        ops,
    )
    js_goal = clip01(
        cal.job_satisfaction_intercept
        + p.job_satisfaction_development_weight * lt.development
        + p.job_satisfaction_skill_weight * skill
        - p.job_satisfaction_burnout_weight * burnout,
        ops,
    )
    reputation_goal = ops.maximum(
        0.1,  # guard: reputation never falls below a tenth
        1.0
        + p.reputation_csat_weight * (csat / p.csat_0 - 1.0)
        - p.reputation_mentions_weight * (mentions / cal.mentions - 1.0),
    )
    stay = (1.0 - quit_rate) * (1.0 - leaving_share)
    nxt = {
        "experienced": experienced * stay + graduates * (1.0 - leaving_share),
        "ramping": (ramping * (1.0 - quit_rate) - graduates) * (1.0 - leaving_share) + arrivals,
        "recruiting": recruiting - arrivals + starts,
        "skill": s["skill"] + (lt.skill_goal - s["skill"]) / p.skill_lag_months,
        "burnout": burnout + (burnout_goal - burnout) / p.burnout_lag_months,
        "csat": csat + (csat_goal - csat) / p.csat_lag_months,
        "job_satisfaction": js + (js_goal - js) / p.job_satisfaction_lag_months,
        "customers": customers + deals * cal.new_customer_share - churned,
        "avoiders": avoiders + p.avoid_share * churned - avoiders / p.avoid_months,
        "reputation": reputation + (reputation_goal - reputation) / p.reputation_lag_months,
        "rapport": rapport + (lt.relationship - rapport) / p.relationship_lag_months,
        "pipeline": in_pipeline - deals,
        "fees": fees + deals * p.deal_value_nok / MONTHS_PER_YEAR - churn_rate * fees,
    }
    return out, nxt


OUTPUTS: tuple[str, ...] = (
    "sales_nok",
    "deals",
    "activity",
    "skill",
    "meeting_quality",
    "customers",
    "csat",
    "churn_rate",
    "dissatisfied_customers",
    "negative_mentions",
    "reputation",
    "burnout_share",
    "job_satisfaction",
    "sellers_total",
    "sellers_active",
    "seller_cost_nok",
    "contribution_nok",
    "quality_per_meeting",
    "fees_nok",
)
"""Columns of a simulation, in order."""

__all__ = [
    "ARRAY",
    "FLOAT",
    "OUTPUTS",
    "STATE",
    "WEEKS_PER_MONTH",
    "LeverTerms",
    "Ops",
    "calibrate",
    "effective_activity",
    "effective_skill",
    "initial_state",
    "lever_terms",
    "meeting_load",
    "meeting_quality",
    "month",
    "needs_fit",
    "new_deals",
    "pitch_factor",
    "skill_target",
]
