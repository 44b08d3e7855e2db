"""Run the model: one scenario to a DataFrame, or many parameter sets at once with numpy."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from rik.model import core
from rik.model.assumptions import Assumptions, load_assumptions
from rik.model.calibration import Team, coefficients
from rik.model.levers import DEFAULT_MONTHS, LEVER_NAMES, MAX_MONTHS, Levers, Scenario, check_number
from rik.model.presets import status_quo

COLUMNS = core.OUTPUTS


def _check_months(months: Any) -> int:
    number = check_number("months", months, 1, MAX_MONTHS)
    if number != int(number):
        raise ValueError(f"months ({months!r}) must be a whole number between 1 and {MAX_MONTHS}")
    return int(number)


def _firm(
    assumptions: Assumptions, team: Team | None
) -> tuple[dict[str, float], Levers]:
    """Coefficient values and status-quo levers: the story's firm, or ``team``'s."""
    values = assumptions.values()
    if team is None:
        return values, status_quo()
    if not isinstance(team, Team):
        raise ValueError(f"team ({team!r}) must be a rik.model.calibration.Team")
    return values | coefficients(team, assumptions), team.levers


@lru_cache(maxsize=64)
def _prepared(
    assumptions: Assumptions, team: Team | None = None
) -> tuple[SimpleNamespace, SimpleNamespace, SimpleNamespace]:
    """Coefficients as a plain namespace (fast attribute access), the status-quo levers
    and the calibration (of the story's firm, or of ``team``)."""
    values, levers = _firm(assumptions, team)
    p = SimpleNamespace(**values)
    sq = SimpleNamespace(**levers.to_dict())
    cal = core.calibrate(p, sq, core.FLOAT)
    if not 0.0 < cal.new_customer_share <= 1.0:
        raise ValueError(
            f"deals_per_meeting_0 ({p.deals_per_meeting_0!r}) is too low to replace the "
            "customers the status quo loses each month"
        )
    if cal.prospects <= 0:
        raise ValueError(
            f"market_prospects ({p.market_prospects!r}) must exceed customers and avoiders"
        )
    return p, sq, cal


def _lever_plan(
    scenario: Scenario, months: int, p: SimpleNamespace, sq: SimpleNamespace
) -> list[core.LeverTerms]:
    """Lever terms in force each month; month 0 is the status quo (team included).

    Months with the same levers share one :class:`core.LeverTerms` (computed once).
    """
    plan = [core.lever_terms(sq, p, sq, core.FLOAT)]
    current = core.lever_terms(scenario.levers, p, sq, core.FLOAT)
    pending = list(scenario.changes)
    for month in range(1, months + 1):
        if pending and pending[0].month <= month:
            current = core.lever_terms(scenario.levers_at(month), p, sq, core.FLOAT)
            pending = [c for c in pending if c.month > month]
        plan.append(current)
    return plan


def _rows(
    scenario: Scenario, assumptions: Assumptions | None, months: int, team: Team | None = None
) -> list[tuple[float, ...]]:
    """The model core: one tuple of outputs (in :data:`COLUMNS` order) per month."""
    if not isinstance(scenario, Scenario):
        raise ValueError(f"scenario ({scenario!r}) must be a rik.Scenario")
    months = _check_months(months)
    p, sq, cal = _prepared(
        assumptions if assumptions is not None else load_assumptions("article"), team
    )
    plan = _lever_plan(scenario, months, p, sq)
    state = core.initial_state(cal)
    rows = []
    month = core.month
    ops = core.FLOAT
    for lt in plan:
        out, state = month(state, lt, p, cal, ops)
        rows.append(out)
    return rows


def run(
    scenario: Scenario,
    assumptions: Assumptions | None = None,
    months: int = DEFAULT_MONTHS,
    team: Team | None = None,
) -> dict[str, list[float]]:
    """The model core: one scenario as columns of floats (no pandas)."""
    rows = _rows(scenario, assumptions, months, team)
    return dict(zip(COLUMNS, map(list, zip(*rows, strict=True)), strict=True))


def simulate(
    scenario: Scenario,
    assumptions: Assumptions | None = None,
    months: int = DEFAULT_MONTHS,
    team: Team | None = None,
) -> pd.DataFrame:
    """Simulate ``scenario`` month by month.

    Returns a DataFrame indexed by ``month`` (0..months) with the columns of
    :data:`COLUMNS` (units in ``docs/model.md``). Month 0 is the status quo before the
    plan starts; the plan's levers act from month 1. ``assumptions=None`` means the
    ``article`` set. ``team`` makes a real team the status quo
    (:mod:`rik.model.calibration`) instead
    of the story's firm; the set's mechanism strengths act on it.
    """
    rows = _rows(scenario, assumptions, months, team)
    return pd.DataFrame(
        np.array(rows, dtype=float),
        columns=pd.Index(COLUMNS),
        index=pd.RangeIndex(len(rows), name="month"),
    )


def assumptions_arrays(
    assumptions: Assumptions, overrides: Mapping[str, Any] | None = None, n: int = 1
) -> dict[str, Any]:
    """Coefficient values for a batch: floats, with ``overrides`` as arrays of length ``n``."""
    values: dict[str, Any] = dict(assumptions.values())
    for key, value in (overrides or {}).items():
        if key not in values:
            raise ValueError(f"unknown coefficient {key!r}")
        values[key] = np.broadcast_to(np.asarray(value, dtype=float), (n,))
    return values


def simulate_batch(
    levers: Mapping[str, Any],
    assumptions: Assumptions | Mapping[str, Any] | None = None,
    months: int = DEFAULT_MONTHS,
    n: int | None = None,
    team: Team | None = None,
) -> dict[str, np.ndarray]:
    """Run many parameter sets at once with the same equations as :func:`simulate`.

    ``levers`` maps each lever name to a float, an array of shape ``(n,)`` (the same all
    plan long) or ``(months + 1, n)`` (a plan; row 0 is ignored: month 0 is the status
    quo, team included). ``assumptions`` is an :class:`Assumptions` or a mapping of
    coefficient values, floats or arrays of shape ``(n,)``. Returns each output as an
    array ``(months + 1, n)``. Inputs are not range-checked here (speed); callers draw
    them from valid ranges. ``team``: as in :func:`simulate` (its status-quo figures
    replace the set's, so they must not also vary in ``assumptions``).
    """
    months = _check_months(months)
    if assumptions is None:
        assumptions = load_assumptions("article")
    if isinstance(assumptions, Assumptions):
        values, sq = _firm(assumptions, team)
    else:
        values, sq = dict(assumptions), status_quo()
        if team is not None:  # each draw calibrated to the team's own figures
            if not isinstance(team, Team):
                raise ValueError(f"team ({team!r}) must be a rik.model.calibration.Team")
            values |= coefficients(team, SimpleNamespace(**values))
            sq = team.levers
    unknown = sorted(set(levers) - set(LEVER_NAMES))
    if unknown:
        raise ValueError(f"unknown lever {unknown[0]!r}")
    if n is None:
        sizes = [np.shape(v)[-1] for v in [*levers.values(), *values.values()] if np.ndim(v)]
        n = max(sizes, default=1)
    p = SimpleNamespace(
        **{k: np.broadcast_to(np.asarray(v, dtype=float), (n,)) for k, v in values.items()}
    )
    sq_ns = SimpleNamespace(**sq.to_dict())
    cal = core.calibrate(p, sq_ns, core.ARRAY)
    default = sq.to_dict()
    plans = {}
    for name in LEVER_NAMES:
        value = np.asarray(levers.get(name, default[name]), dtype=float)
        plans[name] = np.broadcast_to(value, (months + 1, n)) if value.ndim < 2 else value
        if plans[name].shape != (months + 1, n):
            raise ValueError(
                f"{name}: shape {plans[name].shape} must be ({months + 1}, {n}) or ({n},)"
            )
    start = {k: np.full(n, v, dtype=float) for k, v in sq.to_dict().items()}
    state = core.initial_state(cal)
    result = {name: np.empty((months + 1, n)) for name in COLUMNS}
    for t in range(months + 1):
        lev = SimpleNamespace(**start) if t == 0 else SimpleNamespace(
            **{name: plans[name][t] for name in LEVER_NAMES}
        )
        terms = core.lever_terms(lev, p, sq_ns, core.ARRAY)
        out, state = core.month(state, terms, p, cal, core.ARRAY)
        for name, values in zip(COLUMNS, out, strict=True):
            result[name][t] = values
    return result


__all__ = ["COLUMNS", "assumptions_arrays", "run", "simulate", "simulate_batch"]
