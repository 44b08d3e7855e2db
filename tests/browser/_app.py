"""Start the app on a free port and drive it with headless Chromium.

Shared by the browser tests (``tests/browser/conftest.py``) and ``scripts/screenshots.py``.
No pytest imports here: the screenshot script runs without pytest.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
VIEWPORT = {"width": 1280, "height": 800}

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Streamlit derives a page's URL path from its file name: "20_calculator.py" -> "calculator".
_PAGE_FILENAME = re.compile(r"([0-9]*)[_ -]*(.*)\.py")
# What an untranslated key looks like on screen: "[frame.pages.home]".
PLACEHOLDER = re.compile(r"\[[a-z_]+\.[a-z_.]+\]")


class BrowserNotFound(RuntimeError):
    """No Chromium to drive: the browser tests fail (never skip) with this message."""


# --------------------------------------------------------------------------- the server


def free_port() -> int:
    """A TCP port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def url_path(page_path: str) -> str:
    """The URL path Streamlit gives a page file: ``pages/20_calculator.py`` -> ``calculator``."""
    if page_path == "app.py":
        return ""
    match = _PAGE_FILENAME.fullmatch(Path(page_path).name)
    if match is None:
        raise ValueError(f"not a page file name: {page_path}")
    return re.sub(r"[_ ]+", "_", match.group(2))


@dataclass
class AppServer:
    """A running ``streamlit run app.py`` in its own process group."""

    process: subprocess.Popen[bytes]
    port: int
    log_path: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_tail(self, chars: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""

    def last_error(self, chars: int = 2500) -> str:
        """The last traceback the server logged (the error boundary logs every one)."""
        log = self.log_tail(200_000)
        at = log.rfind("Traceback (most recent call last)")
        if at < 0:
            return ""
        start = log.rfind("\n", 0, max(0, at - 1)) + 1  # include the line naming the page
        return log[start : start + chars]

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


def _python() -> str:
    venv_python = ROOT / ".venv" / "bin" / "python"
    return str(venv_python) if venv_python.exists() else sys.executable


def _health_ok(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except (urllib.error.URLError, OSError, TimeoutError):
        return False


def start_server(timeout: float = 60.0, log_dir: Path | None = None) -> AppServer:
    """Start the app on a free port and wait until ``/_stcore/health`` answers ``ok``."""
    port = free_port()
    log_dir = log_dir or ARTIFACTS
    log_dir.mkdir(parents=True, exist_ok=True)
    log_path = log_dir / f"server-{port}.log"
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT)
    env["PYTHONUNBUFFERED"] = "1"
    command = [
        _python(),
        "-m",
        "streamlit",
        "run",
        "app.py",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so stop() ends all of it
        )
    server = AppServer(process=process, port=port, log_path=log_path)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"streamlit exited with code {process.returncode} before it was healthy:\n"
                + server.log_tail()
            )
        if _health_ok(server.base_url):
            return server
        time.sleep(0.25)
    server.stop()
    raise RuntimeError(
        f"streamlit did not answer {server.base_url}/_stcore/health within {timeout:.0f} s:\n"
        + server.log_tail()
    )


@contextlib.contextmanager
def running_server(timeout: float = 60.0) -> Iterator[AppServer]:
    server = start_server(timeout=timeout)
    try:
        yield server
    finally:
        server.stop()


# -------------------------------------------------------------------------- the browser


def find_chromium() -> str | None:
    """A Chromium binary: $RIK_CHROMIUM, Debian's, one on PATH; None means Playwright's own.

    The order matches ``scripts/ensure_browser.sh``; its last resort is Playwright's own
    download, which Playwright finds by itself (``executable_path=None``).
    """
    env = os.environ.get("RIK_CHROMIUM", "")
    for candidate in (env, "/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        found = shutil.which(name)
        if found:
            return found
    return None


def launch_chromium(playwright: Any) -> Any:
    """Launch headless Chromium; raise BrowserNotFound with a clear message when there is none."""
    executable = find_chromium()
    try:
        return playwright.chromium.launch(
            executable_path=executable,
            headless=True,
            args=CHROMIUM_ARGS,
        )
    except Exception as exc:  # playwright raises its own Error type
        where = executable or "Playwright's own Chromium"
        raise BrowserNotFound(
            f"Could not launch a browser for the browser tests ({where}): {exc}\n"
            "Run `make ensure-browser` (scripts/ensure_browser.sh), install Debian's "
            "`chromium`, or point RIK_CHROMIUM at a Chromium binary."
        ) from exc


def new_context(browser: Any, *, locale: str = "en-US", viewport: dict | None = None) -> Any:
    """A fresh browser context: no cookies, no storage, no cache from earlier tests."""
    return browser.new_context(
        viewport=viewport or VIEWPORT,
        locale=locale,
        device_scale_factor=1,
        reduced_motion="reduce",
    )


# --------------------------------------------------------------------- the running app

_APP_STATE_JS = """
() => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) return null;
    const main = document.querySelector('[data-testid="stMain"]');
    const text = main ? main.innerText.trim() : '';
    const skeletons = document.querySelectorAll(
        '[data-testid="stSkeleton"], [data-testid="stSkeletonElement"], '
        + '[data-testid="stAppSkeleton"]'
    ).length;
    const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')];
    // Charts in a hidden tab are never drawn until the tab is shown: count visible ones.
    const undrawn = charts.filter(
        (c) => c.checkVisibility() && !c.querySelector('canvas, svg')
    ).length;
    const script = app.getAttribute('data-test-script-state');
    const connection = app.getAttribute('data-test-connection-state');
    const idle = connection === 'CONNECTED'
        && script === 'notRunning'
        && !document.querySelector('[data-testid="stStatusWidget"]')
        && !document.querySelector('[data-stale="true"]')
        && skeletons === 0
        && undrawn === 0
        && text.length > 0;
    const shape = [
        document.querySelectorAll('[data-testid="stElementContainer"]').length,
        document.querySelectorAll('canvas, svg').length,
        text.length,
        document.title,
        location.href,
    ].join('|');
    return {idle, shape, script, connection, skeletons, undrawn, text: text.length};
}
"""


def wait_for_app(page: Any, timeout: float = 30.0, settle: float = 0.4) -> None:
    """Wait until the script has finished running and the page has stopped changing.

    ``notRunning`` alone is not enough: Streamlit's frontend shows skeletons while it
    loads an element's code (metrics, charts) and draws them up to seconds after the
    script finished, and Vega charts draw later still. So the app must look idle, with the
    same elements, text, title and URL, for ``settle`` seconds in a row.
    """
    deadline = time.monotonic() + timeout
    stable_since: float | None = None
    last_shape = None
    while True:
        now = time.monotonic()
        state = page.evaluate(_APP_STATE_JS)
        if state and state["idle"] and state["shape"] == last_shape:
            if stable_since is None:
                stable_since = now
            if now - stable_since >= settle:
                return
        else:
            stable_since = None
        last_shape = state["shape"] if state else None
        if now > deadline:
            raise TimeoutError(
                f"the app did not finish and settle within {timeout:.0f} s (last state {state})"
            )
        page.wait_for_timeout(100)


def open_page(page: Any, url: str, timeout: float = 30.0) -> None:
    page.goto(url, wait_until="domcontentloaded", timeout=int(timeout * 1000))
    wait_for_app(page, timeout=timeout)


_ALL_TEXT_JS = """
() => {
    const root = document.querySelector('[data-testid="stApp"]') || document.body;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const parts = [];
    while (walker.nextNode()) {
        const parent = walker.currentNode.parentElement;
        if (parent && (parent.closest('style') || parent.closest('script'))) continue;
        parts.push(walker.currentNode.textContent);
    }
    const labels = [...root.querySelectorAll('[aria-label], [title], [alt]')].map(
        (el) => [el.getAttribute('aria-label'), el.getAttribute('title'), el.getAttribute('alt')]
            .filter(Boolean).join(' ')
    );
    return parts.join('\\n') + '\\n' + labels.join('\\n') + '\\n' + document.title;
}
"""


def all_text(page: Any) -> str:
    """Every text node of the app (hidden ones too), plus aria-labels, titles and alt texts."""
    return page.evaluate(_ALL_TEXT_JS)


def screenshot(page: Any, path: Path, *, full: bool = False, max_height: int = 8000) -> Path:
    """Save a PNG of the page. ``full`` grows the viewport to the main area's height first.

    Streamlit scrolls inside ``stMain``, not the document, so Playwright's ``full_page``
    would only capture the viewport.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if not full:
        page.screenshot(path=str(path))
        return path
    original = page.viewport_size
    height = page.evaluate(
        """() => {
            const main = document.querySelector('[data-testid="stMain"]');
            const block = document.querySelector('[data-testid="stMainBlockContainer"]');
            return Math.max(main ? main.scrollHeight : 0, block ? block.scrollHeight : 0);
        }"""
    )
    page.set_viewport_size(
        {
            "width": original["width"],
            "height": min(max_height, max(original["height"], int(height) + 40)),
        }
    )
    page.wait_for_timeout(400)
    page.screenshot(path=str(path))
    page.set_viewport_size(original)
    return path
