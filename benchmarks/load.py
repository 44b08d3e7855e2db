"""Load on one app server: concurrent calculator sessions over Streamlit's own protocol.

``make load`` runs this. Each simulated participant is a :class:`ws_client.Session` (no
browser: one headless Chromium per participant would saturate this machine long before
the server). A participant opens the calculator (``?lang=en``), then moves a lever five
times (a random lever each time, to a random other value), waiting for the page to
update and a short think time (uniform 0.5–1.5 × ``--think`` seconds) before each move.
All participants open at the same moment, as a workshop does when the facilitator says
"open the link now".

Printed per server-settings variant and number of sessions N: the open time and the
rerun time after a lever change (p50/p90/max, seconds, measured at the client from
sending the widget change to ``script_finished``), errors (exceptions, error boxes,
timeouts, closed connections), the server's CPU (100 % = one core), its CPU per script
run (``ms/run``: the capacity figure, which depends far less than latency on whatever
else the machine is doing), its RSS and peak RSS, and the 1-minute load average before
and after (this machine has 2 cores and may be busy). Per variant also a burst: one
session fires 200 lever changes without waiting while another session moves a lever.
Then a soak on the chosen settings: 200 sessions in waves of 30, RSS after each wave.
Last, a session-churn soak on a fresh server (``--churn``): 1,000 visitors in waves of 50,
each connecting, opening the calculator, moving a lever, opening the rooms page and
disconnecting; RSS before any session, after the first wave (warm-up) and after the churn
(once disconnected sessions have been let go), against a 15 % target.

Variants (environment overrides on top of ``.streamlit/config.toml``):

- ``defaults``: Streamlit's defaults, ``runner.postScriptGC = true``, ``fastReruns = true``
- ``nogc``: ``runner.postScriptGC = false`` (hidden option; ``streamlit/config.py``)
- ``noFastReruns``: ``runner.fastReruns = false``
- ``repo``: ``.streamlit/config.toml`` as committed, no overrides (the chosen settings)
- ``floor``: the repo's settings serving ``benchmarks/floor_calculator.py`` (the
  calculator's widgets without model, charts or tables): what Streamlit itself costs
- ``story``: the repo's settings, the sessions on a story chapter with an interactive
  figure instead (``/mentor``: each move sets the month slider of the I × K map)
- ``balanced``: ``make serve`` (``scripts/serve.sh``): ``--workers`` app processes with the
  repo's settings behind HAProxy (``deploy/haproxy.cfg``), loaded through the balancer;
  CPU and memory are those of all app processes together

The comparison variants run N = 1, 20, 50 (``--compare-sessions``); ``repo`` and
``balanced`` run N = 1, 20, 50, 100 (``--sessions``); ``repo`` then the soak. The summary
prints each variant's move p50 against the floor's at the same N (target at 50: within
2× for the calculator and the story chapter).

A move is sent as the browser sends it: a widget drawn inside an ``st.fragment`` (the
calculator's levers) reruns that fragment alone (``--no-fragments``: whole-page reruns).

Examples::

    python benchmarks/load.py                          # everything, 20-40 min on 2 cores
    python benchmarks/load.py --variants repo --sessions 50 --no-soak
    python benchmarks/load.py --variants repo floor --sessions 50 --think 5 --no-soak
    python benchmarks/load.py --variants floor repo balanced --workers 2 --sessions 50 \
        --compare-sessions 50 --no-soak --no-burst    # one process against two, one run
    python benchmarks/load.py --url https://rik.example.org --sessions 20   # a deployment

Against ``--url`` the server's CPU and memory are not visible (unless ``--pid`` names a
local process). Load only your own deployment, and only as hard as you mean to.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
for extra in (ROOT, ROOT / "benchmarks"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

import ws_client  # noqa: E402

from tests.browser._app import (  # noqa: E402
    AppServer,
    _health_ok,
    _python,
    free_port,
    start_server,
)

PAGE = "calculator"
QUERY = "lang=en"
LEVER_KEYS = tuple(
    f"calc_lever_{name}"
    for name in (
        "meetings_per_seller_per_week",
        "sellers",
        "onboarding",
        "training_hours_per_month",
        "relationship_time_share",
        "development",
    )
)
FLOOR_SCRIPT = "benchmarks/floor_calculator.py"
STORY_PAGE = "mentor"  # a story chapter with an interactive figure (the I × K map by month)
PAGE_LEVERS = {STORY_PAGE: ("story_mentor_month",)}  # other pages: the calculator's levers

VARIANTS: dict[str, dict[str, str]] = {
    "defaults": {"STREAMLIT_RUNNER_POST_SCRIPT_GC": "true", "STREAMLIT_RUNNER_FAST_RERUNS": "true"},
    "nogc": {"STREAMLIT_RUNNER_POST_SCRIPT_GC": "false", "STREAMLIT_RUNNER_FAST_RERUNS": "true"},
    "noFastReruns": {
        "STREAMLIT_RUNNER_POST_SCRIPT_GC": "true",
        "STREAMLIT_RUNNER_FAST_RERUNS": "false",
    },
    "repo": {},
    "floor": {},
    "story": {},
    "balanced": {},
}
PAGES = {"floor": "", "story": STORY_PAGE}  # the floor runs as its own one-page app
RATIO_TARGET = 2.0  # move p50 at 50 sessions against the floor's
TARGETS_AT_50 = {"p50": 0.5, "p90": 1.0, "rss_mb": 500.0}


# ------------------------------------------------------------------ the server, from /proc


class ProcWatch:
    """CPU seconds and memory of local processes, read from /proc (no psutil needed).

    Several pids (the app processes behind a balancer) are summed: CPU, RSS and peak RSS.
    """

    def __init__(self, pid: int | list[int] | None) -> None:
        self.pids = [] if pid is None else [pid] if isinstance(pid, int) else list(pid)
        self.pid = self.pids[0] if self.pids else None
        self.ticks = os.sysconf("SC_CLK_TCK")

    def cpu_seconds(self) -> float | None:
        if not self.pids:
            return None
        total = 0.0
        try:
            for pid in self.pids:
                with open(f"/proc/{pid}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / self.ticks  # utime + stime
        except (OSError, IndexError, ValueError):
            return None
        return total

    def memory_mb(self) -> dict[str, float]:
        """``rss`` now and ``hwm`` (the peak RSS so far), in MB."""
        found: dict[str, float] = {}
        try:
            for pid in self.pids:
                with open(f"/proc/{pid}/status") as status:
                    for line in status:
                        name, _, value = line.partition(":")
                        if name in ("VmRSS", "VmHWM"):
                            key = "rss" if name == "VmRSS" else "hwm"
                            found[key] = found.get(key, 0.0) + int(value.split()[0]) / 1024
        except OSError:
            return {}
        return found


def load1() -> float:
    return os.getloadavg()[0]


# ------------------------------------------------------------------------ a participant


@dataclass
class SessionResult:
    open_s: float | None = None
    reruns: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    kpi_changes: int = 0


async def participant(
    base_url: str,
    index: int,
    *,
    page: str = PAGE,
    moves: int,
    think: float,
    start: asyncio.Event,
    seed: int,
    timeout: float,
    fragments: bool = True,
) -> SessionResult:
    """Open the calculator, then move a lever ``moves`` times (random lever and value).

    A lever drawn in an ``st.fragment`` reruns that fragment, as in a browser (``fragments``
    False: whole-page reruns)."""
    result = SessionResult()
    rng = random.Random(seed * 1_000 + index)
    session = ws_client.Session(base_url, page=page, query=QUERY, timeout=timeout,
                                fragments=fragments)
    try:
        await session.connect()
        await start.wait()
        run = await session.open()
        result.open_s = run.seconds
        if not run.ok:
            result.errors.append(f"open: {run.exceptions + run.errors or run.status}")
        levers = PAGE_LEVERS.get(page, LEVER_KEYS)
        for _ in range(moves):
            # Any lever, to any other value on its grid: plans rarely repeat across
            # participants after a move or two, so caches help only as much as they
            # would in a real workshop.
            key = rng.choice(levers)
            await asyncio.sleep(think * rng.uniform(0.5, 1.5))
            slider = session.widget(key).proto
            current = session.value(key)
            steps = round((slider.max - slider.min) / slider.step)
            value = current
            while value == current:
                value = slider.min + rng.randint(0, steps) * slider.step
            before = session.metrics()
            run = await session.set_value(key, value)
            result.reruns.append(run.seconds)
            if not run.ok:
                result.errors.append(f"rerun: {run.exceptions + run.errors or run.status}")
            if session.metrics() != before:
                result.kpi_changes += 1
    except Exception as exc:  # noqa: BLE001 - every failure is counted, none stops the run
        result.errors.append(f"{type(exc).__name__}: {exc}"[:300])
    finally:
        await session.close()
    return result


def quantile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    rank = q * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


async def run_phase(
    base_url: str,
    n: int,
    watch: ProcWatch,
    *,
    moves: int,
    think: float,
    seed: int,
    timeout: float,
    phase_timeout: float,
    page: str = PAGE,
    fragments: bool = True,
) -> dict[str, Any]:
    """N participants at once; the figures of this phase."""
    start = asyncio.Event()
    before_load = load1()
    cpu0, wall0 = watch.cpu_seconds(), time.perf_counter()
    client0 = time.process_time()
    tasks = [
        asyncio.create_task(
            participant(
                base_url, i, page=page, moves=moves, think=think, start=start, seed=seed,
                timeout=timeout, fragments=fragments,
            )
        )
        for i in range(n)
    ]
    await asyncio.sleep(0.2)  # let every websocket connect before the common start
    start.set()
    done, pending = await asyncio.wait(tasks, timeout=phase_timeout)
    for task in pending:
        task.cancel()
    results = [t.result() for t in done]
    wall = time.perf_counter() - wall0
    cpu1 = watch.cpu_seconds()
    opens = [r.open_s for r in results if r.open_s is not None]
    reruns = [s for r in results for s in r.reruns]
    errors = [e for r in results for e in r.errors] + ["phase timeout"] * len(pending)
    memory = watch.memory_mb()
    return {
        "sessions": n,
        "wall_s": wall,
        "open_p50": quantile(opens, 0.5),
        "open_p90": quantile(opens, 0.9),
        "rerun_n": len(reruns),
        "rerun_p50": quantile(reruns, 0.5),
        "rerun_p90": quantile(reruns, 0.9),
        "rerun_max": max(reruns) if reruns else None,
        "kpi_changed": sum(r.kpi_changes for r in results),
        "errors": len(errors),
        "error_examples": sorted(set(errors))[:5],
        "server_cpu_pct": (
            100 * (cpu1 - cpu0) / wall if cpu0 is not None and cpu1 is not None else None
        ),
        # Server CPU per script run (opens and reruns): the capacity figure, much less
        # sensitive than latency to whatever else the machine is doing.
        "server_cpu_ms_per_run": (
            1000 * (cpu1 - cpu0) / max(1, len(opens) + len(reruns))
            if cpu0 is not None and cpu1 is not None
            else None
        ),
        "client_cpu_pct": 100 * (time.process_time() - client0) / wall,
        "rss_mb": memory.get("rss"),
        "peak_rss_mb": memory.get("hwm"),
        "load1_before": before_load,
        "load1_after": load1(),
    }


async def burst_probe(
    base_url: str, *, page: str = PAGE, reruns: int = 200, timeout: float = 120.0
) -> dict[str, float]:
    """One session fires ``reruns`` lever changes without waiting (a stuck key, a script);
    how long does another session's rerun take meanwhile, and the burst to settle?"""
    key = LEVER_KEYS[0]
    async with (
        ws_client.Session(base_url, page=page, query=QUERY, timeout=timeout) as bystander,
        ws_client.Session(base_url, page=page, query=QUERY, timeout=timeout) as rapid,
    ):
        await bystander.open()
        usual = [(await bystander.set_value(key, value)).seconds for value in (11, 12, 13)]
        await rapid.open()
        started = time.perf_counter()
        for i in range(reruns):
            await rapid.set_value(key, 2 + i % 29, wait=False)
        during = await bystander.set_value(key, 14)
        await rapid.drain(quiet=2.0, limit=timeout)
        return {
            "reruns": reruns,
            "usual_s": sorted(usual)[1],
            "during_s": during.seconds,
            "during_ok": during.ok,
            "settled_s": time.perf_counter() - started - 2.0,  # minus the quiet wait
        }


async def soak(
    base_url: str,
    watch: ProcWatch,
    *,
    total: int,
    wave: int,
    moves: int,
    think: float,
    seed: int,
    timeout: float,
    budget: float,
    page: str = PAGE,
) -> dict[str, Any]:
    """``total`` sessions in waves of ``wave``; RSS after each wave."""
    waves = []
    started = time.perf_counter()
    done = 0
    while done < total and time.perf_counter() - started < budget:
        n = min(wave, total - done)
        phase = await run_phase(
            base_url, n, watch, moves=moves, think=think, seed=seed + done, timeout=timeout,
            phase_timeout=max(60.0, budget - (time.perf_counter() - started)), page=page,
        )
        done += n
        waves.append(phase)
        rss = phase["rss_mb"]
        print(
            f"    wave {len(waves)}: {n} sessions ({done}/{total}), rerun p50 "
            f"{_s(phase['rerun_p50'])} p90 {_s(phase['rerun_p90'])}, errors {phase['errors']}, "
            f"RSS {_mb(rss)}",
            flush=True,
        )
    first, last = waves[0]["rss_mb"], waves[-1]["rss_mb"]
    growth = (last - first) / first if first and last else None
    return {
        "sessions": done,
        "waves": waves,
        "minutes": (time.perf_counter() - started) / 60,
        "rss_first_mb": first,
        "rss_last_mb": last,
        "rss_growth": growth,
        "errors": sum(w["errors"] for w in waves),
    }


async def churn_session(base_url: str, index: int, *, seed: int, timeout: float) -> list[str]:
    """One visitor: open the calculator, move a lever, open the rooms page, leave."""
    errors: list[str] = []
    rng = random.Random(seed * 1_000 + index)
    try:
        async with ws_client.Session(base_url, page=PAGE, query=QUERY, timeout=timeout) as s:
            run = await s.open()
            if not run.ok:
                errors.append(f"open: {run.exceptions + run.errors or run.status}")
            key = rng.choice(LEVER_KEYS)
            proto = s.widget(key).proto
            run = await s.set_value(key, proto.max if s.value(key) != proto.max else proto.min)
            if not run.ok:
                errors.append(f"rerun: {run.exceptions + run.errors or run.status}")
        async with ws_client.Session(base_url, page="rooms", query=QUERY, timeout=timeout) as s:
            run = await s.open()
            if not run.ok:
                errors.append(f"rooms: {run.exceptions + run.errors or run.status}")
    except Exception as exc:  # noqa: BLE001 - counted, never stops the churn
        errors.append(f"{type(exc).__name__}: {exc}"[:300])
    return errors


async def churn(
    base_url: str, watch: ProcWatch, *, total: int, wave: int, seed: int, timeout: float,
    settle: float,
) -> dict[str, Any]:
    """``total`` visitors in waves of ``wave`` (each connects, uses the calculator and the
    rooms page, disconnects); RSS after the first wave (the warm-up) and after the churn,
    once the server has had ``settle`` seconds to let go of the disconnected sessions."""
    done, errors, index = 0, 0, 0
    after_warm_up = None
    while done < total:
        n = min(wave, total - done)
        results = await asyncio.gather(
            *(churn_session(base_url, index + i, seed=seed, timeout=timeout) for i in range(n))
        )
        index += n
        done += n
        errors += sum(1 for r in results if r)
        rss = watch.memory_mb().get("rss")
        if after_warm_up is None:
            after_warm_up = rss
        print(f"    churn: {done}/{total} sessions, RSS {_mb(rss)}, errors {errors}", flush=True)
    await asyncio.sleep(settle)
    after = watch.memory_mb().get("rss")
    growth = (after - after_warm_up) / after_warm_up if after and after_warm_up else None
    return {"sessions": done, "errors": errors, "rss_after_warm_up_mb": after_warm_up,
            "rss_after_churn_mb": after, "growth": growth}


async def churn_soak(args: argparse.Namespace, log_root: Path) -> dict[str, Any]:
    """The session-churn soak on a fresh server with the repo's settings."""
    with local_server("repo", log_root / "churn") as server:
        watch = ProcWatch(server.process.pid)
        before = watch.memory_mb().get("rss")
        print(f"\n[churn] {server.base_url}: {args.churn_total} sessions in waves of "
              f"{args.churn_wave} (calculator, a lever, the rooms page, disconnect)\n"
              f"    before any session: RSS {_mb(before)}", flush=True)
        result = await churn(
            server.base_url, watch, total=args.churn_total, wave=args.churn_wave,
            seed=args.seed + 11, timeout=args.timeout, settle=args.churn_settle,
        )
    result["rss_before_mb"] = before
    return result


# ---------------------------------------------------------------------------- printing


def _s(value: float | None) -> str:
    return "   –  " if value is None else f"{value:6.2f}"


def _mb(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f} MB"


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.0f}"


def _pct(value: float | None) -> str:
    return "  –" if value is None else f"{value:3.0f}%"


HEADER = (
    f"  {'variant':<13} {'N':>4} {'open p50':>8} {'p90':>6} {'rerun p50':>9} {'p90':>6} "
    f"{'max':>6} {'reruns':>6} {'errors':>6} {'CPU':>5} {'ms/run':>6} {'RSS':>7} {'peak':>7} "
    f"{'load1':>11}"
)


def row(variant: str, phase: dict[str, Any]) -> str:
    return (
        f"  {variant:<13} {phase['sessions']:>4} {_s(phase['open_p50']):>8} "
        f"{_s(phase['open_p90']):>6} {_s(phase['rerun_p50']):>9} {_s(phase['rerun_p90']):>6} "
        f"{_s(phase['rerun_max']):>6} {phase['rerun_n']:>6} {phase['errors']:>6} "
        f"{_pct(phase['server_cpu_pct']):>5} {_ms(phase.get('server_cpu_ms_per_run')):>6} "
        f"{_mb(phase['rss_mb']):>7} "
        f"{_mb(phase['peak_rss_mb']):>7} "
        f"{phase['load1_before']:4.1f}→{phase['load1_after']:4.1f}"
    )


def verdict(phase: dict[str, Any]) -> str:
    checks = {
        f"p50 < {TARGETS_AT_50['p50']} s": (phase["rerun_p50"] or 1e9) < TARGETS_AT_50["p50"],
        f"p90 < {TARGETS_AT_50['p90']} s": (phase["rerun_p90"] or 1e9) < TARGETS_AT_50["p90"],
        "zero errors": phase["errors"] == 0,
    }
    if phase["rss_mb"] is not None:
        checks[f"RSS < {TARGETS_AT_50['rss_mb']:.0f} MB"] = phase["rss_mb"] < TARGETS_AT_50[
            "rss_mb"
        ]
    return ", ".join(f"{name} {'PASS' if ok else 'MISS'}" for name, ok in checks.items())


# -------------------------------------------------------------------------------- main


def start_script(script: str, log_dir: Path, timeout: float = 120.0) -> AppServer:
    """``streamlit run <script>`` like the browser tests' ``start_server`` does for app.py."""
    import subprocess

    port = free_port()
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"server-{port}.log"
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONUNBUFFERED="1")
    command = [
        _python(), "-m", "streamlit", "run", script, "--server.port", str(port),
        "--server.address", "127.0.0.1", "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = AppServer(process=process, port=port, log_path=log_path)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{server.log_tail()}")
        if _health_ok(server.base_url):
            return server
        time.sleep(0.25)
    server.stop()
    raise RuntimeError(f"streamlit did not become healthy:\n{server.log_tail()}")


@dataclass
class Balancer:
    """``scripts/serve.sh`` running: the balancer's address and its app processes' pids."""

    base_url: str
    pids: list[int]
    run_dir: Path
    process: Any  # the serve.sh process (its own process group)

    def worker(self, name: str) -> tuple[int, int]:
        """(port, pid) of app process ``name`` (w1, w2, ...) as serve.sh last wrote it."""
        for line in (self.run_dir / "workers").read_text().splitlines():
            worker, port, pid = line.split()
            if worker == name:
                return int(port), int(pid)
        raise KeyError(name)

    @property
    def admin_url(self) -> str:
        return (self.run_dir / "balancer").read_text().split()[1]


@contextlib.contextmanager
def balancer(workers: int, log_dir: Path, env: dict[str, str] | None = None,
             timeout: float = 240.0):
    """What ``make serve WORKERS=<workers>`` runs, on 127.0.0.1 and a free port; stopped
    (with everything it started) at the end. ``env`` is added to its environment."""
    import signal
    import subprocess

    log_dir.mkdir(parents=True, exist_ok=True)
    run_dir = log_dir / "serve"
    port = free_port()
    environ = dict(os.environ, RIK_SERVE_DIR=str(run_dir), RIK_SERVE_PYTHON=_python())
    environ.update(env or {})
    command = ["bash", "scripts/serve.sh", "--workers", str(workers), "--port", str(port),
               "--address", "127.0.0.1"]
    with (log_dir / "serve.log").open("wb") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=environ, stdin=subprocess.DEVNULL,
                                   stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        while not (run_dir / "ready").exists():
            if process.poll() is not None or time.monotonic() > deadline:
                tail = (log_dir / "serve.log").read_text(errors="replace")[-4000:]
                raise RuntimeError(f"scripts/serve.sh did not get ready:\n{tail}")
            time.sleep(0.25)
        pids = [int(line.split()[2]) for line in (run_dir / "workers").read_text().splitlines()]
        yield Balancer(f"http://127.0.0.1:{port}", pids, run_dir, process)
    finally:
        process.send_signal(signal.SIGTERM)  # serve.sh stops what it started
        try:
            process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@contextlib.contextmanager
def local_server(variant: str, log_dir: Path):
    """The app with the variant's settings, on a free port, in its own process group."""
    saved = dict(os.environ)
    os.environ.update(VARIANTS[variant])
    os.environ.setdefault("RIK_DATA_DIR", str(log_dir / "data"))
    try:
        if variant == "floor":
            server = start_script(FLOOR_SCRIPT, log_dir)
        else:
            server = start_server(timeout=120, log_dir=log_dir)
    finally:
        os.environ.clear()
        os.environ.update(saved)
    try:
        yield server
    finally:
        server.stop()


async def warm_up(base_url: str, timeout: float, page: str = PAGE) -> None:
    """One session through every lever: imports, caches and the first run are paid here."""
    async with ws_client.Session(base_url, page=page, query=QUERY, timeout=timeout) as s:
        await s.open()
        for key in PAGE_LEVERS.get(page, LEVER_KEYS):
            proto = s.widget(key).proto
            await s.set_value(key, proto.max if s.value(key) != proto.max else proto.min)


async def main_async(args: argparse.Namespace) -> dict[str, Any]:
    report: dict[str, Any] = {
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "load1_start": load1(),
        },
        "settings": {"moves": args.moves, "think": args.think, "seed": args.seed,
                     "workers": args.workers},
        "phases": [],
        "bursts": [],
        "soak": None,
        "churn": None,
    }
    try:
        import streamlit

        report["machine"]["streamlit"] = streamlit.__version__
    except ImportError:  # pragma: no cover
        pass
    print(
        f"load: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} "
        f"{os.getloadavg()[1]:.1f} {os.getloadavg()[2]:.1f}; each session opens /{PAGE}?{QUERY} "
        f"and moves levers {args.moves}× (think {args.think * 0.5:g}–{args.think * 1.5:g} s)",
        flush=True,
    )
    targets = (
        [("external", None)] if args.url else [(v, None) for v in args.variants]
    )
    log_root = Path(tempfile.mkdtemp(prefix="rik-load-"))
    for variant, _ in targets:
        with contextlib.ExitStack() as stack:
            if args.url:
                base_url, watch = args.url, ProcWatch(args.pid)
            elif variant == "balanced":
                served = stack.enter_context(balancer(args.workers, log_root / variant))
                base_url, watch = served.base_url, ProcWatch(served.pids)
                print(f"  {args.workers} app processes behind HAProxy (pids {served.pids})")
            else:
                server = stack.enter_context(local_server(variant, log_root / variant))
                base_url, watch = server.base_url, ProcWatch(server.process.pid)
            page = PAGES.get(variant, PAGE)
            print(f"\n[{variant}] {base_url}/{page}  {VARIANTS.get(variant, {}) or ''}",
                  flush=True)
            # Behind the balancer, one warm-up per app process (round robin sends each
            # new websocket to the next process).
            for _ in range(args.workers if variant == "balanced" else 1):
                await warm_up(base_url, args.timeout, page)
            print(f"  after warm-up: RSS {_mb(watch.memory_mb().get('rss'))}")
            print(HEADER, flush=True)
            levels = (
                args.sessions if variant in ("repo", "external", "balanced")
                else args.compare_sessions
            )
            for n in levels:
                phase = await run_phase(
                    base_url, n, watch, moves=args.moves, think=args.think, seed=args.seed,
                    timeout=args.timeout, phase_timeout=args.phase_timeout, page=page,
                    fragments=args.fragments,
                )
                phase["variant"] = variant
                report["phases"].append(phase)
                print(row(variant, phase), flush=True)
                if phase["error_examples"]:
                    print(f"      errors, e.g.: {phase['error_examples'][:2]}", flush=True)
                await asyncio.sleep(args.pause)
            if args.burst and variant != "story":
                burst = await burst_probe(base_url, page=page, timeout=args.timeout)
                burst["variant"] = variant
                report["bursts"].append(burst)
                print(f"  burst: {burst['reruns']} rapid reruns from one session; another "
                      f"session's rerun took {burst['during_s']:.2f} s (usually "
                      f"{burst['usual_s']:.2f} s), the burst settled in "
                      f"{burst['settled_s']:.1f} s", flush=True)
                await asyncio.sleep(args.pause)
            soak_here = args.soak and (args.url or variant == args.soak_variant)
            if soak_here:
                print(
                    f"  soak: {args.soak_total} sessions in waves of {args.soak_wave} "
                    f"(at most {args.soak_minutes:g} min)",
                    flush=True,
                )
                result = await soak(
                    base_url, watch, total=args.soak_total, wave=args.soak_wave,
                    moves=args.moves, think=args.think, seed=args.seed + 7, timeout=args.timeout,
                    budget=args.soak_minutes * 60, page=page,
                )
                result["variant"] = variant
                report["soak"] = result
    if args.churn and not args.url:
        report["churn"] = await churn_soak(args, log_root)
    print_summary(report)
    if not args.url:
        print(f"\nserver logs: {log_root}")
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2, default=str))
        print(f"\nraw figures: {args.json}")
    return report


def print_summary(report: dict[str, Any]) -> None:
    print("\nsummary")
    print(HEADER)
    for phase in report["phases"]:
        print(row(phase["variant"], phase))
    for burst in report["bursts"]:
        print(f"  burst ({burst['variant']}): another session's rerun {burst['during_s']:.2f} s "
              f"during {burst['reruns']} rapid reruns (usually {burst['usual_s']:.2f} s); "
              f"settled in {burst['settled_s']:.1f} s")
    at50 = [p for p in report["phases"] if p["sessions"] == 50]
    for phase in at50:
        print(f"  at 50 sessions, {phase['variant']}: {verdict(phase)}")
    floors = {p["sessions"]: p for p in report["phases"] if p["variant"] == "floor"}
    for phase in report["phases"]:
        floor = floors.get(phase["sessions"])
        if phase["variant"] == "floor" or not floor or not floor["rerun_p50"]:
            continue
        if not phase["rerun_p50"]:
            continue
        ratio = phase["rerun_p50"] / floor["rerun_p50"]
        cpu = phase.get("server_cpu_ms_per_run")
        cpu_ratio = (f", CPU per run {cpu / floor['server_cpu_ms_per_run']:.1f}× the floor's"
                     if cpu and floor.get("server_cpu_ms_per_run") else "")
        target = (f" (target ≤ {RATIO_TARGET:g}×: {'PASS' if ratio <= RATIO_TARGET else 'MISS'})"
                  if phase["sessions"] == 50 else "")
        print(f"  {phase['variant']} at {phase['sessions']} sessions: move p50 "
              f"{phase['rerun_p50']:.2f} s, floor {floor['rerun_p50']:.2f} s, "
              f"{ratio:.1f}× the floor{target}{cpu_ratio}")
    p50 = {p["variant"]: p["rerun_p50"] for p in at50 if p["rerun_p50"]}
    if "repo" in p50 and "balanced" in p50:
        floor = f", floor {p50['floor']:.2f} s" if "floor" in p50 else ""
        print(f"  at 50 sessions, move p50: one process {p50['repo']:.2f} s, "
              f"{report['settings'].get('workers', 2)} behind HAProxy {p50['balanced']:.2f} s "
              f"(× {p50['balanced'] / p50['repo']:.2f}){floor}")
    soak_result = report["soak"]
    if soak_result:
        growth = soak_result["rss_growth"]
        ok = growth is not None and growth <= 0.10
        print(
            f"  soak ({soak_result['variant']}): {soak_result['sessions']} sessions in "
            f"{soak_result['minutes']:.1f} min, RSS after first wave "
            f"{_mb(soak_result['rss_first_mb'])}, after last {_mb(soak_result['rss_last_mb'])}"
            + (f" ({growth:+.1%}, target within 10 %: {'PASS' if ok else 'MISS'})"
               if growth is not None else "")
            + f", errors {soak_result['errors']}"
        )
    churned = report.get("churn")
    if churned:
        growth = churned["growth"]
        ok = growth is not None and growth <= 0.15
        print(
            f"  churn soak: {churned['sessions']} sessions; RSS before any session "
            f"{_mb(churned['rss_before_mb'])}, after warm-up "
            f"{_mb(churned['rss_after_warm_up_mb'])}, after the churn "
            f"{_mb(churned['rss_after_churn_mb'])}"
            + (f" ({growth:+.1%} against warm-up, target within 15 %: "
               f"{'PASS' if ok else 'MISS'})" if growth is not None else "")
            + f", sessions with errors {churned['errors']}"
        )
    print(f"  load average now {os.getloadavg()[0]:.1f} (2-core machine: above 2 means queueing)")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--url", help="load this deployment instead of starting local servers")
    parser.add_argument("--pid", type=int, help="with --url: a local server process to watch")
    parser.add_argument("--workers", type=int, default=2,
                        help="app processes behind the balancer (the balanced variant)")
    parser.add_argument("--variants", nargs="+",
                        default=["defaults", "nogc", "noFastReruns", "floor", "repo", "story",
                                 "balanced"],
                        choices=sorted(VARIANTS))
    parser.add_argument("--sessions", nargs="+", type=int, default=[1, 20, 50, 100],
                        help="session counts for the repo settings (and --url)")
    parser.add_argument("--compare-sessions", nargs="+", type=int, default=[1, 20, 50],
                        help="session counts for the other variants")
    parser.add_argument("--moves", type=int, default=5)
    parser.add_argument("--fragments", action=argparse.BooleanOptionalAction, default=True,
                        help="a widget inside an st.fragment reruns that fragment, as in a "
                        "browser (--no-fragments: whole-page reruns)")
    parser.add_argument("--think", type=float, default=1.0,
                        help="mean seconds between seeing the update and the next move")
    parser.add_argument("--seed", type=int, default=20260)
    parser.add_argument("--timeout", type=float, default=120.0, help="per run, seconds")
    parser.add_argument("--phase-timeout", type=float, default=600.0)
    parser.add_argument("--pause", type=float, default=2.0, help="seconds between phases")
    parser.add_argument("--burst", action=argparse.BooleanOptionalAction, default=True,
                        help="also time another session during 200 rapid reruns")
    parser.add_argument("--soak", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--soak-variant", default="repo", choices=sorted(VARIANTS),
                        help="the variant the soak runs on (started on its own if not listed)")
    parser.add_argument("--soak-total", type=int, default=200)
    parser.add_argument("--soak-wave", type=int, default=30)
    parser.add_argument("--soak-minutes", type=float, default=10.0)
    parser.add_argument("--churn", action=argparse.BooleanOptionalAction, default=True,
                        help="the session-churn soak on a fresh server (issue 12)")
    parser.add_argument("--churn-total", type=int, default=1000)
    parser.add_argument("--churn-wave", type=int, default=50)
    parser.add_argument("--churn-settle", type=float, default=150.0,
                        help="seconds after the churn before the last RSS reading (Streamlit "
                        "keeps a disconnected session about 2 min for a reconnect)")
    parser.add_argument("--json", help="also write the raw figures to this file")
    args = parser.parse_args(argv)
    if args.soak and not args.url and args.soak_variant not in args.variants:
        args.variants.append(args.soak_variant)
    if any(n < 1 for n in args.sessions + args.compare_sessions):
        parser.error("--sessions must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    asyncio.run(main_async(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
