"""The rooms' tables and :class:`RoomStore`: SQLAlchemy Core on SQLite or PostgreSQL,
migrations, and the views of a room a facilitator and a participant see.

Part of :mod:`rik.team.rooms` (see its docstring for the security model)."""

from __future__ import annotations

import contextlib
import json
import secrets
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from rik.model.levers import Scenario
from rik.team import assessment
from rik.team.rooms.codes import (
    CODE_LENGTH,
    DAY,
    DEFAULT_EXPIRY_DAYS,
    DUMMY_HASH,
    KEY_BYTES,
    MAX_EXPIRY_DAYS,
    MAX_PARTICIPANTS,
    NICKNAME_MAX,
    TITLE_MAX,
    TOKEN_BYTES,
    RoomError,
    clean_nickname,
    clean_title,
    format_code,
    hash_key,
    new_code,
    normalize_code,
    token_hash_of,
    validate_payload,
    verify_key,
)
from rik.team.rooms.throttle import RULES, limit_key

DB_VERSION = 2  # the rooms database's schema (see MIGRATIONS)
"""The version of the tables below; stored in ``rik_schema``. 2 added ``rik_limits``."""


# --- Tables ------------------------------------------------------------------------------

metadata = sa.MetaData()

schema_table = sa.Table(
    "rik_schema",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("migrated_at", sa.BigInteger, nullable=False),
)

rooms_table = sa.Table(
    "rik_rooms",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("code", sa.String(CODE_LENGTH), nullable=False, unique=True),
    sa.Column("title", sa.String(TITLE_MAX * 4), nullable=False, default=""),
    sa.Column("key_hash", sa.String(200), nullable=False),
    sa.Column("created_at", sa.BigInteger, nullable=False),
    sa.Column("expires_at", sa.BigInteger, nullable=False, index=True),
    sa.Column("closed_at", sa.BigInteger, nullable=True),
)

participants_table = sa.Table(
    "rik_participants",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column(
        "room_id",
        sa.Integer,
        sa.ForeignKey("rik_rooms.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("nickname", sa.String(NICKNAME_MAX * 4), nullable=False),
    sa.Column("nickname_key", sa.String(NICKNAME_MAX * 4), nullable=False),
    sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("kind", sa.String(16), nullable=True),
    sa.Column("payload", sa.Text, nullable=True),
    sa.Column("revision", sa.Integer, nullable=False, default=0),
    sa.Column("joined_at", sa.BigInteger, nullable=False),
    sa.Column("submitted_at", sa.BigInteger, nullable=True),
    sa.UniqueConstraint("room_id", "nickname_key", name="uq_rik_participant_nickname"),
)

limits_table = sa.Table(
    "rik_limits",
    metadata,
    # "<rule>:<sha256 of the identity>": addresses and session ids are never stored as such
    sa.Column("key", sa.String(80), primary_key=True),
    sa.Column("score", sa.Float, nullable=False),
    sa.Column("at", sa.Float, nullable=False, index=True),
    sa.Column("blocked_until", sa.Float, nullable=False),
)


def _add_limits_table(conn: Connection) -> None:
    limits_table.create(conn, checkfirst=True)


# Migrations from version n to n + 1, run in order inside one transaction.
MIGRATIONS: dict[int, Callable[[Connection], None]] = {1: _add_limits_table}


# --- SQLite: one writer at a time, readers never blocked -------------------------------


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    dbapi_connection.isolation_level = None  # SQLAlchemy's begin event emits BEGIN
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA busy_timeout = 30000")
    cursor.execute("PRAGMA foreign_keys = ON")
    # An in-memory or read-only database keeps its journal mode.
    with contextlib.suppress(Exception):
        cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


def _sqlite_on_begin(conn: Connection) -> None:
    # Writers take the lock up front, so two writers never deadlock upgrading a read.
    write = conn.get_execution_options().get("rik_write", False)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def _prepare_engine(engine: Engine) -> None:
    if engine.dialect.name != "sqlite":
        return
    if not event.contains(engine, "connect", _sqlite_on_connect):
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
        engine.pool.dispose()  # connections opened before the listener lack the pragmas


# --- Views of a room ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewRoom:
    """What the facilitator gets once: the code to share and the key to keep."""

    code: str
    key: str
    expires_at: int


@dataclass(frozen=True, slots=True)
class Joined:
    """What a participant keeps for the session: the room code, nickname and token."""

    code: str
    nickname: str
    token: str


@dataclass(frozen=True, slots=True)
class RoomInfo:
    code: str
    title: str
    created_at: int
    expires_at: int
    closed: bool


@dataclass(frozen=True, slots=True)
class Entry:
    """One participant and their submission (``kind`` None until they submit)."""

    nickname: str
    kind: str | None
    payload: dict[str, Any] | None
    revision: int
    joined_at: int
    submitted_at: int | None
    pid: int = 0  # the row's id: what the facilitator names to remove a participant

    def scenario(self) -> Scenario | None:
        """The submission as a scenario (an assessment becomes the team's current habits)."""
        if self.payload is None:
            return None
        if self.kind == "assessment":
            return assessment.current_scenario(assessment.to_levers(self.payload["answers"]))
        return Scenario.from_dict(self.payload)

    def answers(self) -> dict[str, Any] | None:
        return self.payload["answers"] if self.kind == "assessment" and self.payload else None


def _entry(r: Any) -> Entry:
    """One participant's row of the ``participants`` table as an :class:`Entry`."""
    return Entry(
        nickname=r.nickname,
        kind=r.kind,
        payload=json.loads(r.payload) if r.payload is not None else None,
        revision=r.revision,
        joined_at=r.joined_at,
        submitted_at=r.submitted_at,
        pid=r.id,
    )


@dataclass(frozen=True, slots=True)
class RoomView:
    """What the facilitator sees: the room and everyone in it."""

    room: RoomInfo
    entries: tuple[Entry, ...]

    @property
    def submitted(self) -> tuple[Entry, ...]:
        return tuple(e for e in self.entries if e.payload is not None)


# --- The store -----------------------------------------------------------------------------


class RoomStore:
    """Rooms and submissions in a SQL database (SQLite or PostgreSQL)."""

    def __init__(
        self,
        engine: Engine | str,
        *,
        expiry_days: float = DEFAULT_EXPIRY_DAYS,
        clock: Callable[[], float] = time.time,
        migrate: bool = True,
    ) -> None:
        self.engine = sa.create_engine(engine) if isinstance(engine, str) else engine
        _prepare_engine(self.engine)
        if not 0 < expiry_days <= MAX_EXPIRY_DAYS:
            raise ValueError(f"expiry_days ({expiry_days!r}) must be between 0 and 365")
        self.expiry_days = expiry_days
        self.clock = clock
        if migrate:
            self.migrate()

    # -- plumbing --

    def _now(self) -> int:
        return int(self.clock())

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        with self.engine.connect() as conn:
            conn.execution_options(rik_write=True)
            with conn.begin():
                yield conn

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def migrate(self) -> int:
        """Create the tables, or bring them up to :data:`DB_VERSION`; return the version."""
        with self._write() as conn:
            if conn.dialect.name == "postgresql":
                # One app server migrates at a time; the others wait here.
                conn.execute(sa.select(sa.func.pg_advisory_xact_lock(0x52494B)))
            inspector = sa.inspect(conn)
            if not inspector.has_table(schema_table.name):
                metadata.create_all(conn)
                conn.execute(
                    schema_table.insert().values(
                        id=1, version=DB_VERSION, migrated_at=self._now()
                    )
                )
                return DB_VERSION
            version = conn.execute(
                sa.select(schema_table.c.version).where(schema_table.c.id == 1)
            ).scalar_one()
            if version > DB_VERSION:
                raise RuntimeError(
                    f"the rooms database has schema version {version}; this app knows "
                    f"{DB_VERSION}. Update the app."
                )
            while version < DB_VERSION:
                MIGRATIONS[version](conn)
                version += 1
                conn.execute(
                    schema_table.update()
                    .where(schema_table.c.id == 1)
                    .values(version=version, migrated_at=self._now())
                )
            return version

    def schema_version(self) -> int:
        with self._read() as conn:
            return conn.execute(
                sa.select(schema_table.c.version).where(schema_table.c.id == 1)
            ).scalar_one()

    def _open_room(self, conn: Connection, code: Any) -> Any:
        """The room's row if it exists and is open, else :class:`RoomError`
        (``not_found`` or ``closed``)."""
        row = self._room_row(conn, code)
        if row is None:
            raise RoomError("not_found")
        if row.closed_at is not None:
            raise RoomError("closed")
        return row

    def _room_row(self, conn: Connection, code: Any) -> Any:
        letters = normalize_code(code)
        if letters is None:
            return None
        return conn.execute(
            sa.select(rooms_table).where(
                rooms_table.c.code == letters, rooms_table.c.expires_at > self._now()
            )
        ).first()

    def _facilitator_row(self, conn: Connection, code: Any, key: Any) -> Any:
        row = self._room_row(conn, code)
        # A missing room costs one scrypt too, so timing does not tell codes from keys.
        stored = row.key_hash if row is not None else DUMMY_HASH
        key_ok = verify_key(key if isinstance(key, str) else "", stored)
        return row if row is not None and key_ok and isinstance(key, str) else None

    @staticmethod
    def _info(row: Any) -> RoomInfo:
        return RoomInfo(
            code=format_code(row.code),
            title=row.title,
            created_at=row.created_at,
            expires_at=row.expires_at,
            closed=row.closed_at is not None,
        )

    # -- facilitator --

    def create_room(self, title: str = "", expiry_days: float | None = None) -> NewRoom:
        """Open a room; the key in the answer is never stored or shown again."""
        title = clean_title(title)
        days = self.expiry_days if expiry_days is None else expiry_days
        if isinstance(days, bool) or not isinstance(days, int | float) or not 0 < days <= 365:
            raise RoomError("expiry_invalid", "expiry must be between 1 and 365 days")
        self.purge_expired()
        key = secrets.token_urlsafe(KEY_BYTES)
        key_hash = hash_key(key)
        now = self._now()
        expires_at = now + int(days * DAY)
        for _ in range(5):
            code = new_code()
            try:
                with self._write() as conn:
                    conn.execute(
                        rooms_table.insert().values(
                            code=normalize_code(code),
                            title=title,
                            key_hash=key_hash,
                            created_at=now,
                            expires_at=expires_at,
                        )
                    )
                return NewRoom(code=code, key=key, expires_at=expires_at)
            except sa.exc.IntegrityError:  # the same code drawn twice: draw again
                continue
        raise RuntimeError("could not draw a free room code")

    def facilitator_view(self, code: Any, key: Any) -> RoomView | None:
        """The room and all its entries, or None for a wrong code or key (same either way)."""
        with self._read() as conn:
            row = self._facilitator_row(conn, code, key)
            if row is None:
                return None
            rows = conn.execute(
                sa.select(participants_table)
                .where(participants_table.c.room_id == row.id)
                .order_by(participants_table.c.joined_at, participants_table.c.id)
            ).all()
        entries = tuple(_entry(r) for r in rows)
        return RoomView(room=self._info(row), entries=entries)

    def close_room(self, code: Any, key: Any) -> bool:
        """Stop new joins and submissions; the facilitator can still look and export."""
        with self._write() as conn:
            row = self._facilitator_row(conn, code, key)
            if row is None:
                return False
            conn.execute(
                rooms_table.update()
                .where(rooms_table.c.id == row.id)
                .values(closed_at=self._now())
            )
            return True

    def delete_room(self, code: Any, key: Any) -> bool:
        """Delete the room and everything in it."""
        with self._write() as conn:
            row = self._facilitator_row(conn, code, key)
            if row is None:
                return False
            self._delete_rooms(conn, [row.id])
            return True

    @staticmethod
    def _delete_rooms(conn: Connection, ids: Sequence[int]) -> None:
        if not ids:
            return
        conn.execute(participants_table.delete().where(participants_table.c.room_id.in_(ids)))
        conn.execute(rooms_table.delete().where(rooms_table.c.id.in_(ids)))

    def purge_expired(self) -> int:
        """Delete rooms past their expiry (and their entries); return how many."""
        with self._write() as conn:
            ids = conn.execute(
                sa.select(rooms_table.c.id).where(rooms_table.c.expires_at <= self._now())
            ).scalars().all()
            self._delete_rooms(conn, ids)
            return len(ids)

    # -- limits (shared by every server on this database) --

    def limit_wait(self, rule: str, identity: str) -> float:
        """Seconds ``identity`` must wait under ``rule`` (0: go ahead)."""
        with self._read() as conn:
            row = conn.execute(
                sa.select(limits_table.c.blocked_until).where(
                    limits_table.c.key == limit_key(rule, identity)
                )
            ).first()
        return 0.0 if row is None else max(0.0, row.blocked_until - float(self.clock()))

    def limit_hit(self, rule: str, identity: str) -> float:
        """Count one event for ``identity`` under ``rule``; return the wait it now has."""
        spec = RULES[rule]
        key = limit_key(rule, identity)
        for _ in range(3):
            now = float(self.clock())
            try:
                with self._write() as conn:
                    row = conn.execute(
                        sa.select(limits_table).where(limits_table.c.key == key)
                    ).first()
                    score = 1.0 + (spec.decayed(row.score, now - row.at) if row else 0.0)
                    delay = spec.delay(score)
                    blocked = max(now + delay, row.blocked_until if row else 0.0)
                    values = {"score": score, "at": now, "blocked_until": blocked}
                    if row is None:
                        conn.execute(limits_table.insert().values(key=key, **values))
                    else:
                        conn.execute(
                            limits_table.update().where(limits_table.c.key == key).values(values)
                        )
                return max(0.0, blocked - now)
            except sa.exc.IntegrityError:  # another server inserted the same key first
                continue
        raise RuntimeError("could not record a limit event")

    def purge_limits(self) -> int:
        """Forget limit counters that have decayed to nothing and block nobody."""
        now = float(self.clock())
        oldest = now - 10 * max(rule.half_life for rule in RULES.values())
        with self._write() as conn:
            result = conn.execute(
                limits_table.delete().where(
                    limits_table.c.at < oldest, limits_table.c.blocked_until < now
                )
            )
            return int(result.rowcount or 0)

    # -- participants --

    def room_info(self, code: Any) -> RoomInfo | None:
        """Public facts about an open room (title, expiry), or None for a wrong code."""
        with self._read() as conn:
            row = self._room_row(conn, code)
            return self._info(row) if row is not None else None

    def join(self, code: Any, nickname: Any) -> Joined:
        """Join a room under a nickname; the token in the answer is the participant's key."""
        nickname = clean_nickname(nickname)
        token = secrets.token_urlsafe(TOKEN_BYTES)
        try:
            with self._write() as conn:
                row = self._open_room(conn, code)
                count = conn.execute(
                    sa.select(sa.func.count())
                    .select_from(participants_table)
                    .where(participants_table.c.room_id == row.id)
                ).scalar_one()
                if count >= MAX_PARTICIPANTS:
                    raise RoomError("full")
                conn.execute(
                    participants_table.insert().values(
                        room_id=row.id,
                        nickname=nickname,
                        nickname_key=nickname.casefold(),
                        token_hash=token_hash_of(token),
                        revision=0,
                        joined_at=self._now(),
                    )
                )
        except sa.exc.IntegrityError as exc:
            raise RoomError("nickname_taken") from exc
        return Joined(code=format_code(row.code), nickname=nickname, token=token)

    def submit(self, code: Any, token: Any, kind: str, payload: Mapping[str, Any]) -> int:
        """Store (or replace) the participant's own submission; return its revision."""
        clean = validate_payload(kind, payload)
        if not isinstance(token, str) or len(token) > 100:
            raise RoomError("not_found")
        text = json.dumps(clean, ensure_ascii=False, sort_keys=True)
        with self._write() as conn:
            row = self._open_room(conn, code)
            where = (participants_table.c.room_id == row.id) & (
                participants_table.c.token_hash == token_hash_of(token)
            )
            result = conn.execute(
                participants_table.update()
                .where(where)
                .values(
                    kind=kind,
                    payload=text,
                    submitted_at=self._now(),
                    revision=participants_table.c.revision + 1,
                )
            )
            if result.rowcount != 1:
                raise RoomError("not_found")
            return conn.execute(
                sa.select(participants_table.c.revision).where(where)
            ).scalar_one()

    def own_entry(self, code: Any, token: Any) -> Entry | None:
        """The participant's own entry (by token, in this room only), or None."""
        if not isinstance(token, str) or len(token) > 100:
            return None
        with self._read() as conn:
            row = self._room_row(conn, code)
            if row is None:
                return None
            r = conn.execute(
                sa.select(participants_table).where(
                    participants_table.c.room_id == row.id,
                    participants_table.c.token_hash == token_hash_of(token),
                )
            ).first()
        if r is None:
            return None
        return _entry(r)

    def leave(self, code: Any, token: Any) -> bool:
        """A participant leaves: their entry goes if they sent nothing (a sent answer
        stays for the facilitator, who can remove it). True if an entry was deleted."""
        if not isinstance(token, str) or len(token) > 100:
            return False
        with self._write() as conn:
            return self._delete_participant(
                conn,
                self._room_row(conn, code),
                participants_table.c.token_hash == token_hash_of(token),
                participants_table.c.payload.is_(None),
            )

    def remove_participant(self, code: Any, key: Any, pid: Any) -> bool:
        """The facilitator removes one participant and their submission from the room."""
        if isinstance(pid, bool) or not isinstance(pid, int):
            return False
        with self._write() as conn:
            return self._delete_participant(
                conn, self._facilitator_row(conn, code, key), participants_table.c.id == pid
            )

    @staticmethod
    def _delete_participant(conn: Connection, room: Any, *where: Any) -> bool:
        """Delete the participant in ``room`` (a row, or None: nothing) matching ``where``."""
        if room is None:
            return False
        result = conn.execute(
            participants_table.delete().where(participants_table.c.room_id == room.id, *where)
        )
        return bool(result.rowcount)
