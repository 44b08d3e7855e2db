"""The model's equations, written once and run on two backends.

Every function here takes an ``ops`` backend: :data:`FLOAT` runs one scenario on plain
Python floats (microseconds), :data:`ARRAY` runs many parameter sets at once on numpy
arrays (Monte Carlo, goal seek). Same equations, one model. Units are in brackets;
``p`` is a namespace of coefficients (see ``data/assumptions.csv``), ``lev`` a namespace
of lever values (see ``data/levers.toml``). The equations are explained in
``docs/model.md``.
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


def skill_target(lev: Any, p: Any, ops: Ops) -> Any:
    """Skill experienced sellers move towards under this plan [0..1]."""
    training = p.training_skill_gain * (
        1.0 - ops.exp(-lev.training_hours_per_month / p.training_hours_scale)
    )
    return clip01(p.skill_base + training + p.development_skill_gain * lev.development, ops)


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


def meeting_load(meetings: Any, skill: Any, p: Any, ops: Ops) -> Any:
    """Meetings asked for ÷ good meetings a seller of this skill has time for [ratio]."""
    hours = p.hours_per_meeting * (p.skill_ref / ops.maximum(skill, _TINY)) ** (
        p.skill_capacity_elasticity
    )
    return meetings * hours / p.selling_hours_per_week


def meeting_quality(load: Any, p: Any, ops: Ops) -> Any:
    """Quality of each meeting: 1 with time enough, diluted when overloaded [0..1]."""
    return ops.minimum(1.0, 1.0 / ops.maximum(load, _TINY)) ** p.dilution_exponent


def effective_activity(meetings: Any, time_off: Any, burnout: Any, p: Any) -> Any:
    """I: meetings actually held per seller per week [meetings/week]."""
    return meetings * (1.0 - time_off) * (1.0 - p.burnout_activity_loss * burnout)


def new_deals(
    sellers: Any,
    activity: Any,
    skill: Any,
    quality: Any,
    reputation: Any,
    pool: Any,
    relationship: Any,
    conversion_scale: Any,
    p: Any,
) -> Any:
    """Deals closed in a month [deals/month]: effort × quality, R = I × K.

    Linear in ``activity`` (I) and in ``skill`` (K): doubling K at fixed everything
    else doubles the month's deals.
    """
    meetings_per_month = sellers * activity * WEEKS_PER_MONTH
    conversion = (
        conversion_scale
        * skill
        * quality
        * (1.0 - p.relationship_pitch_cost * relationship)
        * reputation**p.reputation_conversion_elasticity
        * pool
    )
    return meetings_per_month * conversion


# --- Calibration: the status quo is the model's steady state ---------------------------


def calibrate(p: Any, sq: Any, ops: Ops) -> SimpleNamespace:
    """Steady state of the status quo ``sq`` and the constants that make it one.

    Observed status-quo figures (customers, churn, satisfaction, burnout, turnover,
    deals per meeting) are coefficients; the intercepts and scales below are derived
    so that the status quo levers hold every stock exactly still.
    """
    c = SimpleNamespace()
    c.sellers = sq.sellers
    c.quit_rate = p.seller_turnover_0 / MONTHS_PER_YEAR
    ramp = ramp_months(sq, p)
    c.ramping = c.quit_rate * sq.sellers / (1.0 / ramp + c.quit_rate)
    c.experienced = sq.sellers - c.ramping
    c.skill = skill_target(sq, p, ops)
    # ``+ 0.0 * c.skill`` gives a stock the batch's shape when its coefficient is a
    # plain float (on the float backend it is a no-op).
    c.burnout = p.burnout_0 + 0.0 * c.skill
    k_eff = effective_skill(
        c.experienced, c.ramping, c.skill, ramp_skill_factor(sq, p, ops), c.burnout, p
    )
    load = meeting_load(sq.meetings_per_seller_per_week, k_eff, p, ops)
    quality = meeting_quality(load, p, ops)
    c.burnout_intercept = (
        logit(p.burnout_0, ops)
        - p.burnout_load_sensitivity * load
        + p.burnout_development_relief * sq.development
    )
    c.csat = p.csat_0 + 0.0 * c.skill
    c.csat_intercept = p.csat_0 - (
        p.csat_meeting_weight * quality
        + p.csat_skill_weight * k_eff
        + p.csat_relationship_weight * sq.relationship_time_share
        - p.csat_burnout_weight * p.burnout_0
    )
    c.job_satisfaction = p.job_satisfaction_0 + 0.0 * c.skill
    c.job_satisfaction_intercept = p.job_satisfaction_0 - (
        p.job_satisfaction_development_weight * sq.development
        + p.job_satisfaction_skill_weight * k_eff
        - p.job_satisfaction_burnout_weight * p.burnout_0
    )
    activity = effective_activity(
        sq.meetings_per_seller_per_week, time_off_share(sq, p), p.burnout_0, p
    )
    c.conversion_scale = p.deals_per_meeting_0 / (
        k_eff * quality * (1.0 - p.relationship_pitch_cost * sq.relationship_time_share)
    )
    deals = sq.sellers * activity * WEEKS_PER_MONTH * p.deals_per_meeting_0
    c.customers = p.customers_0 + 0.0 * c.skill
    c.new_customer_share = p.churn_rate_0 * p.customers_0 / deals
    c.churn_quality = p.quality_churn_share_0 * p.churn_rate_0 / (1.0 - p.csat_0)
    c.churn_other = (1.0 - p.quality_churn_share_0) * p.churn_rate_0
    c.avoiders = p.avoid_share * p.churn_rate_0 * p.customers_0 * p.avoid_months
    c.prospects = p.market_prospects - p.customers_0 - c.avoiders
    c.mentions = (
        p.quality_churn_share_0 * p.churn_rate_0 * p.customers_0 * p.share_who_tell * p.people_told
    )
    c.reputation = 1.0 + 0.0 * c.skill
    return c


# --- One month ----------------------------------------------------------------------------

STATE = (
    "experienced",
    "ramping",
    "skill",
    "burnout",
    "csat",
    "job_satisfaction",
    "customers",
    "avoiders",
    "reputation",
)
"""The stocks, carried from month to month."""


def initial_state(cal: SimpleNamespace, sellers: Any) -> dict[str, Any]:
    """Status quo stocks, with the team in post at month 0 scaled to ``sellers``."""
    scale = sellers / cal.sellers
    state = {name: getattr(cal, name) for name in STATE}
    state["experienced"] = cal.experienced * scale
    state["ramping"] = cal.ramping * scale
    return state


@dataclass(frozen=True)
class LeverTerms:
    """What a month's levers imply, computed once per distinct set of lever values."""

    meetings: Any
    sellers: Any
    relationship: Any
    development: Any
    time_off: Any
    skill_goal: Any
    ramp_months: Any
    ramp_factor: Any
    pitch_factor: Any


def lever_terms(lev: Any, p: Any, ops: Ops) -> LeverTerms:
    return LeverTerms(
        meetings=lev.meetings_per_seller_per_week,
        sellers=lev.sellers,
        relationship=lev.relationship_time_share,
        development=lev.development,
        time_off=time_off_share(lev, p),
        skill_goal=skill_target(lev, p, ops),
        ramp_months=ramp_months(lev, p),
        ramp_factor=ramp_skill_factor(lev, p, ops),
        pitch_factor=1.0 - p.relationship_pitch_cost * lev.relationship_time_share,
    )


def month(
    s: dict[str, Any], lt: LeverTerms, p: Any, cal: SimpleNamespace, ops: Ops
) -> tuple[tuple[Any, ...], dict[str, Any]]:
    """This month's outputs (in :data:`OUTPUTS` order) from stocks ``s`` and levers ``lt``,
    and next month's stocks."""
    experienced, ramping, burnout = s["experienced"], s["ramping"], s["burnout"]
    csat, customers, reputation = s["csat"], s["customers"], s["reputation"]
    js, avoiders = s["job_satisfaction"], s["avoiders"]
    team = experienced + ramping
    skill = effective_skill(experienced, ramping, s["skill"], lt.ramp_factor, burnout, p)
    load = meeting_load(lt.meetings, skill, p, ops)
    quality = meeting_quality(load, p, ops)
    activity = effective_activity(lt.meetings, lt.time_off, burnout, p)
    pool = ops.maximum(0.0, p.market_prospects - customers - avoiders) / cal.prospects
    deals = new_deals(
        team, activity, skill, quality, reputation, pool, lt.relationship,
        cal.conversion_scale, p,
    )
    churn_rate = cal.churn_other + cal.churn_quality * (1.0 - csat)
    churned = churn_rate * customers
    dissatisfied = cal.churn_quality * (1.0 - csat) * customers
    mentions = dissatisfied * p.share_who_tell * p.people_told
    out = (
        deals * p.deal_value_nok,  # sales_nok
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
    )

    # Stocks move towards their targets with first-order delays.
    burnout_goal = logistic(
        cal.burnout_intercept
        + p.burnout_load_sensitivity * load
        - p.burnout_development_relief * lt.development,
        ops,
    )
    csat_goal = clip01(
        cal.csat_intercept
        + p.csat_meeting_weight * quality
        + p.csat_skill_weight * skill
        + p.csat_relationship_weight * lt.relationship
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
        0.1,
        1.0
        + p.reputation_csat_weight * (csat / p.csat_0 - 1.0)
        - p.reputation_mentions_weight * (mentions / cal.mentions - 1.0),
    )
    quit_rate = ops.minimum(
        0.5,
        cal.quit_rate
        * ops.exp(
            p.turnover_burnout_sensitivity * (burnout - p.burnout_0)
            - p.turnover_job_satisfaction_sensitivity * (js - p.job_satisfaction_0)
        ),
    )
    graduates = ramping / lt.ramp_months
    staying = team * (1.0 - quit_rate)
    hires = ops.maximum(0.0, lt.sellers - staying)
    layoff = ops.minimum(1.0, lt.sellers / (staying + _TINY))
    nxt = {
        "experienced": (experienced * (1.0 - quit_rate) + graduates) * layoff,
        "ramping": (ramping * (1.0 - quit_rate) - graduates + hires) * layoff,
        "skill": s["skill"] + (lt.skill_goal - s["skill"]) / p.skill_lag_months,
        "burnout": burnout + (burnout_goal - burnout) / p.burnout_lag_months,
        "csat": csat + (csat_goal - csat) / p.csat_lag_months,
        "job_satisfaction": js + (js_goal - js) / p.job_satisfaction_lag_months,
        "customers": customers + deals * cal.new_customer_share - churned,
        "avoiders": avoiders + p.avoid_share * churned - avoiders / p.avoid_months,
        "reputation": reputation + (reputation_goal - reputation) / p.reputation_lag_months,
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
    "new_deals",
]
