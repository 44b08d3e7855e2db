"""Your team's figures in and out: the form, the link, the export and readable messages.

Pure (no streamlit). :class:`rik.model.calibration.Team` validates itself and raises ``ValueError``
in English naming field, value and range; here those become a :class:`TeamProblem`
(field, kind, value, range) that :func:`describe` writes in the user's language, so a
Norwegian page never shows an English exception.

- :func:`team_from_form` builds a team from the form's values (shares in percent, sales
  given directly or as deals a month times the average deal value, satisfaction as a
  CSAT share or as NPS converted by :func:`csat_from_nps`).
- :func:`to_param` / :func:`from_param` put a team in one compact URL parameter
  (``team=6_14_0.2_3_0.3_0.1_650000_30000_250_3_0.8_0.5``: the six levers in
  :data:`rik.LEVER_NAMES` order, then :data:`rik.model.calibration.FIELDS` in order; model units).
- :func:`with_habits` and :func:`story_team`: the firm the self-assessment runs on.
- :func:`plan_on_team` carries a story plan (a preset) onto a team: what the plan keeps
  at the story firm's status quo stays at the team's, what it changes is set as the
  plan sets it, and the team size scales with the team.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rik import fmt
from rik.i18n import t
from rik.model import core
from rik.model.assumptions import Assumptions
from rik.model.calibration import FIELDS, Team, coefficients
from rik.model.levers import (
    LEVER_NAMES,
    Change,
    FieldError,
    Levers,
    Scenario,
    lever_label,
    lever_meta,
)
from rik.model.presets import status_quo

TEAM_PARAM = "team"
PARAM_ORDER: tuple[str, ...] = (*LEVER_NAMES, *FIELDS)
"""The numbers of the ``team`` URL parameter, in order."""
SEPARATOR = "_"
MAX_PARAM_CHARS = 200

NPS_RULE = (-100.0, 100.0)
"""NPS runs from −100 to +100; :func:`csat_from_nps` maps it linearly onto a share."""

FORM_RANGES: dict[str, tuple[float, float]] = {
    "deals_per_month": (0.1, 10_000.0),
    "nps": NPS_RULE,
}
"""Figures the form asks for that a :class:`Team` does not hold (converted before)."""

SHARE_FIELDS = ("csat", "burnout")
"""Team figures entered in percent on the form (stored as fractions)."""


def csat_from_nps(nps: float) -> float:
    """The stated rule: a CSAT share of ``0.5 + NPS / 200`` (NPS −100 → 0 %, 0 → 50 %,
    +100 → 100 %), kept inside the plausible range of ``csat``."""
    low, high = FIELDS["csat"]
    return min(high, max(low, 0.5 + float(nps) / 200.0))


def nps_from_csat(csat: float) -> float:
    """The inverse of :func:`csat_from_nps` (a share of 0.8 → NPS +60), inside −100..+100:
    switching the form from CSAT to NPS converts the figure instead of starting at 0."""
    low, high = NPS_RULE
    return min(high, max(low, (float(csat) - 0.5) * 200.0))


@dataclass(frozen=True)
class TeamProblem(Exception):
    """Why figures cannot be a team: ``field`` and ``kind``, with what the user gave."""

    field: str
    kind: str  # not_a_number | whole | range | lost_ge_customers | churn_too_low |
    #            churn_too_high | lost_gt_deals | deals_per_meeting | missing | format | other
    value: float | str | None = None
    low: float | None = None
    high: float | None = None

    def __str__(self) -> str:
        return f"{self.field}: {self.kind} ({self.value!r})"


def _range(field: str) -> tuple[float | None, float | None]:
    if field in FIELDS:
        return FIELDS[field]
    if field in FORM_RANGES:
        return FORM_RANGES[field]
    if field in LEVER_NAMES:
        meta = lever_meta(field)
        return float(meta["min"]), float(meta["max"])
    return None, None


def problem_from(error: ValueError) -> TeamProblem:
    """The problem a model type refused a value with (its :class:`rik.model.levers.FieldError`
    says which field, what kind and the value); any other error is ``other``."""
    if not isinstance(error, FieldError):
        return TeamProblem("team", "other", None)
    low, high = _range(error.field)
    return TeamProblem(error.field, error.kind, error.value,
                       low if error.low is None else error.low,
                       high if error.high is None else error.high)


def field_label(field: str, lang: str) -> str:
    """What the form calls ``field`` (a lever by its own label)."""
    if field in LEVER_NAMES:
        return lever_label(field, lang)
    return t(f"team.fields.{field}.label", lang)


def _shown(field: str, value: float | None, lang: str) -> str:
    if value is None:
        return "–"
    if field in SHARE_FIELDS or (field in LEVER_NAMES and
                                 lever_meta(field).get("display") == "percent"):
        return fmt.percent(value, lang)
    if field in ("sales_nok", "deal_value_nok"):
        return fmt.nok(value, lang)
    return fmt.number(value, lang, 0 if float(value).is_integer() else 1)


def describe(problem: TeamProblem, lang: str) -> str:
    """One sentence in ``lang`` saying what is wrong and what would do."""
    value = problem.value
    shown_value = (_shown(problem.field, value, lang) if isinstance(value, float)
                   and math.isfinite(value) else str(value)[:20] if value is not None else "")
    return t(
        f"team.errors.{problem.kind}",
        lang,
        field=field_label(problem.field, lang) if problem.field != "team" else "",
        value=shown_value,
        low=_shown(problem.field, problem.low, lang),
        high=_shown(problem.field, problem.high, lang),
    )


def check(team: Team, assumptions: Assumptions) -> None:
    """Raise :class:`TeamProblem` when the model cannot hold ``team`` still."""
    from rik.model.simulate import (
        simulate,  # here: rik.simulate imports rik.model.calibration, not this
    )

    try:
        coefficients(team, assumptions)
        simulate(Scenario("baseline", team.levers), assumptions, 1, team=team)
    except ValueError as error:
        raise problem_from(error) from None


def make_team(levers: Mapping[str, Any], figures: Mapping[str, Any],
              assumptions: Assumptions | None = None) -> Team:
    """A :class:`Team` from levers and figures (model units), or :class:`TeamProblem`."""
    try:
        team = Team(levers=Levers(**dict(levers)), **dict(figures))
    except TypeError:
        raise TeamProblem("team", "missing") from None
    except ValueError as error:
        raise problem_from(error) from None
    if assumptions is not None:
        check(team, assumptions)
    return team


def team_from_form(values: Mapping[str, Any], assumptions: Assumptions | None = None) -> Team:
    """The team the form describes.

    ``values``: the six levers (model units: shares as fractions), ``sales_mode``
    (``sales``: ``sales_nok`` given; ``deals``: ``deals_per_month`` times
    ``deal_value_nok``), ``deal_value_nok``, ``customers``, ``lost_per_month``,
    ``satisfaction_mode`` (``csat`` share or ``nps``), ``burnout`` (share).
    """
    for field in ("deals_per_month", "nps"):
        mode = values.get("sales_mode") if field == "deals_per_month" else values.get(
            "satisfaction_mode")
        if mode != ("deals" if field == "deals_per_month" else "nps"):
            continue
        number = values.get(field)
        low, high = FORM_RANGES[field]
        if isinstance(number, bool) or not isinstance(number, int | float) or not math.isfinite(
                number):
            raise TeamProblem(field, "not_a_number", None, low, high)
        if not low <= number <= high:
            raise TeamProblem(field, "range", float(number), low, high)
    sales = (values.get("deals_per_month", 0) * values.get("deal_value_nok", 0)
             if values.get("sales_mode") == "deals" else values.get("sales_nok"))
    csat = (csat_from_nps(values["nps"]) if values.get("satisfaction_mode") == "nps"
            else values.get("csat"))
    figures = {
        "sales_nok": sales,
        "deal_value_nok": values.get("deal_value_nok"),
        "customers": values.get("customers"),
        "lost_per_month": values.get("lost_per_month"),
        "csat": csat,
        "burnout": values.get("burnout"),
    }
    return make_team({n: values.get(n) for n in LEVER_NAMES}, figures, assumptions)


def form_values(team: Team) -> dict[str, Any]:
    """The form's values that rebuild ``team`` (sales given directly, CSAT as a share);
    the other two figures converted from them, so switching either shows the same team
    (deals a month and NPS rounded to two decimals)."""
    return {**team.levers.to_dict(), "sales_mode": "sales", "satisfaction_mode": "csat",
            **{f: getattr(team, f) for f in FIELDS},
            "deals_per_month": round(team.sales_nok / team.deal_value_nok, 2),
            "nps": round(nps_from_csat(team.csat), 2)}


# --- The link ------------------------------------------------------------------------------


def _url_number(value: float) -> str:
    number = float(value)
    if number.is_integer():
        return str(int(number))
    return repr(round(number, 6))


def to_param(team: Team) -> str:
    """``team`` as one URL value (exact for the values the form produces)."""
    data = team.levers.to_dict() | {f: getattr(team, f) for f in FIELDS}
    return SEPARATOR.join(_url_number(data[name]) for name in PARAM_ORDER)


def from_param(text: Any, assumptions: Assumptions | None = None) -> Team:
    """The team in a ``team`` URL value, or :class:`TeamProblem` (never another error)."""
    if not isinstance(text, str) or not text.strip() or len(text) > MAX_PARAM_CHARS:
        raise TeamProblem("team", "format", None)
    parts = text.strip().split(SEPARATOR)
    if len(parts) != len(PARAM_ORDER):
        raise TeamProblem("team", "format", None)
    numbers: dict[str, float] = {}
    for name, part in zip(PARAM_ORDER, parts, strict=True):
        try:
            number = float(part.strip().replace(",", "."))
        except ValueError:
            low, high = _range(name)
            raise TeamProblem(name, "not_a_number", part[:20], low, high) from None
        if not math.isfinite(number):
            low, high = _range(name)
            raise TeamProblem(name, "not_a_number", part[:20], low, high)
        numbers[name] = number
    levers = {n: numbers[n] for n in LEVER_NAMES}
    return make_team(levers, {f: numbers[f] for f in FIELDS}, assumptions)


# --- A story plan on the team --------------------------------------------------------------


def _on_team(name: str, value: float, team: Team) -> float | int:
    """A story plan's lever value for ``team``: team size and meetings as the same
    multiple of the team's own (the numbers game doubles the team's meetings, the
    catalyst raises them by the same share); other levers as the story sets them, or the
    team's own where the story keeps its status quo."""
    story = getattr(status_quo(), name)
    if name in ("sellers", "meetings_per_seller_per_week"):
        meta = lever_meta(name)
        scaled = round(getattr(team.levers, name) * float(value) / story)
        return type(getattr(team.levers, name))(min(max(scaled, meta["min"]), meta["max"]))
    if value == story:
        return getattr(team.levers, name)
    return value


def plan_on_team(scenario: Scenario, team: Team | None) -> Scenario:
    """``scenario`` (a plan for the story's firm) carried onto ``team`` (unchanged if None)."""
    if team is None:
        return scenario
    levers = Levers(**{n: _on_team(n, getattr(scenario.levers, n), team) for n in LEVER_NAMES})
    changes = tuple(Change(month=c.month, lever=c.lever, value=_on_team(c.lever, c.value, team))
                    for c in scenario.changes)
    return Scenario(name=scenario.name, levers=levers, changes=changes)


def with_habits(team: Team, levers: Levers, assumptions: Assumptions | None = None,
                skill: float | None = None) -> Team:
    """``team``'s figures with ``levers`` as today's habits (the self-assessment's answers)
    and ``skill`` as its sellers' starting skill (``None``: the set's): its "current
    habits" are then the status quo and hold still. :class:`TeamProblem` when the figures
    do not fit those habits (more deals than meetings, say)."""
    figures = {f: getattr(team, f) for f in FIELDS} | {"skill": skill}
    return make_team(levers.to_dict(), figures, assumptions)


def story_team(levers: Levers, assumptions: Assumptions, skill: float | None = None) -> Team:
    """A team with ``levers`` as today's habits at the story firm's rates: the set's deals
    per meeting held, deal value, churn, satisfaction and burnout, and as many customers
    per meeting held as the story firm has. What the self-assessment runs on when the
    user has given no figures of their own (the story firm itself would start from its
    own habits, so the answers' "current habits" would not be a status quo)."""
    p = assumptions

    def held(lev: Levers) -> float:  # meetings held a month by the whole team
        activity = core.effective_activity(lev.meetings_per_seller_per_week,
                                           core.time_off_share(lev, p), p.burnout_0, p)
        return lev.sellers * activity * core.WEEKS_PER_MONTH

    customers = p.customers_0 * held(levers) / held(status_quo())
    figures = {"sales_nok": p.deals_per_meeting_0 * held(levers) * p.deal_value_nok,
               "deal_value_nok": p.deal_value_nok, "customers": customers,
               "lost_per_month": p.churn_rate_0 * customers, "csat": p.csat_0,
               "burnout": p.burnout_0, "skill": skill}
    return make_team(levers.to_dict(), figures, assumptions)


# --- The export ----------------------------------------------------------------------------


def to_export(team: Team) -> dict[str, Any]:
    """The team as the scenario export writes it (model units)."""
    return team.to_dict()


def from_export(data: Any, assumptions: Assumptions | None = None) -> Team:
    """A team from the scenario export, or :class:`TeamProblem`."""
    if not isinstance(data, Mapping) or not isinstance(data.get("levers"), Mapping):
        raise TeamProblem("team", "format", None)
    unknown = set(data) - {"levers", *FIELDS}
    if unknown or set(data["levers"]) - set(LEVER_NAMES):
        raise TeamProblem("team", "format", None)
    return make_team(data["levers"], {f: data.get(f) for f in FIELDS}, assumptions)


__all__ = [
    "FORM_RANGES",
    "NPS_RULE",
    "PARAM_ORDER",
    "SHARE_FIELDS",
    "TEAM_PARAM",
    "TeamProblem",
    "check",
    "csat_from_nps",
    "describe",
    "field_label",
    "form_values",
    "from_export",
    "from_param",
    "make_team",
    "nps_from_csat",
    "plan_on_team",
    "problem_from",
    "story_team",
    "team_from_form",
    "to_export",
    "to_param",
    "with_habits",
]
