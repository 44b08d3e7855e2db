"""Slowing down guessing and flooding: :data:`RULES`, per session, per client address
(behind a trusted proxy, :func:`client_address`) and for the server as a whole.

Part of :mod:`rik.team.rooms` (see its docstring for the security model)."""

from __future__ import annotations

import contextlib
import hashlib
import ipaddress
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

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


def limit_key(rule: str, identity: str) -> str:
    """A counter's key: the rule and a hash of the identity (never the address itself)."""
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
