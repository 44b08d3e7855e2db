"""Saved scenarios to and from JSON, and one scenario's monthly results as CSV.

The export file is a JSON object::

    {"format": "rik-scenarios", "schema_version": 1,
     "scenarios": [{"name": "...", "months": 24,
                    "levers": {...six levers...},
                    "changes": [{"month": 12, "lever": "...", "value": 14}]}],
     "team": {"levers": {...}, "sales_nok": ..., ...}}

``team`` is there only when the pages ran on the user's team (issue 11): its figures in
model units (:func:`rik.share.team_figures.to_export`). On import it is checked like the rest
(:func:`rik.share.team_figures.from_export`); a bad team part imports nothing and says why.

Import checks everything before anything is accepted: size, encoding, JSON syntax,
format and schema version, the number of scenarios, and each scenario's fields, types
and ranges. Every problem is a :class:`Problem` (an i18n message key plus parameters
saying what is wrong where), so the app can show it in the user's language with
:func:`message`. A file with any problem imports nothing. Names are cleaned (control
characters removed, whitespace collapsed, trimmed, at most :data:`NAME_MAX` characters)
and duplicates are renamed ``Name (2)``, ``Name (3)``…; export → import is exact.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from rik import text
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
    format_lever,
    lever_label,
    lever_meta,
)
from rik.model.presets import PRESET_NAMES, presets
from rik.share import team_figures, urlstate

FORMAT = "rik-scenarios"
FILE_VERSION = 1
MAX_BYTES = 256 * 1024
MAX_SCENARIOS = 20
MAX_CHANGES = 100
NAME_MAX = 60
MAX_PROBLEMS = 8
ENTRY_FIELDS = ("name", "months", "levers", "changes")


@dataclass(frozen=True, slots=True)
class SavedScenario:
    """A saved scenario: the plan and the horizon it was viewed with [months]."""

    scenario: Scenario
    months: int = DEFAULT_MONTHS

    @property
    def name(self) -> str:
        return self.scenario.name


@dataclass(frozen=True, slots=True)
class Problem:
    """What is wrong where: ``key`` is an i18n key under ``saved.problems``."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ImportResult:
    """Scenarios read from a file; ``scenarios`` is empty whenever ``problems`` is not."""

    scenarios: tuple[SavedScenario, ...] = ()
    problems: tuple[Problem, ...] = ()
    notes: tuple[Problem, ...] = ()
    team: Team | None = None
    """The team the file carries (None when it carries none, or has problems)."""

    @property
    def ok(self) -> bool:
        return not self.problems


class _Stop(ValueError):
    """Raised internally at the first problem that makes the rest of the file meaningless."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.key)
        self.problem = problem


# --- names -----------------------------------------------------------------------------


def clean_name(raw: str) -> str:
    """A name as stored: no control or format characters, single spaces, trimmed, short
    (:func:`rik.text.clean`, the one cleaner for every text a user or file controls)."""
    return text.clean(raw, NAME_MAX)


def unique_name(name: str, taken: Iterable[str]) -> str:
    """``name``, or ``name (2)``, ``name (3)``… whichever is not in ``taken``."""
    used = set(taken)
    if name not in used:
        return name
    n = 2
    while True:
        suffix = f" ({n})"
        candidate = name[: NAME_MAX - len(suffix)].rstrip() + suffix
        if candidate not in used:
            return candidate
        n += 1


# --- export ----------------------------------------------------------------------------


def entry(saved: SavedScenario) -> dict[str, Any]:
    """One scenario as a JSON-ready object (the export format)."""
    data = saved.scenario.to_dict()
    return {
        "name": data["name"],
        "months": int(saved.months),
        "levers": data["levers"],
        "changes": data["changes"],
    }


def export_json(saved: Iterable[SavedScenario], team: Team | None = None) -> str:
    """The saved scenarios (and ``team``, when given) as a JSON document (UTF-8 text,
    stable key order)."""
    document: dict[str, Any] = {
        "format": FORMAT,
        "schema_version": FILE_VERSION,
        "scenarios": [entry(s) for s in saved],
    }
    if team is not None:
        document["team"] = team_figures.to_export(team)
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


# --- import ----------------------------------------------------------------------------


def _type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "list"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _short(value: Any) -> str:
    """A value as it appeared in the file, shortened for a message."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


short_value = _short
"""How a message shows a value from a file (other readers of JSON files use it too)."""


def _is_number(value: Any) -> bool:
    return (
        not isinstance(value, bool)
        and isinstance(value, int | float)
        and math.isfinite(float(value))
    )


MAX_NUMBER_CHARS = 40
"""Digits (with sign, point and exponent) a number in a file may have: more is no plan."""


class _BadNumber(ValueError):
    def __init__(self, key: str, text: str) -> None:
        super().__init__(key)
        self.key, self.text = key, text


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _reject_constant(name: str) -> Any:
    raise _BadNumber("not_finite", name)


def _parse_int(text: str) -> int:
    if len(text) > MAX_NUMBER_CHARS:
        raise _BadNumber("number_too_long", text)
    return int(text)


def _parse_float(text: str) -> float:
    if len(text) > MAX_NUMBER_CHARS:
        raise _BadNumber("number_too_long", text)
    number = float(text)
    if not math.isfinite(number):  # 1e999
        raise _BadNumber("not_finite", text)
    return number


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKey(key)
        out[key] = value
    return out


def loads_strict(text: str) -> Any:
    """JSON as the import reads it: no NaN or Infinity, no number longer than
    :data:`MAX_NUMBER_CHARS` characters, no key twice in one object. Raises
    :class:`ValueError` (a :class:`json.JSONDecodeError` for bad syntax)."""
    return json.loads(
        text,
        parse_constant=_reject_constant,
        parse_int=_parse_int,
        parse_float=_parse_float,
        object_pairs_hook=_unique_keys,
    )


def too_large(size: int) -> Problem:
    """The problem for a file of ``size`` bytes over :data:`MAX_BYTES`."""
    return Problem("too_large", {"size_kb": math.ceil(size / 1024), "limit_kb": MAX_BYTES // 1024})


def _parse(data: bytes | str) -> Any:
    if isinstance(data, str):
        raw = data.encode("utf-8", errors="surrogatepass")
    elif isinstance(data, bytes | bytearray | memoryview):
        raw = bytes(data)
    else:
        raise _Stop(Problem("not_json", {"line": 1, "column": 1}))
    if len(raw) > MAX_BYTES:
        raise _Stop(too_large(len(raw)))
    if not raw.strip():
        raise _Stop(Problem("empty", {}))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _Stop(Problem("not_utf8", {})) from None
    try:
        return loads_strict(text)
    except _BadNumber as exc:
        shown = exc.text if len(exc.text) <= 24 else exc.text[:20] + "…"
        raise _Stop(Problem(exc.key, {"value": shown})) from None
    except _DuplicateKey as exc:
        raise _Stop(Problem("duplicate_key", {"key": _short(exc.key)})) from None
    except json.JSONDecodeError as exc:
        raise _Stop(Problem("not_json", {"line": exc.lineno, "column": exc.colno})) from None
    except (ValueError, RecursionError):
        raise _Stop(Problem("not_json", {"line": 1, "column": 1})) from None


def parse_document(data: bytes | str) -> tuple[Any, Problem | None]:
    """The JSON document in ``data`` read as :func:`import_json` reads it (size, encoding,
    strict JSON), and None; or None and the :class:`Problem` that stops it."""
    try:
        return _parse(data), None
    except _Stop as exc:
        return None, exc.problem


def _check_document(document: Any) -> list[Any]:
    if not isinstance(document, dict):
        raise _Stop(Problem("not_object", {"found": _type_name(document)}))
    if document.get("format") != FORMAT:
        raise _Stop(Problem("wrong_format", {"found": _short(document.get("format"))}))
    version = document.get("schema_version")
    if version is None:
        raise _Stop(Problem("no_version", {"expected": FILE_VERSION}))
    if version != FILE_VERSION or isinstance(version, bool):
        raise _Stop(
            Problem("wrong_version", {"found": _short(version), "expected": FILE_VERSION})
        )
    unknown = sorted(set(document) - {"format", "schema_version", "scenarios", "team"})
    if unknown:
        raise _Stop(Problem("unknown_top_field", {"field": _short(unknown[0])}))
    scenarios = document.get("scenarios")
    if not isinstance(scenarios, list):
        raise _Stop(Problem("no_scenarios_list", {"found": _type_name(scenarios)}))
    if not scenarios:
        raise _Stop(Problem("no_scenarios", {}))
    if len(scenarios) > MAX_SCENARIOS:
        raise _Stop(
            Problem("too_many", {"count": len(scenarios), "limit": MAX_SCENARIOS})
        )
    return scenarios


def _check_lever_value(n: int, where: str, lever: str, value: Any) -> list[Problem]:
    meta = lever_meta(lever)
    base = {"n": n, "where": where, "lever": lever, "value": _short(value)}
    if not _is_number(value):
        return [Problem("lever_type", {**base, "found": _type_name(value)})]
    number = float(value)
    if not meta["min"] <= number <= meta["max"]:
        return [Problem("lever_range", {**base, "number": number,
                                        "min": meta["min"], "max": meta["max"]})]
    if meta.get("display") == "integer" and number != int(number):
        return [Problem("lever_whole", {**base, "number": number})]
    return []


def _check_entry(n: int, raw: Any) -> tuple[SavedScenario | None, list[Problem]]:
    """Validate scenario number ``n`` (1-based); a scenario or the problems found."""
    if not isinstance(raw, dict):
        return None, [Problem("entry_type", {"n": n, "found": _type_name(raw)})]
    problems: list[Problem] = []
    unknown = sorted(set(raw) - set(ENTRY_FIELDS))
    if unknown:
        problems.append(Problem("unknown_field", {"n": n, "field": _short(unknown[0])}))

    name = raw.get("name")
    if not isinstance(name, str):
        problems.append(Problem("name_type", {"n": n, "found": _type_name(name)}))
        name = ""
    else:
        name = clean_name(name)
        if not name:
            problems.append(Problem("name_empty", {"n": n}))

    months = raw.get("months", DEFAULT_MONTHS)
    if not _is_number(months) or float(months) != int(months):
        problems.append(Problem("months_type", {"n": n, "value": _short(months),
                                                "min": MIN_MONTHS, "max": MAX_MONTHS}))
    elif not MIN_MONTHS <= int(months) <= MAX_MONTHS:
        problems.append(Problem("months_range", {"n": n, "value": _short(months),
                                                 "min": MIN_MONTHS, "max": MAX_MONTHS}))

    levers = raw.get("levers")
    if not isinstance(levers, dict):
        problems.append(Problem("levers_type", {"n": n, "found": _type_name(levers)}))
    else:
        for key in sorted(set(levers) - set(LEVER_NAMES)):
            problems.append(Problem("lever_unknown", {"n": n, "lever": _short(key)}))
        for lever in LEVER_NAMES:
            if lever not in levers:
                problems.append(Problem("lever_missing", {"n": n, "lever": lever}))
            else:
                problems += _check_lever_value(n, "levers", lever, levers[lever])

    changes = raw.get("changes", [])
    if not isinstance(changes, list):
        problems.append(Problem("changes_type", {"n": n, "found": _type_name(changes)}))
        changes = []
    elif len(changes) > MAX_CHANGES:
        problems.append(Problem("changes_too_many", {"n": n, "count": len(changes),
                                                     "limit": MAX_CHANGES}))
        changes = []
    for i, change in enumerate(changes, start=1):
        where = {"n": n, "i": i}
        if not isinstance(change, dict) or set(change) != {"month", "lever", "value"}:
            problems.append(Problem("change_shape", where))
            continue
        month = change["month"]
        if not _is_number(month) or float(month) != int(month) or not 1 <= month <= MAX_MONTHS:
            problems.append(Problem("change_month", {**where, "value": _short(month),
                                                     "max": MAX_MONTHS}))
        lever = change["lever"]
        if lever not in LEVER_NAMES:
            problems.append(Problem("lever_unknown", {"n": n, "lever": _short(lever)}))
        else:
            problems += _check_lever_value(n, f"change {i}", lever, change["value"])

    if problems:
        return None, problems
    try:
        scenario = Scenario(
            name=name,
            levers=Levers.from_dict(levers),
            changes=tuple(Change(int(c["month"]), c["lever"], c["value"]) for c in changes),
        )
    except ValueError as exc:  # a rule the checks above do not know; still reported
        return None, [Problem("invalid", {"n": n, "detail": str(exc)[:120]})]
    return SavedScenario(scenario=scenario, months=int(months)), []


def _check_team(document: Mapping[str, Any], assumptions: Any) -> tuple[Team | None,
                                                                         list[Problem]]:
    """The file's team (None when it has none), or the problem with it."""
    if "team" not in document:
        return None, []
    try:
        return team_figures.from_export(document["team"], assumptions), []
    except team_figures.TeamProblem as problem:
        return None, [Problem("team", {"problem": problem})]


def import_json(
    data: bytes | str, existing: Sequence[str] = (), limit: int = MAX_SCENARIOS,
    assumptions: Any = None,
) -> ImportResult:
    """Read an export file. ``existing`` are names already saved (imports are renamed
    around them); ``limit`` caps how many scenarios may be saved in all. A team in the
    file is checked against ``assumptions`` (an :class:`rik.Assumptions`; None: its
    figures and ranges only)."""
    try:
        document = _parse(data)
        raw_entries = _check_document(document)
    except _Stop as exc:
        return ImportResult(problems=(exc.problem,))
    if len(existing) + len(raw_entries) > limit:
        return ImportResult(problems=(Problem("over_limit", {
            "count": len(raw_entries), "saved": len(existing), "limit": limit}),))
    accepted: list[SavedScenario] = []
    team, problems = _check_team(document, assumptions)
    for n, raw in enumerate(raw_entries, start=1):
        saved, found = _check_entry(n, raw)
        problems += found
        if saved is not None:
            accepted.append(saved)
    if problems:
        return ImportResult(problems=tuple(problems))
    taken = list(existing)
    result: list[SavedScenario] = []
    notes: list[Problem] = []
    for saved in accepted:
        name = unique_name(saved.name, taken)
        if name != saved.name:
            notes.append(Problem("renamed", {"old": saved.name, "new": name}))
            saved = SavedScenario(
                scenario=Scenario(name, saved.scenario.levers, saved.scenario.changes),
                months=saved.months,
            )
        taken.append(name)
        result.append(saved)
    return ImportResult(scenarios=tuple(result), notes=tuple(notes), team=team)


# --- messages --------------------------------------------------------------------------


def _lever_label(lever: str, lang: str) -> str:
    if lever in LEVER_NAMES:
        return lever_label(lever, lang)
    return lever


def _lever_number(lever: str, value: float, lang: str) -> str:
    return format_lever(lever, value, lang, unit=False)


def message(
    problem: Problem, lang: str, escape: Callable[[str], str] | None = None
) -> str:
    """The problem as one sentence in ``lang``.

    ``escape`` is applied to every filled-in value (names, values from the file), not to
    the sentence around them: the app passes a Markdown escape so nothing in a file can
    turn into markup.
    """
    params = dict(problem.params)
    if isinstance(params.get("problem"), team_figures.TeamProblem):  # the file's team part
        reason = team_figures.describe(params.pop("problem"), lang)
        params["reason"] = escape(reason) if escape is not None else reason
        return t(f"saved.problems.{problem.key}", lang, **params)
    lever = params.get("lever")
    if isinstance(lever, str) and problem.key.startswith("lever_"):
        params["lever"] = _lever_label(lever, lang)
        if problem.key == "lever_range":
            params["value"] = _lever_number(lever, params["number"], lang)
            params["min"] = _lever_number(lever, params["min"], lang)
            params["max"] = _lever_number(lever, params["max"], lang)
    if "found" in params:
        found = t(f"saved.types.{params['found']}", lang)
        params["found"] = params["found"] if found.startswith("[") else found
    if "where" in params:
        where = params["where"]
        if where == "levers":
            params["where"] = t("saved.problems.where_levers", lang)
        else:
            params["where"] = t("saved.problems.where_change", lang, i=where.split()[-1])
    if escape is not None:
        params = {k: escape(v) if isinstance(v, str) else v for k, v in params.items()}
    return t(f"saved.problems.{problem.key}", lang, **params)


def messages(
    problems: Sequence[Problem], lang: str, limit: int = MAX_PROBLEMS,
    escape: Callable[[str], str] | None = None,
) -> list[str]:
    """Up to ``limit`` messages, then one line saying how many more there are."""
    out = [message(p, lang, escape) for p in problems[:limit]]
    if len(problems) > limit:
        out.append(t("saved.problems.more", lang, count=len(problems) - limit))
    return out


# --- the link that reopens a scenario in the calculator ---------------------------------


def reopen_query(saved: SavedScenario) -> tuple[dict[str, str], bool]:
    """Calculator query parameters for ``saved``, and whether they reproduce it exactly.

    The calculator's URL holds a preset, the six levers and the horizon; a preset's later
    steps come with it. A scenario whose later changes are not a preset's (an imported
    file can hold any), or whose values are off the widgets' step grid, is reopened as
    nearly as the URL allows and ``exact`` is False.
    """
    months = min(max(int(saved.months), MIN_MONTHS), MAX_MONTHS)
    kpi_month = min(urlstate.DEFAULT_KPI_MONTH, months)
    scenario = saved.scenario
    candidates = sorted(
        PRESET_NAMES,
        key=lambda p: (presets()[p].levers != scenario.levers, p != "baseline"),
    )
    best = None
    for preset in candidates:
        state = urlstate.CalcState(
            preset=preset, levers=scenario.levers, months=months, kpi_month=kpi_month
        )
        if tuple(state.kept_changes()) == tuple(scenario.changes):
            best = state
            break
    exact = best is not None
    if best is None:
        best = urlstate.CalcState(
            preset="baseline", levers=scenario.levers, months=months, kpi_month=kpi_month
        )
    query = urlstate.to_query(best)
    parsed, notes = urlstate.parse_query(query)
    exact = exact and not notes and parsed.scenario().levers == scenario.levers
    return query, exact


# --- CSV and file names ----------------------------------------------------------------


def results_csv(frame: pd.DataFrame) -> str:
    """Monthly results as CSV: a header row, then one row per month (``month`` first)."""
    out = frame.copy()
    out.index = pd.RangeIndex(len(out), name="month")
    return out.to_csv(index=True, index_label="month", lineterminator="\n")


def safe_filename(name: str, suffix: str) -> str:
    """An ASCII file name from a scenario name: ``Mats' plan`` → ``mats-plan.json``."""
    folded = unicodedata.normalize("NFKD", name.replace("ø", "o").replace("Ø", "O")
                                   .replace("æ", "ae").replace("Æ", "Ae"))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii").lower()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:40].strip("-")
    return f"{slug or 'scenario'}{suffix}"


__all__ = [
    "FORMAT",
    "MAX_BYTES",
    "MAX_SCENARIOS",
    "NAME_MAX",
    "FILE_VERSION",
    "ImportResult",
    "Problem",
    "SavedScenario",
    "clean_name",
    "entry",
    "export_json",
    "import_json",
    "message",
    "messages",
    "reopen_query",
    "results_csv",
    "safe_filename",
    "short_value",
    "loads_strict",
    "parse_document",
    "too_large",
    "unique_name",
]
