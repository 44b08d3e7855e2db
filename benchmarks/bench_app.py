"""How fast the app answers: AppTest reruns against a floor page, and real Chromium timings.

``python benchmarks/bench_app.py`` (``--no-browser`` skips Chromium). It only prints.

1. AppTest, in this process: the median rerun after a lever change on the calculator,
   and on ``benchmarks/floor_calculator.py``, a page with the same widgets and no model,
   charts or tables, measured in the same run. Printed: both medians and calculator /
   floor (target: within 2×). Each rerun moves the lever to a value not seen before, so
   the scenario is simulated and drawn every time (the baseline stays cached, as it is
   on a server). Two figures per page: the AppTest ``run()`` wall time (what a test
   sees, including AppTest's own polling), and the script run alone (timed around
   ``ScriptRunner._run_script``, which includes the post-script GC if it is on).
   AppTest makes a new script cache for every run, so it compiles the page files on
   every rerun (a server compiles them once); the same figures with one script cache
   kept across runs (``--shared-script-cache`` variant, printed beside) show what the
   pages themselves cost. The calculator draws its levers and everything they change in
   an ``st.fragment``, so in a browser a lever move reruns that fragment alone; AppTest
   always reruns the whole page, so a third pass asks AppTest for the fragment rerun the
   browser asks for (``fragment_reruns``: the fragment id in the rerun request, with one
   script cache) and prints it beside the floor's lever move, which is a whole rerun of
   the floor page (it has no fragment). Then the median plain rerun of every page.
2. Server CPU per move: ``streamlit run`` on a free port with the repo's settings, once
   for the app and once for the floor page, one session over Streamlit's websocket
   protocol (``benchmarks/load.py``'s client) opening the page and moving a random lever
   to a random value ``--moves`` times without pauses; the server process's CPU
   (``/proc``) per script run, and the median rerun seen by the client. Printed: both,
   and calculator / floor (target: within 2×). The client asks for reruns as the
   browser does (a fragment rerun for a lever drawn in a fragment); the calculator is
   also measured with whole-page reruns (``fragments=False``) for comparison.
3. Chromium, against ``streamlit run app.py`` on a free port (the browser tests' helpers):
   from navigation start to the first KPI value on screen (a fresh browser context each
   time: a participant opening the link; the server is warm), and from an ArrowRight
   keydown on a focused lever slider to the first KPI value changing on screen. Both
   timed inside the page (``performance.now()``, a MutationObserver), median of 10.
   Targets on this 2-core machine: first metric < 2.5 s, lever to metric < 250 ms.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

APP = ROOT / "app.py"
CALCULATOR = "pages/20_calculator.py"
FLOOR = ROOT / "benchmarks" / "floor_calculator.py"
LEVER = "meetings_per_seller_per_week"
LEVER_KEY = f"calc_lever_{LEVER}"
RATIO_TARGET = 2.0
FIRST_METRIC_TARGET = 2.5
KEYPRESS_TARGET = 0.250


# ------------------------------------------------------------------------------ AppTest


class ScriptClock:
    """Seconds spent in ``ScriptRunner._run_script`` (the script and the post-run GC):
    wall time, and the script thread's CPU time (``cpu``), which a busy machine stretches
    far less."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.cpu = 0.0

    @contextlib.contextmanager
    def installed(self) -> Iterator[ScriptClock]:
        from streamlit.runtime.scriptrunner import script_runner

        original = script_runner.ScriptRunner._run_script
        clock = self

        def timed(runner: Any, *args: Any, **kwargs: Any) -> Any:
            start, cpu = time.perf_counter(), time.thread_time()
            try:
                return original(runner, *args, **kwargs)
            finally:
                clock.seconds += time.perf_counter() - start
                clock.cpu += time.thread_time() - cpu

        script_runner.ScriptRunner._run_script = timed
        try:
            yield self
        finally:
            script_runner.ScriptRunner._run_script = original


def _timed_reruns(
    step: Callable[[int], Any], values: list[int], clock: ScriptClock, warmup: int = 2
) -> tuple[float, float, float]:
    """Median AppTest wall time, script time and script CPU time of ``step(value)``."""
    for value in values[:warmup]:
        step(value)
    walls, scripts, cpus = [], [], []
    for value in values[warmup:]:
        clock.seconds = clock.cpu = 0.0
        start = time.perf_counter()
        step(value)
        walls.append(time.perf_counter() - start)
        scripts.append(clock.seconds)
        cpus.append(clock.cpu)
    return statistics.median(walls), statistics.median(scripts), statistics.median(cpus)


def _check(at: Any, what: str) -> None:
    if at.exception:
        raise RuntimeError(f"{what} raised: {at.exception[0].message}")
    if at.error:
        raise RuntimeError(f"{what} showed an error: {at.error[0].value}")


@contextlib.contextmanager
def shared_script_cache() -> Iterator[None]:
    """One script cache for every AppTest run, as a server keeps one (AppTest makes a new
    one per run, so it recompiles the page files each time)."""
    import streamlit.testing.v1.app_test as app_test
    import streamlit.testing.v1.local_script_runner as local_runner
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    cache = ScriptCache()
    originals = (app_test.ScriptCache, local_runner.ScriptCache)
    app_test.ScriptCache = local_runner.ScriptCache = lambda: cache  # type: ignore[misc]
    try:
        yield
    finally:
        app_test.ScriptCache, local_runner.ScriptCache = originals


@contextlib.contextmanager
def fragment_reruns(at: Any) -> Iterator[None]:
    """``at.run()`` reruns the page's one fragment, as the browser asks after a change
    to a widget drawn inside it (``ClientState.fragment_id``); AppTest itself always
    reruns the whole page. Uses AppTest's fragment storage (private in 1.67). AppTest
    also makes a new pages manager per run, which a fragment rerun (it skips the page's
    navigation) would leave without pages; a server keeps one per session, so here it
    starts with the pages of the last whole run."""
    import streamlit.testing.v1.app_test as app_test
    import streamlit.testing.v1.local_script_runner as local_runner

    ids = list(at._fragment_storage._fragments)
    if len(ids) != 1:
        raise RuntimeError(f"expected one fragment on the page, found {len(ids)}")
    originals = (local_runner.RerunData, app_test.PagesManager)

    def rerun_data(**kwargs: Any) -> Any:
        return originals[0](fragment_id=ids[0], **kwargs)

    def pages_manager(*args: Any, **kwargs: Any) -> Any:
        manager = originals[1](*args, **kwargs)
        manager._set_pages(dict(at._registered_pages))
        return manager

    local_runner.RerunData = rerun_data  # type: ignore[assignment]
    app_test.PagesManager = pages_manager  # type: ignore[assignment]
    try:
        yield
    finally:
        local_runner.RerunData, app_test.PagesManager = originals


def calculator_vs_floor(
    reps: int = 10, shared_cache: bool = False, fragment: bool = False
) -> dict[str, float]:
    from streamlit.testing.v1 import AppTest

    # Distinct values, and other ones for the second pass (the caches live in this
    # process): every rerun simulates and draws a state not seen before.
    first = list(range(11, 11 + reps + 2))
    unseen = [v for v in range(2, 31) if v not in first and v != 10]  # 10: the default
    values = first if not shared_cache else unseen[: reps + 2]
    if fragment:  # a third pass: the first pass's values, with the model cache emptied
        from ui import cache

        cache.simulate.clear()
        cache.simulate_shared.cache_clear()
    if len(values) < reps + 2:
        raise ValueError(f"--reps {reps}: not enough unseen lever values for two passes")
    clock = ScriptClock()
    scripts = shared_script_cache() if shared_cache or fragment else contextlib.nullcontext()
    with clock.installed(), scripts:
        calc = AppTest.from_file(str(APP), default_timeout=120)
        calc.query_params["lang"] = "en"
        calc.run()
        calc.switch_page(CALCULATOR).run()
        _check(calc, "the calculator")

        def calc_step(value: int) -> None:
            slider = calc.slider(key=LEVER_KEY).set_value(value)
            with fragment_reruns(calc) if fragment else contextlib.nullcontext():
                slider.run()
            _check(calc, "the calculator")

        floor = AppTest.from_file(str(FLOOR), default_timeout=120)
        floor.query_params["lang"] = "en"
        floor.run()
        _check(floor, "the floor page")

        def floor_step(value: int) -> None:
            floor.slider(key=LEVER_KEY).set_value(value).run()
            _check(floor, "the floor page")

        floor_step(10)  # the floor's first run also pays its imports
        calc_wall, calc_script, calc_cpu = _timed_reruns(calc_step, values, clock)
        floor_wall, floor_script, floor_cpu = _timed_reruns(floor_step, values, clock)
    return {
        "calc_wall": calc_wall,
        "calc_script": calc_script,
        "calc_cpu": calc_cpu,
        "floor_wall": floor_wall,
        "floor_script": floor_script,
        "floor_cpu": floor_cpu,
    }


def every_page(reps: int = 5) -> list[tuple[str, float]]:
    """The median plain rerun (no widget change) of every page, AppTest wall time."""
    from streamlit.testing.v1 import AppTest

    from ui import frame

    found = []
    for info in frame.PAGES:
        at = AppTest.from_file(str(APP), default_timeout=120)
        at.query_params["lang"] = "en"
        at.run()
        if info.path != "app.py":
            at.switch_page(info.path).run()
        _check(at, info.path)
        times = []
        for _ in range(reps):
            start = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - start)
        _check(at, info.path)
        found.append((info.path, statistics.median(times)))
    return found


# ---------------------------------------------------------------------- server CPU per move


def server_cpu_per_move(moves: int = 30) -> dict[str, dict[str, Any]]:
    """CPU of the server process per script run, for the calculator and the floor page:
    one session opens the page and moves a random lever ``moves`` times, no pauses."""
    import asyncio

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import load

    found = {}
    with tempfile.TemporaryDirectory(prefix="rik-bench-") as tmp:
        for name, variant, fragments in (("calculator", "repo", True), ("whole", "repo", False),
                                         ("floor", "floor", True)):
            page = load.PAGES.get(variant, load.PAGE)
            with load.local_server(variant, Path(tmp) / name) as server:
                watch = load.ProcWatch(server.process.pid)

                async def measure() -> dict[str, Any]:
                    await load.warm_up(server.base_url, 120, page=page)  # noqa: B023
                    return await load.run_phase(
                        server.base_url, 1, watch, moves=moves, think=0.0, seed=7,  # noqa: B023
                        timeout=120, phase_timeout=600, page=page,  # noqa: B023
                        fragments=fragments,  # noqa: B023
                    )

                found[name] = asyncio.run(measure())
            if found[name]["errors"]:
                raise RuntimeError(f"{name}: {found[name]['error_examples']}")
    return found


# ------------------------------------------------------------------------------ Chromium

_WATCH_FIRST_METRIC = """
(() => {
    const seen = () => {
        const el = document.querySelector('[data-testid="stMetricValue"]');
        return el && el.innerText.trim() && el.checkVisibility();
    };
    const observer = new MutationObserver(() => {
        if (window.__rikFirstMetric === undefined && seen()) {
            window.__rikFirstMetric = performance.now();
            observer.disconnect();
        }
    });
    document.addEventListener('DOMContentLoaded', () => observer.observe(
        document.documentElement, {subtree: true, childList: true, characterData: true}));
})();
"""

_ARM_KEYPRESS = """
() => {
    const value = () => document.querySelector('[data-testid="stMetricValue"]').innerText;
    const before = value();
    window.__rikKeyResult = new Promise((resolve) => {
        let start = null;
        document.addEventListener('keydown', () => { start = performance.now(); },
                                  {capture: true, once: true});
        const observer = new MutationObserver(() => {
            if (start !== null && value() !== before) {
                observer.disconnect();
                resolve({ms: performance.now() - start, before, after: value()});
            }
        });
        observer.observe(document.querySelector('[data-testid="stMain"]'),
                         {subtree: true, childList: true, characterData: true});
        setTimeout(() => resolve(null), 30000);
    });
    return before;
}
"""


def chromium_timings(reps: int = 10) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    from tests.browser._app import launch_chromium, new_context, start_server, wait_for_app

    server = start_server(timeout=120)
    url = f"{server.base_url}/calculator?lang=en"
    opens: list[float] = []
    presses: list[float] = []
    try:
        with sync_playwright() as driver:
            browser = launch_chromium(driver)
            try:
                for i in range(reps + 1):  # the first open warms the server; not counted
                    context = new_context(browser)
                    context.add_init_script(_WATCH_FIRST_METRIC)
                    page = context.new_page()
                    page.goto(url, wait_until="commit")
                    page.wait_for_function("window.__rikFirstMetric !== undefined",
                                           timeout=60_000)
                    if i:
                        opens.append(page.evaluate("window.__rikFirstMetric") / 1000)
                    if i == reps:
                        presses = _keypresses(page, reps, wait_for_app)
                    context.close()
            finally:
                browser.close()
    finally:
        server.stop()
    return {"opens": opens, "presses": presses}


def _keypresses(page: Any, reps: int, wait_for_app: Callable[..., None]) -> list[float]:
    from ui import widgets

    label = str(widgets.slider_spec(LEVER, "en")["label"])
    slider = page.locator(f'input[type="range"][aria-label="{label}"], '
                          f'[role="slider"][aria-label="{label}"]').first
    wait_for_app(page)
    found = []
    for _ in range(reps):
        slider.focus()
        page.evaluate(_ARM_KEYPRESS)
        page.keyboard.press("ArrowRight")
        result = page.evaluate("window.__rikKeyResult")
        if result is None:
            raise RuntimeError("the KPI did not change within 30 s of a key press")
        found.append(result["ms"] / 1000)
        wait_for_app(page)
    return found


# ---------------------------------------------------------------------------------- main


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.0f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reps", type=int, default=10)
    parser.add_argument("--browser", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--pages", action=argparse.BooleanOptionalAction, default=True,
                        help="also time a plain rerun of every page")
    parser.add_argument("--server", action=argparse.BooleanOptionalAction, default=True,
                        help="also measure server CPU per move (calculator and floor)")
    parser.add_argument("--moves", type=int, default=30,
                        help="lever moves per page for the server CPU figure")
    args = parser.parse_args(argv)
    # Rooms (the every-page pass opens the rooms page) go to a throwaway database, never
    # the user's own.
    scratch = tempfile.TemporaryDirectory(prefix="rik-bench-data-")
    os.environ.setdefault("RIK_DATA_DIR", scratch.name)
    load = os.getloadavg()
    print(f"app benchmark ({os.cpu_count()} CPUs, load average {load[0]:.1f} {load[1]:.1f} "
          f"{load[2]:.1f}; timings stretch when the machine is busy)")

    plain = calculator_vs_floor(args.reps)
    cached = calculator_vs_floor(args.reps, shared_cache=True)
    frag = calculator_vs_floor(args.reps, fragment=True)
    print(f"\nAppTest, rerun after a lever change (median of {args.reps}):")
    print(f"  {'':<38} {'AppTest run()':>13} {'script only':>12}   "
          f"{'one script cache (as a server):':>31} {'run()':>8} {'script':>8}")
    for name, path in (("calc", "calculator (pages/20_calculator.py)"),
                       ("floor", "floor (benchmarks/floor_calculator.py)")):
        print(f"  {path:<38} {_ms(plain[f'{name}_wall']):>13} {_ms(plain[f'{name}_script']):>12}"
              f"   {'':>31} {_ms(cached[f'{name}_wall']):>8} {_ms(cached[f'{name}_script']):>8}")
    ratios = {k: plain["calc_" + k] / plain["floor_" + k] for k in ("wall", "script")}
    cached_ratios = {k: cached["calc_" + k] / cached["floor_" + k] for k in ("wall", "script")}
    verdict = "PASS" if ratios["wall"] <= RATIO_TARGET else "MISS"
    print(f"  {'calculator / floor':<38} {ratios['wall']:12.2f}× {ratios['script']:11.1f}×   "
          f"{'':>31} {cached_ratios['wall']:7.1f}× {cached_ratios['script']:7.1f}×")
    print(f"  target ≤ {RATIO_TARGET:g}× (AppTest run()): {verdict}; with one script cache: "
          f"{'PASS' if cached_ratios['wall'] <= RATIO_TARGET else 'MISS'}")
    print(f"  script CPU (thread time, steadier on a busy machine): calculator "
          f"{_ms(plain['calc_cpu']).strip()}, floor {_ms(plain['floor_cpu']).strip()}, "
          f"{plain['calc_cpu'] / plain['floor_cpu']:.1f}×")
    keys = ("wall", "script", "cpu")
    frag_ratios = {k: frag["calc_" + k] / frag["floor_" + k] for k in keys}
    print(f"\nAppTest, a lever move as the browser asks for it (one script cache; median of "
          f"{args.reps}): the calculator reruns its fragment, the floor (no fragment) the page")
    print(f"  {'':<38} {'AppTest run()':>13} {'script only':>12} {'script CPU':>11}")
    for name, path in (("calc", "calculator, fragment rerun"),
                       ("floor", "floor, whole-page rerun")):
        print(f"  {path:<38} {_ms(frag[f'{name}_wall']):>13} {_ms(frag[f'{name}_script']):>12}"
              f" {_ms(frag[f'{name}_cpu']):>11}")
    print(f"  {'calculator / floor':<38} {frag_ratios['wall']:12.2f}× "
          f"{frag_ratios['script']:11.1f}× {frag_ratios['cpu']:10.1f}×   target ≤ "
          f"{RATIO_TARGET:g}× (run()): {'PASS' if frag_ratios['wall'] <= RATIO_TARGET else 'MISS'}")

    if args.server:
        cpu = server_cpu_per_move(args.moves)
        print(f"\nServer CPU per move, one session over the websocket, {args.moves} random "
              f"lever moves without pauses (repo settings):")
        print(f"  {'':<38} {'CPU per run':>13} {'rerun p50':>12}")
        for name, path in (("calculator", "calculator (pages/20_calculator.py)"),
                           ("whole", "  the same, whole-page reruns"),
                           ("floor", "floor (benchmarks/floor_calculator.py)")):
            print(f"  {path:<38} {_ms(cpu[name]['server_cpu_ms_per_run'] / 1000):>13} "
                  f"{_ms(cpu[name]['rerun_p50']):>12}")
        ratio = cpu["calculator"]["server_cpu_ms_per_run"] / cpu["floor"]["server_cpu_ms_per_run"]
        rerun_ratio = cpu["calculator"]["rerun_p50"] / cpu["floor"]["rerun_p50"]
        whole = cpu["whole"]["server_cpu_ms_per_run"] / cpu["floor"]["server_cpu_ms_per_run"]
        print(f"  {'calculator / floor':<38} {ratio:12.2f}× {rerun_ratio:11.1f}×   "
              f"target ≤ {RATIO_TARGET:g}× (CPU per run): "
              f"{'PASS' if ratio <= RATIO_TARGET else 'MISS'}; whole-page reruns {whole:.1f}×")

    if args.pages:
        print("\nAppTest, plain rerun of every page (median of 5):")
        for path, seconds in every_page():
            print(f"  {path:<38} {_ms(seconds):>13}")

    if args.browser:
        timings = chromium_timings(args.reps)
        first = statistics.median(timings["opens"])
        press = statistics.median(timings["presses"])
        print(f"\nChromium, /calculator?lang=en (median of {args.reps}; server warm, "
              f"fresh browser context per open):")
        print(f"  {'open → first KPI value on screen':<38} {_ms(first):>13}   target < "
              f"{FIRST_METRIC_TARGET:g} s: {'PASS' if first < FIRST_METRIC_TARGET else 'MISS'}"
              f"   (min {min(timings['opens']):.2f} s, max {max(timings['opens']):.2f} s)")
        print(f"  {'lever ArrowRight → KPI value changed':<38} {_ms(press):>13}   target < "
              f"{KEYPRESS_TARGET * 1000:.0f} ms: {'PASS' if press < KEYPRESS_TARGET else 'MISS'}"
              f"   (min {min(timings['presses']) * 1000:.0f} ms, "
              f"max {max(timings['presses']) * 1000:.0f} ms)")
    load = os.getloadavg()
    print(f"\nload average at the end {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
