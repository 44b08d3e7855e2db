"""Uploaded files in server memory: a bound per session, and released when a session ends.

Streamlit keeps every file PUT to ``/_stcore/upload_file/<session>/<file>`` in memory
until the session is shut down, and a disconnected session is kept (for a reconnect)
until it is evicted, minutes later. ``server.maxUploadSize`` limits one file, not how
many. So this module, installed once per server process (:func:`install`):

- accepts at most :data:`MAX_UPLOADS` uploads per session; later ones are dropped and
  the pages with an uploader say so (:func:`refused`);
- holds at most :data:`MAX_FILES` files per session at once: a new file pushes out the
  oldest (a file replaced in a widget frees the old one, whatever the browser does);
- every :data:`SWEEP_SECONDS`, frees the files of sessions that are no longer connected;
- holds at most :data:`MAX_TOTAL_BYTES` of uploads for the whole server: a file that would
  pass it is dropped (and its page says so), since fresh sessions cost an attacker
  nothing and the per-session bounds alone do not cap the total.

The size and rate of upload requests are limited in front of the app, by the balancer
(``deploy/``, docs/deploy.md). Internals of Streamlit 1.67 (pinned) are used here:
``Runtime.uploaded_file_mgr`` is a ``MemoryUploadedFileManager``.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import streamlit as st

MAX_UPLOADS = 30
"""Uploads a session may make in all (a workshop participant needs one or two)."""
MAX_FILES = 3
"""Files a session may hold in memory at once."""
SWEEP_SECONDS = 30.0
MAX_TOTAL_BYTES = 64 * 1024 * 1024
"""Uploads the whole server holds at once (a workshop's files are a few kB each)."""

LOG = logging.getLogger("rik.app")


class Guard:
    """The per-session bookkeeping around one upload manager (thread-safe)."""

    def __init__(self, manager: Any, is_active: Any) -> None:
        self.manager = manager
        self.is_active = is_active
        self.counts: dict[str, int] = {}
        self.refused: set[str] = set()
        self.lock = threading.Lock()
        self._add_file = manager.add_file
        self.max_total = MAX_TOTAL_BYTES

    def add_file(self, session_id: str, file: Any) -> None:
        with self.lock:
            n = self.counts.get(session_id, 0) + 1
            self.counts[session_id] = n
            if n > MAX_UPLOADS:
                self.refused.add(session_id)
                return  # dropped: never held in memory
            if self.held_bytes() + len(getattr(file, "data", b"")) > self.max_total:
                self.refused.add(session_id)
                LOG.warning("uploads: server-wide budget reached; a file was dropped")
                return
        self._add_file(session_id, file)
        self.trim(session_id)

    def trim(self, session_id: str) -> None:
        """Keep the session's newest :data:`MAX_FILES` files."""
        held = list(self.manager.file_storage.get(session_id, {}))
        for file_id in held[: max(0, len(held) - MAX_FILES)]:
            self.manager.remove_file(session_id, file_id)

    def sweep(self) -> int:
        """Free the files (and counters) of sessions that are no longer connected."""
        gone = [sid for sid in list(self.manager.file_storage) if not self.is_active(sid)]
        for sid in gone:
            self.manager.remove_session_files(sid)
        with self.lock:
            for sid in [s for s in self.counts if not self.is_active(s)]:
                self.counts.pop(sid, None)
                self.refused.discard(sid)
        return len(gone)

    def held_bytes(self) -> int:
        return sum(
            len(f.data) for files in list(self.manager.file_storage.values())
            for f in list(files.values())
        )


def _sweep_every(guard: Guard, seconds: float, stop: threading.Event) -> None:
    while not stop.wait(seconds):
        try:
            guard.sweep()
        except Exception:  # noqa: BLE001 - keep sweeping; a failure is logged
            LOG.exception("uploads: sweep failed")


@st.cache_resource(show_spinner=False)
def install() -> Guard | None:
    """Put the guard around this server's upload manager (once per process)."""
    try:
        from streamlit.runtime import Runtime

        runtime = Runtime.instance()
        manager = runtime.uploaded_file_mgr
    except Exception:  # noqa: BLE001 - no runtime (bare mode, some tests)
        return None
    if not hasattr(manager, "file_storage"):
        return None
    guard = Guard(manager, runtime.is_active_session)
    manager.add_file = guard.add_file
    threading.Thread(
        target=_sweep_every, args=(guard, SWEEP_SECONDS, threading.Event()),
        name="rik-upload-sweep", daemon=True,
    ).start()
    return guard


def _session_id() -> str | None:
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        ctx = get_script_run_ctx()
        return ctx.session_id if ctx is not None else None
    except Exception:  # noqa: BLE001
        return None


def refused() -> bool:
    """True once this session has used up its uploads (so a page can say so)."""
    guard = install()
    sid = _session_id()
    return bool(guard is not None and sid is not None and sid in guard.refused)


__all__ = ["MAX_FILES", "MAX_UPLOADS", "SWEEP_SECONDS", "Guard", "install", "refused"]
