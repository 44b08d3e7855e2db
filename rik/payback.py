"""When a plan pays for itself: the month its cumulative contribution passes baseline's."""

from __future__ import annotations

import numpy as np
import pandas as pd


def cumulative_gain(plan: pd.DataFrame, base: pd.DataFrame) -> pd.Series:
    """The plan's contribution minus baseline's, summed from month 0 [NOK]."""
    return (plan["contribution_nok"] - base["contribution_nok"]).cumsum()


def payback_month(plan: pd.DataFrame, base: pd.DataFrame) -> int | None:
    """The month from which the plan's cumulative contribution stays at or above
    baseline's (``0`` if it never falls below); ``None`` if it is still below at the end.

    A plan that hires or trains spends first and earns later; this is the month it has
    earned back what it spent (``contribution_nok`` counts a deal at the gross margin of
    the fees it is expected to bring, see ``docs/model.md``).
    """
    gain = cumulative_gain(plan, base).to_numpy()
    tolerance = 1e-6 * max(1.0, float(np.max(np.abs(base["contribution_nok"].to_numpy()))))
    below = np.flatnonzero(gain < -tolerance)
    if below.size == 0:
        return 0
    last = int(below[-1])
    if last == len(gain) - 1:
        return None
    return int(plan.index[last + 1])


__all__ = ["cumulative_gain", "payback_month"]
