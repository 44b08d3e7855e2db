"""The six levers a user moves, and scenarios: named plans of lever values over time.

Every lever's range, step, unit, labels and help live in ``data/levers.toml``; the
dataclass field metadata is built from that file, so widgets and docs never repeat it.
Values are in model units: fractions 0..1 for shares, never percents.
"""

from __future__ import annotations

import dataclasses
import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rik import fmt
from rik._paths import DATA

SCENARIO_VERSION = 1  # the version of a scenario written by Scenario.to_dict
MAX_MONTHS = 60
MIN_MONTHS = 12
DEFAULT_MONTHS = 24  # the horizon a scenario is viewed over unless it says otherwise

with (DATA / "levers.toml").open("rb") as _fh:
    LEVER_META: dict[str, dict[str, Any]] = tomllib.load(_fh)
with (DATA / "presets.toml").open("rb") as _fh:
    _STATUS_QUO: dict[str, Any] = tomllib.load(_fh)["baseline"]  # the defaults: one source


def _meta(name: str) -> Mapping[str, Any]:
    return LEVER_META[name]


def _lever(name: str) -> Any:
    """A lever field: its metadata from levers.toml, its default the status quo's value."""
    default = _STATUS_QUO[name]
    if LEVER_META[name].get("display") != "integer":
        default = float(default)
    return field(default=default, metadata=_meta(name))


class FieldError(ValueError):
    """A value a model type refuses: an English message for developers, and what a page
    needs to say it in the reader's language (``field``, ``kind``, ``value``, range).

    ``kind`` is ``not_a_number``, ``range`` or ``whole`` here; :mod:`rik.model.calibration`
    adds the kinds of figures that contradict each other."""

    def __init__(self, message: str, *, field: str, kind: str, value: Any = None,
                 low: float | None = None, high: float | None = None) -> None:
        super().__init__(message)
        self.field, self.kind, self.value, self.low, self.high = field, kind, value, low, high


def check_number(field_name: str, value: Any, low: float, high: float) -> float:
    """Return ``value`` as a float, or raise :class:`FieldError` naming field, value and
    range."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FieldError(
            f"{field_name} ({value!r}) must be a number between {low:g} and {high:g}",
            field=field_name, kind="not_a_number", value=value, low=low, high=high)
    number = float(value)
    if not math.isfinite(number) or not low <= number <= high:
        raise FieldError(f"{field_name} ({value!r}) must be between {low:g} and {high:g}",
                         field=field_name, kind="range", value=number, low=low, high=high)
    return number


@dataclass(frozen=True, slots=True)
class Levers:
    """Lever values for one month. Units are in the names; shares are fractions 0..1."""

    meetings_per_seller_per_week: float = _lever("meetings_per_seller_per_week")
    """Sales meetings each seller holds per week [meetings/week] (I, effort)."""
    sellers: int = _lever("sellers")
    """Team size [sellers]; the team at month 0 is in post, later increases are hires."""
    onboarding: float = _lever("onboarding")
    """Strength of the onboarding programme for new sellers [0..1]."""
    training_hours_per_month: float = _lever("training_hours_per_month")
    """Sales and product training per seller [hours/month]."""
    relationship_time_share: float = _lever("relationship_time_share")
    """Share of customer time spent on needs and follow-up rather than pitching [0..1]."""
    development: float = _lever("development")
    """Share of sellers with a personal development plan [0..1]."""

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            meta = f.metadata
            value = getattr(self, f.name)
            number = check_number(f.name, value, meta["min"], meta["max"])
            if f.type == "int" or meta.get("display") == "integer":
                if number != int(number):
                    raise FieldError(
                        f"{f.name} ({value!r}) must be a whole number between "
                        f"{meta['min']:g} and {meta['max']:g}",
                        field=f.name, kind="whole", value=number, low=meta["min"],
                        high=meta["max"],
                    )
                object.__setattr__(self, f.name, int(number))
            else:
                object.__setattr__(self, f.name, number)

    def to_dict(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in LEVER_NAMES}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Levers:
        """Build from a mapping; unknown keys raise ``ValueError``, missing keys keep defaults."""
        if not isinstance(data, Mapping):
            raise ValueError(f"levers ({data!r}) must be a mapping of lever names to numbers")
        unknown = sorted(set(data) - set(LEVER_NAMES))
        if unknown:
            raise ValueError(
                f"levers: unknown lever {unknown[0]!r}; known levers are {', '.join(LEVER_NAMES)}"
            )
        return cls(**dict(data))

    def replace(self, **changes: Any) -> Levers:
        return dataclasses.replace(self, **changes)


LEVER_NAMES: tuple[str, ...] = tuple(f.name for f in dataclasses.fields(Levers))
QUALITY_LEVERS = tuple(n for n in LEVER_NAMES if LEVER_META[n]["group"] == "quality")


def lever_label(name: str, lang: str) -> str:
    """The lever's name in ``lang`` (``data/levers.toml``): ``Sellers``, ``Selgere``."""
    return str(lever_meta(name)["label_nb" if lang == "nb" else "label_en"])


def lever_unit(name: str, lang: str) -> str:
    """The lever's unit in ``lang`` (``data/levers.toml``)."""
    return str(lever_meta(name)["unit_nb" if lang == "nb" else "unit_en"])


def format_lever(name: str, value: float, lang: str, *, unit: bool = True) -> str:
    """A lever value as a person reads it, the one way on every page: ``40 %``,
    ``8 sellers``, ``10,5 møter/uke`` (``unit=False``: the number alone)."""
    if lever_meta(name)["display"] == "percent":
        return fmt.percent(float(value), lang)
    value = float(value)
    decimals = 0 if value.is_integer() else (1 if round(value, 1) == value else 2)
    text = fmt.number(value, lang, decimals)
    return f"{text} {lever_unit(name, lang)}" if unit else text


_FIELD_META: dict[str, Mapping[str, Any]] = {f.name: f.metadata for f in dataclasses.fields(Levers)}


def lever_meta(name: str) -> Mapping[str, Any]:
    """Metadata (min, max, step, units, labels, help) of one lever; ``ValueError`` naming
    the known levers for any other name."""
    try:
        return _FIELD_META[name]
    except (KeyError, TypeError):
        raise ValueError(
            f"unknown lever {name!r}; known levers are {', '.join(LEVER_NAMES)}"
        ) from None


def snap(name: str, value: float) -> float | int:
    """``value`` clamped to the lever's range and rounded to its step (from the lever's
    minimum, halves away from it): the grid of its widget and of a link."""
    meta = lever_meta(name)
    low, high, step = float(meta["min"]), float(meta["max"]), float(meta["step"])
    value = min(max(float(value), low), high)
    steps = math.floor((value - low) / step + 0.5 + 1e-9)  # 12.5 → 13 despite float error
    snapped = min(round(low + steps * step, 10), high)
    if meta.get("display") == "integer":
        return int(round(snapped))
    return float(snapped)


def url_text(value: float | int) -> str:
    """A lever value as URL text the app reads back exactly: whole numbers without ``.0``,
    else the shortest exact form (``10``, ``0.45``, ``1234567``, never ``1.23e+06``)."""
    if isinstance(value, bool):
        raise ValueError(f"value ({value!r}) must be a number")
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    return repr(float(value))


def lever_query(levers: Levers) -> dict[str, str]:
    """Every lever by its name as URL text (the calculator's link parameters)."""
    return {name: url_text(getattr(levers, name)) for name in LEVER_NAMES}


@dataclass(frozen=True, slots=True)
class Change:
    """From ``month`` on, ``lever`` takes ``value`` (a step in the plan)."""

    month: int
    lever: str
    value: float

    def __post_init__(self) -> None:
        month = check_number("changes.month", self.month, 1, MAX_MONTHS)
        if month != int(month):
            raise ValueError(f"changes.month ({self.month!r}) must be a whole number")
        object.__setattr__(self, "month", int(month))
        if self.lever not in LEVER_NAMES:
            raise ValueError(
                f"changes.lever ({self.lever!r}) must be one of {', '.join(LEVER_NAMES)}"
            )
        # Validate the value against the lever's own range (and integer rule).
        validated = Levers(**{self.lever: self.value})
        object.__setattr__(self, "value", getattr(validated, self.lever))


@dataclass(frozen=True, slots=True)
class Scenario:
    """A named, serialisable plan: ``levers`` from month 0, ``changes`` at later months."""

    name: str
    levers: Levers = field(default_factory=Levers)
    changes: tuple[Change, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip() or len(self.name) > 80:
            raise ValueError(f"name ({self.name!r}) must be text of 1 to 80 characters")
        if not isinstance(self.levers, Levers):
            raise ValueError(f"levers ({self.levers!r}) must be a Levers")
        changes = tuple(self.changes)
        if not all(isinstance(c, Change) for c in changes):
            raise ValueError("changes must be a sequence of Change")
        object.__setattr__(
            self, "changes", tuple(sorted(changes, key=lambda c: (c.month, c.lever)))
        )

    def levers_at(self, month: int) -> Levers:
        """The lever values in force at ``month`` (month 0 = the plan's start)."""
        values = self.levers.to_dict()
        for change in self.changes:
            if change.month <= month:
                values[change.lever] = change.value
        return Levers(**values)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": SCENARIO_VERSION,
            "name": self.name,
            "levers": self.levers.to_dict(),
            "changes": [
                {"month": c.month, "lever": c.lever, "value": c.value} for c in self.changes
            ],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Scenario:
        """Inverse of :meth:`to_dict`; bad input raises ``ValueError`` naming field and range."""
        if not isinstance(data, Mapping):
            raise ValueError(f"scenario ({type(data).__name__}) must be a JSON object")
        unknown = sorted(set(data) - {"version", "name", "levers", "changes"})
        if unknown:
            raise ValueError(f"scenario: unknown field {unknown[0]!r}")
        version = data.get("version", SCENARIO_VERSION)
        if version != SCENARIO_VERSION:
            raise ValueError(f"version ({version!r}) must be {SCENARIO_VERSION}")
        raw_changes = data.get("changes", [])
        if not isinstance(raw_changes, list | tuple) or len(raw_changes) > 100:
            raise ValueError("changes must be a list of at most 100 changes")
        changes = []
        for i, raw in enumerate(raw_changes):
            if not isinstance(raw, Mapping) or set(raw) != {"month", "lever", "value"}:
                raise ValueError(f"changes[{i}] ({raw!r}) must have month, lever and value")
            changes.append(Change(raw["month"], raw["lever"], raw["value"]))
        return cls(
            name=data.get("name", ""),
            levers=Levers.from_dict(data.get("levers", {})),
            changes=tuple(changes),
        )


__all__ = [
    "LEVER_META",
    "LEVER_NAMES",
    "DEFAULT_MONTHS",
    "MAX_MONTHS",
    "MIN_MONTHS",
    "QUALITY_LEVERS",
    "SCENARIO_VERSION",
    "Change",
    "FieldError",
    "Levers",
    "Scenario",
    "check_number",
    "format_lever",
    "lever_meta",
    "lever_label",
    "lever_query",
    "lever_unit",
    "snap",
    "url_text",
]
