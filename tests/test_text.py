"""rik.text: the one cleaner, Markdown escaper and CSV guard for user, file and URL text."""

from __future__ import annotations

import re

import pytest

from rik import text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Plan B\r=cmd|' /C calc'!A0", "Plan B =cmd|' /C calc'!A0"),
        ("a\nb\u2028c\u2029d", "a b c d"),
        ("\u200b\u2060\ufeffx\u202e", "x"),
        ("  many   spaces\t", "many spaces"),
        ("family \U0001F468\u200d\U0001F469", "family \U0001F468\u200d\U0001F469"),
    ],
)
def test_clean_removes_breaks_and_invisible_characters(raw: str, expected: str) -> None:
    assert text.clean(raw) == expected


def test_clean_cuts_to_length() -> None:
    assert text.clean("abc   def", 4) == "abc"


@pytest.mark.parametrize(
    "raw",
    ["=1+1", "+1", "-1", "@SUM(A1)", " =1", "\u00a0=1", "\u200b=1", "\u200d=1",
     "\t=1", "\r=1", "\uff1d1", "\u2212 1"],
)
def test_csv_cell_neutralises_formulas_behind_whitespace_and_invisible_characters(
    raw: str,
) -> None:
    cell = text.csv_cell(raw)
    assert cell.startswith("'")
    assert "\r" not in cell and "\n" not in cell


def test_csv_cell_leaves_ordinary_text_and_numbers() -> None:
    assert text.csv_cell("Plan B") == "Plan B"
    assert text.csv_cell(-3.5) == -3.5
    assert text.csv_cell(None) is None


@pytest.mark.parametrize(
    ("raw", "forbidden"),
    [
        ("![](//host/x)", ["![", "]("]),
        ("[Log in](//host)", ["[Log in](", "]("]),
        ("www.example.io", ["www."]),
        ("http://example.io", ["http://"]),
        ("kari@example.io", ["kari@example"]),
        (":red[x] :material/home:", [":red[", ":material/"]),
        ("<img src=x onerror=alert(1)>", ["<img"]),
        ("`code` $x$ **b**", ["`code`", "$x$", "**b**"]),
        ("&lt;b&gt;", ["&lt;"]),
    ],
)
def test_md_escape_stops_links_images_autolinks_directives_and_html(raw, forbidden) -> None:
    escaped = text.md_escape(raw)
    for piece in forbidden:  # the piece, with its first character not backslash-escaped
        assert not re.search(r"(?<!\\)" + re.escape(piece), escaped), (piece, escaped)


def test_md_escape_keeps_the_visible_letters() -> None:
    escaped = text.md_escape("www.example.io [x]")
    assert escaped.replace("\\", "").replace("\u200b", "") == "www.example.io [x]"
