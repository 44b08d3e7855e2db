"""``make run`` on a fresh machine: no prompt, no terminal needed, a browser only where one fits.

Each test runs the real ``make run PORT=<free port>`` with standard input from /dev/null
and a new, empty HOME (no ``~/.streamlit``: Streamlit's first-run e-mail prompt would
appear there and fail without a terminal), waits for ``/_stcore/health`` and stops it.
The browser is a stand-in ($BROWSER, which Python's ``webbrowser`` honours) that writes
the address it was asked to open into a file.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.browser._app import AppServer, free_port

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@dataclass
class Run:
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
            return r.status == 200 and r.read().strip() == b"ok"
    except OSError:
        return False


@contextlib.contextmanager
def make_run(tmp_path: Path, **env: str) -> Iterator[Run]:
    """``make run`` with no terminal and a fresh HOME; yields once the app answers."""
    home = tmp_path / "home"
    home.mkdir()
    environ = {
        k: v for k, v in os.environ.items()
        if k not in ("DISPLAY", "WAYLAND_DISPLAY", "CI", "BROWSER", "RIK_OPEN_BROWSER")
        and not k.startswith("STREAMLIT_")
    }
    environ.update(HOME=str(home), RIK_DATA_DIR=str(tmp_path / "data"),
                   STREAMLIT_SERVER_ADDRESS="127.0.0.1", **env)
    port = free_port()
    log = tmp_path / "make-run.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["make", "--no-print-directory", "run", f"PORT={port}"], cwd=ROOT, env=environ,
            stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
            start_new_session=True,  # no controlling terminal; stopped as a group below
        )
    run = Run(port, process, log)
    try:
        deadline = time.monotonic() + 120
        while not _healthy(port):
            assert process.poll() is None, f"make run exited:\n{run.output()}"
            assert time.monotonic() < deadline, f"no health answer:\n{run.output()}"
            time.sleep(0.25)
        yield run
    finally:
        AppServer(process, port, log).stop()  # SIGTERM to the group, SIGKILL if need be


def _fake_browser(tmp_path: Path) -> tuple[Path, Path]:
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{opened}"\n')
    browser.chmod(0o755)
    return browser, opened


def test_make_run_starts_headless_without_a_terminal_and_prints_the_address(tmp_path) -> None:
    browser, opened = _fake_browser(tmp_path)
    with make_run(tmp_path, BROWSER=str(browser)) as run:
        output = run.output()
        assert f"http://localhost:{run.port}" in output
        assert "not opening a browser" in output
        assert "Email" not in output and "email" not in output.lower()
        # The server still answers a page, not only the health check.
        with urllib.request.urlopen(f"http://127.0.0.1:{run.port}/", timeout=10) as reply:
            assert reply.status == 200
    assert not opened.exists(), "a browser was opened without a desktop session"
    # Headless: Streamlit wrote no credentials file (the prompt's answer) into the new HOME.
    assert not (tmp_path / "home" / ".streamlit" / "credentials.toml").exists()


@pytest.mark.parametrize("ci", [False, True], ids=["desktop", "desktop-in-ci"])
def test_make_run_opens_a_browser_only_on_a_desktop_and_never_in_ci(tmp_path, ci) -> None:
    browser, opened = _fake_browser(tmp_path)
    env = {"DISPLAY": ":99", "BROWSER": str(browser)}
    if ci:
        env["CI"] = "true"
    with make_run(tmp_path, **env) as run:
        url = f"http://localhost:{run.port}"
        if ci:
            assert "not opening a browser" in run.output()
        else:
            # The opener waits for the same health answer, then calls the browser.
            deadline = time.monotonic() + 60
            while not opened.exists() and time.monotonic() < deadline:
                time.sleep(0.2)
            assert opened.exists(), run.output()
            assert opened.read_text().split() == [url]
    if ci:
        assert not opened.exists(), "a browser was opened in CI"


def test_make_serve_hands_workers_port_and_address_to_serve_sh() -> None:
    """``make serve WORKERS=3`` is scripts/serve.sh with those values (run for real, with
    two processes, by tests/test_balancer.py)."""
    dry = subprocess.run(
        ["make", "--no-print-directory", "-n", "serve", "WORKERS=3", "PORT=18123",
         "ADDRESS=127.0.0.1"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    )
    assert "bash scripts/serve.sh --workers 3 --port 18123 --address 127.0.0.1" in dry.stdout
