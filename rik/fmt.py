"""Numbers, money and percentages formatted for Norwegian or English readers.

Norwegian: ``1 234 567 kr``, ``12,5 %`` (no-break spaces). English: ``NOK 1,234,567``,
``12.5%``. Inputs are model units: shares are fractions (0.125 → 12.5 %).
"""

from __future__ import annotations

import math

NBSP = "\u00a0"
MINUS = "\u2212"


def number(value: float, lang: str, decimals: int = 0) -> str:
    """A plain number with the language's separators; non-finite values show as an en dash."""
    if value is None or not math.isfinite(value):
        return "–"
    text = f"{abs(value):,.{decimals}f}"
    if lang == "nb":
        text = text.replace(",", NBSP).replace(".", ",")
    negative = value < 0 and round(abs(value), decimals) != 0
    sign = (MINUS if lang == "nb" else "-") if negative else ""
    return sign + text


def nok(value: float, lang: str, decimals: int = 0) -> str:
    """Money in NOK: ``1 234 567 kr`` / ``NOK 1,234,567``; a missing value is an en dash."""
    body = number(value, lang, decimals)
    if body == "–":
        return body
    return f"{body}{NBSP}kr" if lang == "nb" else f"NOK{NBSP}{body}"


def percent(share: float, lang: str, decimals: int = 0) -> str:
    """A share 0..1 as a percentage: ``12,5 %`` / ``12.5%``."""
    body = number(share * 100.0, lang, decimals)
    return f"{body}{NBSP}%" if lang == "nb" else f"{body}%"


def signed_nok(change: float, lang: str) -> str:
    """A change in money with its sign: ``+120 000 kr`` / ``+NOK 120,000``; ``−…``."""
    text = nok(change, lang)
    if text[0] not in ("-", MINUS) and round(change) != 0 and MINUS not in text[:5] and (
        "-" not in text[:5]
    ):
        text = "+" + text
    return text


def signed_percent(change: float, lang: str, decimals: int = 0) -> str:
    """A relative change with its sign: ``+38 %`` / ``+38%``; ``−4 %`` / ``-4%``."""
    text = percent(change, lang, decimals)
    if text[0] not in ("-", MINUS) and round(change * 100.0, decimals) != 0:
        text = "+" + text
    return text


def points(change: float, lang: str, decimals: int = 0) -> str:
    """A change in percentage points: ``+5 %-poeng`` / ``+5 pp``; input is a difference of
    shares. (Not "p.p.": a Norwegian business reader reads that as *per prokura*.)"""
    body = number(change * 100.0, lang, decimals)
    if body[0] not in ("-", MINUS) and round(change * 100.0, decimals) != 0:
        body = "+" + body
    return f"{body}{NBSP}{'pp' if lang == 'en' else '%-poeng'}"


__all__ = ["MINUS", "NBSP", "nok", "number", "percent", "points", "signed_percent"]
