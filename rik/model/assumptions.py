"""Assumption sets: every coefficient of the model, with its unit, range and source.

``data/assumptions.csv`` holds the ``article`` set (the figures as the article states
them) with labels, sources and what each source says in English and Norwegian (the one
place for these texts: the app, the brief and the docs read them from here).
``data/assumptions-evidence.csv`` holds the coefficients that the ``evidence`` set
changes (the figures as the traced sources support them); every other coefficient is
inherited from ``article``.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cache

from rik._paths import DATA

ASSUMPTION_SETS: tuple[str, ...] = ("article", "evidence")
CONFIDENCE_LEVELS: tuple[str, ...] = ("high", "medium", "low", "unverified", "n/a")
_TEXT_FIELDS = (
    "group", "label_en", "label_nb", "unit", "source", "source_says", "source_nb",
    "source_says_nb", "confidence",
)


@dataclass(frozen=True, slots=True)
class Coefficient:
    """One coefficient: its value, plausible range [low, high] and where it comes from."""

    key: str
    value: float
    low: float
    high: float
    unit: str
    group: str
    label_en: str
    label_nb: str
    source: str
    source_says: str
    source_nb: str
    source_says_nb: str
    confidence: str

    def label(self, lang: str) -> str:
        return self.label_nb if lang == "nb" else self.label_en

    def source_in(self, lang: str) -> str:
        """Where the value comes from, in ``lang`` (the one copy of the text)."""
        return self.source_nb if lang == "nb" else self.source

    def says_in(self, lang: str) -> str:
        """What the source says, in ``lang``."""
        return self.source_says_nb if lang == "nb" else self.source_says


@dataclass(frozen=True, slots=True)
class Assumptions:
    """A frozen, hashable set of coefficients. ``a["key"]`` or ``a.key`` gives a value."""

    name: str
    coefficients: tuple[Coefficient, ...]
    _index: dict[str, Coefficient] = field(init=False, repr=False, compare=False, hash=False)
    _hash: int = field(init=False, repr=False, compare=False, hash=False)

    def __post_init__(self) -> None:
        index = {c.key: c for c in self.coefficients}
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_hash", hash((self.name, self.coefficients)))

    def __hash__(self) -> int:  # cached: simulate looks the set up on every call
        return self._hash

    def __getitem__(self, key: str) -> float:
        return self._index[key].value

    def __getattr__(self, key: str) -> float:
        if key.startswith("_"):
            raise AttributeError(key)
        try:
            return self._index[key].value
        except KeyError:
            raise AttributeError(key) from None

    def __iter__(self) -> Iterator[Coefficient]:
        return iter(self.coefficients)

    def __len__(self) -> int:
        return len(self.coefficients)

    def coefficient(self, key: str) -> Coefficient:
        return self._index[key]

    def keys(self) -> tuple[str, ...]:
        return tuple(c.key for c in self.coefficients)

    def values(self) -> dict[str, float]:
        return {c.key: c.value for c in self.coefficients}

    def with_values(self, values: Mapping[str, float], name: str | None = None) -> Assumptions:
        """A copy with some values changed, each checked against its own [low, high]."""
        unknown = sorted(set(values) - set(self._index))
        if unknown:
            raise ValueError(f"unknown coefficient {unknown[0]!r}")
        new = []
        for c in self.coefficients:
            if c.key in values:
                value = values[c.key]
                if isinstance(value, bool) or not isinstance(value, int | float):
                    raise ValueError(
                        f"{c.key} ({value!r}) must be a number between {c.low:g} and {c.high:g}"
                    )
                _check_in_range(c.key, float(value), c.low, c.high)
                c = replace(c, value=float(value))
            new.append(c)
        return Assumptions(name=name or self.name, coefficients=tuple(new))


def _check_in_range(key: str, value: float, low: float, high: float) -> None:
    if not math.isfinite(value) or not low <= value <= high:
        raise ValueError(f"{key} ({value!r}) must be between {low:g} and {high:g}")


def _read_rows(path_name: str) -> list[dict[str, str]]:
    with (DATA / path_name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _coefficient(row: Mapping[str, str], base: Coefficient | None = None) -> Coefficient:
    key = row["key"].strip()
    values = {name: float(row[name]) for name in ("value", "low", "high")}
    if not values["low"] <= values["high"]:
        raise ValueError(f"{key}: low ({values['low']}) must not exceed high ({values['high']})")
    _check_in_range(key, values["value"], values["low"], values["high"])
    texts = {name: row.get(name) or (getattr(base, name) if base else "") for name in _TEXT_FIELDS}
    if texts["confidence"] not in CONFIDENCE_LEVELS:
        raise ValueError(f"{key}: confidence ({texts['confidence']!r}) must be one of "
                         f"{', '.join(CONFIDENCE_LEVELS)}")
    return Coefficient(key=key, **values, **texts)


@cache
def load_assumptions(name: str = "article") -> Assumptions:
    """Load the ``article`` or ``evidence`` assumption set from ``data/``."""
    if name not in ASSUMPTION_SETS:
        raise ValueError(f"assumption set ({name!r}) must be one of {', '.join(ASSUMPTION_SETS)}")
    article = tuple(_coefficient(row) for row in _read_rows("assumptions.csv"))
    if name == "article":
        return Assumptions(name="article", coefficients=article)
    by_key = {c.key: c for c in article}
    overrides = {}
    for row in _read_rows("assumptions-evidence.csv"):
        key = row["key"].strip()
        if key not in by_key:
            raise ValueError(f"assumptions-evidence.csv: unknown coefficient {key!r}")
        overrides[key] = _coefficient(row, base=by_key[key])
    return Assumptions(
        name="evidence", coefficients=tuple(overrides.get(c.key, c) for c in article)
    )


__all__ = ["ASSUMPTION_SETS", "CONFIDENCE_LEVELS", "Assumptions", "Coefficient", "load_assumptions"]
