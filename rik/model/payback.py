"""When a plan pays for itself: the month its cumulative contribution passes baseline's."""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

Status = Literal["same", "ahead", "paid", "behind", "fell_behind"]


def cumulative_gain(plan: pd.DataFrame, base: pd.DataFrame) -> pd.Series:
    """The plan's contribution minus baseline's, summed from month 0 [NOK]."""
    return (plan["contribution_nok"] - base["contribution_nok"]).cumsum()


def _signs(plan: pd.DataFrame, base: pd.DataFrame) -> tuple[np.ndarray, float]:
    """:func:`cumulative_gain` as an array (in numpy: a lever move reads it out), and the
    tolerance below which a difference is no difference."""
    base_nok = base["contribution_nok"].to_numpy(dtype=float)
    gain = np.cumsum(plan["contribution_nok"].to_numpy(dtype=float) - base_nok)
    tolerance = 1e-6 * max(1.0, float(np.max(np.abs(base_nok))))
    return gain, tolerance


def payback_month(plan: pd.DataFrame, base: pd.DataFrame) -> int | None:
    """The month from which the plan's cumulative contribution stays at or above
    baseline's (``0`` if it never falls below); ``None`` if it is still below at the end.

    A plan that hires or trains spends first and earns later; this is the month it has
    earned back what it spent (``contribution_nok`` is the margin on the customers' fees
    minus the team's cost, see ``docs/model.md``).
    """
    return _paid_from(*_signs(plan, base), plan.index)


def _paid_from(gain: np.ndarray, tolerance: float, months: pd.Index) -> int | None:
    below = np.flatnonzero(gain < -tolerance)
    if below.size == 0:
        return 0
    last = int(below[-1])
    if last == len(gain) - 1:
        return None
    return int(months[last + 1])


def payback_status(plan: pd.DataFrame, base: pd.DataFrame) -> tuple[Status, int | None]:
    """What a sales leader asks, in one word and a month:

    - ``same``: no difference in money;
    - ``ahead``: never behind the status quo, ahead at the end (nothing to pay back);
    - ``paid``: behind first, then paid for itself in the month given;
    - ``behind``: behind at the end and never caught up;
    - ``fell_behind``: ahead or paid back at some point, behind again from the month given.
    """
    gain, tolerance = _signs(plan, base)
    below = gain < -tolerance
    above = gain > tolerance
    if not below.any():
        return ("ahead", None) if above[-1] else ("same", None)
    if not below[-1]:
        return "paid", _paid_from(gain, tolerance, plan.index)
    first_below = int(np.argmax(below))
    not_below = np.flatnonzero(~below)
    recovered = not_below[not_below > first_below]
    if above[:first_below].any() or recovered.size:
        start = int(np.flatnonzero(~below)[-1]) + 1
        return "fell_behind", int(plan.index[start])
    return "behind", None


__all__ = ["Status", "cumulative_gain", "payback_month", "payback_status"]
