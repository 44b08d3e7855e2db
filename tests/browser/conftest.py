"""Fixtures for the end-to-end tests: the app on a free port, and headless Chromium.

Deliberately not pytest-playwright: one Chromium per session, launched with the flags
the project needs, and a fresh context (no cookies, storage or cache) per test.
When no browser can be launched the tests fail with a clear message; they never skip.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from typing import Any

import pytest

from ._app import ARTIFACTS, AppServer, BrowserNotFound, launch_chromium, new_context, start_server


@pytest.fixture(scope="session")
def app_server() -> Iterator[AppServer]:
    """The app, started once for the whole browser session."""
    server = start_server()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def base_url(app_server: AppServer) -> str:
    return app_server.base_url


@pytest.fixture
def fresh_server() -> Iterator[AppServer]:
    """A server nobody has visited yet (for first-visit behaviour such as deep links)."""
    server = start_server()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Any]:
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:  # pragma: no cover - requirements-dev.txt installs it
        pytest.fail(f"playwright (the Python driver) is not installed: {exc}", pytrace=False)
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(playwright_driver: Any) -> Iterator[Any]:
    try:
        chromium = launch_chromium(playwright_driver)
    except BrowserNotFound as exc:
        pytest.fail(str(exc), pytrace=False)
    try:
        yield chromium
    finally:
        chromium.close()


@pytest.fixture
def make_page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """``make_page(locale="en-US")`` -> a page in a fresh context; closed after the test.

    Uncaught JavaScript errors on any page are collected in ``page.js_errors``.
    """
    contexts: list[Any] = []

    def factory(*, locale: str = "en-US", viewport: dict | None = None) -> Any:
        context = new_context(browser, locale=locale, viewport=viewport)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.js_errors = []
        page.on("pageerror", lambda error: page.js_errors.append(str(error)))
        return page

    yield factory
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
        for i, context in enumerate(contexts):
            for j, page in enumerate(context.pages):
                # The page may be gone; the failure itself matters more than its picture.
                with contextlib.suppress(Exception):
                    page.screenshot(path=str(ARTIFACTS / "failures" / f"{name}-{i}-{j}.png"))
    for context in contexts:
        context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Any:
    """Remember each phase's report on the item, so fixtures can see whether the test failed."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
