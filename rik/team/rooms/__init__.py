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

from rik.team.rooms.codes import (
    ALPHABET,
    CODE_BITS,
    CODE_LENGTH,
    DAY,
    DEFAULT_EXPIRY_DAYS,
    KEY_BYTES,
    KINDS,
    MAX_EXPIRY_DAYS,
    MAX_PARTICIPANTS,
    NICKNAME_MAX,
    PAYLOAD_MAX_BYTES,
    SCENARIO_NAME_MAX,
    TITLE_MAX,
    TOKEN_BYTES,
    RoomError,
    clean_nickname,
    clean_title,
    format_code,
    hash_key,
    new_code,
    normalize_code,
    validate_payload,
    verify_key,
)
from rik.team.rooms.report import (
    answer_spread,
    entry_rows,
    export_csv,
    lever_averages,
    qr_svg,
    room_points,
)
from rik.team.rooms.store import (
    DB_VERSION,
    MIGRATIONS,
    Entry,
    Joined,
    NewRoom,
    RoomInfo,
    RoomStore,
    RoomView,
    limits_table,
    metadata,
    participants_table,
    rooms_table,
    schema_table,
)
from rik.team.rooms.throttle import (
    GLOBAL,
    RULES,
    Rule,
    client_address,
)

__all__ = [
    "ALPHABET",
    "CODE_BITS",
    "CODE_LENGTH",
    "DAY",
    "DB_VERSION",
    "DEFAULT_EXPIRY_DAYS",
    "Entry",
    "GLOBAL",
    "Joined",
    "KEY_BYTES",
    "KINDS",
    "MAX_EXPIRY_DAYS",
    "MAX_PARTICIPANTS",
    "MIGRATIONS",
    "NICKNAME_MAX",
    "NewRoom",
    "PAYLOAD_MAX_BYTES",
    "RULES",
    "RoomError",
    "RoomInfo",
    "RoomStore",
    "RoomView",
    "Rule",
    "SCENARIO_NAME_MAX",
    "TITLE_MAX",
    "TOKEN_BYTES",
    "answer_spread",
    "clean_nickname",
    "clean_title",
    "client_address",
    "entry_rows",
    "export_csv",
    "format_code",
    "hash_key",
    "lever_averages",
    "limits_table",
    "metadata",
    "new_code",
    "normalize_code",
    "participants_table",
    "qr_svg",
    "room_points",
    "rooms_table",
    "schema_table",
    "validate_payload",
    "verify_key",
]
