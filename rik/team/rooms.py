"""Workshop rooms: a facilitator opens a room, participants join it and submit.

The store speaks SQLAlchemy Core to any database SQLAlchemy supports; it is tested on
SQLite (the default, a file) and PostgreSQL (several app servers sharing one database).
No Streamlit here: ``ui/rooms.py`` builds the engine with ``st.connection`` and hands it
to :class:`RoomStore`.

Security model, in short:

- A room is found only by its **code**: 9 letters from a 23-letter alphabet without
  look-alikes (about 40.7 bits), shown as ``ABC-DEF-GHJ`` so it is easy to read aloud.
- The facilitator's **key** is 32 random URL-safe characters (192 bits), stored only as
  a salted scrypt hash; the facilitator view needs the code and the key, and a wrong
  code or a wrong key give the same answer (nothing) after the same work.
- A participant gets a random **token** on joining (stored as a SHA-256 hash); only that
  token can update the participant's own submission, and only in that room.
- Every input is validated and size-limited; every query is parameterised (Core
  expressions only, no SQL text built from input); expired rooms are never returned and
  are deleted by :meth:`RoomStore.purge_expired`.
- :data:`RULES` slow guessing and flooding: per session, per client address (only behind
  a trusted proxy, :func:`client_address`) and for the server as a whole; counters decay
  with time, are never reset by a success, and live in the database, so every server on
  it shares them (:meth:`RoomStore.limit_hit`).
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import hmac
import io
import ipaddress
import json
import math
import re
import secrets
import time
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pandas as pd
import segno
import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine

from rik import text
from rik.model.assumptions import Assumptions
from rik.model.calibration import Team
from rik.model.levers import LEVER_NAMES, Scenario
from rik.model.presets import presets
from rik.team import assessment

DB_VERSION = 2
"""The version of the tables below; stored in ``rik_schema``. 2 added ``rik_limits``."""

ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ"
"""23 letters: no I (1, l), O (0) or Q (O)."""
CODE_LENGTH = 9
CODE_BITS = CODE_LENGTH * math.log2(len(ALPHABET))
KEY_BYTES = 24  # 192 bits, 32 URL-safe characters
TOKEN_BYTES = 24
DEFAULT_EXPIRY_DAYS = 30
MAX_EXPIRY_DAYS = 365
NICKNAME_MAX = 24
TITLE_MAX = 60
SCENARIO_NAME_MAX = 60  # as rik.share.scenario_io.NAME_MAX
PAYLOAD_MAX_BYTES = 8_000
MAX_PARTICIPANTS = 200
KINDS = ("assessment", "scenario")
DAY = 86_400

# scrypt parameters (RFC 7914 interactive-login level: about 16 MiB, tens of ms).
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1


class RoomError(ValueError):
    """A refused request. ``code`` names the reason (string ``rooms.errors.<code>``)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


# --- Codes, keys, hashes ---------------------------------------------------------------


def new_code() -> str:
    """A fresh room code, ``ABC-DEF-GHJ``."""
    letters = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return format_code(letters)


def format_code(letters: str) -> str:
    return "-".join(letters[i : i + 3] for i in range(0, len(letters), 3))


def normalize_code(text: Any) -> str | None:
    """The 9 code letters from what a person typed (any case, spaces or dashes), or None."""
    if not isinstance(text, str) or len(text) > 40:
        return None
    letters = re.sub(r"[\s\-_.]", "", text).upper()
    if len(letters) != CODE_LENGTH or any(c not in ALPHABET for c in letters):
        return None
    return letters


def hash_key(key: str, salt: bytes | None = None) -> str:
    """``scrypt$n$r$p$salt$hash`` for a facilitator key."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(
        key.encode("utf-8"), salt=salt, n=_SCRYPT_N, r=_SCRYPT_R, p=_SCRYPT_P, dklen=32
    )
    return f"scrypt${_SCRYPT_N}${_SCRYPT_R}${_SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_key(key: str, stored: str) -> bool:
    """True if ``key`` matches the stored hash (constant-time comparison)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        candidate = hashlib.scrypt(
            key.encode("utf-8"),
            salt=bytes.fromhex(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(digest) // 2,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(candidate.hex(), digest)


# A hash to check wrong codes against, so a missing room costs as much as a wrong key.
_DUMMY_HASH = hash_key(secrets.token_urlsafe(KEY_BYTES))


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


# --- Input validation ------------------------------------------------------------------

_BAD_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
# Characters that draw nothing although Unicode files them as letters or symbols (a
# nickname made of them shows as an empty label on the projector).
_BLANK = {"\u115f", "\u1160", "\u2800", "\u3164", "\uffa0", "\u180e"}


def _clean_text(text: Any, max_len: int, what: str, *, allow_empty: bool) -> str:
    if not isinstance(text, str):
        raise RoomError(f"{what}_invalid", f"{what} must be text")
    if len(text) > max_len * 4:
        raise RoomError(f"{what}_too_long", f"{what} is longer than {max_len} characters")
    cleaned = " ".join(unicodedata.normalize("NFKC", text).split())
    if any(unicodedata.category(c) in _BAD_CATEGORIES or c in _BLANK for c in cleaned):
        raise RoomError(f"{what}_invalid", f"{what} has control or invisible characters")
    if len(cleaned) > max_len:
        raise RoomError(f"{what}_too_long", f"{what} is longer than {max_len} characters")
    if not cleaned and not allow_empty:
        raise RoomError(f"{what}_empty", f"{what} is empty")
    return cleaned


def clean_nickname(text: Any) -> str:
    """A nickname: 1 to 24 characters, no control characters, no e-mail or phone number.

    Markup such as ``<b>`` is allowed and kept as it is: it is text, shown escaped.
    """
    nickname = _clean_text(text, NICKNAME_MAX, "nickname", allow_empty=False)
    if "@" in nickname or sum(c.isdigit() for c in nickname) >= 6:
        raise RoomError("nickname_personal", "looks like an e-mail address or phone number")
    return nickname


def clean_title(text: Any) -> str:
    """A room title: up to 60 characters, may be empty."""
    return _clean_text(text if text is not None else "", TITLE_MAX, "title", allow_empty=True)


def validate_payload(kind: Any, payload: Any) -> dict[str, Any]:
    """A submission in its canonical form, or :class:`RoomError`.

    ``assessment``: ``{"answers": {...}}`` with complete, valid answers.
    ``scenario``: a scenario as :meth:`rik.Scenario.to_dict` writes it.
    """
    if kind not in KINDS:
        raise RoomError("payload_invalid", f"kind must be one of {', '.join(KINDS)}")
    if not isinstance(payload, Mapping):
        raise RoomError("payload_invalid", "payload must be a JSON object")
    try:
        size = len(json.dumps(payload, ensure_ascii=False).encode("utf-8"))
    except (TypeError, ValueError) as exc:
        raise RoomError("payload_invalid", "payload is not JSON") from exc
    if size > PAYLOAD_MAX_BYTES:
        raise RoomError("payload_too_large", f"payload is {size} bytes (max {PAYLOAD_MAX_BYTES})")
    if kind == "assessment":
        if set(payload) != {"answers"}:
            raise RoomError("payload_invalid", "an assessment is {'answers': {...}}")
        answers = payload["answers"]
        if not isinstance(answers, Mapping) or not assessment.is_complete(answers):
            raise RoomError("payload_invalid", "the answers are incomplete or invalid")
        return {"answers": assessment.clean_answers(answers)}
    try:
        scenario = Scenario.from_dict(payload)
        # The same cleaning as the scenario files: no line breaks or invisible characters.
        scenario = Scenario(
            text.clean(scenario.name, SCENARIO_NAME_MAX), scenario.levers, scenario.changes
        )
    except (ValueError, TypeError, OverflowError) as exc:
        raise RoomError("payload_invalid", str(exc)[:200]) from exc
    return scenario.to_dict()


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
        stored = row.key_hash if row is not None else _DUMMY_HASH
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
                    limits_table.c.key == _limit_key(rule, identity)
                )
            ).first()
        return 0.0 if row is None else max(0.0, row.blocked_until - float(self.clock()))

    def limit_hit(self, rule: str, identity: str) -> float:
        """Count one event for ``identity`` under ``rule``; return the wait it now has."""
        spec = RULES[rule]
        key = _limit_key(rule, identity)
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
                        token_hash=_token_hash(token),
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
                participants_table.c.token_hash == _token_hash(token)
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
                    participants_table.c.token_hash == _token_hash(token),
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
                participants_table.c.token_hash == _token_hash(token),
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


# --- Slowing down guessing, and flooding -------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rule:
    """How events (wrong codes, joins, new rooms) by one identity are counted and forgiven.

    Each event adds 1 to a score that halves every ``half_life`` seconds, so old events
    are forgotten and nothing resets it (a success does not buy new guesses). While the
    score is at most ``free`` there is no wait; above it an event imposes ``base``
    seconds, doubling with each further event, up to ``cap``.
    """

    free: float
    base: float
    cap: float
    half_life: float

    def decayed(self, score: float, elapsed: float) -> float:
        return score * 0.5 ** (max(0.0, elapsed) / self.half_life)

    def delay(self, score: float) -> float:
        over = score - self.free
        if over <= 0:
            return 0.0
        return min(self.cap, self.base * 2.0 ** (math.ceil(over - 1e-9) - 1))


RULES: dict[str, Rule] = {
    # Wrong room codes or facilitator keys: a session gets 3 typos free; an address (a
    # whole workshop behind one router) 20 a minute; the server as a whole about two a
    # second on average, in bursts of 120.
    "guess_session": Rule(free=3, base=1.0, cap=60.0, half_life=300.0),
    "guess_address": Rule(free=20, base=1.0, cap=30.0, half_life=60.0),
    "guess_global": Rule(free=120, base=1.0, cap=10.0, half_life=60.0),
    # Wrong facilitator keys count apart from room codes (a key has over 100 bits, so
    # guessing is hopeless): per session and address only, never against the joins of
    # others (the hostile review locked participants out with wrong keys).
    "key_session": Rule(free=3, base=1.0, cap=60.0, half_life=300.0),
    "key_address": Rule(free=20, base=1.0, cap=30.0, half_life=60.0),
    # Joining a room: 5 quick joins per session, a workshop of 60 per address.
    "join_session": Rule(free=5, base=2.0, cap=120.0, half_life=120.0),
    "join_address": Rule(free=60, base=1.0, cap=60.0, half_life=120.0),
    # Opening rooms: 3 per session, 10 per address, 30 per server in ten minutes.
    "create_session": Rule(free=3, base=5.0, cap=300.0, half_life=600.0),
    "create_address": Rule(free=10, base=5.0, cap=300.0, half_life=600.0),
    "create_global": Rule(free=30, base=2.0, cap=60.0, half_life=600.0),
}
"""The limits the rooms page applies (:meth:`RoomStore.limit_hit`)."""

GLOBAL = "*"
"""The identity of a ``*_global`` rule: the server (all servers on one database) as a whole."""


def _limit_key(rule: str, identity: str) -> str:
    return f"{rule}:{hashlib.sha256(identity.encode('utf-8')).hexdigest()[:40]}"


def client_address(
    peer: str | None, forwarded_for: Sequence[str], trusted: Sequence[str]
) -> str | None:
    """The client's address, or None when it cannot be trusted.

    ``peer`` is the address the connection came from; ``forwarded_for`` the
    ``X-Forwarded-For`` header values in order; ``trusted`` the proxies (addresses or
    networks such as ``10.0.0.0/8``) allowed to speak for clients. With no trusted proxy
    the header is ignored and None comes back: the session and global limits apply, as
    every client behind an unknown proxy would share its address. A peer that is not a
    trusted proxy is the client. Behind trusted proxies the client is the rightmost
    address in the header that is not a trusted proxy itself (what a client writes
    further left is not believed).
    """
    networks = []
    for item in trusted:
        with contextlib.suppress(ValueError):
            networks.append(ipaddress.ip_network(item.strip(), strict=False))
    if not networks or not peer:
        return None

    def parse(text: str) -> Any:
        try:
            return ipaddress.ip_address(text.strip().strip("[]"))
        except ValueError:
            return None

    def is_trusted(address: Any) -> bool:
        return any(address.version == n.version and address in n for n in networks)

    address = parse(peer)
    if address is None:
        return None
    if not is_trusted(address):
        return str(address)
    hops = [h for value in forwarded_for for h in str(value).split(",") if h.strip()]
    for hop in reversed(hops[-20:]):
        address = parse(hop)
        if address is None:
            return None  # a garbled hop: believe nothing to its left
        if not is_trusted(address):
            return str(address)
    return None


# --- What the facilitator sees -------------------------------------------------------------


def entry_rows(view: RoomView, month: int = assessment.HORIZON) -> pd.DataFrame:
    """One row per submission: nickname, kind, scores, levers and answers (plain values)."""
    rows = []
    for entry in view.submitted:
        scenario = entry.scenario()
        row: dict[str, Any] = {
            "nickname": entry.nickname,
            "kind": entry.kind,
            "scenario": scenario.name if entry.kind == "scenario" and scenario else "",
            "submitted_at": pd.Timestamp(entry.submitted_at, unit="s", tz="UTC").isoformat(),
            "revision": entry.revision,
        }
        answers = entry.answers()
        if answers is not None:
            scores = assessment.score(answers)
            row |= {"i_score": round(scores.i, 1), "k_score": round(scores.k, 1)}
            row["quadrant"] = scores.quadrant
        else:
            row |= {"i_score": None, "k_score": None, "quadrant": ""}
        if scenario is not None:
            row |= scenario.levers.to_dict()
        for key in assessment.ITEM_KEYS:
            row[f"answer_{key}"] = answers.get(key) if answers else None
        rows.append(row)
    columns = [
        "nickname", "kind", "scenario", "submitted_at", "revision", "i_score", "k_score",
        "quadrant", *LEVER_NAMES, *(f"answer_{k}" for k in assessment.ITEM_KEYS),
    ]
    return pd.DataFrame(rows, columns=columns)


def export_csv(view: RoomView) -> str:
    """Every submission as CSV (UTF-8, comma-separated, one row per participant).

    Every text cell is cleaned (no line breaks or invisible characters), made inert for
    spreadsheets (:func:`rik.text.csv_cell`) and quoted; numbers are not quoted.
    """
    frame = entry_rows(view).map(text.csv_cell)
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    return buffer.getvalue()


def answer_spread(view: RoomView, lang: str) -> pd.DataFrame:
    """For each question: how many answered, and the spread (min, median, max; 1–5 counts)."""
    answers = [a for a in (e.answers() for e in view.submitted) if a is not None]
    rows = []
    for item in assessment.ITEMS:
        values = pd.Series([a[item.key] for a in answers], dtype=float)
        row: dict[str, Any] = {
            "key": item.key,
            "question": item.short(lang),
            "n": len(values),
            "min": values.min() if len(values) else None,
            "median": values.median() if len(values) else None,
            "max": values.max() if len(values) else None,
        }
        for level in assessment.LIKERT:
            row[str(level)] = int((values == level).sum()) if item.kind == "likert" else None
        rows.append(row)
    return pd.DataFrame(rows)


def lever_averages(view: RoomView) -> pd.DataFrame:
    """The room's average starting levers against each preset's (rows: levers)."""
    scenarios = [s for s in (e.scenario() for e in view.submitted) if s is not None]
    table: dict[str, dict[str, float]] = {}
    if scenarios:
        table["room"] = {
            lever: sum(getattr(s.levers, lever) for s in scenarios) / len(scenarios)
            for lever in LEVER_NAMES
        }
    for name, scenario in presets().items():
        table[name] = scenario.levers.to_dict()
    return pd.DataFrame(table).reindex(list(LEVER_NAMES))


def room_points(
    view: RoomView,
    simulate: Callable[[Scenario, Team | None], pd.DataFrame],
    month: int,
    assumptions: Assumptions | None = None,
) -> pd.DataFrame:
    """Each submission's point on the I × K map at ``month`` (activity, quality per meeting).

    A scenario runs on the story's firm, like the presets beside it. A self-assessment
    runs as the assessment page runs it without the team's own figures: the answers as
    the habits of a team of that size at the story firm's rates, its starting skill from
    the K score (:func:`rik.team.assessment.assessed_team`), so the point sits in the
    quadrant the scores name."""
    rows = []
    for entry in view.submitted:
        answers = entry.answers()
        if answers is not None:
            result = assessment.assess(answers)
            if not result.ok:
                continue
            team = assessment.assessed_team(result.levers, result.scores, None, assumptions)
            frame = simulate(assessment.current_scenario(team.levers), team)
        else:
            scenario = entry.scenario()
            if scenario is None:
                continue
            frame = simulate(scenario, None)
        rows.append(
            {
                "nickname": entry.nickname,
                "activity": float(frame["activity"].iloc[month]),
                "quality": float(frame["quality_per_meeting"].iloc[month]),
            }
        )
    return pd.DataFrame(rows, columns=["nickname", "activity", "quality"])


def qr_svg(link: str, *, dark: str = "#000000", light: str = "#ffffff") -> str:
    """The QR code of ``link`` as an inline SVG (no width or height: it fills its box).

    Made here, by segno, from the link alone: nothing is fetched."""
    code = segno.make(link, error="m", micro=False)
    return code.svg_inline(scale=10, border=2, dark=dark, light=light, omitsize=True)


__all__ = [
    "ALPHABET",
    "CODE_BITS",
    "CODE_LENGTH",
    "DEFAULT_EXPIRY_DAYS",
    "KINDS",
    "NICKNAME_MAX",
    "PAYLOAD_MAX_BYTES",
    "DB_VERSION",
    "Entry",
    "Joined",
    "NewRoom",
    "RoomError",
    "RoomInfo",
    "RoomStore",
    "RoomView",
    "RULES",
    "Rule",
    "answer_spread",
    "clean_nickname",
    "clean_title",
    "client_address",
    "entry_rows",
    "export_csv",
    "format_code",
    "hash_key",
    "lever_averages",
    "new_code",
    "normalize_code",
    "qr_svg",
    "room_points",
    "validate_payload",
    "verify_key",
]
