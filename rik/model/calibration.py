"""Your team as the status quo: the model calibrated to a real team's figures.

The story's firm is one status quo; a sales leader's own team is another. A
:class:`Team` holds what a sales leader knows or can estimate (today's levers, sales,
deal value, customers, customers lost, satisfaction, burnout). :func:`coefficients`
turns it into the status-quo coefficients of an assumption set, by the same steady-state
calibration the story's firm uses (``rik.model.core.calibrate``): the team's figures hold still
when nothing changes, and the chosen set's mechanism strengths act on them.

A team may also carry its sellers' starting ``skill`` (the self-assessment sets it from the
questionnaire's K score, ``rik.team.assessment.skill_from_k``); without one the team's
sellers are as skilled as the story firm's (the set's ``skill_0``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

import numpy as np

from rik.model import core
from rik.model.levers import FieldError, Levers, check_number
from rik.model.presets import status_quo

FIELDS: dict[str, tuple[float, float]] = {
    "sales_nok": (10_000.0, 100_000_000.0),
    "deal_value_nok": (1_000.0, 10_000_000.0),
    "customers": (5.0, 100_000.0),
    "lost_per_month": (0.0, 10_000.0),
    "csat": (0.05, 0.99),
    "burnout": (0.01, 0.95),
}
"""The team's figures and their plausible ranges (units in :class:`Team`)."""

SKILL_RANGE: tuple[float, float] = (0.05, 0.95)
"""The plausible range of a team's optional starting ``skill`` (the model's 0–1 scale)."""

MAX_CHURN_PER_MONTH = 0.2
"""More than a fifth of the customers lost every month is not a firm that holds still."""
MIN_CHURN_PER_MONTH = 1 / 240
"""Fewer than one customer in 240 lost a month (customers staying over 20 years on
average) is not a firm we can calibrate: the book of fees grows without bound as churn
goes to zero (each deal's fee lasts as long as its customer)."""


@dataclass(frozen=True)
class Team:
    """A team's status quo. Money in NOK per month; shares as fractions (0..1).

    ``levers`` are today's habits (team size, meetings, training, ...); the others are
    figures: ``sales_nok`` [NOK/month, value of new deals], ``deal_value_nok`` [NOK/deal,
    first-year value], ``customers`` [active customers], ``lost_per_month`` [customers
    lost a month], ``csat`` [share satisfied], ``burnout`` [share of sellers burned out],
    ``skill`` [0..1, experienced sellers' skill today; ``None``: the set's ``skill_0``].
    """

    levers: Levers
    sales_nok: float
    deal_value_nok: float
    customers: float
    lost_per_month: float
    csat: float
    burnout: float
    skill: float | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.levers, Levers):
            raise ValueError(f"levers ({self.levers!r}) must be rik.Levers")
        for name, (low, high) in FIELDS.items():
            object.__setattr__(self, name, check_number(name, getattr(self, name), low, high))
        if self.skill is not None:
            object.__setattr__(self, "skill", check_number("skill", self.skill, *SKILL_RANGE))
        problem = contradiction(self)
        if problem is not None:
            raise problem

    def to_dict(self) -> dict[str, Any]:
        """Plain values; ``skill`` only when the team has one."""
        return {"levers": self.levers.to_dict(),
                **{f.name: getattr(self, f.name) for f in fields(self)
                   if f.name != "levers" and getattr(self, f.name) is not None}}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Team:
        if not isinstance(data, Mapping):
            raise ValueError(f"team ({data!r}) must be a mapping")
        unknown = sorted(set(data) - {"levers", "skill", *FIELDS})
        if unknown:
            raise ValueError(f"unknown team field {unknown[0]!r}")
        missing = sorted({"levers", *FIELDS} - set(data))
        if missing:
            raise ValueError(f"team field {missing[0]!r} is missing")
        return cls(levers=Levers.from_dict(data["levers"]), skill=data.get("skill"),
                   **{k: data[k] for k in FIELDS})


def deals_per_month(team: Team) -> float:
    return team.sales_nok / team.deal_value_nok


def meetings_per_month(team: Team, assumptions: Any) -> Any:
    """Meetings the team holds a month at the status quo (after time off and burnout)."""
    p = assumptions
    held = core.effective_activity(
        team.levers.meetings_per_seller_per_week,
        core.time_off_share(team.levers, p),
        team.burnout,
        p,
    )
    return team.levers.sellers * held * core.WEEKS_PER_MONTH


def contradiction(team: Team) -> FieldError | None:
    """Why the figures cannot describe a firm that holds still (a :class:`FieldError` on
    ``lost_per_month`` of kind ``lost_ge_customers``, ``churn_too_low``, ``churn_too_high``
    or ``lost_gt_deals``), or ``None``."""
    lost, customers = team.lost_per_month, team.customers

    def refused(kind: str, message: str, low: float | None = None,
                high: float | None = None) -> FieldError:
        return FieldError(f"lost_per_month ({lost:g}) {message}", field="lost_per_month",
                          kind=kind, value=lost, low=low, high=high)

    if lost >= customers:
        return refused("lost_ge_customers", f"must be fewer than the customers ({customers:g})",
                       high=customers)
    if lost < MIN_CHURN_PER_MONTH * customers:
        return refused("churn_too_low", f"is less than one customer in "
                       f"{1 / MIN_CHURN_PER_MONTH:.0f} ({customers:g}) a month",
                       low=MIN_CHURN_PER_MONTH * customers)
    if lost > MAX_CHURN_PER_MONTH * customers:
        return refused("churn_too_high", f"is more than {MAX_CHURN_PER_MONTH:.0%} of the "
                       f"customers ({customers:g}) a month", high=MAX_CHURN_PER_MONTH * customers)
    if lost > deals_per_month(team):
        return refused("lost_gt_deals", f"must not exceed the deals won a month "
                       f"({deals_per_month(team):.3g} = sales_nok / deal_value_nok)",
                       high=deals_per_month(team))
    return None


def coefficients(team: Team, assumptions: Any) -> dict[str, Any]:
    """The status-quo coefficients that make ``team`` the model's steady state.

    ``assumptions`` is an :class:`Assumptions` or a namespace of coefficient values, floats
    or numpy arrays (a batch of draws: each draw is calibrated to the team).

    Mechanism strengths stay the set's; the market is as deep, relative to the customers,
    as the story firm's; the meeting load scales with the team's meetings per seller
    against the story firm's (a team at twice the meetings starts overloaded). A team with
    its own ``skill`` starts its sellers there; its load at the status quo stays the one
    its meetings give (how stretched sellers are today is what a leader observes, and the
    model's capacity rule then acts on any change of skill from there).
    """
    reference = status_quo()
    p = assumptions
    per_meeting = deals_per_month(team) / meetings_per_month(team, assumptions)
    worst = float(np.max(per_meeting))
    if not (np.min(per_meeting) > 0.0 and worst <= 1.0):
        raise FieldError(
            f"sales_nok ({team.sales_nok:g}) means {worst:.3g} deals per meeting held; "
            "it must be between 0 and 1", field="sales_nok", kind="deals_per_meeting",
            value=team.sales_nok)
    churn = team.lost_per_month / team.customers
    load = p.meeting_load_0 * (
        team.levers.meetings_per_seller_per_week / reference.meetings_per_seller_per_week
    )
    skill = {}
    if team.skill is not None:
        skill = {"skill_0": team.skill + 0.0 * p.skill_0}  # a batch's shape
    return {
        "customers_0": team.customers,
        "churn_rate_0": churn,
        "csat_0": team.csat,
        "burnout_0": team.burnout,
        "deal_value_nok": team.deal_value_nok,
        "deals_per_meeting_0": per_meeting,
        "market_prospects": team.customers * p.market_prospects / p.customers_0,
        "meeting_load_0": load,
        **skill,
    }


__all__ = ["FIELDS", "MAX_CHURN_PER_MONTH", "MIN_CHURN_PER_MONTH", "SKILL_RANGE", "Team",
           "coefficients", "contradiction",
           "deals_per_month", "meetings_per_month"]
