"""Strings in Norwegian bokmål and English, looked up by key.

Strings live in ``data/i18n/<lang>/<area>.toml``; a key is ``<area>.<table>.<name>``.
Both languages must have exactly the same keys (a test checks it).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import cache
from typing import Any

from rik._paths import DATA

LANGS: tuple[str, ...] = ("nb", "en")
DEFAULT_LANG = "nb"
_NORWEGIAN = {"nb", "nn", "no"}


def _flatten(prefix: str, table: Mapping[str, Any], out: dict[str, str]) -> None:
    for key, value in table.items():
        full = f"{prefix}.{key}" if prefix else key
        if isinstance(value, Mapping):
            _flatten(full, value, out)
        else:
            out[full] = str(value)


@cache
def strings(lang: str) -> Mapping[str, str]:
    """Every string of one language, by dotted key."""
    if lang not in LANGS:
        raise ValueError(f"lang ({lang!r}) must be one of {', '.join(LANGS)}")
    out: dict[str, str] = {}
    for path in sorted((DATA / "i18n" / lang).glob("*.toml")):
        with path.open("rb") as fh:
            _flatten(path.stem, tomllib.load(fh), out)
    return out


def t(key: str, lang: str, /, **values: Any) -> str:
    """The text for ``key`` in ``lang``, with ``{placeholders}`` filled from ``values``.

    A missing key returns the key itself in brackets so it is visible (and a test fails).
    """
    text = strings(lang if lang in LANGS else DEFAULT_LANG).get(key)
    if text is None:
        return f"[{key}]"
    return text.format(**values) if values else text


def lang_from_locale(locale: str | None) -> str:
    """``nb`` for a Norwegian browser locale (nb, nn, no), ``en`` for any other locale,
    and the default (``nb``, the app's first audience) when the browser sent none."""
    if not locale or not isinstance(locale, str):
        return DEFAULT_LANG
    primary = locale.replace("_", "-").split("-")[0].strip().lower()
    return "nb" if primary in _NORWEGIAN else "en"


def resolve_lang(query_value: Any, session_value: Any, locale: str | None) -> str:
    """The language to use: a valid ``?lang=``, else the session's, else the browser's."""
    for candidate in (query_value, session_value):
        if isinstance(candidate, str) and candidate.strip().lower() in LANGS:
            return candidate.strip().lower()
    return lang_from_locale(locale)


__all__ = ["DEFAULT_LANG", "LANGS", "lang_from_locale", "resolve_lang", "strings", "t"]
