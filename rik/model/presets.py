"""Named scenarios, kept as data in ``data/presets.toml``."""

from __future__ import annotations

import tomllib
from functools import cache

from rik._paths import DATA
from rik.model.levers import Change, Levers, Scenario

PRESET_NAMES: tuple[str, ...] = ("baseline", "numbers_game", "quality_first", "catalyst")


@cache
def _load() -> dict[str, Scenario]:
    with (DATA / "presets.toml").open("rb") as fh:
        raw = tomllib.load(fh)
    scenarios = {}
    for name, table in raw.items():
        table = dict(table)
        changes = tuple(Change(**c) for c in table.pop("changes", []))
        scenarios[name] = Scenario(name=name, levers=Levers(**table), changes=changes)
    missing = set(PRESET_NAMES) - set(scenarios)
    if missing:
        raise ValueError(f"data/presets.toml is missing presets: {', '.join(sorted(missing))}")
    return scenarios


def presets() -> dict[str, Scenario]:
    """The named scenarios: ``baseline``, ``numbers_game``, ``quality_first``, ``catalyst``."""
    return dict(_load())


def status_quo() -> Levers:
    """The status quo levers (the ``baseline`` preset): the model's steady state."""
    return _load()["baseline"].levers


__all__ = ["PRESET_NAMES", "presets", "status_quo"]
