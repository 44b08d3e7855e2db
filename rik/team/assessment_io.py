"""The self-assessment's results to a file and back, to compare then and now.

The file is a JSON object::

    {"format": "rik-assessment", "schema_version": 1, "saved_on": "2026-12-01",
     "answers": {...every item of data/questionnaire.toml...},
     "scores": {"i": 43.75, "k": 25.0, "quadrant": "room_to_grow"},
     "levers": {...the six levers the answers give...},
     "team": {...}}            # only when the page ran on the user's team

The answers are what counts: on reading, they are validated and scored again by
:mod:`rik.team.assessment` (``scores`` and ``levers`` are there for a person reading the file).
:func:`read` checks size, encoding and strict JSON as :mod:`rik.share.scenario_io` does, then
the format, version, date, answers and team; every problem is a :class:`FileProblem`
that :func:`message` writes in the user's language. A file with a problem gives nothing.
:func:`comparison` lays then and now side by side.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from rik import fmt
from rik.i18n import t
from rik.model.calibration import Team
from rik.model.levers import LEVER_NAMES, format_lever, lever_label, lever_meta
from rik.share import scenario_io, team_figures
from rik.team import assessment as asm

FORMAT = "rik-assessment"
SCHEMA_VERSION = 1
MAX_BYTES = 64 * 1024
TOP_FIELDS = ("format", "schema_version", "saved_on", "answers", "scores", "levers", "team")


@dataclass(frozen=True)
class SavedResults:
    """A self-assessment read back: its answers scored again, the day it was saved and the
    team it ran on (if any)."""

    assessment: asm.Assessment
    saved_on: datetime.date | None
    team: Team | None = None


@dataclass(frozen=True)
class FileProblem(ValueError):
    """Why a results file cannot be read: ``key`` under ``assessment.history.problems``
    (or, for size, encoding and JSON, a :class:`rik.share.scenario_io.Problem`)."""

    key: str
    params: Mapping[str, Any] = field(default_factory=dict)
    scenario_problem: scenario_io.Problem | None = None
    issues: tuple[asm.Issue, ...] = ()
    team_problem: team_figures.TeamProblem | None = None

    def __str__(self) -> str:
        return self.key


def to_json(result: asm.Assessment, saved_on: datetime.date, team: Team | None = None) -> str:
    """``result`` (complete) as the file's text."""
    if not result.ok or result.scores is None or result.levers is None:
        raise ValueError("only a complete assessment can be saved")
    document: dict[str, Any] = {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "saved_on": saved_on.isoformat(),
        "answers": asm.clean_answers(result.answers),
        "scores": {"i": round(result.scores.i, 4), "k": round(result.scores.k, 4),
                   "quadrant": result.scores.quadrant},
        "levers": result.levers.to_dict(),
    }
    if team is not None:
        document["team"] = team_figures.to_export(team)
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def file_name(saved_on: datetime.date) -> str:
    return f"rik-self-assessment-{saved_on.isoformat()}.json"


def _date(value: Any) -> datetime.date | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) != 10:
        raise FileProblem("date", {"value": scenario_io.short_value(value)})
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise FileProblem("date", {"value": scenario_io.short_value(value)}) from None


def read(data: bytes | str, assumptions: Any = None) -> SavedResults:
    """The results in ``data``, or :class:`FileProblem` (never another error)."""
    raw = data.encode("utf-8", errors="surrogatepass") if isinstance(data, str) else data
    if isinstance(raw, bytes | bytearray) and len(raw) > MAX_BYTES:
        raise FileProblem("too_large", {"size_kb": -(-len(raw) // 1024),
                                        "limit_kb": MAX_BYTES // 1024})
    document, problem = scenario_io.parse_document(data)
    if problem is not None:
        raise FileProblem("file", scenario_problem=problem)
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise FileProblem("wrong_format")
    if document.get("schema_version") != SCHEMA_VERSION or isinstance(
            document.get("schema_version"), bool):
        raise FileProblem("wrong_version", {"found": scenario_io.short_value(
            document.get("schema_version")), "expected": SCHEMA_VERSION})
    unknown = sorted(set(document) - set(TOP_FIELDS))
    if unknown:
        raise FileProblem("unknown_field", {"field": scenario_io.short_value(unknown[0])})
    saved_on = _date(document.get("saved_on"))
    answers = document.get("answers")
    if not isinstance(answers, dict):
        raise FileProblem("no_answers")
    result = asm.assess(answers)
    found = asm.errors(result.issues)
    if found:
        raise FileProblem("answers", issues=tuple(found))
    team = None
    if document.get("team") is not None:
        try:
            team = team_figures.from_export(document["team"], assumptions)
        except team_figures.TeamProblem as bad:
            raise FileProblem("team", team_problem=bad) from None
    return SavedResults(result, saved_on, team)


def message(problem: FileProblem, lang: str, escape: Any = None) -> list[str]:
    """What is wrong, as lines in ``lang`` (values from the file passed through
    ``escape``, e.g. a Markdown escape)."""
    esc = escape or (lambda text: text)
    if problem.scenario_problem is not None:
        return [scenario_io.message(problem.scenario_problem, lang, escape)]
    if problem.issues:
        return [esc(issue.text(lang)) for issue in problem.issues[:scenario_io.MAX_PROBLEMS]]
    params = {k: esc(v) if isinstance(v, str) else v for k, v in problem.params.items()}
    if problem.team_problem is not None:
        params["reason"] = esc(team_figures.describe(problem.team_problem, lang))
    return [t(f"assessment.history.problems.{problem.key}", lang, **params)]


def _shown(text: str, lang: str) -> float:
    """The number a reader sees in ``text`` (``fmt.number`` or ``fmt.percent`` output), so
    a change is the difference of the two numbers shown, not of the unrounded values."""
    number = fmt.parse_number(text.replace("%", "").strip(), lang)
    if number is None:  # pragma: no cover - fmt writes only numbers it can read back
        raise ValueError(f"not a number shown: {text!r}")
    return number


def _signed_number(change: float, lang: str, decimals: int = 0) -> str:
    text = fmt.number(change, lang, decimals)
    return "+" + text if round(change, decimals) > 0 else text


def _lever_change(name: str, a: float, b: float, lang: str) -> str:
    if a == b:
        return ""
    if lever_meta(name).get("display") == "percent":
        return fmt.points(b - a, lang)
    change = round(b - a, 4)
    return _signed_number(change, lang, 0 if float(change).is_integer() else 1)


def comparison(then: SavedResults, now: asm.Assessment, lang: str) -> list[dict[str, str]]:
    """Then and now side by side: rows of ``what``, ``then``, ``now``, ``change`` (text in
    ``lang``): the scores, the quadrant, each habit and each lever."""
    before, after = then.assessment, now
    if before.scores is None or after.scores is None or after.levers is None:
        raise ValueError("both assessments must be complete")
    rows = []
    for key, a, b in (("i_label", before.scores.i, after.scores.i),
                      ("k_label", before.scores.k, after.scores.k)):
        then_text, now_text = fmt.number(a, lang), fmt.number(b, lang)
        change = _shown(now_text, lang) - _shown(then_text, lang)  # 71 → 68 is −3, never −4
        rows.append({"what": t(f"assessment.scores.{key}", lang), "then": then_text,
                     "now": now_text, "change": _signed_number(change, lang) if change else ""})
    quadrants = [t(f"assessment.quadrants.{s.quadrant}.name", lang)
                 for s in (before.scores, after.scores)]
    rows.append({"what": t("assessment.quadrant.label", lang), "then": quadrants[0],
                 "now": quadrants[1], "change": "" if quadrants[0] == quadrants[1] else "→"})
    for habit in asm.HABITS:
        a, b = before.scores.habits[habit], after.scores.habits[habit]
        then_text, now_text = fmt.percent(a, lang), fmt.percent(b, lang)
        change = _shown(now_text, lang) - _shown(then_text, lang)  # in points
        rows.append({"what": asm.habit_label(habit, lang), "then": then_text,
                     "now": now_text, "change": fmt.points(change / 100.0, lang) if change
                     else ""})
    for name in LEVER_NAMES:
        a, b = (getattr(x.levers, name) for x in (before, after))
        rows.append({"what": lever_label(name, lang),
                     "then": format_lever(name, a, lang),
                     "now": format_lever(name, b, lang), "change": _lever_change(name, a, b,
                                                                                   lang)})
    return rows


__all__ = ["FORMAT", "MAX_BYTES", "SCHEMA_VERSION", "FileProblem", "SavedResults",
           "comparison", "file_name", "message", "read", "to_json"]
