"""Streamlit glue for the team pages: the room store, rate limits, and shared answers.

The room store follows Streamlit's connection convention, ``st.connection("rooms",
type="sql")``. Where the database is, first match wins:

1. the environment variable ``RIK_DATABASE_URL`` (any SQLAlchemy URL, e.g.
   ``postgresql+psycopg://user:pass@host:5432/rik``), so a deployment can set it per process;
2. ``[connections.rooms]`` in ``.streamlit/secrets.toml`` (``url = "..."``, or dialect,
   host, username ... as Streamlit's SQL connection reads them);
3. an SQLite file, ``rooms.sqlite`` in ``$RIK_DATA_DIR`` or else in
   ``~/.local/share/rik/`` (created on first use; never inside the app's folder).

``RIK_ROOM_EXPIRY_DAYS`` sets how long a new room lives (default 30 days).

The self-assessment's answers live in ``st.session_state`` under ``assess_*`` keys; both
the assessment page and the rooms page (which submits them) use the helpers here.
"""

from __future__ import annotations

import contextlib
import datetime
import logging
import math
import os
import secrets
import threading
import zoneinfo
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from rik import fmt
from rik import text as rik_text
from rik.model.levers import Scenario
from rik.share import scenario_io
from rik.team import assessment as asm
from rik.team import rooms
from ui import uploads

DB_ENV = "RIK_DATABASE_URL"
DATA_DIR_ENV = "RIK_DATA_DIR"
EXPIRY_ENV = "RIK_ROOM_EXPIRY_DAYS"
CONNECTION = "rooms"
APP_ROOT = Path(__file__).resolve().parent.parent

# --- Answers shared by the assessment page and the rooms page --------------------------

ANSWERS_KEY = "assess_answers"  # the answers last submitted with the form (plain dict)
GOOD_KEY = "assess_good"  # the last answers that could be scored


def answer_key(item: str) -> str:
    """The widget key of one question."""
    return f"assess_{item}"


def _typed(item: asm.Item, value: Any) -> Any:
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if item.kind == "likert":
        return int(value) if value in asm.LIKERT else None
    return int(value) if item.integer and float(value).is_integer() else float(value)


def seed_answers(answers: Mapping[str, Any], *, overwrite: bool = False) -> None:
    """Put ``answers`` into the question widgets (before they are drawn, or in a callback).

    Streamlit forgets a widget's state when its page is left; the answers dict is kept,
    so coming back restores every answer.
    """
    for item in asm.ITEMS:
        key = answer_key(item.key)
        if (overwrite or key not in st.session_state) and item.key in answers:
            value = _typed(item, answers[item.key])
            if value is not None or overwrite:
                st.session_state[key] = value
    if overwrite:
        st.session_state[ANSWERS_KEY] = {
            item.key: _typed(item, answers.get(item.key)) for item in asm.ITEMS
        }


def save_answers_from_widgets() -> dict[str, Any]:
    """The widgets' answers, kept under :data:`ANSWERS_KEY`."""
    answers = {item.key: st.session_state.get(answer_key(item.key)) for item in asm.ITEMS}
    st.session_state[ANSWERS_KEY] = answers
    return answers


def clear_answers() -> None:
    for item in asm.ITEMS:
        st.session_state.pop(answer_key(item.key), None)
    st.session_state.pop(ANSWERS_KEY, None)
    st.session_state.pop(GOOD_KEY, None)
    keep_answers_in_url(None)


def complete_answers() -> dict[str, Any] | None:
    """The session's self-assessment answers if they can be scored, else None."""
    answers = st.session_state.get(ANSWERS_KEY)
    if isinstance(answers, Mapping) and asm.is_complete(answers):
        return asm.clean_answers(answers)
    return None


def restore_answers() -> None:
    """After a reload: the answers the URL carries (:data:`rik.team.assessment.ANSWERS_PARAM`)
    when this session has none yet."""
    if isinstance(st.session_state.get(ANSWERS_KEY), Mapping):
        return
    values = st.query_params.get_all(asm.ANSWERS_PARAM)
    answers = asm.decode_answers(values[-1]) if values else None
    if answers is not None and any(v is not None for v in answers.values()):
        seed_answers(answers, overwrite=True)


def keep_answers_in_url(answers: Mapping[str, Any] | None) -> None:
    """Put the answers into the URL (or take them out), so a reload keeps them."""
    if answers is None:
        if asm.ANSWERS_PARAM in st.query_params:
            del st.query_params[asm.ANSWERS_PARAM]
        return
    st.query_params[asm.ANSWERS_PARAM] = asm.encode_answers(answers)


def answers_param() -> dict[str, str]:
    """The answers as link parameters (empty when there are none), for links to the
    rooms page and back."""
    answers = st.session_state.get(ANSWERS_KEY)
    if not isinstance(answers, Mapping):
        return {}
    return {asm.ANSWERS_PARAM: asm.encode_answers(answers)}


def scenarios_from_file(data: bytes) -> tuple[list[Scenario], list[scenario_io.Problem]]:
    """Scenarios in an uploaded file: the calculator's export file, or one scenario as
    :meth:`rik.Scenario.to_dict` writes it. Problems explain a file that holds none.

    Both are read with the import's strict JSON (no NaN/Infinity, no huge numbers, no
    duplicate keys), and names are cleaned as the scenario files' are."""
    result = scenario_io.import_json(data)
    if result.scenarios:
        return [s.scenario for s in result.scenarios], []
    document, problem = scenario_io.parse_document(data)
    if problem is not None:
        return [], [problem]
    if isinstance(document, Mapping) and "format" not in document:
        try:
            one = Scenario.from_dict(document)
            name = scenario_io.clean_name(one.name)
            return [Scenario(name, one.levers, one.changes)], []
        except (ValueError, TypeError, OverflowError):
            pass
    return [], list(result.problems)


# --- Where the database is -------------------------------------------------------------


def data_dir() -> Path:
    """A writable folder for the default SQLite file, outside the app's folder."""
    configured = os.environ.get(DATA_DIR_ENV)
    if configured:
        return Path(configured).expanduser()
    return Path.home() / ".local" / "share" / "rik"


def _secrets_configured() -> bool:
    try:
        return CONNECTION in st.secrets.get("connections", {})
    except Exception:  # noqa: BLE001 - no secrets file, or one that does not parse
        return False


def database_url() -> str | None:
    """The URL to pass to ``st.connection``, or None when secrets configure it."""
    env = os.environ.get(DB_ENV, "").strip()
    if env:
        return env
    if _secrets_configured():
        return None
    folder = data_dir().resolve()
    if folder == APP_ROOT or APP_ROOT in folder.parents:
        raise RuntimeError(f"{DATA_DIR_ENV} must point outside the app's folder ({APP_ROOT})")
    folder.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{folder / 'rooms.sqlite'}"


def expiry_days() -> float:
    raw = os.environ.get(EXPIRY_ENV, "")
    try:
        days = float(raw) if raw else rooms.DEFAULT_EXPIRY_DAYS
    except ValueError:
        days = rooms.DEFAULT_EXPIRY_DAYS
    return days if 0 < days <= rooms.MAX_EXPIRY_DAYS else rooms.DEFAULT_EXPIRY_DAYS


def clamp_days(value: Any, max_days: int) -> int:
    """Whole days between 1 and ``max_days`` from whatever the days field holds (NaN,
    infinity, text, a huge number: the longest allowed)."""
    if not _in_range(value, max_days):
        return max_days
    return max(1, min(max_days, round(value)))


def _in_range(value: Any, high: float) -> bool:
    """A finite number (not a bool) between 1 and ``high``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(float(value)) and 1 <= value <= high
    except OverflowError:  # an integer too large for a float
        return False


def guard_number_widget(key: str, max_value: float) -> None:
    """Drop a number widget's value that a client sent broken (NaN, infinity, text, out
    of range) before Streamlit's number input reads it, so the field starts afresh."""
    try:
        value = st.session_state.get(key)
    except (ValueError, OverflowError, TypeError, KeyError):
        value = math.nan  # Streamlit could not even read it
    if value is not None and not _in_range(value, max_value):
        with contextlib.suppress(KeyError):
            del st.session_state[key]


PURGE_SECONDS = 600.0
"""How often each server deletes expired rooms and forgotten limit counters."""


def purge(store: rooms.RoomStore) -> None:
    try:
        store.purge_expired()
        store.purge_limits()
    except Exception:  # noqa: BLE001 - the database may be away for a while; try again later
        logging.getLogger("rik.app").exception("rooms: purge failed")


def _purge_every(store: rooms.RoomStore, seconds: float, stop: threading.Event) -> None:
    while not stop.wait(seconds):
        purge(store)


@st.cache_resource(show_spinner=False, max_entries=8)
def _store(url: str, days: float, _engine: Any) -> rooms.RoomStore:
    store = rooms.RoomStore(_engine, expiry_days=days)  # creates or migrates the tables
    purge(store)
    # Expired rooms are never read (every query checks the expiry); this deletes them.
    threading.Thread(
        target=_purge_every, args=(store, PURGE_SECONDS, threading.Event()),
        name="rik-rooms-purge", daemon=True,
    ).start()
    return store


def store() -> rooms.RoomStore:
    """The room store for this app server (tables created or migrated on first use)."""
    uploads.install()  # the bound on uploaded files, for this server process
    url = database_url()
    if url is None:
        conn = st.connection(CONNECTION, type="sql")
    else:
        conn = st.connection(CONNECTION, type="sql", url=url)
    return _store(str(conn.engine.url), expiry_days(), conn.engine)


SEAT_PARAM = "seat"
"""The query parameter that holds a participant's own token, so a reload or a reconnect
puts them back in their seat. It is theirs alone (192 random bits, not the facilitator's
key) and is dropped when they leave."""


def remember_seat(code: str, token: str) -> None:
    if st.query_params.get("room") != code:
        st.query_params["room"] = code
    if st.query_params.get_all(SEAT_PARAM) != [token]:
        st.query_params[SEAT_PARAM] = token


def forget_seat() -> None:
    for name in ("room", SEAT_PARAM):
        if name in st.query_params:
            del st.query_params[name]


def resume(store: rooms.RoomStore) -> dict[str, str] | None:
    """The participant this browser was, from the seat in the URL (None: no valid seat)."""
    seats = st.query_params.get_all(SEAT_PARAM)
    code = st.query_params.get("room")
    if not seats or not code:
        return None
    entry = store.own_entry(code, seats[-1])
    if entry is None:
        forget_seat()  # a seat from a deleted room, or a mangled link
        return None
    letters = rooms.normalize_code(code)
    return {"code": rooms.format_code(letters or ""), "nickname": entry.nickname,
            "token": seats[-1]}


PUBLIC_URL_ENV = "RIK_PUBLIC_URL"
"""The app's address as participants reach it (``https://rik.example.no``), for the join
link and its QR code when the facilitator's browser uses another (``localhost``)."""


def join_link(code: str, lang: str) -> str | None:
    """A link to this page that fills in the room code (None when the URL is unknown)."""
    public = os.environ.get(PUBLIC_URL_ENV, "").strip().rstrip("/")
    if public.startswith(("http://", "https://")):
        return f"{public}/rooms?{urlencode({'room': code, 'lang': lang})}"
    try:
        url = st.context.url
    except Exception:  # noqa: BLE001 - no browser behind this session (tests, bare mode)
        url = None
    if not url or not isinstance(url, str):
        return None
    base = url.split("?", 1)[0].split("#", 1)[0]
    return f"{base}?{urlencode({'room': code, 'lang': lang})}"


def viewer_zone() -> datetime.tzinfo:
    """The browser's time zone (its IANA name, else its offset), else UTC."""
    try:
        name = st.context.timezone
        if name:
            return zoneinfo.ZoneInfo(name)
    except Exception:  # noqa: BLE001 - no browser, or a name this server does not know
        pass
    try:
        offset = st.context.timezone_offset  # minutes behind UTC, as JavaScript gives it
        if isinstance(offset, int | float) and abs(offset) <= 24 * 60:
            return datetime.timezone(datetime.timedelta(minutes=-offset))
    except Exception:  # noqa: BLE001
        pass
    return datetime.UTC


def local_time(ts: int | None, lang: str) -> str:
    """A room's time (seconds since 1970) in the viewer's time zone, as the language
    writes it (:func:`rik.fmt.timestamp`); "–" for none."""
    if not ts:
        return "–"
    return fmt.timestamp(datetime.datetime.fromtimestamp(ts, datetime.UTC), lang, viewer_zone())


# --- Slowing down guessing and flooding ------------------------------------------------

TRUSTED_ENV = "RIK_TRUSTED_PROXIES"
"""Comma-separated addresses or networks of the proxies that may name the client in
``X-Forwarded-For`` (e.g. ``127.0.0.1`` for a balancer on the same machine). Unset: no
per-address limits, only per session and for the server as a whole."""
SCOPES = ("session", "address", "global")


def _peer() -> str | None:
    """The address the websocket came from (the balancer's, behind one)."""
    try:
        from streamlit.runtime.context import _get_client_context

        client = _get_client_context()
        return client.remote_ip if client is not None else None
    except Exception:  # noqa: BLE001 - no browser session (tests, bare mode)
        return None


def _forwarded_for() -> list[str]:
    try:
        return list(st.context.headers.get_all("X-Forwarded-For"))
    except Exception:  # noqa: BLE001 - no browser session
        return []


def trusted_proxies() -> list[str]:
    return [x for x in os.environ.get(TRUSTED_ENV, "").split(",") if x.strip()]


def identities() -> dict[str, str | None]:
    """Who is asking: this session, the client's address (None unless a trusted proxy
    names it, or the client connects directly while proxies are configured), the server."""
    sid = st.session_state.get("rooms_session_id")
    if sid is None:
        sid = st.session_state["rooms_session_id"] = secrets.token_hex(16)
    address = rooms.client_address(_peer(), _forwarded_for(), trusted_proxies())
    return {"session": sid, "address": address, "global": rooms.GLOBAL}


def _wait(store: rooms.RoomStore, action: str, scopes: tuple[str, ...]) -> float:
    who = identities()
    waits = [
        store.limit_wait(f"{action}_{scope}", who[scope])
        for scope in scopes
        if who[scope] and f"{action}_{scope}" in rooms.RULES
    ]
    return max(waits, default=0.0)


def _hit(store: rooms.RoomStore, action: str) -> int:
    who = identities()
    waits = [
        store.limit_hit(f"{action}_{scope}", who[scope])
        for scope in SCOPES
        if who[scope] and f"{action}_{scope}" in rooms.RULES
    ]
    return math.ceil(max(waits, default=0.0))


def join_wait(store: rooms.RoomStore) -> int:
    """Whole seconds before this session may try a room code (0 = now): its own wrong
    codes and joins, its address's, and the server's wrong codes."""
    return math.ceil(max(_wait(store, "guess", SCOPES), _wait(store, "join", SCOPES)))


def key_wait(store: rooms.RoomStore) -> int:
    """Whole seconds before this session may try a facilitator key: only its own wrong
    keys count, so a correct key is never refused because others guessed."""
    return math.ceil(_wait(store, "key", ("session",)))


def create_wait(store: rooms.RoomStore) -> int:
    """Whole seconds before this session may open another room."""
    return math.ceil(_wait(store, "create", SCOPES))


def failed(store: rooms.RoomStore, what: str = "guess") -> int:
    """Record a wrong room code (``guess``) or facilitator key (``key``); return the
    seconds until the next try. Wrong keys do not count against joining."""
    return _hit(store, what)


def joined(store: rooms.RoomStore) -> None:
    """Record a join (a success costs no guesses back, and counts against join floods)."""
    _hit(store, "join")


def created(store: rooms.RoomStore) -> None:
    _hit(store, "create")


# --- Showing user text safely ----------------------------------------------------------

def plain(text: str) -> str:
    """``text`` escaped for ``st.markdown`` (no markup, links, autolinks, HTML, maths or
    directives): :func:`rik.text.md_escape`, the one escaper for user and URL text."""
    return rik_text.md_escape(text)


__all__ = [
    "ANSWERS_KEY",
    "GOOD_KEY",
    "answer_key",
    "answers_param",
    "clamp_days",
    "clear_answers",
    "complete_answers",
    "data_dir",
    "database_url",
    "expiry_days",
    "forget_seat",
    "create_wait",
    "created",
    "failed",
    "identities",
    "join_wait",
    "joined",
    "keep_answers_in_url",
    "key_wait",
    "local_time",
    "purge",
    "remember_seat",
    "restore_answers",
    "resume",
    "guard_number_widget",
    "join_link",
    "plain",
    "save_answers_from_widgets",
    "scenarios_from_file",
    "seed_answers",
    "store",
    "trusted_proxies",
]
