"""ui.uploads: a bound on the files a session holds in server memory, freed when it ends."""

from __future__ import annotations

from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager
from streamlit.runtime.uploaded_file_manager import UploadedFileRec

from ui import uploads


def _file(n: int, size: int = 1000) -> UploadedFileRec:
    return UploadedFileRec(file_id=f"f{n}", name=f"{n}.json", type="application/json",
                           data=b"x" * size)


def _guard(active: set[str]) -> tuple[uploads.Guard, MemoryUploadedFileManager]:
    manager = MemoryUploadedFileManager("/_stcore/upload_file")
    guard = uploads.Guard(manager, lambda sid: sid in active)
    manager.add_file = guard.add_file
    return guard, manager


def test_a_flood_of_uploads_holds_a_few_files_and_is_then_refused() -> None:
    guard, manager = _guard({"flooder", "other"})
    for n in range(150):
        manager.add_file("flooder", _file(n, 100_000))
    assert len(manager.file_storage["flooder"]) == uploads.MAX_FILES
    assert guard.held_bytes() == uploads.MAX_FILES * 100_000  # not 150 x 100 kB
    assert "flooder" in guard.refused
    # The files kept are the newest the session was allowed: a replaced file is freed.
    kept = list(manager.file_storage["flooder"])
    last = uploads.MAX_UPLOADS - 1
    assert kept == [f"f{n}" for n in range(last - uploads.MAX_FILES + 1, last + 1)]
    # Another session is not affected.
    manager.add_file("other", _file(1))
    assert list(manager.file_storage["other"]) == ["f1"] and "other" not in guard.refused


def test_files_of_ended_sessions_are_freed_by_the_sweep() -> None:
    active = {"a", "b"}
    guard, manager = _guard(active)
    manager.add_file("a", _file(1))
    manager.add_file("b", _file(2))
    active.discard("a")  # the browser went away
    assert guard.sweep() == 1
    assert "a" not in manager.file_storage and "a" not in guard.counts
    assert list(manager.file_storage["b"]) == ["f2"]
    assert guard.held_bytes() == 1000


def test_many_fresh_sessions_cannot_pass_the_servers_total() -> None:
    """The hostile review: 100 sessions × 3 files of 1 MB took the server up by 290 MB;
    sessions are free, so the whole server has a budget too."""
    sessions = {f"s{i}" for i in range(100)}
    guard, manager = _guard(sessions)
    guard.max_total = 5_000_000
    for sid in sorted(sessions):
        for n in range(3):
            manager.add_file(sid, _file(n, 1_000_000))
    assert guard.held_bytes() <= 5_000_000
    assert len(guard.refused) >= 95  # the late sessions were told
    # Once files are freed, new uploads fit again.
    guard.is_active = lambda sid: False
    guard.sweep()
    manager.add_file("late", _file(9, 1000))
    assert guard.held_bytes() == 1000
