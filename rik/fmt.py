"""Numbers, money, percentages and dates for Norwegian or English readers.

Everything a reader sees as a number is written here, from Babel's CLDR locale data
(separators, minus sign, percent and currency patterns, date formats), so a third
language needs a locale in :data:`LOCALES` and its strings, not code. Norwegian:
``1 234 567 kr``, ``12,5 %``, ``−4 %`` (no-break spaces, a real minus). English:
``NOK 1,234,567``, ``12.5%``, ``-4%``. Inputs are model units: shares are fractions
(0.125 → 12.5 %).

Babel is used for its locale data and pattern engine; two CLDR rules it does not apply
are applied here: the locale's own minus sign, and a no-break space between an
alphabetic currency symbol and the digits ("NOK 1,234", CLDR currency spacing).
"""

from __future__ import annotations

import decimal
import math
import re
from datetime import datetime, tzinfo
from functools import cache
from typing import Any

from babel import Locale
from babel.dates import format_datetime
from babel.numbers import NumberPattern, get_minus_sign_symbol, parse_pattern

from rik.i18n import t

NBSP = "\u00a0"
MINUS = "\u2212"
DASH = "–"  # a missing or non-finite value
CURRENCY = "NOK"
LOCALES: dict[str, str] = {"nb": "nb_NO", "en": "en_GB"}
"""The CLDR locale behind each language of the app."""


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(LOCALES.get(lang, LOCALES["en"]))


@cache
def _pattern(lang: str, kind: str, decimals: int) -> str:
    """The locale's standard pattern of ``kind`` with exactly ``decimals`` decimals."""
    loc = _locale(lang)
    if kind == "percent":
        pattern = loc.percent_formats[None].pattern
    elif kind == "currency":
        pattern = loc.currency_formats["standard"].pattern
    else:
        pattern = loc.decimal_formats[None].pattern
    pattern = pattern.split(";")[0]
    integer = pattern.split(".")[0]
    start = next(i for i, ch in enumerate(integer) if ch in "#0")
    digits = integer[start:]
    end = len(digits.rstrip("¤% \u00a0"))
    prefix, body, suffix = integer[:start], digits[:end], digits[end:]
    if "." in pattern:  # the suffix follows the fraction part: "#,##0.00 ¤"
        suffix = pattern.split(".", 1)[1].lstrip("0#")
    return prefix + body + ("." + "0" * decimals if decimals else "") + suffix


@cache
def _parsed(lang: str, kind: str, decimals: int) -> NumberPattern:
    """:func:`_pattern`, parsed once (Babel's ``format_*`` functions parse their pattern
    string on every call, which was most of the time a number took to write)."""
    return parse_pattern(_pattern(lang, kind, decimals))


def _wide() -> decimal.Context:
    """Enough digits for any float (up to about 1.8e308), so Babel's rounding never fails
    on a huge value someone typed."""
    return decimal.Context(prec=400)


def _signed(text: str, negative: bool, lang: str) -> str:
    return (get_minus_sign_symbol(_locale(lang)) + text) if negative else text


def _finite(value: float | None) -> bool:
    """A number that can be written: not None, NaN, infinite, or too large for a float."""
    try:
        return value is not None and math.isfinite(float(value))
    except (OverflowError, TypeError, ValueError):
        return False


def _written(value: float, lang: str, kind: str, decimals: int, scale: float = 1.0) -> str:
    """``value`` by the locale's ``kind`` pattern (decimal, currency or percent), its sign
    the locale's minus; a value that cannot be written is an en dash."""
    if not _finite(value):
        return DASH
    value = float(value)
    pattern, loc = _parsed(lang, kind, decimals), _locale(lang)
    with decimal.localcontext(_wide()):
        if kind == "currency":
            body = _currency_spacing(
                pattern.apply(abs(value), loc, currency=CURRENCY, currency_digits=False))
        else:
            body = pattern.apply(abs(value), loc)
    return _signed(body, value < 0 and round(abs(value) * scale, decimals) != 0, lang)


def number(value: float, lang: str, decimals: int = 0) -> str:
    """A plain number with the language's separators; non-finite values show as an en dash."""
    return _written(value, lang, "decimal", decimals)


def nok(value: float, lang: str, decimals: int = 0) -> str:
    """Money in NOK: ``1 234 567 kr`` / ``NOK 1,234,567``; a missing value is an en dash."""
    return _written(value, lang, "currency", decimals)


def _currency_spacing(text: str) -> str:
    """CLDR currency spacing: a no-break space between a letter symbol and a digit."""
    out = []
    for i, ch in enumerate(text):
        out.append(ch)
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if (ch.isalpha() and nxt.isdigit()) or (ch.isdigit() and nxt.isalpha()):
            out.append(NBSP)
    return "".join(out)


def percent(share: float, lang: str, decimals: int = 0) -> str:
    """A share 0..1 as a percentage: ``12,5 %`` / ``12.5%``."""
    return _written(share, lang, "percent", decimals, scale=100.0)


def _plus(text: str, shown_zero: bool) -> str:
    return text if shown_zero or text.startswith(("-", MINUS)) else "+" + text


def signed_nok(change: float, lang: str) -> str:
    """A change in money with its sign: ``+120 000 kr`` / ``+NOK 120,000``; ``−…``."""
    return _plus(nok(change, lang), round(change) == 0)


def signed_percent(change: float, lang: str, decimals: int = 0) -> str:
    """A relative change with its sign: ``+38 %`` / ``+38%``; ``−4 %`` / ``-4%``."""
    return _plus(percent(change, lang, decimals), round(change * 100.0, decimals) == 0)


def points(change: float, lang: str, decimals: int = 0) -> str:
    """A change in percentage points: ``+5 %-poeng`` / ``+5 pp``; input is a difference of
    shares. (Not "p.p.": a Norwegian business reader reads that as *per prokura*; the
    word lives with the strings, ``common.format.points``.)"""
    body = _plus(number(change * 100.0, lang, decimals), round(change * 100.0, decimals) == 0)
    return f"{body}{NBSP}{t('common.format.points', lang)}"


def timestamp(moment: datetime, lang: str, zone: tzinfo | None = None) -> str:
    """A date and time in the reader's time zone ``zone`` (UTC if unknown), short form."""
    return format_datetime(moment, format="short", tzinfo=zone, locale=_locale(lang))


# --- Reading numbers people type ----------------------------------------------------------

_GAPS = re.compile(r"[\s\u00a0\u202f\u2009']")  # spaces and apostrophes that group digits
_GROUPED_EN = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$")
_GROUPED_NB = re.compile(r"[+-]?[1-9]\d{0,2}\.\d{3}")  # 655.000: thousands in Norwegian
_PLAIN = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?", re.IGNORECASE)


def parse_number(text: Any, lang: str | None = None, *, max_chars: int = 64) -> float | None:
    """A number a person typed or a spreadsheet wrote, in Norwegian or English, else ``None``.

    ``1 234,5``, ``1.234,5``, ``1,234.5``, ``1'234``, ``−4`` (Unicode minus) and ``1e3``
    are read; with both separators the last one is the decimal mark; a comma repeated
    (``1,234,567``) or a point repeated (``1.234.567``) groups thousands; a single comma is
    the decimal mark (``12,5``) except in English, where ``25,000`` is twenty-five thousand;
    in Norwegian a single point before three digits groups them too (``655.000``).
    ``lang`` is the reader's language, or ``None`` when unknown (a file). Never raises;
    non-finite values, booleans and texts over ``max_chars`` are ``None``.
    """
    if isinstance(text, bool):
        return None
    if isinstance(text, int | float):
        return float(text) if math.isfinite(text) else None
    if not isinstance(text, str) or len(text) > max_chars:
        return None
    cleaned = _GAPS.sub("", text).replace("\u2212", "-")
    if "," in cleaned and "." in cleaned:
        mark = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        cleaned = cleaned.replace("." if mark == "," else ",", "").replace(mark, ".")
    elif "," in cleaned:
        grouped = cleaned.count(",") > 1 or (lang == "en" and _GROUPED_EN.match(cleaned))
        cleaned = cleaned.replace(",", "" if grouped else ".")
    elif cleaned.count(".") > 1 or (lang == "nb" and _GROUPED_NB.fullmatch(cleaned)):
        cleaned = cleaned.replace(".", "")
    if not _PLAIN.fullmatch(cleaned):
        return None
    number = float(cleaned)
    return number if math.isfinite(number) else None

__all__ = [
    "LOCALES",
    "MINUS",
    "NBSP",
    "nok",
    "number",
    "parse_number",
    "percent",
    "points",
    "signed_nok",
    "signed_percent",
    "timestamp",
]
