"""One specification per output column: how its value and its change are written.

Read from ``data/outputs.toml``; labels and units are strings
(``common.outputs.<column>``, ``common.units.<column>``). Every KPI, table, chart axis,
readout sentence, compare view, brief and export writes an output through
:func:`value_text` and :func:`change_text`, so the same change reads the same on every
page: relative for money and counts, percentage points for shares.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache

from rik import fmt
from rik._paths import DATA
from rik.i18n import t

KINDS = ("money", "count", "share", "index")

PLAN_OUTPUTS: tuple[str, ...] = (
    "sales_nok",
    "contribution_nok",
    "customers",
    "csat",
    "churn_rate",
    "burnout_share",
    "job_satisfaction",
)
"""The outputs a plan is judged on, in order (the compare table, the brief's key figures)."""
TREND_OUTPUTS: tuple[str, ...] = ("sales_nok", "csat", "churn_rate", "burnout_share")
"""The four outputs drawn over time side by side (compare page, brief)."""
CHANGES = ("relative", "points", "money", "units")


@dataclass(frozen=True, slots=True)
class OutputSpec:
    """How one output column is written (see ``data/outputs.toml``)."""

    column: str
    kind: str
    decimals: int
    change: str
    axis: str
    table_decimals: int
    change_decimals: int
    lower_is_better: bool

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"{self.column}: kind ({self.kind!r}) must be one of {KINDS}")
        if self.change not in CHANGES:
            raise ValueError(f"{self.column}: change ({self.change!r}) must be one of {CHANGES}")


@cache
def specs() -> dict[str, OutputSpec]:
    with (DATA / "outputs.toml").open("rb") as fh:
        raw = tomllib.load(fh)
    out = {}
    for column, entry in raw.items():
        decimals = int(entry["decimals"])
        out[column] = OutputSpec(
            column=column,
            kind=entry["kind"],
            decimals=decimals,
            change=entry["change"],
            axis=entry["axis"],
            table_decimals=int(entry.get("table_decimals", decimals)),
            change_decimals=int(entry.get("change_decimals", 0)),
            lower_is_better=bool(entry.get("lower_is_better", False)),
        )
    return out


def spec(column: str) -> OutputSpec:
    try:
        return specs()[column]
    except KeyError:
        raise ValueError(f"output ({column!r}) has no specification in data/outputs.toml") from None


def label(column: str, lang: str) -> str:
    return t(f"common.outputs.{column}", lang)


def unit(column: str, lang: str) -> str:
    return t(f"common.units.{column}", lang)


def value_text(column: str, value: float, lang: str, *, precise: bool = False) -> str:
    """``value`` of ``column`` as people read it (``precise``: a table's extra decimals)."""
    s = spec(column)
    decimals = s.table_decimals if precise else s.decimals
    if s.kind == "money":
        return fmt.nok(value, lang)
    if s.kind == "share":
        return fmt.percent(value, lang, decimals)
    return fmt.number(value, lang, decimals)


def change_text(column: str, value: float, base: float, lang: str) -> tuple[str, bool]:
    """The change from ``base`` to ``value``, and whether it rounds to zero as shown."""
    s = spec(column)
    if s.change == "relative":
        change = value / base - 1.0 if base else 0.0
        return fmt.signed_percent(change, lang), round(change * 100.0) == 0
    if s.change == "money":
        diff = round(value - base, -3)
        return fmt.signed_nok(diff, lang), diff == 0
    if s.change == "points":
        diff = value - base
        shown = round(diff * 100.0, s.change_decimals)
        return fmt.points(diff, lang, s.change_decimals), shown == 0
    diff = value - base
    text = fmt.number(diff, lang, s.change_decimals)
    zero = round(diff, s.change_decimals) == 0
    return (text if zero or diff < 0 else "+" + text), zero


def axis_format(column: str) -> str:
    """d3 format of ``column``'s chart axis."""
    return spec(column).axis


LOWER_IS_BETTER: frozenset[str] = frozenset(c for c, s in specs().items() if s.lower_is_better)


__all__ = [
    "LOWER_IS_BETTER",
    "OutputSpec",
    "axis_format",
    "change_text",
    "label",
    "spec",
    "specs",
    "unit",
    "value_text",
]
