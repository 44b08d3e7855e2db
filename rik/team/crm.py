"""A team's monthly history from a CRM export (CSV or Excel): read, check, estimate.

Pure (no streamlit). :func:`read` takes the uploaded bytes and returns a
:class:`History` or raises :class:`ImportProblems`: every problem with its row (as the
spreadsheet numbers it: the header is row 1) and column, as keys of
``team.import.problems`` that :func:`describe` writes in the user's language. A file
with any problem is refused whole, so a bad file changes nothing.

Accepted: CSV in UTF-8 (with or without BOM), UTF-16 with BOM or Windows-1252, separated
by ``;`` (Excel in Norwegian), ``,`` or tabs; numbers written the Norwegian way
(``1 234,5``, ``1.234,5``) or the English way (``1,234.5``); months as ``2025-01``,
``2025-01-31``, ``01.2025`` or ``1/2025``; Excel workbooks (.xlsx, first sheet) through
openpyxl. Column names in English or Norwegian (:data:`ALIASES`).

:func:`estimate` is the stated method: the status quo is the mean of the last
:data:`ESTIMATE_MONTHS` months (sellers, meetings, deals, sales, customers lost) and the
active customers of the last month.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from rik import fmt
from rik.i18n import t
from rik.model import core
from rik.model.levers import lever_meta
from rik.text import md_escape

COLUMNS: tuple[str, ...] = (
    "month", "sellers", "meetings", "deals", "sales", "active_customers", "customers_lost",
)
"""The template's columns: meetings, deals, sales and customers lost are a month's totals."""
COLUMNS_NB: dict[str, str] = {
    "month": "måned", "sellers": "selgere", "meetings": "møter", "deals": "avtaler",
    "sales": "salg", "active_customers": "aktive_kunder", "customers_lost": "tapte_kunder",
}
"""The columns' Norwegian names (the Norwegian page and template use them; both are read)."""
ALIASES: dict[str, str] = {
    "maned": "month", "måned": "month", "selgere": "sellers", "moter": "meetings",
    "møter": "meetings", "avtaler": "deals", "salg": "sales", "aktive_kunder": "active_customers",
    "tapte_kunder": "customers_lost", "customers": "active_customers",
    "lost": "customers_lost", "lost_customers": "customers_lost",
}
COUNTS = ("sellers", "meetings", "deals", "active_customers", "customers_lost")
MAX_BYTES = 1_000_000
MIN_ROWS = 3
MAX_ROWS = 240
ESTIMATE_MONTHS = 3
MAX_PROBLEMS = 8
_CELL_CHARS = 40


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: a key of ``team.import.problems`` and its values."""

    key: str
    values: dict[str, Any] = field(default_factory=dict)


class ImportProblems(ValueError):
    """The file was refused; ``problems`` says why (row and column where there is one)."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("; ".join(p.key for p in problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class History:
    """The team's months, in order: a frame with :data:`COLUMNS` (``month`` as YYYY-MM)."""

    frame: pd.DataFrame

    @property
    def months(self) -> int:
        return len(self.frame)


# --- Cells ----------------------------------------------------------------------------------



_MONTH_PATTERNS = (
    re.compile(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})(?:[-/.]\d{1,2})?(?:[ T].*)?$"),
    re.compile(r"^(?:\d{1,2}[-/.])?(?P<m>\d{1,2})[-/.](?P<y>\d{4})$"),
)


def parse_month(cell: Any) -> tuple[int, int] | None:
    """``(year, month)`` from a cell, ``None`` if it is not a month."""
    if isinstance(cell, dt.datetime | dt.date):
        return cell.year, cell.month
    if not isinstance(cell, str):
        return None
    text = cell.strip()
    for pattern in _MONTH_PATTERNS:
        match = pattern.match(text)
        if match:
            year, month = int(match["y"]), int(match["m"])
            if 1900 <= year <= 2200 and 1 <= month <= 12:
                return year, month
    return None


def _shown(cell: Any) -> str:
    text = "".join(ch for ch in str(cell) if ch.isprintable())
    return text if len(text) <= _CELL_CHARS else text[: _CELL_CHARS - 1] + "…"


def _key(name: Any) -> str:
    text = re.sub(r"[\s\-]+", "_", str(name if name is not None else "").strip().lower())
    return ALIASES.get(text, text)


# --- Files to rows --------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data:
        raise ImportProblems([Problem("encoding")])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        raise ImportProblems([Problem("encoding")]) from None


def _csv_rows(text: str) -> list[list[Any]]:
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise ImportProblems([Problem("empty")])
    header = lines[0]
    counts = {sep: header.count(sep) for sep in (";", "\t", ",")}
    separator = max(counts, key=lambda sep: counts[sep])
    return [row for row in csv.reader(lines, delimiter=separator) if any(c.strip() for c in row)]


def _excel_rows(data: bytes) -> list[list[Any]]:
    try:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            if len(rows) > MAX_ROWS + 1:
                break
            cells = ["" if c is None else c for c in row]
            if any(str(c).strip() for c in cells):
                rows.append(cells)
        book.close()
    except Exception:  # noqa: BLE001 - any unreadable workbook is the same message
        raise ImportProblems([Problem("excel")]) from None
    return rows


def _rows(data: bytes) -> list[list[Any]]:
    if data.startswith(b"PK\x03\x04"):
        return _excel_rows(data)
    return _csv_rows(_decode(data))


# --- Checking -------------------------------------------------------------------------------


def _columns(header: Sequence[Any]) -> tuple[dict[str, int], dict[str, str]]:
    keys = [_key(c) for c in header]
    problems = []
    for key in COLUMNS:
        if keys.count(key) > 1:
            problems.append(Problem("duplicate_column", {"column": key}))
    missing = [c for c in COLUMNS if c not in keys]
    if missing:
        found = ", ".join(_shown(c) for c in header if str(c).strip())[:120] or "–"
        problems += [Problem("missing_column", {"column": c, "found": found}) for c in missing]
    if problems:
        raise ImportProblems(problems)
    index = {c: keys.index(c) for c in COLUMNS}
    names = {c: _shown(header[index[c]]) for c in COLUMNS}
    return index, names


_DECIMAL_COMMA = re.compile(r"^\s*[+-]?[\d\s\u00a0.]*\d,\d+\s*$")


def _number_language(header: Sequence[Any], body: Sequence[Sequence[Any]]) -> str | None:
    """``"nb"`` when the file writes numbers the Norwegian way (Norwegian column names, or
    a decimal comma anywhere), so ``655.000`` is read as thousands; else unknown."""
    norwegian = {name.casefold() for name in COLUMNS_NB.values()}
    if any(str(c).strip().casefold() in norwegian for c in header):
        return "nb"
    cells = (c for row in body for c in row if isinstance(c, str))
    return "nb" if any(_DECIMAL_COMMA.match(c) for c in cells) else None


def read(data: bytes) -> History:
    """The history in ``data`` (CSV or .xlsx bytes), or :class:`ImportProblems`."""
    if not isinstance(data, bytes | bytearray):
        raise ImportProblems([Problem("empty")])
    if len(data) > MAX_BYTES:
        raise ImportProblems([Problem("too_large", {"size": len(data), "limit": MAX_BYTES})])
    if not data.strip():
        raise ImportProblems([Problem("empty")])
    rows = _rows(bytes(data))
    if not rows:
        raise ImportProblems([Problem("empty")])
    index, names = _columns(rows[0])
    body = rows[1:]
    if not body:
        raise ImportProblems([Problem("no_rows")])
    if len(body) > MAX_ROWS:
        raise ImportProblems([Problem("too_many_rows", {"rows": len(body), "max": MAX_ROWS})])
    problems: list[Problem] = []
    records = []
    previous: tuple[int, int] | None = None
    numbers_in = _number_language(rows[0], body)
    for offset, row in enumerate(body):
        number = offset + 2  # the row as the spreadsheet shows it
        cells = {c: (row[i] if i < len(row) else "") for c, i in index.items()}
        record: dict[str, Any] = {}
        month = parse_month(cells["month"])
        if month is None:
            problems.append(Problem("month", {"row": number, "column": names["month"],
                                              "value": _shown(cells["month"])}))
        else:
            record["month"] = f"{month[0]:04d}-{month[1]:02d}"
            if previous is not None:
                step = (month[0] - previous[0]) * 12 + month[1] - previous[1]
                if step <= 0:
                    problems.append(Problem("order", {"row": number, "value": record["month"]}))
                elif step > 1:
                    problems.append(Problem("gap", {
                        "row": number, "value": record["month"],
                        "before": f"{previous[0]:04d}-{previous[1]:02d}"}))
            previous = month
        for column in COLUMNS[1:]:
            cell = cells[column]
            where = {"row": number, "column": names[column]}
            if str(cell).strip() == "":
                problems.append(Problem("empty_cell", where))
                continue
            value = fmt.parse_number(cell, numbers_in, max_chars=_CELL_CHARS)
            if value is None:
                problems.append(Problem("not_a_number", where | {"value": _shown(cell)}))
            elif value < 0:
                problems.append(Problem("negative", where | {"value": value}))
            elif column == "sellers" and value == 0:
                problems.append(Problem("zero", where | {"value": value}))
            else:
                record[column] = value
        records.append(record)
        if len(problems) > 4 * MAX_PROBLEMS:
            break
    if any(problem.key == "order" for problem in problems):
        # Months out of order: the gaps between neighbours are an artefact of the order.
        problems = [problem for problem in problems if problem.key != "gap"]
    if problems:
        raise ImportProblems(problems)
    if len(records) < MIN_ROWS:
        raise ImportProblems([Problem("too_few_rows", {"rows": len(records), "min": MIN_ROWS})])
    return History(pd.DataFrame.from_records(records, columns=list(COLUMNS)))


# --- The status quo -------------------------------------------------------------------------


def estimate(history: History, months: int = ESTIMATE_MONTHS) -> dict[str, float]:
    """The status quo from the last ``months`` months, in the form's units (model units).

    Raises :class:`ImportProblems` (``no_deals``) when there are no deals to value.
    """
    last = history.frame.tail(months)
    sellers_meta = lever_meta("sellers")
    sellers = min(max(round(float(last.sellers.mean())), sellers_meta["min"]), sellers_meta["max"])
    per_week = float((last.meetings / last.sellers).mean()) / core.WEEKS_PER_MONTH
    meetings_meta = lever_meta("meetings_per_seller_per_week")
    per_week = min(max(round(per_week), meetings_meta["min"]), meetings_meta["max"])
    deals, sales = float(last.deals.sum()), float(last.sales.sum())
    if deals <= 0 or sales <= 0:
        raise ImportProblems([Problem("no_deals")])
    return {
        "sellers": int(sellers),
        "meetings_per_seller_per_week": float(per_week),
        "sales_nok": round(sales / len(last)),
        "deal_value_nok": round(sales / deals),
        "customers": float(history.frame.active_customers.iloc[-1]),
        "lost_per_month": round(float(last.customers_lost.mean()), 1),
    }


# --- Template and messages ------------------------------------------------------------------

SAMPLE: tuple[tuple[Any, ...], ...] = tuple(
    (f"2025-{m:02d}", 6, 350 + (m * 7) % 23, 21 + (m * 5) % 4, 630_000 + ((m * 37) % 9) * 5_000,
     248 + m % 5, 3 if m % 3 else 4)
    for m in range(1, 13)
)
"""A year of a six-seller team (the issue's example), for the template."""


def column_name(column: str, lang: str) -> str:
    """What ``column`` (one of :data:`COLUMNS`) is called in ``lang``'s template."""
    return COLUMNS_NB.get(column, column) if lang == "nb" else column


def column_names(lang: str) -> tuple[str, ...]:
    """The template's header in ``lang`` (the import reads either language's names)."""
    return tuple(column_name(c, lang) for c in COLUMNS)


def template_csv(lang: str) -> bytes:
    """The template with :data:`SAMPLE`: Norwegian column names, ``;`` and «1 234» in
    Norwegian (as Excel writes CSV there), ``,`` and plain digits in English; UTF-8 with
    BOM so Excel reads æøå."""
    separator = ";" if lang == "nb" else ","
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\r\n")
    writer.writerow(column_names(lang))
    for row in SAMPLE:
        writer.writerow([row[0], *(fmt.number(v, lang) if lang == "nb" else str(v)
                                   for v in row[1:])])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def template_xlsx(lang: str = "en") -> bytes:
    """The template as an Excel workbook (numbers as numbers; column names in ``lang``)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(list(column_names(lang)))
    for row in SAMPLE:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _size(n: int, lang: str) -> str:
    if n >= 1_000_000:
        return f"{fmt.number(n / 1_000_000, lang, 1)} MB"
    return f"{fmt.number(n / 1000, lang)} kB"


def describe(problem: Problem, lang: str) -> str:
    """One problem as a sentence in ``lang`` (values shown as text, numbers by rik.fmt)."""
    values = {k: md_escape(v) if isinstance(v, str) else v for k, v in problem.values.items()}
    if problem.key in ("missing_column", "duplicate_column"):  # our name, in ``lang``
        values["column"] = md_escape(column_name(problem.values["column"], lang))
    for key in ("size", "limit"):
        if key in values:
            values[key] = _size(int(values[key]), lang)
    if isinstance(values.get("value"), float):
        values["value"] = fmt.number(values["value"], lang, 0 if values["value"].is_integer()
                                     else 2)
    return t(f"team.import.problems.{problem.key}", lang, **values)


def describe_all(problems: Sequence[Problem], lang: str) -> list[str]:
    lines = [describe(p, lang) for p in problems[:MAX_PROBLEMS]]
    if len(problems) > MAX_PROBLEMS:
        lines.append(t("team.import.problems.more", lang, n=len(problems) - MAX_PROBLEMS))
    return lines


def size_text(n: int, lang: str) -> str:
    return _size(n, lang)


__all__ = [
    "ALIASES", "COLUMNS", "COLUMNS_NB", "ESTIMATE_MONTHS", "MAX_BYTES", "MAX_ROWS", "MIN_ROWS",
    "SAMPLE", "History", "ImportProblems", "Problem", "column_name", "column_names",
    "describe", "describe_all", "estimate", "parse_month", "read",
    "size_text", "template_csv", "template_xlsx",
]
