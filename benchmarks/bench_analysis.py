"""Benchmark the analysis page's work (called from ``benchmarks/bench.py``; runs alone too).

Figures (median of repeated timings after a warm-up, ``time.perf_counter``):

- Monte Carlo: ``rik.analysis.uncertainty.run_monte_carlo`` with 10,000 runs × 24 months (draws,
  the scenario and the status quo for every draw, percentile bands, chances), target
  < 200 ms;
- goal seek: ``rik.analysis.goalseek.goal_seek`` with the page's default goal (20,000 candidates
  and the local search, the three plans re-checked with ``rik.simulate``), target < 2 s;
- goal seek with no answer (the budget binds: four extra searches find which limit).

Each is also given as a ratio to a reference measured in the same run, so noisy or slow
machines can still be compared: one ``rik.simulate_batch`` of the same size (10,000 × 24
for Monte Carlo; 20,000 × 12 for goal seek) with the set's own coefficients.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

import rik  # noqa: E402
from rik.analysis import (  # noqa: E402
    goalseek,
    uncertainty,
)

MONTHS = 24
RUNS = 10_000
GOAL = goalseek.Goal(
    target_ratio=1.4,
    target_month=12,
    burnout_max=0.45,
    csat_not_below_baseline=True,
    meetings_min=8,
    meetings_max=14,
    budget_hours=16,
)
NO_ANSWER = goalseek.Goal(**{**GOAL.__dict__, "budget_hours": 1.0})


def median_time(fn: Callable[[], object], *, repeats: int, warmup: int = 1) -> float:
    """Median seconds per call over ``repeats`` calls, after ``warmup`` calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _fmt(seconds: float) -> str:
    return f"{seconds * 1e3:8.1f} ms"


def report(label: str, seconds: float, target: float | None, ref: float) -> None:
    if target is None:
        goal = " " * 25
    else:
        verdict = "PASS" if seconds < target else "MISS"
        goal = f"target < {target * 1e3:g} ms {verdict}".ljust(25)
    print(f"  {label:<44} {_fmt(seconds)}   {goal} = {seconds / ref:5.1f} × reference")


def main() -> None:
    print("analysis benchmark (uncertainty, goal seek)")
    print(f"  Python {platform.python_version()}, numpy {np.__version__}, "
          f"{os.cpu_count()} CPUs")
    article = rik.load_assumptions("article")
    scenario = rik.presets()["quality_first"]
    candidates = goalseek.DEFAULT_CANDIDATES
    months = GOAL.target_month

    levers = scenario.levers.to_dict()
    ref_mc = median_time(lambda: rik.simulate_batch(levers, article, MONTHS, RUNS), repeats=7)
    ref_gs = median_time(
        lambda: rik.simulate_batch(levers, article, months, candidates), repeats=7
    )
    print("references, measured now (simulate_batch with the set's own coefficients):")
    print(f"  {f'{RUNS:,} sets × {MONTHS} months':<44} {_fmt(ref_mc)}")
    print(f"  {f'{candidates:,} sets × {months} months':<44} {_fmt(ref_gs)}")

    mc = median_time(
        lambda: uncertainty.run_monte_carlo(scenario, article, RUNS, months=MONTHS), repeats=7
    )
    seek = median_time(lambda: goalseek.goal_seek(GOAL, article), repeats=5)
    stuck = median_time(lambda: goalseek.goal_seek(NO_ANSWER, article), repeats=3)
    found = goalseek.goal_seek(GOAL, article)
    print("figures (median):")
    report(f"Monte Carlo, {RUNS:,} runs × {MONTHS} months", mc, 0.2, ref_mc)
    report(f"goal seek, {found.evaluated:,} plans tried", seek, 2.0, ref_gs)
    report("goal seek with no answer (finds the limit)", stuck, 2.0, ref_gs)
    print("  (targets from issue 5; a MISS is a report, not a failure)")


if __name__ == "__main__":
    main()
