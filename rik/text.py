"""Text from users, files and URLs: one cleaner, one Markdown escaper, one CSV guard.

Anything a person typed, a file held or a URL carried goes through these three before it
is stored, shown or exported:

- :func:`clean` — control, format and other invisible characters become spaces (the
  zero-width joiners that emoji and some scripts need are kept), line breaks too;
  whitespace runs collapse to one space; trimmed; optionally cut to a length.
- :func:`md_escape` — the text shown literally by Streamlit's Markdown: no emphasis,
  links, images, HTML, maths, ``:icon:``/``:red[]`` directives or automatic links.
- :func:`csv_cell` — a cell a spreadsheet will never run as a formula, whatever
  whitespace or invisible characters come before the ``=``.

No Streamlit here (``rik`` never imports it).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

JOINERS = frozenset({"\u200c", "\u200d"})  # zero-width (non-)joiners: emoji, some scripts
_SPACE_RUN = re.compile(r"\s+")


def _invisible(ch: str) -> bool:
    """Control (Cc), format (Cf), surrogate, private-use, unassigned, line/paragraph
    separators: nothing a reader can see, and things that move or break text."""
    return unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def clean(text: Any, max_len: int | None = None, *, keep_joiners: bool = True) -> str:
    """``text`` with invisible characters and line breaks as spaces, single-spaced, trimmed.

    ``max_len`` cuts the result (then trims again). Non-text becomes its ``str``.
    """
    text = "".join(
        " " if _invisible(ch) and not (keep_joiners and ch in JOINERS) else ch
        for ch in str(text)
    )
    text = _SPACE_RUN.sub(" ", text).strip()
    if max_len is not None:
        text = text[:max_len].rstrip()
    return text


# --- Markdown --------------------------------------------------------------------------

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=^\"'%])")
_ZWSP = "\u200b"
_WWW = re.compile(r"(?i)\bw(?=ww\.)")


def md_escape(text: Any) -> str:
    """``text`` (cleaned) escaped so Streamlit Markdown shows it literally.

    Backslash escapes stop emphasis, links, images, HTML, entities and ``$`` maths; a
    zero-width space after every ``:`` and ``@`` and inside ``www.`` stops Streamlit's
    ``:icon:`` / ``:red[...]`` directives and GFM's automatic links (``www.x.io``,
    ``http://x``, ``a@b.io``), which backslash escapes alone do not.
    """
    text = clean(text)
    text = _WWW.sub(lambda m: m.group(0) + _ZWSP, text)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return text.replace(":", ":" + _ZWSP).replace("@", "@" + _ZWSP)


# --- CSV -------------------------------------------------------------------------------

_FORMULA_START = frozenset("=+-@\t\r\n")
_FULLWIDTH_FORMULA = frozenset("\uff1d\uff0b\uff0d\uff20\ufe62\ufe63\ufe66\u2212")


def _lead_stripped(text: str) -> str:
    """``text`` without the whitespace and invisible characters a spreadsheet skips."""
    i = 0
    while i < len(text) and (text[i].isspace() or _invisible(text[i]) or text[i] in JOINERS):
        i += 1
    return text[i:]


def csv_cell(value: Any) -> Any:
    """A cell for a CSV file: text cleaned (:func:`clean`) and, if it would start a
    formula once leading whitespace and invisible characters are skipped, prefixed with
    an apostrophe. Numbers and missing values pass unchanged."""
    if not isinstance(value, str):
        return value
    text = clean(value)
    head = _lead_stripped(text)[:1]
    if head and (head in _FORMULA_START or head in _FULLWIDTH_FORMULA):
        return "'" + text
    return text


__all__ = ["JOINERS", "clean", "csv_cell", "md_escape"]
