"""The calculator's state in the URL: parse a query string, and write one back.

Pure (no streamlit). :func:`parse_query` turns a query-params mapping (values are a
string or a list of strings, as ``st.query_params.get_all`` gives them) into a
:class:`CalcState` and a list of :class:`Note` saying what was ignored, clamped or
rounded. It never raises: a hand-edited or truncated link always gives a valid state.
:func:`to_query` is the inverse; ``parse_query(to_query(s))`` returns ``s`` exactly for
every state the app can produce (lever values on their widget's step grid).

Query parameters (the names the browser tests rely on):

- ``preset``: ``baseline`` | ``numbers_game`` | ``quality_first`` | ``catalyst``
- one per lever, named as the lever: ``meetings_per_seller_per_week``, ``sellers``,
  ``onboarding``, ``training_hours_per_month``, ``relationship_time_share``,
  ``development`` (model units: shares are fractions 0..1, not percents)
- ``months``: the horizon, 12..60
- ``kpi_month``: the month the KPI metrics read, 1..months

Levers missing from the URL take the preset's value. A preset's later ``changes``
(the catalyst's extra meetings from month 12) are kept only for levers the user has
not moved away from the preset's month-0 value: a lever the user sets is the user's
choice for the whole plan, and a preset step that silently overrode it would surprise.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from rik import fmt
from rik.i18n import t
from rik.model.calibration import Team
from rik.model.levers import (
    DEFAULT_MONTHS,
    LEVER_NAMES,
    MAX_MONTHS,
    MIN_MONTHS,
    Change,
    Levers,
    Scenario,
    lever_label,
    lever_meta,
    snap,
    url_text,
)
from rik.model.presets import PRESET_NAMES, presets
from rik.share.team_figures import plan_on_team

PRESET_PARAM = "preset"
MONTHS_PARAM = "months"
KPI_MONTH_PARAM = "kpi_month"
PARAMS: tuple[str, ...] = (PRESET_PARAM, *LEVER_NAMES, MONTHS_PARAM, KPI_MONTH_PARAM)
"""Every query parameter the calculator reads and writes, in URL order."""

DEFAULT_PRESET = "baseline"
DEFAULT_KPI_MONTH = 12
_MAX_SHOWN = 16  # characters of a raw value repeated back in a note
_MAX_NOTES = 5


def _preset(name: str, team: Team | None = None) -> Scenario:
    """A preset, carried onto ``team`` when there is one (``team_figures.plan_on_team``)."""
    return plan_on_team(presets()[name], team)


def _preset_levers(name: str, team: Team | None = None) -> Levers:
    return _preset(name, team).levers


@dataclass(frozen=True, slots=True)
class CalcState:
    """What the calculator shows: a starting preset, the levers, the horizon, the KPI month."""

    preset: str = DEFAULT_PRESET
    levers: Levers = field(default_factory=lambda: _preset_levers(DEFAULT_PRESET))
    months: int = DEFAULT_MONTHS
    kpi_month: int = DEFAULT_KPI_MONTH
    team: Team | None = None
    """The firm the presets are carried onto (``None``: the story's firm). The team itself
    travels in its own ``team`` parameter (``rik.share.team_figures``), not in :data:`PARAMS`."""

    def __post_init__(self) -> None:
        if self.preset not in PRESET_NAMES:
            raise ValueError(f"preset ({self.preset!r}) must be one of {', '.join(PRESET_NAMES)}")
        if not isinstance(self.levers, Levers):
            raise ValueError(f"levers ({self.levers!r}) must be a rik.Levers")
        if self.team is not None and not isinstance(self.team, Team):
            raise ValueError(f"team ({self.team!r}) must be a rik.model.calibration.Team")
        for name, value, low, high in (
            ("months", self.months, MIN_MONTHS, MAX_MONTHS),
            ("kpi_month", self.kpi_month, 1, self.months),
        ):
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise ValueError(f"{name} ({value!r}) must be a whole number from {low} to {high}")

    @classmethod
    def from_preset(
        cls, name: str, months: int = DEFAULT_MONTHS, kpi_month: int = DEFAULT_KPI_MONTH,
        team: Team | None = None,
    ) -> CalcState:
        return cls(preset=name, levers=_preset_levers(name, team), months=months,
                   kpi_month=kpi_month, team=team)

    def replace(self, **changes: Any) -> CalcState:
        return dataclasses.replace(self, **changes)

    @property
    def moved(self) -> tuple[str, ...]:
        """Levers the user has moved away from the preset's month-0 value."""
        start = _preset_levers(self.preset, self.team)
        return tuple(n for n in LEVER_NAMES if getattr(self.levers, n) != getattr(start, n))

    @property
    def is_preset(self) -> bool:
        """True when the levers are exactly the preset's: the scenario *is* the preset."""
        return not self.moved

    def kept_changes(self) -> tuple[Change, ...]:
        """The preset's later steps that still apply (their lever was not moved)."""
        moved = set(self.moved)
        return tuple(c for c in _preset(self.preset, self.team).changes if c.lever not in moved)

    def dropped_changes(self) -> tuple[Change, ...]:
        """The preset's later steps switched off because the user moved their lever."""
        moved = set(self.moved)
        return tuple(c for c in _preset(self.preset, self.team).changes if c.lever in moved)

    @property
    def scenario_key(self) -> str:
        """The preset's name when unchanged, else ``custom`` (chart style and label key)."""
        return self.preset if self.is_preset else "custom"

    def scenario(self) -> Scenario:
        """The plan to simulate: the levers from month 0 plus the kept preset changes."""
        return Scenario(name=self.scenario_key, levers=self.levers, changes=self.kept_changes())


@dataclass(frozen=True, slots=True)
class Note:
    """One thing in the URL that was not used as written."""

    param: str
    raw: str
    reason: str  # not_a_number | out_of_range | rounded | unknown_preset | repeated | empty
    used: str  # the value used instead, in URL form


def _as_list(raw: Any) -> list[str]:
    if raw is None:
        return []
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, Sequence):
        return [str(v) for v in raw]
    return [str(raw)]


def _last(
    query: Mapping[str, Any], name: str, notes: list[Note]
) -> str | None:
    values = _as_list(query.get(name))
    if not values:
        return None
    if len(set(values)) > 1:
        notes.append(Note(name, ",".join(values), "repeated", values[-1]))
    return values[-1]


def _number(text: str) -> float | None:
    """``text`` as a float (accepting a decimal comma), ``None`` when it is not a number."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    if len(cleaned) > 64:
        return None
    try:
        number = float(cleaned)
    except (ValueError, OverflowError):
        return None
    return None if math.isnan(number) else number


def _given(name: str, raw: str | None, default_text: str, notes: list[Note]) -> float | None:
    """The number a parameter gives; ``None`` (with a note if it was there but empty or
    not a number) when the default stands."""
    if raw is None:
        return None
    if not raw.strip():
        notes.append(Note(name, raw, "empty", default_text))
        return None
    number = _number(raw)
    if number is None:
        notes.append(Note(name, raw, "not_a_number", default_text))
    return number


def _whole(
    name: str, raw: str | None, default: int, low: int, high: int, notes: list[Note]
) -> int:
    number = _given(name, raw, str(default), notes)
    if number is None:
        return default
    clamped = min(max(number, low), high)
    value = int(math.floor(clamped + 0.5))
    if clamped != number:
        notes.append(Note(name, raw, "out_of_range", str(value)))
    elif value != number:
        notes.append(Note(name, raw, "rounded", str(value)))
    return value


def _lever(name: str, raw: str | None, default: float | int, notes: list[Note]) -> float | int:
    number = _given(name, raw, url_text(default), notes)
    if number is None:
        return default
    meta = lever_meta(name)
    value = snap(name, number)
    if not float(meta["min"]) <= number <= float(meta["max"]):
        notes.append(Note(name, raw, "out_of_range", url_text(value)))
    elif abs(value - number) > 1e-9 * max(1.0, abs(number)):
        notes.append(Note(name, raw, "rounded", url_text(value)))
    return value


def subset(query: Mapping[str, Any]) -> dict[str, list[str]]:
    """The calculator's parameters of ``query``, each as a list of strings."""
    return {name: _as_list(query[name]) for name in PARAMS if name in query}


def parse_query(
    query: Mapping[str, Any], team: Team | None = None
) -> tuple[CalcState, list[Note]]:
    """A valid :class:`CalcState` from any query mapping, and notes on what was not used.

    ``team`` is the firm (read from its own parameter by the frame). Never raises.
    Unknown parameters are left alone (other parts of the app own them).
    """
    notes: list[Note] = []
    raw_preset = _last(query, PRESET_PARAM, notes)
    preset = DEFAULT_PRESET
    if raw_preset is not None:
        if raw_preset.strip() in PRESET_NAMES:
            preset = raw_preset.strip()
        else:
            notes.append(Note(PRESET_PARAM, raw_preset, "unknown_preset", DEFAULT_PRESET))
    start = _preset_levers(preset, team)
    values = {
        name: _lever(name, _last(query, name, notes), getattr(start, name), notes)
        for name in LEVER_NAMES
    }
    months = _whole(
        MONTHS_PARAM, _last(query, MONTHS_PARAM, notes), DEFAULT_MONTHS, MIN_MONTHS, MAX_MONTHS,
        notes,
    )
    kpi_month = _whole(
        KPI_MONTH_PARAM,
        _last(query, KPI_MONTH_PARAM, notes),
        min(DEFAULT_KPI_MONTH, months),
        1,
        months,
        notes,
    )
    state = CalcState(preset=preset, levers=Levers(**values), months=months, kpi_month=kpi_month,
                      team=team)
    return state, notes


def to_query(state: CalcState) -> dict[str, str]:
    """The query parameters that reproduce ``state`` (every parameter, always)."""
    query = {PRESET_PARAM: state.preset}
    for name in LEVER_NAMES:
        query[name] = url_text(getattr(state.levers, name))
    query[MONTHS_PARAM] = str(state.months)
    query[KPI_MONTH_PARAM] = str(state.kpi_month)
    return query


# --- Telling the user -------------------------------------------------------------------


def _shown(raw: str) -> str:
    """A raw URL value, short and inert, for repeating back inside a code span."""
    text = "".join(ch for ch in raw if ch.isprintable() and ch not in "`\\")
    if len(text) > _MAX_SHOWN:
        text = text[: _MAX_SHOWN - 1] + "…"
    return f"`{text}`" if text else "``"


def param_label(param: str, lang: str) -> str:
    """What a parameter is called on the page, in ``lang``."""
    if param in LEVER_NAMES:
        return lever_label(param, lang)
    return t(f"calculator.params.{param}", lang)


def _used(note: Note, lang: str) -> str:
    """The value used instead, as the page shows it (``20 %``, ``0,5``, a preset's name)."""
    if note.reason == "repeated":  # ``used`` is the raw last value; the text does not show it
        return _shown(note.used)
    if note.param == PRESET_PARAM:
        return t(f"common.presets.{note.used}", lang)
    meta = lever_meta(note.param) if note.param in LEVER_NAMES else None
    if meta is not None and meta.get("display") == "percent":
        return fmt.percent(float(note.used), lang)
    if lang == "nb":
        return note.used.replace(".", ",")
    return note.used


def describe_notes(notes: Sequence[Note], lang: str) -> str:
    """One short paragraph, in ``lang``, listing what the link had that was not used."""
    if not notes:
        return ""
    items = []
    for note in notes[:_MAX_NOTES]:
        items.append(
            t(
                f"calculator.notes.{note.reason}",
                lang,
                what=param_label(note.param, lang),
                value=_shown(note.raw),
                used=_used(note, lang),
            )
        )
    text = t("calculator.notes.intro", lang) + " " + "; ".join(items)
    if len(notes) > _MAX_NOTES:
        text += "; " + t("calculator.notes.more", lang, n=len(notes) - _MAX_NOTES)
    return text + "."


__all__ = [
    "DEFAULT_KPI_MONTH",
    "DEFAULT_PRESET",
    "KPI_MONTH_PARAM",
    "MONTHS_PARAM",
    "PARAMS",
    "PRESET_PARAM",
    "CalcState",
    "Note",
    "describe_notes",
    "param_label",
    "parse_query",
    "subset",
    "to_query",
]
