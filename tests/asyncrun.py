"""Run a coroutine to completion from any test, even when an event loop is running.

Playwright's sync API (the browser tests, which run first) keeps an event loop running
in the main thread for the whole session, and ``asyncio.run`` refuses to start inside
it; a fresh thread has no loop, so the coroutine runs there.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def run(coro: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run(coro)`` in a fresh thread; returns its result or raises its error."""
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["value"] = asyncio.run(coro)
        except BaseException as exc:  # handed back to the caller below
            outcome["error"] = exc

    thread = threading.Thread(target=target, name="asyncrun")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]
