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
from rik.i18n import strings, t
from rik.model import outputs
from rik.model.payback import payback_status

KPI_COLUMNS: tuple[str, ...] = (
    "sales_nok",
    "contribution_nok",
    "csat",
    "churn_rate",
    "burnout_share",
    "job_satisfaction",
)
"""The KPI row of the calculator, in order."""

LOWER_IS_BETTER = outputs.LOWER_IS_BETTER

# How a value and a change are written lives in one place, rik/model/outputs.py (from
# data/outputs.toml); these names are the same functions, kept for the pages' readability.
format_output = outputs.value_text
change_text = outputs.change_text


def _direction(change: float, decimals: int) -> str:
    shown = round(change, decimals)
    if shown > 0:
        return "up"
    if shown < 0:
        return "down"
    return "flat"


def sentence(
    frame: pd.DataFrame, month: int, lang: str, baseline: pd.DataFrame | None = None
) -> str:
    """E.g. "By month 12, sales are 38% above the status quo, while burnout falls to 41%."

    The same comparison as the KPI cards: with ``baseline`` the status quo at the same
    month; without it, month 0 (every plan starts from the status quo, and the status quo
    holds still, so the two agree).
    """
    row = frame.loc[month]
    start = baseline.loc[month] if baseline is not None else frame.loc[0]
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


def payback(frame: pd.DataFrame, baseline: pd.DataFrame, lang: str) -> str | None:
    """Where the plan stands in money against the status quo, in words (``None`` when
    there is no difference): ahead from the start, paid back in a month, behind, or
    behind again after having been ahead."""
    status, month = payback_status(frame, baseline)
    if status == "same":
        return None
    if status == "paid":
        return t("calculator.readout.payback", lang, month=month)
    if status == "fell_behind":
        return t("calculator.readout.fell_behind", lang, month=month)
    return t(f"calculator.readout.{'ahead' if status == 'ahead' else 'no_payback'}", lang,
             months=int(frame.index[-1]))


def per_seller(frame: pd.DataFrame, baseline: pd.DataFrame, month: int, lang: str) -> str | None:
    """Sales per seller against the status quo's, when the plan changes the team's size
    (more sellers sell more in all, less each: a finite market); else ``None``."""
    row, base_row = frame.loc[month], baseline.loc[month]
    team, base_team = float(row["sellers_total"]), float(base_row["sellers_total"])
    if abs(team - base_team) < 0.5:
        return None
    return t(
        "calculator.readout.per_seller",
        lang,
        value=fmt.nok(float(row["sales_nok"]) / team, lang),
        base=fmt.nok(float(base_row["sales_nok"]) / base_team, lang),
    )


@dataclass(frozen=True, slots=True)
class Kpi:
    """One KPI metric, ready for ``st.metric``."""

    column: str
    label: str
    value: str
    delta: str  # written as everywhere else, the locale's minus sign included
    delta_color: str  # "green" (better), "red" (worse) or "gray" (no change)
    raw: float
    raw_base: float
    delta_arrow: str = "off"  # "up" | "down"; "off" on a change that rounds to zero
    help: str | None = None  # what the output means, where a number needs a sentence


def kpis(
    frame: pd.DataFrame,
    baseline: pd.DataFrame,
    month: int,
    lang: str,
    columns: Sequence[str] = KPI_COLUMNS,
) -> list[Kpi]:
    """The KPI row at ``month``: each value with its delta against ``baseline``."""
    out = []
    # One row each: a lookup per cell cost more than writing the numbers.
    row, base_row = frame.loc[month], baseline.loc[month]
    for column in columns:
        value, base = float(row[column]), float(base_row[column])
        # The arrow and the colour are given, not read by st.metric from a leading ASCII
        # "-": the change keeps the locale's own minus sign ("−4 %" in Norwegian).
        delta, zero = change_text(column, value, base, lang)
        up, better = value > base, (value > base) != (column in LOWER_IS_BETTER)
        out.append(
            Kpi(
                column=column,
                label=t(f"common.outputs.{column}", lang),
                value=format_output(column, value, lang),
                delta=delta,
                delta_color="gray" if zero else ("green" if better else "red"),
                raw=value,
                raw_base=base,
                delta_arrow="off" if zero else ("up" if up else "down"),
                help=strings(lang).get(f"common.output_help.{column}"),
            )
        )
    return out


__all__ = [
    "KPI_COLUMNS",
    "LOWER_IS_BETTER",
    "Kpi",
    "change_text",
    "format_output",
    "kpis",
    "payback",
    "per_seller",
    "sentence",
]
