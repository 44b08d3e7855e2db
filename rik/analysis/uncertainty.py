"""Monte Carlo over the assumption ranges: how sure is a scenario's result?

Every coefficient with a range (``low < high`` in ``data/``) is drawn independently from a
**triangular distribution** on ``[low, high]`` with its mode at the set's value: the value
is the most likely, the ends of the range are possible but rare, and nothing falls
outside the range. Coefficients with ``low == high`` stay fixed. Draws come from
``numpy.random.default_rng(seed)`` by inverse-CDF on one uniform per coefficient and run,
so the same ``(assumptions, n_draws, seed)`` always gives exactly the same draws.

Each draw runs the scenario *and* the status quo (``baseline``) with the same
coefficients (:func:`rik.simulate_batch`), so "sales at least 40 % above baseline" is
judged within a draw, not between two different worlds.

With a ``team`` (:mod:`rik.model.calibration`) the status quo is the team's: each draw's mechanisms
are calibrated to the team's own figures, so every run starts from the team's month 0
and the baseline is the team's habits kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import numpy as np
import pandas as pd

from rik.model import core
from rik.model.assumptions import Assumptions
from rik.model.calibration import Team, coefficients, deals_per_month, meetings_per_month
from rik.model.levers import DEFAULT_MONTHS, LEVER_NAMES, MAX_MONTHS, Scenario, check_number
from rik.model.presets import status_quo
from rik.model.simulate import simulate, simulate_batch

OUTPUTS: tuple[str, ...] = ("sales_nok", "csat", "burnout_share")
"""The outputs whose spread is summarised."""
PERCENTILES: tuple[int, ...] = (5, 25, 50, 75, 95)
"""Median, the 50 % band (25–75) and the 90 % band (5–95)."""
BAND_COLUMNS: tuple[str, ...] = tuple(f"p{q}" for q in PERCENTILES)
WHO: tuple[str, ...] = ("scenario", "baseline")
DEFAULT_DRAWS = 1000
MAX_DRAWS = 10_000
DEFAULT_SEED = 2024
DEFAULT_TARGET_MONTH = 12
DEFAULT_TARGET_RATIO = 1.4
"""The article's claim: sales 40 % above the status quo at month 12."""
_SAME = 1e-9  # burnout within this of its start counts as "not above" (rounding noise)


@dataclass(frozen=True)
class MonteCarloResult:
    """Percentile bands per month and the chances that matter, for a scenario and baseline.

    ``bands[who][output]`` is a DataFrame indexed by month with columns ``p5 p25 p50 p75
    p95`` (``who`` is ``"scenario"`` or ``"baseline"``). ``deterministic[who]`` is the
    plain :func:`rik.simulate` run with the set's own values.
    """

    scenario_name: str
    n_draws: int
    valid_draws: int
    seed: int
    months: int
    target_month: int
    target_ratio: float
    bands: dict[str, dict[str, pd.DataFrame]]
    deterministic: dict[str, pd.DataFrame]
    p_sales_target: float
    """Share of draws where scenario sales at ``target_month`` ≥ ratio × baseline's."""
    p_burnout_up: float
    """Share of draws where the scenario's burnout at the last month exceeds month 0's."""
    ratio_percentiles: dict[str, float]
    """Scenario ÷ baseline sales at ``target_month``, percentiles ``p5 … p95``."""


def _check_int(name: str, value: object, low: int, high: int) -> int:
    number = check_number(name, value, low, high)
    if number != int(number):
        raise ValueError(f"{name} ({value!r}) must be a whole number between {low} and {high}")
    return int(number)


def triangular_inverse(u: np.ndarray, low: np.ndarray, mode: np.ndarray, high: np.ndarray):
    """Inverse CDF of the triangular distribution; a zero-width range returns ``low``."""
    width = high - low
    left = mode - low
    right = high - mode
    with np.errstate(invalid="ignore", divide="ignore"):
        split = np.where(width > 0, left / np.where(width > 0, width, 1.0), 0.0)
    lower = low + np.sqrt(u * width * left)
    upper = high - np.sqrt((1.0 - u) * width * right)
    return np.where(u < split, lower, upper)


def draw_coefficients(assumptions: Assumptions, n_draws: int, seed: int) -> dict[str, np.ndarray]:
    """``n_draws`` seeded draws of every mechanism coefficient (triangular on low..high, mode =
    value). The firm's own status-quo figures (group ``status_quo``) are held at their
    values: they describe the firm the question is about, not how sure a mechanism is.
    Month-0 sales still vary a little between runs (about ±4 %), where a drawn mechanism
    changes how many meetings the status quo holds (time off, burnout's toll)."""
    n_draws = _check_int("n_draws", n_draws, 1, MAX_DRAWS)
    seed = _check_int("seed", seed, 0, 2**32 - 1)
    coefficients = list(assumptions)
    held = np.array([c.group == "status_quo" for c in coefficients])
    mode = np.array([c.value for c in coefficients])
    low = np.where(held, mode, np.array([c.low for c in coefficients]))
    high = np.where(held, mode, np.array([c.high for c in coefficients]))
    u = np.random.default_rng(seed).random((n_draws, len(coefficients)))
    values = triangular_inverse(u, low, mode, high)
    return {c.key: values[:, i] for i, c in enumerate(coefficients)}


def lever_plan(scenario: Scenario, months: int) -> dict[str, np.ndarray]:
    """The levers in force each month 0..months (row 0 = the scenario's start) as arrays."""
    rows = [scenario.levers_at(m).to_dict() for m in range(months + 1)]
    return {name: np.array([row[name] for row in rows], dtype=float) for name in LEVER_NAMES}


def valid_draws(values: dict[str, np.ndarray], team: Team | None = None) -> np.ndarray:
    """Draws whose status quo (the story firm's, or ``team``'s calibrated to the draw)
    can be a steady state (same checks as :func:`rik.simulate`)."""
    n = len(next(iter(values.values())))
    p = _namespace(values, n)
    ok = np.ones(n, dtype=bool)
    if team is not None:  # the team's deals must fit the meetings this draw holds
        per_meeting = deals_per_month(team) / np.asarray(meetings_per_month(team, p))
        ok = np.broadcast_to((per_meeting > 0.0) & (per_meeting <= 1.0), (n,)).copy()
        if not ok.any():
            return ok
        m = int(ok.sum())
        kept = {k: np.broadcast_to(np.asarray(v, dtype=float), (n,))[ok]
                for k, v in values.items()}
        p = _namespace(kept | coefficients(team, _namespace(kept, m)), m)
    sq = _namespace((status_quo() if team is None else team.levers).to_dict(),
                    int(ok.sum()))
    cal = core.calibrate(p, sq, core.ARRAY)
    ok[ok] = (
        (cal.new_customer_share > 0.0) & (cal.new_customer_share <= 1.0) & (cal.prospects > 0.0)
    )
    return ok


def _namespace(values: dict, n: int) -> SimpleNamespace:
    return SimpleNamespace(
        **{k: np.broadcast_to(np.asarray(v, dtype=float), (n,)) for k, v in values.items()}
    )


_STEADY_CHECK_RUNS = 256  # draws re-run in full to confirm the baseline is a steady state
_STEADY_TOLERANCE = 1e-9  # relative drift allowed before the full baseline run is used


def _baseline_runs(
    draws: dict[str, np.ndarray], months: int, n: int, team: Team | None = None
) -> dict[str, np.ndarray]:
    """Baseline outputs per draw, ``(months + 1, n)`` for each of :data:`OUTPUTS`.

    The model starts from the status quo's equilibrium, so each draw's baseline holds
    its month-0 values all plan long; that halves the work. The shortcut is checked on
    the first draws run in full, and if any drifts, every draw is run in full instead.
    """
    levers = (status_quo() if team is None else team.levers).to_dict()
    k = min(n, _STEADY_CHECK_RUNS)
    sample = simulate_batch(levers, {key: v[:k] for key, v in draws.items()}, months, k,
                            team=team)
    steady = all(
        np.max(np.abs(sample[o] / sample[o][0] - 1.0)) <= _STEADY_TOLERANCE for o in OUTPUTS
    )
    if not steady:
        full = simulate_batch(levers, draws, months, n, team=team)
        return {o: full[o] for o in OUTPUTS}
    start = simulate_batch(levers, draws, 1, n, team=team)
    return {o: np.broadcast_to(start[o][0], (months + 1, n)) for o in OUTPUTS}


def _scenario_levers(scenario: Scenario, months: int, n: int) -> dict[str, np.ndarray]:
    """Lever values for the batch: a float when constant, else a ``(months + 1, n)`` plan."""
    levers: dict[str, np.ndarray] = {}
    for name, column in lever_plan(scenario, months).items():
        if np.all(column == column[0]):
            levers[name] = column[0]
        else:
            levers[name] = np.broadcast_to(column[:, None], (months + 1, n))
    return levers


def _percentiles(values: np.ndarray, index: pd.Index, constant: bool) -> pd.DataFrame:
    if constant:
        q = np.percentile(values[0], PERCENTILES)
        q = np.broadcast_to(q, (len(index), len(PERCENTILES)))
    else:
        q = np.percentile(values, PERCENTILES, axis=1).T
    return pd.DataFrame(q, index=index, columns=list(BAND_COLUMNS))


def run_monte_carlo(
    scenario: Scenario,
    assumptions: Assumptions,
    n_draws: int = DEFAULT_DRAWS,
    seed: int = DEFAULT_SEED,
    months: int = DEFAULT_MONTHS,
    target_month: int = DEFAULT_TARGET_MONTH,
    target_ratio: float = DEFAULT_TARGET_RATIO,
    team: Team | None = None,
) -> MonteCarloResult:
    """Run ``scenario`` and baseline ``n_draws`` times over drawn coefficients (on ``team``'s
    status quo when one is given: its figures held, each draw calibrated to them).

    Bad input (not a Scenario, n_draws outside 1..10,000, a target month beyond the
    horizon) raises ``ValueError`` naming the value.
    """
    if not isinstance(scenario, Scenario):
        raise ValueError(f"scenario ({scenario!r}) must be a rik.Scenario")
    n_draws = _check_int("n_draws", n_draws, 1, MAX_DRAWS)
    months = _check_int("months", months, 1, MAX_MONTHS)
    target_month = _check_int("target_month", target_month, 1, months)
    target_ratio = check_number("target_ratio", target_ratio, 0.0, 10.0)
    if team is not None and not isinstance(team, Team):
        raise ValueError(f"team ({team!r}) must be a rik.model.calibration.Team")
    draws = draw_coefficients(assumptions, n_draws, seed)
    ok = valid_draws(draws, team)
    draws = {k: v[ok] for k, v in draws.items()}
    n = int(ok.sum())
    if n == 0:
        raise ValueError("no draw of the assumption ranges gives a valid status quo")
    out = simulate_batch(_scenario_levers(scenario, months, n), draws, months, n, team=team)
    base = _baseline_runs(draws, months, n, team)

    bands: dict[str, dict[str, pd.DataFrame]] = {who: {} for who in WHO}
    index = pd.RangeIndex(months + 1, name="month")
    for output in OUTPUTS:
        bands["scenario"][output] = _percentiles(out[output], index, constant=False)
        constant = base[output].strides[0] == 0
        bands["baseline"][output] = _percentiles(base[output], index, constant=constant)

    ratio = out["sales_nok"][target_month] / base["sales_nok"][target_month]
    burnout = out["burnout_share"]
    ratio_q = np.percentile(ratio, PERCENTILES)
    baseline_scenario = Scenario(
        name="baseline", levers=status_quo() if team is None else team.levers)
    return MonteCarloResult(
        scenario_name=scenario.name,
        n_draws=n_draws,
        valid_draws=n,
        seed=int(seed),
        months=months,
        target_month=target_month,
        target_ratio=float(target_ratio),
        bands=bands,
        deterministic={
            "scenario": simulate(scenario, assumptions, months, team=team),
            "baseline": simulate(baseline_scenario, assumptions, months, team=team),
        },
        p_sales_target=float(np.mean(ratio >= target_ratio)),
        p_burnout_up=float(np.mean(burnout[-1] > burnout[0] + _SAME)),
        ratio_percentiles=dict(zip(BAND_COLUMNS, map(float, ratio_q), strict=True)),
    )


__all__ = [
    "BAND_COLUMNS",
    "DEFAULT_DRAWS",
    "DEFAULT_SEED",
    "MAX_DRAWS",
    "OUTPUTS",
    "PERCENTILES",
    "MonteCarloResult",
    "draw_coefficients",
    "lever_plan",
    "run_monte_carlo",
    "triangular_inverse",
    "valid_draws",
]
