"""Benchmark the rik model (``make bench``). It only prints; it never fails the build.

Figures (median of repeated timings after a warm-up, ``time.perf_counter``):

- one 24-month ``rik.simulate`` (the DataFrame included), target < 1 ms;
- the model core alone, ``rik.model.simulate.run`` (plain floats, no pandas), target tens of µs;
- ``rik.simulate_batch`` with 10,000 parameter sets × 24 months, every coefficient drawn
  uniformly in its low..high, target < 200 ms.

Each figure is also given as a ratio to a reference measured in the same run, so runs on
noisy or slow machines can still be compared: a bare 25-step Python loop producing 15
columns (for the scalar path) and one numpy multiply-add over 10,000 floats (for the batch).
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
import pandas as pd  # noqa: E402

import rik  # noqa: E402
from rik.model.simulate import run  # noqa: E402

MONTHS = 24
BATCH = 10_000


def median_time(fn: Callable[[], object], *, repeats: int, number: int, warmup: int = 3) -> float:
    """Median seconds per call over ``repeats`` timings of ``number`` calls each."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
    return statistics.median(times)


def python_reference() -> dict[str, list[float]]:
    """A bare loop the size of one run: 25 months, 15 columns, a few dozen float ops each."""
    columns: dict[str, list[float]] = {f"c{i}": [] for i in range(15)}
    x, y, z = 0.5, 0.3, 0.2
    for month in range(MONTHS + 1):
        for i, column in enumerate(columns.values()):
            x = x + (y - x) / 3.0
            y = y * 0.99 + z * 0.01 + month * 1e-3
            z = z + (x * y - z) / 4.0 + i * 1e-4
            column.append(x * y + z)
    return columns


def _fmt_time(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:8.1f} µs"
    return f"{seconds * 1e3:8.2f} ms"


def _fmt_target(seconds: float) -> str:
    return f"{seconds * 1e6:g} µs" if seconds < 1e-3 else f"{seconds * 1e3:g} ms"


def report(label: str, seconds: float, target: float, ref_label: str, ref: float) -> None:
    verdict = "PASS" if seconds < target else "MISS"
    print(
        f"  {label:<42} {_fmt_time(seconds)}   target < {_fmt_target(target):<7} {verdict}"
        f"   = {seconds / ref:7.1f} × {ref_label}"
    )


def random_values(assumptions: rik.Assumptions, n: int, seed: int = 1) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {c.key: rng.uniform(c.low, c.high, size=n) for c in assumptions}


def main() -> None:
    print("rik benchmark")
    print(f"  Python {platform.python_version()} ({platform.python_implementation()}), "
          f"numpy {np.__version__}, pandas {pd.__version__}")
    print(f"  {platform.platform()}, {os.cpu_count()} CPUs")
    print()

    article = rik.load_assumptions("article")
    scenario = rik.presets()["catalyst"]  # a plan with a change: the full path

    ref_py = median_time(python_reference, repeats=21, number=200)
    a, b, c = (np.random.default_rng(0).random(BATCH) for _ in range(3))
    ref_np = median_time(lambda: a * b + c, repeats=21, number=500)
    print("references, measured now:")
    print(f"  {'bare Python loop, 25 steps × 15 columns':<42} {_fmt_time(ref_py)}  (= 'py loop')")
    print(f"  {'numpy a*b+c over 10,000 floats':<42} {_fmt_time(ref_np)}  (= 'vec op')")
    print()

    sim = median_time(lambda: rik.simulate(scenario, article, MONTHS), repeats=21, number=50)
    core = median_time(lambda: run(scenario, article, MONTHS), repeats=21, number=100)
    values = random_values(article, BATCH)
    levers = scenario.levers.to_dict()
    batch = median_time(
        lambda: rik.simulate_batch(levers, values, MONTHS, BATCH), repeats=7, number=1, warmup=2
    )

    print(f"figures (median; {MONTHS} months):")
    report("rik.simulate, one run incl. DataFrame", sim, 1e-3, "py loop", ref_py)
    report("rik.model.simulate.run, model core (no pandas)", core, 100e-6, "py loop", ref_py)
    report(f"rik.simulate_batch, {BATCH:,} parameter sets", batch, 200e-3, "vec op", ref_np)
    print()
    print(f"  DataFrame overhead: {_fmt_time(sim - core).strip()} per run; "
          f"batch: {_fmt_time(batch / BATCH).strip()} per parameter set "
          f"({core / (batch / BATCH):.0f}× faster than one core run each)")
    print("  (targets from issue 2; a MISS is a report, not a failure)")


if __name__ == "__main__":
    main()
    print()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import bench_analysis  # noqa: E402  (beside this file)

    bench_analysis.main()
