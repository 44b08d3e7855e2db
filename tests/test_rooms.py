"""The room store on a real SQLite file, and on PostgreSQL when RIK_TEST_POSTGRES_URL is set."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import re
import threading
import time
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

import rik
from rik import text as rik_text
from rik.charts import rooms as room_charts
from rik.team import assessment as asm
from rik.team import rooms
from rik.team.rooms import RoomError, RoomStore

PG_URL = os.environ.get("RIK_TEST_POSTGRES_URL", "")
EXAMPLE = asm.example_answers()
CATALYST = rik.presets()["catalyst"].to_dict()


class Clock:
    """A clock the test moves by hand (seconds since the epoch)."""

    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def _reset_postgres(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        rooms.metadata.drop_all(conn)
    engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh, empty database: an SQLite file always, PostgreSQL when configured."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'rooms.sqlite'}"
    if not PG_URL:
        pytest.skip("RIK_TEST_POSTGRES_URL is not set (scripts/start_postgres.sh starts one)")
    _reset_postgres(PG_URL)
    return PG_URL


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def store(db_url: str, clock: Clock):
    engine = sa.create_engine(db_url)
    yield RoomStore(engine, clock=clock)
    engine.dispose()


@pytest.fixture
def room(store: RoomStore) -> rooms.NewRoom:
    return store.create_room("Team North")


def count(store: RoomStore, table: sa.Table) -> int:
    with store.engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()


# --- Codes and keys --------------------------------------------------------------------------


def test_room_codes_are_easy_to_read_and_hard_to_guess():
    assert len(rooms.ALPHABET) == len(set(rooms.ALPHABET)) == 23
    assert not set("IOQ01") & set(rooms.ALPHABET)
    assert rooms.CODE_BITS >= 40
    codes = {rooms.new_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in list(codes)[:200]:
        assert re.fullmatch(r"[A-Z]{3}-[A-Z]{3}-[A-Z]{3}", code)
        assert set(code.replace("-", "")) <= set(rooms.ALPHABET)
    letters = Counter("".join(codes).replace("-", ""))
    assert set(letters) == set(rooms.ALPHABET)  # every letter is used


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("ABC-DEF-GHJ", "ABCDEFGHJ"), ("abc def ghj", "ABCDEFGHJ"), (" abcdefghj ", "ABCDEFGHJ"),
     ("ABC-DEF-GHI", None), ("ABC-DEF", None), ("ABC-DEF-GHJK", None), ("", None), (None, None),
     ("A" * 1000, None), ("ABC-DEF-GH0", None)],
)
def test_normalize_code(typed, expected):
    assert rooms.normalize_code(typed) == expected


def test_keys_are_stored_only_as_salted_hashes(store: RoomStore):
    first, second = store.create_room(), store.create_room()
    assert len(first.key) >= 32 and first.key != second.key
    with store.engine.connect() as conn:
        stored = conn.execute(sa.select(rooms.rooms_table)).all()
    dump = json.dumps([list(map(str, row)) for row in stored])
    assert first.key not in dump and second.key not in dump
    hashes = [row.key_hash for row in stored]
    assert all(h.startswith("scrypt$") for h in hashes)
    assert hashes[0].split("$")[4] != hashes[1].split("$")[4]  # a salt of its own
    assert rooms.verify_key(first.key, hashes[0])
    assert not rooms.verify_key(second.key, hashes[0])
    assert not rooms.verify_key(first.key, "garbage")


# --- Schema ------------------------------------------------------------------------------------


def test_tables_and_schema_version_are_created_on_start(db_url: str, clock: Clock):
    engine = sa.create_engine(db_url)
    store = RoomStore(engine, clock=clock)
    names = set(sa.inspect(engine).get_table_names())
    assert {"rik_schema", "rik_rooms", "rik_participants"} <= names
    assert store.schema_version() == rooms.DB_VERSION
    room = store.create_room()
    # A second app server starting on the same database keeps what is there.
    again = RoomStore(sa.create_engine(db_url), clock=clock)
    assert again.migrate() == rooms.DB_VERSION
    assert again.room_info(room.code) is not None
    engine.dispose()
    again.engine.dispose()


def test_a_database_from_a_newer_app_is_refused(store: RoomStore):
    with store.engine.begin() as conn:
        conn.execute(rooms.schema_table.update().values(version=rooms.DB_VERSION + 1))
    with pytest.raises(RuntimeError, match="schema version"):
        store.migrate()


def test_migrations_run_in_order(store: RoomStore, monkeypatch):
    ran = []
    with store.engine.begin() as conn:
        conn.execute(rooms.schema_table.update().values(version=rooms.DB_VERSION - 1))
    monkeypatch.setitem(rooms.MIGRATIONS, rooms.DB_VERSION - 1, lambda conn: ran.append(1))
    assert store.migrate() == rooms.DB_VERSION
    assert ran == [1] and store.schema_version() == rooms.DB_VERSION


def test_the_sqlite_default_file_is_created_on_first_use(tmp_path: Path):
    path = tmp_path / "deep" / "folder" / "rooms.sqlite"
    path.parent.mkdir(parents=True)
    store = RoomStore(f"sqlite:///{path}")
    assert path.exists()
    store.engine.dispose()


# --- Joining and submitting -----------------------------------------------------------------


def test_join_submit_update_and_view(store: RoomStore, room: rooms.NewRoom):
    joined = store.join(room.code.lower(), "Kari")
    assert joined.code == room.code and joined.nickname == "Kari"
    assert store.own_entry(room.code, joined.token).payload is None
    assert store.submit(room.code, joined.token, "assessment", {"answers": EXAMPLE}) == 1
    assert store.submit(room.code, joined.token, "scenario", CATALYST) == 2
    view = store.facilitator_view(room.code, room.key)
    assert view.room.title == "Team North" and view.room.code == room.code
    assert len(view.entries) == 1  # an update replaces, it does not add
    entry = view.entries[0]
    assert entry.kind == "scenario" and entry.revision == 2
    assert rik.Scenario.from_dict(entry.payload) == rik.presets()["catalyst"]
    assert count(store, rooms.participants_table) == 1


def test_assessment_submissions_are_stored_as_clean_answers(store, room):
    joined = store.join(room.code, "Ola")
    floats = {k: float(v) for k, v in EXAMPLE.items()}
    store.submit(room.code, joined.token, "assessment", {"answers": floats})
    entry = store.own_entry(room.code, joined.token)
    assert entry.answers() == EXAMPLE
    assert entry.scenario().levers == asm.to_levers(EXAMPLE)


def test_markup_in_nicknames_is_stored_and_returned_as_plain_text(store, room):
    nasty = ["<b>Kari</b>", "<script>x</script>", "**bold** :red[x]", "x');DROP TABLE rik_rooms"]
    for nickname in nasty:
        joined = store.join(room.code, nickname)
        store.submit(room.code, joined.token, "scenario", CATALYST)
    view = store.facilitator_view(room.code, room.key)
    assert [e.nickname for e in view.entries] == nasty
    assert store.room_info(room.code) is not None  # the table is still there
    exported = list(csv.DictReader(io.StringIO(rooms.export_csv(view))))
    assert [r["nickname"] for r in exported] == nasty


@pytest.mark.parametrize(
    ("nickname", "code"),
    [("", "nickname_empty"), ("   ", "nickname_empty"), ("x" * 25, "nickname_too_long"),
     ("a\x00b", "nickname_invalid"), ("a\u202eb", "nickname_invalid"),
     ("kari@example.no", "nickname_personal"), ("+47 912 34 567", "nickname_personal"),
     (42, "nickname_invalid"), (None, "nickname_invalid")],
)
def test_nicknames_are_validated(store, room, nickname, code):
    with pytest.raises(RoomError) as err:
        store.join(room.code, nickname)
    assert err.value.code == code
    assert count(store, rooms.participants_table) == 0


def test_nicknames_are_unique_in_a_room_but_not_across_rooms(store, room):
    store.join(room.code, "Kari")
    with pytest.raises(RoomError) as err:
        store.join(room.code, "  KARI ")
    assert err.value.code == "nickname_taken"
    other = store.create_room()
    assert store.join(other.code, "Kari").nickname == "Kari"


@pytest.mark.parametrize(
    ("kind", "payload", "code"),
    [
        ("scenario", {"name": "x", "levers": {"sellers": 0}}, "payload_invalid"),
        ("scenario", {"name": "x", "levers": {}, "secret": 1}, "payload_invalid"),
        ("scenario", ["not", "a", "dict"], "payload_invalid"),
        ("assessment", {"answers": {**EXAMPLE, "sellers": 0}}, "payload_invalid"),
        ("assessment", {"answers": EXAMPLE, "extra": 1}, "payload_invalid"),
        ("assessment", {"answers": {"sellers": 8}}, "payload_invalid"),
        ("poll", {"answers": EXAMPLE}, "payload_invalid"),
        ("scenario", {"name": "x" * 9000}, "payload_too_large"),
    ],
)
def test_submissions_are_validated_and_size_limited(store, room, kind, payload, code):
    joined = store.join(room.code, "Kari")
    with pytest.raises(RoomError) as err:
        store.submit(room.code, joined.token, kind, payload)
    assert err.value.code == code
    assert store.own_entry(room.code, joined.token).payload is None


def test_a_room_title_is_validated(store):
    assert store.create_room("  Team   <i>North</i> ").code
    with pytest.raises(RoomError, match="title_too_long"):
        store.create_room("x" * 61)
    with pytest.raises(RoomError, match="expiry_invalid"):
        store.create_room(expiry_days=0)


# --- Nothing without the code, the key or the token --------------------------------------------


def test_wrong_codes_and_keys_get_nothing(store, room):
    joined = store.join(room.code, "Kari")
    store.submit(room.code, joined.token, "scenario", CATALYST)
    wrong_code = room.code[:-1] + ("A" if room.code[-1] != "A" else "B")
    assert store.facilitator_view(wrong_code, room.key) is None
    wrong_key = room.key[:-1] + ("x" if room.key[-1] != "x" else "y")
    assert store.facilitator_view(room.code, wrong_key) is None
    assert store.facilitator_view(room.code, "") is None
    assert store.facilitator_view(room.code, None) is None
    assert store.facilitator_view("not a code", room.key) is None
    assert store.room_info(wrong_code) is None
    assert store.own_entry(room.code, "not-the-token") is None
    with pytest.raises(RoomError, match="not_found"):
        store.join(wrong_code, "Ola")
    with pytest.raises(RoomError, match="not_found"):
        store.submit(room.code, "not-the-token", "scenario", CATALYST)
    assert not store.close_room(room.code, "wrong")
    assert not store.delete_room(room.code, "wrong")
    assert store.facilitator_view(room.code, room.key).room.closed is False


def test_a_wrong_code_costs_as_much_work_as_a_wrong_key(store, room):
    wrong_code = "ZZZ-ZZZ-ZZZ" if room.code != "ZZZ-ZZZ-ZZZ" else "YYY-YYY-YYY"

    def timed(code, key):
        start = time.perf_counter()
        for _ in range(3):
            store.facilitator_view(code, key)
        return time.perf_counter() - start

    wrong_key = timed(room.code, "x" * 32)
    missing = timed(wrong_code, "x" * 32)
    assert missing > 0.5 * wrong_key  # both run scrypt; a missing room is not a shortcut


def test_nothing_in_a_room_is_reachable_from_another_room(store):
    a, b = store.create_room("A"), store.create_room("B")
    in_a = store.join(a.code, "Kari")
    store.submit(a.code, in_a.token, "scenario", CATALYST)
    in_b = store.join(b.code, "Ola")
    # A token from room A does nothing in room B, and the other way round.
    with pytest.raises(RoomError, match="not_found"):
        store.submit(b.code, in_a.token, "assessment", {"answers": EXAMPLE})
    assert store.own_entry(b.code, in_a.token) is None
    assert store.own_entry(a.code, in_b.token) is None
    # A's key does not open B; B's view holds only B's people.
    assert store.facilitator_view(b.code, a.key) is None
    assert [e.nickname for e in store.facilitator_view(b.code, b.key).entries] == ["Ola"]
    assert store.facilitator_view(b.code, b.key).submitted == ()
    assert not store.delete_room(b.code, a.key)
    assert store.delete_room(a.code, a.key)
    assert store.room_info(b.code) is not None
    assert [e.nickname for e in store.facilitator_view(b.code, b.key).entries] == ["Ola"]


# --- Closing, deleting, expiry ------------------------------------------------------------------


def test_a_closed_room_takes_nothing_new_but_can_be_viewed(store, room):
    joined = store.join(room.code, "Kari")
    store.submit(room.code, joined.token, "scenario", CATALYST)
    assert store.close_room(room.code, room.key)
    with pytest.raises(RoomError, match="closed"):
        store.join(room.code, "Ola")
    with pytest.raises(RoomError, match="closed"):
        store.submit(room.code, joined.token, "assessment", {"answers": EXAMPLE})
    view = store.facilitator_view(room.code, room.key)
    assert view.room.closed and len(view.submitted) == 1


def test_a_deleted_room_is_gone_with_everything_in_it(store, room):
    for name in ("Kari", "Ola"):
        joined = store.join(room.code, name)
        store.submit(room.code, joined.token, "scenario", CATALYST)
    assert store.delete_room(room.code, room.key)
    assert store.facilitator_view(room.code, room.key) is None
    assert store.room_info(room.code) is None
    assert count(store, rooms.rooms_table) == 0
    assert count(store, rooms.participants_table) == 0


def test_rooms_expire_after_30_days_by_default(store, room, clock):
    info = store.room_info(room.code)
    assert info.expires_at - info.created_at == 30 * rooms.DAY
    joined = store.join(room.code, "Kari")
    clock.now += 30 * rooms.DAY - 1
    assert store.facilitator_view(room.code, room.key) is not None
    clock.now += 1
    assert store.facilitator_view(room.code, room.key) is None
    assert store.room_info(room.code) is None
    assert store.own_entry(room.code, joined.token) is None
    with pytest.raises(RoomError, match="not_found"):
        store.join(room.code, "Ola")
    with pytest.raises(RoomError, match="not_found"):
        store.submit(room.code, joined.token, "scenario", CATALYST)
    assert store.purge_expired() == 1
    assert count(store, rooms.rooms_table) == 0
    assert count(store, rooms.participants_table) == 0


def test_expiry_is_configurable(db_url, clock):
    short = RoomStore(db_url, expiry_days=2, clock=clock)
    room = short.create_room()
    per_room = short.create_room(expiry_days=1)
    clock.now += 1 * rooms.DAY
    assert short.room_info(per_room.code) is None
    assert short.room_info(room.code) is not None
    clock.now += 1 * rooms.DAY
    assert short.room_info(room.code) is None
    # Creating a room clears expired ones away.
    short.create_room()
    assert count(short, rooms.rooms_table) == 1
    short.engine.dispose()
    with pytest.raises(ValueError, match="expiry_days"):
        RoomStore(db_url, expiry_days=0, migrate=False)


# --- 30 at once --------------------------------------------------------------------------------


def test_30_participants_submitting_at_once_are_all_stored_once(db_url, clock):
    # Two app servers sharing the database, 30 participants spread over them.
    servers = [RoomStore(sa.create_engine(db_url), clock=clock) for _ in range(2)]
    room = servers[0].create_room("Big workshop")
    start = threading.Barrier(30)
    errors: list[BaseException] = []
    tokens: dict[str, str] = {}

    def participant(n: int) -> None:
        store = servers[n % 2]
        try:
            start.wait(timeout=30)
            joined = store.join(room.code, f"Seller {n:02d}")
            tokens[joined.nickname] = joined.token
            answers = {**EXAMPLE, "meetings": 5 + n % 20, "act_plan": 1 + n % 5}
            store.submit(room.code, joined.token, "assessment", {"answers": answers})
            # Everyone changes their mind once, at the same time as the others.
            answers["fb_ask"] = 1 + (n + 2) % 5
            store.submit(room.code, joined.token, "assessment", {"answers": answers})
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=participant, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors[:3]
    view = servers[1].facilitator_view(room.code, room.key)
    names = [e.nickname for e in view.entries]
    assert sorted(names) == [f"Seller {n:02d}" for n in range(30)]
    assert len(view.submitted) == 30
    assert all(e.revision == 2 for e in view.entries)
    for entry in view.entries:
        n = int(entry.nickname.split()[1])
        assert entry.answers()["meetings"] == 5 + n % 20
        assert entry.answers()["fb_ask"] == 1 + (n + 2) % 5
    assert count(servers[0], rooms.participants_table) == 30
    for server in servers:
        server.engine.dispose()


# --- Guessing is slowed down -----------------------------------------------------------------


def test_rule_waits_double_after_the_free_events_up_to_the_cap():
    rule = rooms.Rule(free=2, base=1.0, cap=8.0, half_life=1e9)
    assert [rule.delay(n) for n in range(1, 9)] == [0, 0, 1, 2, 4, 8, 8, 8]


def test_failures_decay_with_time(store, clock):
    rule = rooms.RULES["guess_session"]
    waits = [store.limit_hit("guess_session", "s1") for _ in range(int(rule.free) + 3)]
    assert waits[-1] == rule.base * 4
    clock.now += 10 * rule.half_life  # a long break: the typos are forgotten
    assert store.limit_wait("guess_session", "s1") == 0
    assert store.limit_hit("guess_session", "s1") == 0  # the next typo is free again
    assert store.limit_wait("guess_session", "somebody else") == 0


def test_a_success_does_not_buy_new_guesses(store, room, clock):
    """Nothing resets a counter: joining a room between wrong codes changes nothing."""
    rule = rooms.RULES["guess_session"]
    for _ in range(int(rule.free) + 1):
        store.limit_hit("guess_session", "s1")
    before = store.limit_wait("guess_session", "s1")
    store.join(room.code, "Kari")
    assert before > 0 and store.limit_wait("guess_session", "s1") == before
    clock.now += before
    assert store.limit_hit("guess_session", "s1") == 2 * before


def test_a_guesser_gets_nothing_and_is_slowed(store, room, clock):
    """Guess codes the way the page does: ask only when the limits allow it."""
    asked, found, refused = 0, 0, 0
    for _ in range(600):  # ten minutes of a try a second from one session
        clock.now += 1.0
        if store.limit_wait("guess_session", "guesser") > 0:
            refused += 1
            continue
        asked += 1
        if store.room_info(rooms.new_code()) is not None:
            found += 1
        else:
            store.limit_hit("guess_session", "guesser")
    assert found == 0
    assert asked <= 40  # the free typos, then waits growing to a minute
    assert refused >= 560


@pytest.mark.parametrize(
    ("peer", "forwarded", "trusted", "expected"),
    [
        ("203.0.113.5", ["198.51.100.7"], [], None),  # no trusted proxy: header ignored
        ("127.0.0.1", ["198.51.100.7"], [], None),
        ("127.0.0.1", ["198.51.100.7"], ["127.0.0.1"], "198.51.100.7"),
        ("127.0.0.1", ["6.6.6.6, 198.51.100.7"], ["127.0.0.1"], "198.51.100.7"),  # spoofed left
        ("127.0.0.1", ["198.51.100.7, 10.0.0.2"], ["127.0.0.1", "10.0.0.0/8"], "198.51.100.7"),
        ("203.0.113.5", ["198.51.100.7"], ["127.0.0.1"], "203.0.113.5"),  # not via the proxy
        ("127.0.0.1", [], ["127.0.0.1"], None),
        ("127.0.0.1", ["garbage"], ["127.0.0.1"], None),
        ("::1", ["2001:db8::1"], ["::1"], "2001:db8::1"),
        (None, ["198.51.100.7"], ["127.0.0.1"], None),
    ],
)
def test_client_address_believes_forwarded_for_only_from_trusted_proxies(
    peer, forwarded, trusted, expected
):
    assert rooms.client_address(peer, forwarded, trusted) == expected


_HIT_IN_ANOTHER_PROCESS = """
import sys
from rik.team.rooms import RoomStore
store = RoomStore(sys.argv[1])
for _ in range(int(sys.argv[2])):
    store.limit_hit("guess_address", "198.51.100.7")
"""


def test_two_processes_share_one_budget(tmp_path):
    """Two servers on one database: the second sees the first's failures (no doubling)."""
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    rule = rooms.RULES["guess_address"]
    half = int(rule.free) // 2 + 3
    root = Path(__file__).resolve().parent.parent
    procs = [
        subprocess.Popen([sys.executable, "-c", _HIT_IN_ANOTHER_PROCESS, url, str(half)], cwd=root)
        for _ in range(2)
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    store = RoomStore(url)
    # Each process alone stayed within the free allowance; together they are over it.
    assert rule.delay(half) == 0
    assert store.limit_wait("guess_address", "198.51.100.7") > 0
    assert store.limit_wait("guess_address", "203.0.113.9") == 0


def test_limits_are_stored_without_the_identity(store):
    store.limit_hit("guess_address", "198.51.100.7")
    with store.engine.connect() as conn:
        keys = conn.execute(sa.select(rooms.limits_table.c.key)).scalars().all()
    assert len(keys) == 1 and "198.51" not in keys[0]


def test_purge_forgets_old_counters(store, clock):
    store.limit_hit("join_session", "s1")
    assert store.purge_limits() == 0
    clock.now += 100 * max(r.half_life for r in rooms.RULES.values())
    assert store.purge_limits() == 1
    assert count(store, rooms.limits_table) == 0


# --- What the facilitator sees -------------------------------------------------------------------


def _filled_room(store: RoomStore):
    room = store.create_room()
    people = {
        "Kari": ("assessment", {"answers": EXAMPLE}),
        "Ola": ("assessment", {"answers": {**EXAMPLE, "meetings": 20, "act_plan": 5}}),
        "=cmd|' /C calc'!A0": ("scenario", CATALYST),
    }
    for name, (kind, payload) in people.items():
        joined = store.join(room.code, name)
        store.submit(room.code, joined.token, kind, payload)
    store.join(room.code, "Late")  # joined, nothing sent yet
    return room, store.facilitator_view(room.code, room.key)


def test_entry_rows_and_csv_export(store):
    _, view = _filled_room(store)
    rows = rooms.entry_rows(view)
    assert list(rows["nickname"]) == ["Kari", "Ola", "=cmd|' /C calc'!A0"]
    kari = rows.iloc[0]
    scores = asm.score(EXAMPLE)
    assert kari["i_score"] == pytest.approx(scores.i, abs=0.1)
    assert kari["quadrant"] == scores.quadrant
    assert kari["answer_sellers"] == EXAMPLE["sellers"]
    text = rooms.export_csv(view)
    parsed = list(csv.DictReader(io.StringIO(text)))
    assert len(parsed) == 3
    assert parsed[2]["nickname"].startswith("'=")  # no formula runs in a spreadsheet
    assert parsed[2]["scenario"] == "catalyst"
    assert set(rik.LEVER_NAMES) <= set(parsed[0])


def test_answer_spread_counts_each_answer(store):
    _, view = _filled_room(store)
    spread = rooms.answer_spread(view, "en").set_index("key")
    assert spread.loc["act_plan", "n"] == 2
    assert spread.loc["act_plan", "3"] == 1 and spread.loc["act_plan", "5"] == 1
    assert spread.loc["meetings", "min"] == 10 and spread.loc["meetings", "max"] == 20
    assert math.isnan(spread.loc["meetings", "1"])


def test_lever_averages_against_presets(store):
    _, view = _filled_room(store)
    table = rooms.lever_averages(view)
    assert list(table.columns) == ["room", *rik.PRESET_NAMES]
    expected = (10 + 20 + 10) / 3
    assert table.loc["meetings_per_seller_per_week", "room"] == pytest.approx(expected)
    quality_first = rik.presets()["quality_first"].levers
    assert table.loc["onboarding", "quality_first"] == quality_first.onboarding


def test_room_map_shows_every_participant(store):
    _, view = _filled_room(store)
    points = rooms.room_points(view, lambda s, team: rik.simulate(s, None, 24, team=team), 24)
    assert list(points["nickname"]) == ["Kari", "Ola", "=cmd|' /C calc'!A0"]
    frames = {k: rik.simulate(s, None, 24) for k, s in rik.presets().items()}
    spec = room_charts.room_map(frames, points, "nb", month=24, label="Deltakere").to_dict()
    datasets = json.dumps(spec.get("datasets", {}))
    assert "Kari" in datasets and "Deltakere" in datasets
    assert len(spec["layer"]) == 3  # surface, presets, participants
    empty = room_charts.room_map(frames, points.iloc[0:0], "en", month=24).to_dict()
    assert len(empty["layer"]) == 2


def test_participants_sit_where_the_map_puts_the_same_scenario(store):
    """A participant who sends a preset lands exactly on that preset's point."""
    room = store.create_room()
    joined = store.join(room.code, "Kari")
    store.submit(room.code, joined.token, "scenario", CATALYST)
    view = store.facilitator_view(room.code, room.key)
    points = rooms.room_points(view, lambda s, team: rik.simulate(s, None, 24, team=team), 24)
    frames = {k: rik.simulate(s, None, 24) for k, s in rik.presets().items()}
    spec = room_charts.room_map(frames, points, "en", month=24).to_dict()
    rows = [r for data in spec["datasets"].values() for r in data if isinstance(r, dict)]
    catalyst = next(r for r in rows if r.get("scenario") == "The catalyst")
    marker = next(r for r in rows if r.get("names") == "Kari")
    assert marker["activity"] == pytest.approx(catalyst["activity"])
    assert marker["quality"] == pytest.approx(catalyst["quality"])


# --- Hostile names through the room CSV (issue 12, item 2) -----------------------------------

HOSTILE_NAMES = [
    "Plan B\r=cmd|' /C calc'!A0",
    "Plan C\n=HYPERLINK(\"http://x\")",
    " =1+1",
    "\u00a0=1+1",
    "\u200b=1+1",
    "\u200b\u00a0 @SUM(A1)",
    "\t-2+3",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_scenario_names_come_out_of_the_csv_as_one_inert_cell(store, room, name):
    joined = store.join(room.code, "Kari")
    store.submit(room.code, joined.token, "scenario", {**CATALYST, "name": name})
    other = store.join(room.code, " =Ola")  # a nickname with a formula behind a space
    store.submit(room.code, other.token, "scenario", CATALYST)
    view = store.facilitator_view(room.code, room.key)
    exported = rooms.export_csv(view)
    parsed = list(csv.reader(io.StringIO(exported)))
    assert len(parsed) == 3  # header and two rows: no row broken off by a line break
    header = parsed[0]
    for row in parsed[1:]:
        assert len(row) == len(header)
        for cell in row:
            assert "\r" not in cell and "\n" not in cell and "\u200b" not in cell
            stripped = cell.lstrip(" \u00a0\t")
            assert stripped[:1] not in ("=", "+", "-", "@"), cell
    names = dict(zip(header, parsed[1], strict=True))
    assert names["scenario"] == rik_text.csv_cell(name)
    assert names["scenario"].lstrip("'") == rik_text.clean(name)
    frame = pd.read_csv(io.StringIO(exported))
    assert len(frame) == 2
    assert list(frame["nickname"]) == ["Kari", "'=Ola"]
    assert frame["scenario"].iloc[0] == names["scenario"]
    assert not frame["scenario"].str.contains("\r|\n").any()


def test_csv_quotes_every_text_cell(store, room):
    joined = store.join(room.code, "Kari")
    store.submit(room.code, joined.token, "scenario", CATALYST)
    exported = rooms.export_csv(store.facilitator_view(room.code, room.key))
    line = exported.splitlines()[1]
    assert line.startswith('"Kari","scenario","catalyst"')


def test_submitted_scenario_names_are_cleaned_like_scenario_files(store, room):
    joined = store.join(room.code, "Kari")
    store.submit(room.code, joined.token, "scenario", {**CATALYST, "name": "A\r\nB\u200b C"})
    assert store.own_entry(room.code, joined.token).payload["name"] == "A B C"
    with pytest.raises(RoomError) as err:
        store.submit(room.code, joined.token, "scenario", {**CATALYST, "name": "\u200b\r\n"})
    assert err.value.code == "payload_invalid"


# --- No ghosts (issue 12, item 4) ------------------------------------------------------------


def test_leaving_without_sending_frees_the_place(store, room):
    ghost = store.join(room.code, "Ghost")
    assert store.leave(room.code, ghost.token)
    sent = store.join(room.code, "Kari")
    store.submit(room.code, sent.token, "scenario", CATALYST)
    assert not store.leave(room.code, sent.token)  # a sent answer stays for the facilitator
    view = store.facilitator_view(room.code, room.key)
    assert [e.nickname for e in view.entries] == ["Kari"]
    assert not store.leave(room.code, "not a token")


def test_the_facilitator_removes_a_participant_and_frees_a_place(store, room, monkeypatch):
    monkeypatch.setattr(rooms.store, "MAX_PARTICIPANTS", 2)
    kari = store.join(room.code, "Kari")
    store.submit(room.code, kari.token, "scenario", CATALYST)
    store.join(room.code, "Ola")
    with pytest.raises(RoomError, match="full"):
        store.join(room.code, "Per")
    view = store.facilitator_view(room.code, room.key)
    pid = next(e.pid for e in view.entries if e.nickname == "Kari")
    other = store.create_room("Other")
    assert not store.remove_participant(other.code, other.key, pid)  # not in that room
    assert not store.remove_participant(room.code, other.key, pid)  # the wrong key
    assert not store.remove_participant(room.code, room.key, "1")
    assert store.remove_participant(room.code, room.key, pid)
    assert store.own_entry(room.code, kari.token) is None
    store.join(room.code, "Per")
    names = [e.nickname for e in store.facilitator_view(room.code, room.key).entries]
    assert names == ["Ola", "Per"]


def test_an_expired_room_refuses_leave_and_remove(store, room, clock):
    kari = store.join(room.code, "Kari")
    pid = store.facilitator_view(room.code, room.key).entries[0].pid
    clock.now += 31 * rooms.DAY  # not purged yet: every read still checks the expiry
    assert not store.leave(room.code, kari.token)
    assert not store.remove_participant(room.code, room.key, pid)
    assert count(store, rooms.participants_table) == 1


def test_places_on_the_projector_map_are_counted_and_their_labels_spread() -> None:
    points = pd.DataFrame(
        {
            "nickname": ["Kari", "Ola", "Per", "Liv", "Tor"],
            "activity": [10.0, 10.0, 10.0, 10.0, 20.0],
            "quality": [0.5, 0.5, 0.5, 0.5, 0.3],
        }
    )
    grouped = room_charts.group_points(points)
    assert sorted(grouped["n"]) == [1, 4]
    crowd = grouped[grouped["n"] == 4].iloc[0]
    assert crowd["label"] == "Kari, Liv +2"
    near = room_charts.group_points(
        pd.DataFrame({"nickname": ["A", "B"], "activity": [10.0, 10.5], "quality": [0.5, 0.51]})
    )
    assert near["dy"].nunique() == 2  # close places: one label above, one below


def test_the_qr_code_is_an_svg_made_here() -> None:
    svg = rooms.qr_svg("http://127.0.0.1:8501/rooms?room=ABC-DEF-GHJ&lang=nb")
    assert svg.startswith("<svg") and 'viewBox="' in svg and "width=" not in svg.split(">")[0]


@pytest.mark.parametrize("name", ["\u3164", "\u2800\u2800", "Kari\u3164", "\u115f\u1160"])
def test_nicknames_that_draw_nothing_are_refused(name: str) -> None:
    """The hostile review: blank-looking nicknames showed as empty labels on the
    projector."""
    with pytest.raises(rooms.RoomError):
        rooms.clean_nickname(name)


@pytest.mark.parametrize("quadrant", asm.QUADRANTS)
def test_a_participants_assessment_sits_where_the_assessment_page_puts_it(store, quadrant):
    """In the room, a self-assessment is drawn where the assessment page draws it without
    the team's own figures (the story firm's rates, skill from the K score): on its
    quadrant's side of the centre on both axes."""
    from tests.test_team_assessment import QUADRANT_TEAMS  # one answer set per quadrant

    answers = QUADRANT_TEAMS[quadrant][0]
    room = store.create_room()
    joined = store.join(room.code, "Kari")
    store.submit(room.code, joined.token, "assessment", {"answers": answers})
    view = store.facilitator_view(room.code, room.key)
    points = rooms.room_points(
        view, lambda s, team: rik.simulate(s, None, 24, team=team), 24,
        rik.load_assumptions("article"))
    result = asm.assess(answers)
    team = asm.assessed_team(result.levers, result.scores, None)
    current = rik.simulate(asm.current_scenario(result.levers), None, 24, team=team)
    where = asm.placement(result.scores, team, current)
    point = points.iloc[0]
    assert point["activity"] == pytest.approx(where.activity)
    assert point["quality"] == pytest.approx(where.quality)
    assert where.quadrant == quadrant and where.agrees, where.disagreements()
