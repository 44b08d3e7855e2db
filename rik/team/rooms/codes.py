"""Room codes, keys and tokens (how they are made, written and checked), and the
validation of everything a participant or facilitator types.

Part of :mod:`rik.team.rooms` (see its docstring for the security model)."""

from __future__ import annotations

import hashlib
import hmac
import json
import math
import re
import secrets
import unicodedata
from collections.abc import Mapping
from typing import Any

from rik import text
from rik.model.levers import Scenario
from rik.team import assessment

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
DUMMY_HASH = hash_key(secrets.token_urlsafe(KEY_BYTES))


def token_hash_of(token: str) -> str:
    """What the store keeps of a participant's token (SHA-256, hex)."""
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
