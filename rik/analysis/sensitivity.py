"""One-at-a-time sensitivity (a tornado): which assumptions and levers move a result most?

For a chosen output at a chosen month, each coefficient is set to its ``low`` and then
its ``high`` (every other coefficient at the set's value), and each lever is moved one
widget step down and one step up (clipped to its range; a plan's later changes move
with it). The change in the output against the unchanged scenario is a bar; bars are
sorted by their larger absolute change (the *swing*). All runs are one
:func:`rik.simulate_batch` call; :func:`shifted_scenario` and
:meth:`rik.Assumptions.with_values` give the same runs one at a time with
:func:`rik.simulate` (the tests compare the two).

Outputs are the model's columns plus ``sales_vs_baseline``: the scenario's sales ÷ the
status quo's sales at the same month with the same coefficients (1.40 = +40 %). That is
the question the article asks; a coefficient that scales all sales alike (the value of a
deal) moves sales in kroner a lot and the +40 % not at all.

With a ``team`` (:mod:`rik.model.calibration`) every run is calibrated to the team's figures, the
status quo is its habits, and the coefficients the team's own figures replace (its
customers, churn, satisfaction, burnout, deal value, deals per meeting:
:func:`team_fixed`) have no bar: they are the team's, not an assumption.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import SimpleNamespace

import numpy as np
import pandas as pd

from rik.analysis.uncertainty import lever_plan
from rik.model.assumptions import Assumptions
from rik.model.calibration import Team, deals_per_month, meetings_per_month
from rik.model.calibration import coefficients as team_coefficients
from rik.model.levers import LEVER_NAMES, MAX_MONTHS, Change, Scenario, check_number, lever_meta
from rik.model.presets import status_quo
from rik.model.simulate import simulate, simulate_batch

RATIO = "sales_vs_baseline"
OUTPUTS: tuple[str, ...] = (
    RATIO,
    "sales_nok",
    "csat",
    "burnout_share",
    "job_satisfaction",
    "customers",
)
"""Outputs a tornado can be drawn for."""
RELATIVE_OUTPUTS: frozenset[str] = frozenset({"sales_nok", "customers"})
"""Outputs whose changes read best relative to their level (%); the rest in points."""
COLUMNS: tuple[str, ...] = (
    "key",
    "kind",
    "low_input",
    "high_input",
    "base_input",
    "base_value",
    "low_value",
    "high_value",
    "low_delta",
    "high_delta",
    "swing",
)


def _clip_to_lever(name: str, value: float) -> float | int:
    meta = lever_meta(name)
    value = min(max(value, float(meta["min"])), float(meta["max"]))
    value = round(value, 10)
    return int(round(value)) if meta.get("display") == "integer" else value


def shifted_scenario(scenario: Scenario, lever: str, steps: int) -> Scenario:
    """``scenario`` with ``lever`` moved ``steps`` widget steps at every month (clipped)."""
    if lever not in LEVER_NAMES:
        raise ValueError(f"lever ({lever!r}) must be one of {', '.join(LEVER_NAMES)}")
    step = float(lever_meta(lever)["step"])
    levers = scenario.levers.replace(
        **{lever: _clip_to_lever(lever, getattr(scenario.levers, lever) + steps * step)}
    )
    changes = tuple(
        Change(c.month, c.lever, _clip_to_lever(lever, c.value + steps * step))
        if c.lever == lever
        else c
        for c in scenario.changes
    )
    return Scenario(name=scenario.name, levers=levers, changes=changes)


def output_value(
    scenario: Scenario, assumptions: Assumptions, output: str, month: int,
    team: Team | None = None,
) -> float:
    """``output`` at ``month`` from one :func:`rik.simulate` run (the reference path)."""
    frame = simulate(scenario, assumptions, month, team=team)
    if output == RATIO:
        levers = status_quo() if team is None else team.levers
        base = simulate(Scenario(name="baseline", levers=levers), assumptions, month, team=team)
        return float(frame["sales_nok"].iloc[month] / base["sales_nok"].iloc[month])
    return float(frame[output].iloc[month])


def _check(output: str, month: int) -> int:
    if output not in OUTPUTS:
        raise ValueError(f"output ({output!r}) must be one of {', '.join(OUTPUTS)}")
    number = check_number("month", month, 1, MAX_MONTHS)
    if number != int(number):
        raise ValueError(f"month ({month!r}) must be a whole number between 1 and 60")
    return int(number)


def _stack_plans(plans: list[dict[str, np.ndarray]]) -> dict[str, np.ndarray | float]:
    """Per-column lever plans as ``(months + 1, n)`` arrays (a float when all equal)."""
    levers: dict[str, np.ndarray | float] = {}
    for name in LEVER_NAMES:
        columns = np.stack([plan[name] for plan in plans], axis=1)
        levers[name] = float(columns[0, 0]) if np.all(columns == columns[0, 0]) else columns
    return levers


def team_fixed(team: Team, assumptions: Assumptions) -> frozenset[str]:
    """Coefficients whose value the team's own figures set whatever the set says (moving
    them in the set changes nothing on the team); the scaled ones (market depth, meeting
    load) still count."""
    values = assumptions.values()
    ranges = {c.key: (c.low, c.high) for c in assumptions}
    calibrated = team_coefficients(team, SimpleNamespace(**values))
    fixed = set()
    for key in calibrated:
        moved = [team_coefficients(team, SimpleNamespace(**(values | {key: end})))[key]
                 for end in ranges.get(key, ()) if _team_fits(team, values | {key: end})]
        if all(np.allclose(m, calibrated[key]) for m in moved):
            fixed.add(key)
    return frozenset(fixed)


def _team_fits(team: Team, values: Mapping[str, float]) -> bool:
    per_meeting = deals_per_month(team) / meetings_per_month(team, SimpleNamespace(**values))
    return bool(0.0 < per_meeting <= 1.0)


def tornado(
    scenario: Scenario,
    assumptions: Assumptions,
    output: str = RATIO,
    month: int = 12,
    team: Team | None = None,
) -> pd.DataFrame:
    """One row per coefficient (with a range) and per lever, sorted by swing, largest first.

    Columns: ``key``, ``kind`` (``coefficient`` | ``lever``), ``low_input`` /
    ``high_input`` (the values tried), ``base_input``, ``base_value`` (the output as the
    scenario stands), ``low_value`` / ``high_value``, ``low_delta`` / ``high_delta``
    (value − base, in the output's units) and ``swing`` (the larger absolute delta).

    With ``team``: the runs are on the team (see the module); a coefficient is left out
    when it is one of :func:`team_fixed`, or when an end of its range leaves the team's
    deals more than its meetings.
    """
    if not isinstance(scenario, Scenario):
        raise ValueError(f"scenario ({scenario!r}) must be a rik.Scenario")
    if team is not None and not isinstance(team, Team):
        raise ValueError(f"team ({team!r}) must be a rik.model.calibration.Team")
    month = _check(output, month)
    values = assumptions.values()
    fixed = team_fixed(team, assumptions) if team is not None else frozenset()
    rows: list[dict] = []
    overrides: list[Mapping[str, float]] = [{}]
    plans = [lever_plan(scenario, month)]
    for c in assumptions:
        if c.high <= c.low or c.key in fixed:
            continue
        if team is not None and not all(
            _team_fits(team, values | {c.key: end}) for end in (c.low, c.high)
        ):
            continue
        rows.append(
            {"key": c.key, "kind": "coefficient", "low_input": c.low, "high_input": c.high,
             "base_input": c.value}
        )
        overrides += [{c.key: c.low}, {c.key: c.high}]
        plans += [plans[0], plans[0]]
    for name in LEVER_NAMES:
        down, up = shifted_scenario(scenario, name, -1), shifted_scenario(scenario, name, 1)
        rows.append(
            {"key": name, "kind": "lever", "low_input": float(getattr(down.levers, name)),
             "high_input": float(getattr(up.levers, name)),
             "base_input": float(getattr(scenario.levers, name))}
        )
        overrides += [{}, {}]
        plans += [lever_plan(down, month), lever_plan(up, month)]

    n = len(overrides)
    coefficients: dict[str, np.ndarray | float] = dict(values)
    for key in {k for o in overrides for k in o}:
        column = np.full(n, values[key])
        for i, override in enumerate(overrides):
            if key in override:
                column[i] = override[key]
        coefficients[key] = column
    out = simulate_batch(_stack_plans(plans), coefficients, month, n, team=team)
    if output == RATIO:
        levers = (status_quo() if team is None else team.levers).to_dict()
        base = simulate_batch(levers, coefficients, month, n, team=team)
        result = out["sales_nok"][month] / base["sales_nok"][month]
    else:
        result = out[output][month]

    base_value = float(result[0])
    frame = pd.DataFrame(rows)
    frame["base_value"] = base_value
    frame["low_value"] = result[1::2]
    frame["high_value"] = result[2::2]
    frame["low_delta"] = frame["low_value"] - base_value
    frame["high_delta"] = frame["high_value"] - base_value
    frame["swing"] = np.maximum(frame["low_delta"].abs(), frame["high_delta"].abs())
    frame = frame.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)
    return frame[list(COLUMNS)]


__all__ = [
    "COLUMNS",
    "OUTPUTS",
    "RATIO",
    "RELATIVE_OUTPUTS",
    "output_value",
    "shifted_scenario",
    "team_fixed",
    "tornado",
]
