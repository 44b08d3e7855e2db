"""Goal seek: the cheapest plans that reach a sales target within the user's limits.

**The question.** Which constant plan (lever values held from month 1) makes sales at
``target_month`` at least ``target_ratio`` × the status quo's (same month, same
coefficients), while

- burnout is at most ``burnout_max`` at the target month and never rises above
  ``max(burnout_max, burnout at the start)`` on the way (a plan may start above a low
  limit, as the team does today, but may not make it worse);
- customer satisfaction is never below the status quo's in the same month (if asked);
- meetings per seller per week stay within ``[meetings_min, meetings_max]``;
- training + development hours per seller per month stay within ``budget_hours``.

The team size stays at the status quo's: a goal seek over hiring is a different
question (when does a new seller pay for itself? the calculator answers it).

**Cheapest** means the least money spent: the plan's **outlay** over months 1 to
``target_month`` = what the sales team costs under the plan minus what it costs at the
status quo, summed (:func:`outlay_nok`: trainers, development programmes, onboarding,
hiring; ``seller_cost_nok`` in ``docs/model.md``). That answers "what is the least I
must spend to reach the target?", not "what earns most" (a plan that reaches +10 %
should not be told to max out every lever). The plan's **net gain** (its contribution
minus the status quo's, summed to the target month: what the spending has earned back
by then) is shown beside it, and so is the quality time each plan takes (hours per
seller per month, :func:`cost_hours`), which also keeps the three plans apart:

- training: ``training_hours_per_month`` (time away from selling, as in the model);
- development: ``development × dev_hours_per_month`` (likewise);
- relationship time: ``relationship_time_share × relationship_pitch_cost ×
  selling_hours_per_week × WEEKS_PER_MONTH`` — listening instead of pitching gives up
  some of a meeting's closing power; counted as that share of a month's selling hours;
- onboarding: ``onboarding × hires per seller per month × hours per hire``, with hires
  per seller per month at the status quo turnover (``seller_turnover_0 / 12``) and a
  full programme costing a development plan's hours (``dev_hours_per_month``) for every
  month of the shortened ramp-up (``ramp_months_max × (1 − onboarding_ramp_cut)``).

**Search.** Lever values live on their widgets' step grid (so a plan loads into the
calculator exactly). A Latin-hypercube sample of ``candidates`` grid points within the
limits' box (training and development scaled down into the budget) runs in one
:func:`rik.simulate_batch` call; then a local search moves the cheapest feasible plans
(and the nearest misses) by up to ±1 step in every lever at once (3⁵ − 1 neighbours),
first with wider strides, until nothing cheaper turns up. The three cheapest *distinct*
plans (each at least ``min_apart`` meetings per week or hours per seller per month on
some quality lever away from the others) are re-checked with :func:`rik.simulate`.

**No plan?** Each limit is relaxed alone (burnout and satisfaction dropped, meetings and
budget opened to the lever ranges) and searched again; a limit whose relaxation gives
plans *binds*; when several do, the one needing the smallest relaxation (as a share of
its scale) is named. If no single relaxation helps, the binding limit is the most
violated one among the closest candidates (those with the smallest total violation),
which may be the target itself.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from rik.model.assumptions import Assumptions
from rik.model.calibration import Team
from rik.model.core import MONTHS_PER_YEAR, WEEKS_PER_MONTH
from rik.model.levers import (
    MAX_MONTHS,
    Levers,
    Scenario,
    check_number,
    lever_meta,
    lever_query,
)
from rik.model.presets import status_quo
from rik.model.simulate import simulate, simulate_batch

FREE_LEVERS: tuple[str, ...] = (
    "meetings_per_seller_per_week",
    "onboarding",
    "training_hours_per_month",
    "relationship_time_share",
    "development",
)
"""Levers the search moves; ``sellers`` stays at the status quo's team."""
LIMITS: tuple[str, ...] = ("burnout", "csat", "meetings", "budget")
"""Limits that can bind, in the order they are tried; ``target`` is named when none alone."""
DEFAULT_CANDIDATES = 20_000
DEFAULT_SEED = 7
_SLACK = 1e-9  # tolerance for rounding noise when comparing to a limit
_SEEDS = 16  # plans the local search moves from, per kind (feasible, near misses)
_STRIDES = (4, 2, 1)  # local-search step multipliers, widest first; the last repeats
_MAX_ROUNDS = 10
_CLOUD = 1500  # candidates kept for the trade-off chart


@dataclass(frozen=True)
class Goal:
    """A target and limits. ``None`` for ``burnout_max``/``budget_hours`` means no limit."""

    target_ratio: float = 1.4
    target_month: int = 12
    burnout_max: float | None = None
    csat_not_below_baseline: bool = True
    meetings_min: float = float(lever_meta("meetings_per_seller_per_week")["min"])
    meetings_max: float = float(lever_meta("meetings_per_seller_per_week")["max"])
    budget_hours: float | None = None

    def __post_init__(self) -> None:
        check_number("target_ratio", self.target_ratio, 0.0, 10.0)
        month = check_number("target_month", self.target_month, 1, MAX_MONTHS)
        if month != int(month):
            raise ValueError(f"target_month ({self.target_month!r}) must be a whole number")
        object.__setattr__(self, "target_month", int(month))
        if self.burnout_max is not None:
            check_number("burnout_max", self.burnout_max, 0.0, 1.0)
        meta = lever_meta("meetings_per_seller_per_week")
        low = check_number("meetings_min", self.meetings_min, meta["min"], meta["max"])
        high = check_number("meetings_max", self.meetings_max, meta["min"], meta["max"])
        if low > high:
            raise ValueError(
                f"meetings_min ({self.meetings_min!r}) must not exceed meetings_max "
                f"({self.meetings_max!r})"
            )
        if self.budget_hours is not None:
            check_number("budget_hours", self.budget_hours, 0.0, 1000.0)
        if not isinstance(self.csat_not_below_baseline, bool):
            raise ValueError(
                f"csat_not_below_baseline ({self.csat_not_below_baseline!r}) must be True or False"
            )

    def relaxed(self, limit: str) -> Goal:
        """This goal without ``limit`` (meetings and budget opened to the lever ranges)."""
        meta = lever_meta("meetings_per_seller_per_week")
        changes = {
            "burnout": {"burnout_max": None},
            "csat": {"csat_not_below_baseline": False},
            "meetings": {"meetings_min": float(meta["min"]), "meetings_max": float(meta["max"])},
            "budget": {"budget_hours": None},
        }
        if limit not in changes:
            raise ValueError(f"limit ({limit!r}) must be one of {', '.join(LIMITS)}")
        return Goal(**{**self.__dict__, **changes[limit]})


# --- Cost -------------------------------------------------------------------------------


def cost_rates(assumptions: Assumptions) -> dict[str, float]:
    """Hours per seller per month that one unit of each quality lever costs."""
    p = assumptions
    hires_per_seller_month = p["seller_turnover_0"] / MONTHS_PER_YEAR
    ramp_months = p["ramp_months_max"] * (1.0 - p["onboarding_ramp_cut"])
    return {
        "training_hours_per_month": 1.0,
        "development": p["dev_hours_per_month"],
        "relationship_time_share": (
            p["relationship_pitch_cost"] * p["selling_hours_per_week"] * WEEKS_PER_MONTH
        ),
        "onboarding": hires_per_seller_month * ramp_months * p["dev_hours_per_month"],
    }


def cost_breakdown(levers: Levers, assumptions: Assumptions) -> dict[str, float]:
    """Each quality lever's cost in hours per seller per month (see the module docs)."""
    return {name: getattr(levers, name) * rate for name, rate in cost_rates(assumptions).items()}


def cost_hours(levers: Levers, assumptions: Assumptions) -> float:
    """Quality time of a plan [hours per seller per month]."""
    return float(sum(cost_breakdown(levers, assumptions).values()))


def budget_hours_used(levers: Levers, assumptions: Assumptions) -> float:
    """Training + development hours per seller per month (what the budget limits)."""
    return levers.training_hours_per_month + levers.development * assumptions[
        "dev_hours_per_month"
    ]


# --- Results ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    """A plan's outcome against a goal, from one run."""

    ratio: float
    burnout_end: float
    burnout_peak: float
    csat_margin: float
    """Lowest (plan − status quo) satisfaction over the months; ≥ 0 means never below."""
    csat_gain: float
    """Plan − status quo satisfaction at the target month."""
    budget_hours: float
    outlay_nok: float
    """Plan's seller cost minus the status quo's, months 1..target month [NOK]."""
    net_gain_nok: float
    """Plan's contribution minus the status quo's, months 1..target month [NOK]."""
    meets: bool


@dataclass(frozen=True)
class Plan:
    """A plan that meets the goal, with its cost and its outcome (from ``rik.simulate``)."""

    levers: Levers
    cost_hours: float
    cost_breakdown: dict[str, float]
    check: Check

    @property
    def cost_nok(self) -> float:
        """What «cheapest» ranks by: the plan's outlay to the target month [NOK]."""
        return self.check.outlay_nok

    def query(self) -> dict[str, str]:
        """Each lever by its name, as URL text the calculator reads back exactly."""
        return lever_query(self.levers)

    def scenario(self, name: str = "custom") -> Scenario:
        return Scenario(name=name, levers=self.levers)


@dataclass(frozen=True)
class Binding:
    """The limit that keeps every plan out: relaxing it alone gives plans (``alone``)."""

    limit: str  # one of LIMITS, or "target"
    alone: bool
    needed: float | None = None
    """How far the limit must move: burnout share, satisfaction margin (negative),
    meetings per week, budget hours, or for ``target`` the best ratio found."""


@dataclass(frozen=True)
class GoalSeekResult:
    goal: Goal
    plans: tuple[Plan, ...]
    evaluated: int
    binding: Binding | None
    best_ratio: float
    """Highest sales ratio among candidates within every limit but the target."""
    cloud: pd.DataFrame = field(repr=False)
    """A sample of evaluated candidates: cost, ratio, burnout_end, meets."""
    baseline_sales: float = 0.0


# --- The grid ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Grid:
    low: np.ndarray  # lowest value of each free lever
    step: np.ndarray
    lo_index: np.ndarray  # allowed index range per lever (inclusive)
    hi_index: np.ndarray
    integer: np.ndarray

    def values(self, index: np.ndarray) -> np.ndarray:
        return np.round(self.low + index * self.step, 10)


def _grid(goal: Goal, assumptions: Assumptions) -> _Grid:
    low, step, lo_i, hi_i, integer = [], [], [], [], []
    for name in FREE_LEVERS:
        meta = lever_meta(name)
        lo, hi, st = float(meta["min"]), float(meta["max"]), float(meta["step"])
        top = round((hi - lo) / st)
        a, b = 0, top
        if name == "meetings_per_seller_per_week":
            a = math.ceil((goal.meetings_min - lo) / st - _SLACK)
            b = math.floor((goal.meetings_max - lo) / st + _SLACK)
        if goal.budget_hours is not None and name == "training_hours_per_month":
            b = min(b, math.floor((goal.budget_hours - lo) / st + _SLACK))
        if goal.budget_hours is not None and name == "development":
            hours = assumptions["dev_hours_per_month"]
            b = min(b, math.floor((goal.budget_hours / hours - lo) / st + _SLACK))
        low.append(lo)
        step.append(st)
        lo_i.append(a)
        hi_i.append(max(a, b))
        integer.append(meta.get("display") == "integer")
    return _Grid(
        np.array(low), np.array(step), np.array(lo_i), np.array(hi_i), np.array(integer)
    )


_TRAIN = FREE_LEVERS.index("training_hours_per_month")
_DEV = FREE_LEVERS.index("development")


def _fit_budget(index: np.ndarray, grid: _Grid, goal: Goal, dev_hours: float) -> np.ndarray:
    """Scale training and development down (onto the grid) where they exceed the budget."""
    if goal.budget_hours is None:
        return index
    values = grid.values(index)
    used = values[:, _TRAIN] + values[:, _DEV] * dev_hours
    over = used > goal.budget_hours + _SLACK
    if not over.any():
        return index
    scale = goal.budget_hours / used[over]
    index = index.copy()
    for col in (_TRAIN, _DEV):
        scaled = (values[over, col] * scale - grid.low[col]) / grid.step[col]
        index[over, col] = np.floor(scaled + _SLACK).astype(int)
    return np.clip(index, grid.lo_index, grid.hi_index)


def _latin_hypercube(rng: np.random.Generator, n: int, grid: _Grid) -> np.ndarray:
    dims = len(FREE_LEVERS)
    u = (rng.permuted(np.tile(np.arange(n), (dims, 1)), axis=1).T + rng.random((n, dims))) / n
    span = grid.hi_index - grid.lo_index + 1
    return grid.lo_index + np.minimum(np.floor(u * span).astype(int), span - 1)


# --- Evaluating candidates --------------------------------------------------------------


@dataclass
class _Pool:
    """Every candidate evaluated so far (grid indices and outcomes)."""

    index: np.ndarray
    ratio: np.ndarray
    burnout_end: np.ndarray
    burnout_peak: np.ndarray
    csat_margin: np.ndarray
    cost: np.ndarray
    budget: np.ndarray


def _evaluate(
    index: np.ndarray,
    grid: _Grid,
    goal: Goal,
    assumptions: Assumptions,
    baseline: dict[str, np.ndarray],
    team: Team | None = None,
) -> _Pool:
    values = grid.values(index)
    n = len(index)
    levers: dict[str, np.ndarray | float] = {
        name: values[:, i] for i, name in enumerate(FREE_LEVERS)
    }
    levers["sellers"] = float(_status_quo(team).sellers)
    m = goal.target_month
    out = simulate_batch(levers, assumptions, m, n, team=team)
    burnout = out["burnout_share"][1:]
    csat_gap = out["csat"][1:] - baseline["csat"][1:, None]
    cost = outlay_nok(out["seller_cost_nok"], baseline["seller_cost_nok"][:, None], m)
    budget = values[:, _TRAIN] + values[:, _DEV] * assumptions["dev_hours_per_month"]
    return _Pool(
        index=index,
        ratio=out["sales_nok"][m] / baseline["sales_nok"][m],
        burnout_end=burnout[-1],
        burnout_peak=burnout.max(axis=0),
        csat_margin=csat_gap.min(axis=0),
        cost=cost,
        budget=budget,
    )


def _merge(a: _Pool | None, b: _Pool) -> _Pool:
    if a is None:
        return b
    return _Pool(*(np.concatenate([x, y]) for x, y in zip(a.__dict__.values(),
                                                            b.__dict__.values(), strict=True)))


def _violations(
    pool: _Pool, goal: Goal, grid: _Grid, burnout_start: float
) -> dict[str, np.ndarray]:
    """Each limit's violation (0 when met) per candidate, in its own units."""
    zero = np.zeros_like(pool.ratio)
    out = {"target": np.maximum(zero, goal.target_ratio - pool.ratio)}
    if goal.burnout_max is None:
        out["burnout"] = zero
    else:
        ceiling = max(goal.burnout_max, burnout_start)
        out["burnout"] = np.maximum.reduce(
            [zero, pool.burnout_end - goal.burnout_max, pool.burnout_peak - ceiling]
        )
    out["csat"] = np.maximum(zero, -pool.csat_margin) if goal.csat_not_below_baseline else zero
    meetings = grid.values(pool.index)[:, 0]
    out["meetings"] = np.maximum.reduce(
        [zero, goal.meetings_min - meetings, meetings - goal.meetings_max]
    )
    out["budget"] = (
        zero if goal.budget_hours is None else np.maximum(zero, pool.budget - goal.budget_hours)
    )
    return out


def _scales(goal: Goal) -> dict[str, float]:
    """What one unit of each violation is worth when violations are compared."""
    meta = lever_meta("meetings_per_seller_per_week")
    return {
        "target": max(goal.target_ratio, _SLACK),
        "burnout": 1.0,
        "csat": 1.0,
        "meetings": float(meta["max"]) - float(meta["min"]),
        "budget": max(goal.budget_hours or 0.0, 1.0),
    }


def _meets(violations: dict[str, np.ndarray]) -> np.ndarray:
    return np.all([v <= _SLACK for v in violations.values()], axis=0)


def _encode(index: np.ndarray, grid: _Grid) -> np.ndarray:
    radix = (grid.hi_index + 1).astype(np.int64)
    code = np.zeros(len(index), dtype=np.int64)
    for i in range(index.shape[1]):
        code = code * radix[i] + index[:, i]
    return code


_OFFSETS = np.array(
    [o for o in itertools.product((-1, 0, 1), repeat=len(FREE_LEVERS)) if any(o)], dtype=int
)


def _search(
    goal: Goal,
    assumptions: Assumptions,
    baseline: dict[str, np.ndarray],
    candidates: int,
    seed: int,
    team: Team | None = None,
) -> tuple[_Pool, _Grid, dict[str, np.ndarray]]:
    grid = _grid(goal, assumptions)
    dev_hours = assumptions["dev_hours_per_month"]
    burnout_start = float(baseline["burnout_share"][0])
    rng = np.random.default_rng(seed)
    index = _fit_budget(_latin_hypercube(rng, candidates, grid), grid, goal, dev_hours)
    index = np.unique(index, axis=0)
    pool = _evaluate(index, grid, goal, assumptions, baseline, team)
    seen = set(_encode(index, grid).tolist())
    scales = _scales(goal)
    best = math.inf
    strides = list(_STRIDES) + [_STRIDES[-1]] * (_MAX_ROUNDS - len(_STRIDES))
    for stride in strides:
        viol = _violations(pool, goal, grid, burnout_start)
        meets = _meets(viol)
        total = sum(v / scales[k] for k, v in viol.items())
        cheapest = np.flatnonzero(meets)[np.argsort(pool.cost[meets], kind="stable")][:_SEEDS]
        cap = pool.cost[cheapest[0]] if len(cheapest) else math.inf
        near = np.flatnonzero(~meets & (pool.cost < cap))
        near = near[np.argsort(total[near], kind="stable")][:_SEEDS]
        seeds = pool.index[np.concatenate([cheapest, near])]
        moves = (seeds[:, None, :] + stride * _OFFSETS[None, :, :]).reshape(-1, len(FREE_LEVERS))
        moves = np.clip(moves, grid.lo_index, grid.hi_index)
        moves = np.unique(_fit_budget(moves, grid, goal, dev_hours), axis=0)
        codes = _encode(moves, grid)
        fresh = np.fromiter((c not in seen for c in codes.tolist()), dtype=bool, count=len(codes))
        if fresh.any():
            seen.update(codes[fresh].tolist())
            pool = _merge(pool, _evaluate(moves[fresh], grid, goal, assumptions, baseline, team))
        meets = _meets(_violations(pool, goal, grid, burnout_start))
        new_best = float(pool.cost[meets].min()) if meets.any() else math.inf
        stalled = not fresh.any() or (math.isfinite(new_best) and new_best >= best - _SLACK)
        if stride == _STRIDES[-1] and stalled:
            break
        best = min(best, new_best)
    return pool, grid, _violations(pool, goal, grid, burnout_start)


# --- Checking a plan with rik.simulate --------------------------------------------------


def outlay_nok(plan: np.ndarray, base: np.ndarray, month: int) -> np.ndarray:
    """The plan's seller cost minus the status quo's over months 1..``month`` [NOK]: what
    the plan spends (on seller cost arrays; on contribution arrays, swapped, it is the
    net gain)."""
    plan, base = np.asarray(plan, dtype=float), np.asarray(base, dtype=float)
    return (plan[1 : month + 1] - base[1 : month + 1]).sum(axis=0)


def check_plan(
    levers: Levers, goal: Goal, assumptions: Assumptions, team: Team | None = None
) -> Check:
    """A plan's outcome against ``goal`` from :func:`rik.simulate` (the reference path);
    ``team``: the user's team as the firm (``rik.model.calibration``), else the story's."""
    m = goal.target_month
    run = simulate(Scenario(name="plan", levers=levers), assumptions, m, team=team)
    base = simulate(Scenario(name="baseline", levers=_status_quo(team)), assumptions, m,
                    team=team)
    burnout = run["burnout_share"].iloc[1:]
    gap = (run["csat"] - base["csat"]).iloc[1:]
    margin = float(gap.min())
    ratio = float(run["sales_nok"].iloc[m] / base["sales_nok"].iloc[m])
    budget = budget_hours_used(levers, assumptions)
    start = float(base["burnout_share"].iloc[0])
    meets = ratio >= goal.target_ratio - _SLACK
    if goal.burnout_max is not None:
        ceiling = max(goal.burnout_max, start)
        meets &= float(burnout.iloc[-1]) <= goal.burnout_max + _SLACK
        meets &= float(burnout.max()) <= ceiling + _SLACK
    if goal.csat_not_below_baseline:
        meets &= margin >= -_SLACK
    meetings = levers.meetings_per_seller_per_week
    meets &= goal.meetings_min - _SLACK <= meetings <= goal.meetings_max + _SLACK
    if goal.budget_hours is not None:
        meets &= budget <= goal.budget_hours + _SLACK
    return Check(
        ratio=ratio,
        burnout_end=float(burnout.iloc[-1]),
        burnout_peak=float(burnout.max()),
        csat_margin=margin,
        csat_gain=float(gap.iloc[-1]),
        budget_hours=budget,
        outlay_nok=float(
            outlay_nok(run["seller_cost_nok"].to_numpy(), base["seller_cost_nok"].to_numpy(), m)
        ),
        net_gain_nok=float(
            outlay_nok(run["contribution_nok"].to_numpy(), base["contribution_nok"].to_numpy(), m)
        ),
        meets=bool(meets),
    )


def _status_quo(team: Team | None) -> Levers:
    """The firm's levers today: the story's status quo, or the team's."""
    return status_quo() if team is None else team.levers


def _levers(values: np.ndarray, team: Team | None = None) -> Levers:
    data = {name: float(v) for name, v in zip(FREE_LEVERS, values, strict=True)}
    return _status_quo(team).replace(**data)


def _spend(values: np.ndarray, assumptions: Assumptions) -> np.ndarray:
    """Per candidate: meetings per week, then hours on each quality lever (cost order)."""
    rates = cost_rates(assumptions)
    columns = [values[:, 0]]
    columns += [values[:, FREE_LEVERS.index(name)] * rate for name, rate in rates.items()]
    return np.stack(columns, axis=1)


def _pick(
    pool: _Pool,
    meets: np.ndarray,
    grid: _Grid,
    assumptions: Assumptions,
    count: int,
    apart: float,
) -> list[int]:
    """The cheapest candidates that meet the goal, each distinct from those before.

    Distinct: at least ``apart`` meetings per week, or ``apart`` hours per seller per
    month on some quality lever, away from every plan already chosen (so plans that
    differ only by a sliver of onboarding do not crowd out a different recipe).
    """
    order = np.flatnonzero(meets)
    order = order[np.lexsort((-pool.ratio[order], pool.cost[order]))]
    spend = _spend(grid.values(pool.index[order]), assumptions)
    chosen: list[int] = []
    for k in range(len(order)):
        if all(np.max(np.abs(spend[k] - spend[j])) >= apart - _SLACK for j in chosen):
            chosen.append(k)
        if len(chosen) == count:
            break
    return [int(order[k]) for k in chosen]


def _baseline(
    assumptions: Assumptions, months: int, team: Team | None = None
) -> dict[str, np.ndarray]:
    run = simulate_batch(_status_quo(team).to_dict(), assumptions, months, 1, team=team)
    return {k: v[:, 0] for k, v in run.items()}


def _cloud(pool: _Pool, meets: np.ndarray, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    keep = np.arange(len(pool.cost))
    if len(keep) > _CLOUD:
        keep = np.sort(rng.choice(keep, _CLOUD, replace=False))
    return pd.DataFrame(
        {
            "cost": pool.cost[keep],
            "ratio": pool.ratio[keep],
            "burnout_end": pool.burnout_end[keep],
            "meets": meets[keep],
        }
    )


def _binding(
    goal: Goal,
    assumptions: Assumptions,
    baseline: dict[str, np.ndarray],
    pool: _Pool,
    viol: dict[str, np.ndarray],
    candidates: int,
    seed: int,
    team: Team | None = None,
) -> Binding:
    scales = _scales(goal)
    burnout_start = float(baseline["burnout_share"][0])
    found: list[tuple[float, Binding]] = []
    for limit in LIMITS:
        relaxed = goal.relaxed(limit)
        if relaxed == goal:
            continue
        r_pool, r_grid, _ = _search(relaxed, assumptions, baseline, candidates, seed, team)
        r_viol = _violations(r_pool, goal, r_grid, burnout_start)
        others = [v <= _SLACK for k, v in r_viol.items() if k != limit]
        ok = np.all(others, axis=0)
        if not ok.any():
            continue
        i = np.flatnonzero(ok)[np.argmin(r_viol[limit][ok])]
        needed = _needed(limit, goal, r_pool, r_grid, i, burnout_start)
        found.append((float(r_viol[limit][i]) / scales[limit], Binding(limit, True, needed)))
    if found:
        return min(found, key=lambda pair: pair[0])[1]
    total = sum(v / scales[k] for k, v in viol.items())
    closest = np.argsort(total, kind="stable")[:_SEEDS]
    share = {k: float(np.mean(v[closest])) / scales[k] for k, v in viol.items()}
    limit = max(share, key=lambda k: share[k])
    within = np.all([v <= _SLACK for k, v in viol.items() if k != "target"], axis=0)
    best = float(pool.ratio[within].max()) if within.any() else None
    needed = best if limit == "target" else None
    return Binding(limit, False, needed)


def _needed(
    limit: str, goal: Goal, pool: _Pool, grid: _Grid, i: int, burnout_start: float
) -> float:
    if limit == "burnout":
        peak = float(pool.burnout_peak[i])
        return max(float(pool.burnout_end[i]), peak if peak > burnout_start else 0.0)
    if limit == "csat":
        return float(pool.csat_margin[i])
    if limit == "meetings":
        return float(grid.values(pool.index[i : i + 1])[0, 0])
    return float(pool.budget[i])


def goal_seek(
    goal: Goal,
    assumptions: Assumptions,
    candidates: int = DEFAULT_CANDIDATES,
    count: int = 3,
    min_apart: float = 4.0,
    seed: int = DEFAULT_SEED,
    team: Team | None = None,
) -> GoalSeekResult:
    """The ``count`` cheapest distinct plans that meet ``goal``, or the limit that binds.

    ``team``: the user's team as the firm (``rik.model.calibration``; plans keep its team size and
    are measured against its status quo), else the story's firm."""
    if not isinstance(goal, Goal):
        raise ValueError(f"goal ({goal!r}) must be a rik.analysis.goalseek.Goal")
    n = check_number("candidates", candidates, 50, 200_000)
    if n != int(n):
        raise ValueError(f"candidates ({candidates!r}) must be a whole number")
    baseline = _baseline(assumptions, goal.target_month, team)
    pool, grid, viol = _search(goal, assumptions, baseline, int(n), seed, team)
    meets = _meets(viol)
    plans = []
    for i in _pick(pool, meets, grid, assumptions, count, min_apart):
        levers = _levers(grid.values(pool.index[i : i + 1])[0], team)
        check = check_plan(levers, goal, assumptions, team)
        if check.meets:
            plans.append(
                Plan(levers, cost_hours(levers, assumptions),
                     cost_breakdown(levers, assumptions), check)
            )
    within = np.all([v <= _SLACK for k, v in viol.items() if k != "target"], axis=0)
    best_ratio = float(pool.ratio[within].max()) if within.any() else float("nan")
    binding = None
    if not plans:
        binding = _binding(goal, assumptions, baseline, pool, viol, max(50, int(n) // 4), seed,
                           team)
    return GoalSeekResult(
        goal=goal,
        plans=tuple(plans),
        evaluated=len(pool.cost),
        binding=binding,
        best_ratio=best_ratio,
        cloud=_cloud(pool, meets, seed),
        baseline_sales=float(baseline["sales_nok"][goal.target_month]),
    )


__all__ = [
    "DEFAULT_CANDIDATES",
    "FREE_LEVERS",
    "LIMITS",
    "Binding",
    "Check",
    "Goal",
    "GoalSeekResult",
    "Plan",
    "budget_hours_used",
    "check_plan",
    "cost_breakdown",
    "cost_hours",
    "cost_rates",
    "outlay_nok",
    "goal_seek",
]
