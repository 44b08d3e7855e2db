"""rik: Result = Effort × Quality (R = I × K), a small model of a sales team.

A monthly simulation of a small Norwegian accounting firm's sales team, with stocks
and delays: activity, skill, customers, satisfaction, churn, word of mouth,
reputation, burnout, turnover and ramp-up. See ``docs/model.md``.
"""

from rik.model.assumptions import ASSUMPTION_SETS, Assumptions, Coefficient, load_assumptions
from rik.model.levers import DEFAULT_MONTHS, LEVER_NAMES, Change, Levers, Scenario, lever_meta
from rik.model.presets import PRESET_NAMES, presets, status_quo
from rik.model.simulate import COLUMNS, simulate, simulate_batch

__all__ = [
    "ASSUMPTION_SETS",
    "COLUMNS",
    "DEFAULT_MONTHS",
    "LEVER_NAMES",
    "PRESET_NAMES",
    "Assumptions",
    "Change",
    "Coefficient",
    "Levers",
    "Scenario",
    "lever_meta",
    "load_assumptions",
    "presets",
    "simulate",
    "simulate_batch",
    "status_quo",
]
