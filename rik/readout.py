"""The calculator's result read out: one plain sentence, and the KPI figures with deltas.

Everything is built from the simulated numbers at render time; the direction words
("above"/"below", "rises"/"falls") are chosen by the sign of the rounded change, so the
sentence never says "falls to" next to a number that went up.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from rik import fmt
from rik.i18n import t
from rik.payback import payback_month

KPI_COLUMNS: tuple[str, ...] = (
    "sales_nok",
    "contribution_nok",
    "csat",
    "churn_rate",
    "burnout_share",
    "job_satisfaction",
)
"""The KPI row of the calculator, in order."""

LOWER_IS_BETTER: frozenset[str] = frozenset(
    {"churn_rate", "negative_mentions", "burnout_share", "seller_cost_nok"}
)
MONEY: frozenset[str] = frozenset({"sales_nok", "contribution_nok", "seller_cost_nok"})
"""Outputs in NOK; a change in ``sales_nok`` reads as a relative change, the others (which
may be near zero or negative) as a difference in kroner."""
_SHARES = {"csat": 0, "churn_rate": 1, "burnout_share": 0, "job_satisfaction": 0}


def _direction(change: float, decimals: int) -> str:
    shown = round(change, decimals)
    if shown > 0:
        return "up"
    if shown < 0:
        return "down"
    return "flat"


def sentence(frame: pd.DataFrame, month: int, lang: str) -> str:
    """E.g. "By month 12, sales are 38% above where they started, while burnout falls to 41%."

    "Where they started" is month 0, the status quo before the plan.
    """
    start, row = frame.loc[0], frame.loc[month]
    sales_change = float(row["sales_nok"] / start["sales_nok"] - 1.0)
    sales_dir = _direction(sales_change * 100.0, 0)
    sales = t(
        f"calculator.readout.sales_{sales_dir}",
        lang,
        month=month,
        change=fmt.percent(abs(sales_change), lang),
    )
    burnout = float(row["burnout_share"])
    burnout_dir = _direction((burnout - float(start["burnout_share"])) * 100.0, 0)
    burnout_text = t(
        f"calculator.readout.burnout_{burnout_dir}", lang, value=fmt.percent(burnout, lang)
    )
    return t("calculator.readout.sentence", lang, sales=sales, burnout=burnout_text)


def format_output(column: str, value: float, lang: str) -> str:
    """An output value as people read it: money, a percentage or a count."""
    if column in MONEY:
        return fmt.nok(value, lang)
    if column in _SHARES:
        return fmt.percent(value, lang, _SHARES[column])
    if column in ("skill", "meeting_quality", "reputation"):
        return fmt.number(value, lang, 2)
    if column == "activity":
        return fmt.number(value, lang, 1)
    return fmt.number(value, lang)


def _ascii_minus(text: str) -> str:
    # st.metric decides the arrow from a leading ASCII "-"; fmt uses U+2212 in Norwegian.
    return text.replace(fmt.MINUS, "-")


RELATIVE: frozenset[str] = frozenset({"sales_nok", "customers", "reputation"})
"""Outputs whose change reads as a relative change (%); shares change in percentage
points, other money in kroner, counts in units."""


def change_text(column: str, value: float, base: float, lang: str) -> tuple[str, bool]:
    """The change against ``base`` as people read it, and whether it rounds to zero.

    The one way a change is written, on every page: relative for sales, customers and
    reputation, kroner for other money, percentage points for shares.
    """
    if column in RELATIVE:
        change = value / base - 1.0 if base else 0.0
        return fmt.signed_percent(change, lang), round(change * 100.0) == 0
    if column in MONEY:
        diff = round(value - base, -3)
        return fmt.signed_nok(diff, lang), diff == 0
    if column in _SHARES:
        decimals = _SHARES[column]
        diff = value - base
        return fmt.points(diff, lang, decimals), round(diff * 100.0, decimals) == 0
    diff = value - base
    text = fmt.number(diff, lang)
    if round(diff) > 0:
        text = "+" + text
    return text, round(diff) == 0


def format_delta(column: str, value: float, base: float, lang: str) -> tuple[str, bool]:
    """:func:`change_text` for ``st.metric`` (which reads the arrow from an ASCII minus)."""
    text, zero = change_text(column, value, base, lang)
    return _ascii_minus(text), zero


def payback(frame: pd.DataFrame, baseline: pd.DataFrame, lang: str) -> str | None:
    """When the plan pays for itself, in words; ``None`` when it never costs more than the
    status quo (nothing to pay back)."""
    month = payback_month(frame, baseline)
    if month == 0:
        return None
    if month is None:
        return t("calculator.readout.no_payback", lang, months=int(frame.index[-1]))
    return t("calculator.readout.payback", lang, month=month)


@dataclass(frozen=True, slots=True)
class Kpi:
    """One KPI metric, ready for ``st.metric``."""

    column: str
    label: str
    value: str
    delta: str
    delta_color: str  # "normal" | "inverse" | "off"
    raw: float
    raw_base: float


def kpis(
    frame: pd.DataFrame,
    baseline: pd.DataFrame,
    month: int,
    lang: str,
    columns: Sequence[str] = KPI_COLUMNS,
) -> list[Kpi]:
    """The KPI row at ``month``: each value with its delta against ``baseline``."""
    out = []
    for column in columns:
        value = float(frame.loc[month, column])
        base = float(baseline.loc[month, column])
        delta, zero = format_delta(column, value, base, lang)
        colour = "off" if zero else ("inverse" if column in LOWER_IS_BETTER else "normal")
        out.append(
            Kpi(
                column=column,
                label=t(f"common.outputs.{column}", lang),
                value=format_output(column, value, lang),
                delta=delta,
                delta_color=colour,
                raw=value,
                raw_base=base,
            )
        )
    return out


__all__ = [
    "KPI_COLUMNS",
    "LOWER_IS_BETTER",
    "MONEY",
    "RELATIVE",
    "Kpi",
    "change_text",
    "format_delta",
    "format_output",
    "kpis",
    "payback",
    "sentence",
]
