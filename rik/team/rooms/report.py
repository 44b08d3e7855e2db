"""What the facilitator sees of a room: a row per submission, the CSV export, the
spread of answers, the levers' averages, the points on the I × K map and the QR code.

Part of :mod:`rik.team.rooms` (see its docstring for the security model)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pandas as pd
import segno

from rik import text
from rik.model.assumptions import Assumptions
from rik.model.calibration import Team
from rik.model.levers import LEVER_NAMES, Scenario
from rik.model.presets import presets
from rik.team import assessment
from rik.team.rooms.store import RoomView

# --- What the facilitator sees -------------------------------------------------------------


def entry_rows(view: RoomView, month: int = assessment.HORIZON) -> pd.DataFrame:
    """One row per submission: nickname, kind, scores, levers and answers (plain values)."""
    rows = []
    for entry in view.submitted:
        scenario = entry.scenario()
        row: dict[str, Any] = {
            "nickname": entry.nickname,
            "kind": entry.kind,
            "scenario": scenario.name if entry.kind == "scenario" and scenario else "",
            "submitted_at": pd.Timestamp(entry.submitted_at, unit="s", tz="UTC").isoformat(),
            "revision": entry.revision,
        }
        answers = entry.answers()
        if answers is not None:
            scores = assessment.score(answers)
            row |= {"i_score": round(scores.i, 1), "k_score": round(scores.k, 1)}
            row["quadrant"] = scores.quadrant
        else:
            row |= {"i_score": None, "k_score": None, "quadrant": ""}
        if scenario is not None:
            row |= scenario.levers.to_dict()
        for key in assessment.ITEM_KEYS:
            row[f"answer_{key}"] = answers.get(key) if answers else None
        rows.append(row)
    columns = [
        "nickname", "kind", "scenario", "submitted_at", "revision", "i_score", "k_score",
        "quadrant", *LEVER_NAMES, *(f"answer_{k}" for k in assessment.ITEM_KEYS),
    ]
    return pd.DataFrame(rows, columns=columns)


def export_csv(view: RoomView) -> str:
    """Every submission as CSV (UTF-8, comma-separated, one row per participant).

    Every text cell is cleaned (no line breaks or invisible characters), made inert for
    spreadsheets (:func:`rik.text.csv_cell`) and quoted; numbers are not quoted.
    """
    frame = entry_rows(view).map(text.csv_cell)
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\r\n")
    return buffer.getvalue()


def answer_spread(view: RoomView, lang: str) -> pd.DataFrame:
    """For each question: how many answered, and the spread (min, median, max; 1–5 counts)."""
    answers = [a for a in (e.answers() for e in view.submitted) if a is not None]
    rows = []
    for item in assessment.ITEMS:
        values = pd.Series([a[item.key] for a in answers], dtype=float)
        row: dict[str, Any] = {
            "key": item.key,
            "question": item.short(lang),
            "n": len(values),
            "min": values.min() if len(values) else None,
            "median": values.median() if len(values) else None,
            "max": values.max() if len(values) else None,
        }
        for level in assessment.LIKERT:
            row[str(level)] = int((values == level).sum()) if item.kind == "likert" else None
        rows.append(row)
    return pd.DataFrame(rows)


def lever_averages(view: RoomView) -> pd.DataFrame:
    """The room's average starting levers against each preset's (rows: levers)."""
    scenarios = [s for s in (e.scenario() for e in view.submitted) if s is not None]
    table: dict[str, dict[str, float]] = {}
    if scenarios:
        table["room"] = {
            lever: sum(getattr(s.levers, lever) for s in scenarios) / len(scenarios)
            for lever in LEVER_NAMES
        }
    for name, scenario in presets().items():
        table[name] = scenario.levers.to_dict()
    return pd.DataFrame(table).reindex(list(LEVER_NAMES))


def room_points(
    view: RoomView,
    simulate: Callable[[Scenario, Team | None], pd.DataFrame],
    month: int,
    assumptions: Assumptions | None = None,
) -> pd.DataFrame:
    """Each submission's point on the I × K map at ``month`` (activity, quality per meeting).

    A scenario runs on the story's firm, like the presets beside it. A self-assessment
    runs as the assessment page runs it without the team's own figures: the answers as
    the habits of a team of that size at the story firm's rates, its starting skill from
    the K score (:func:`rik.team.assessment.assessed_team`), so the point sits in the
    quadrant the scores name."""
    rows = []
    for entry in view.submitted:
        answers = entry.answers()
        if answers is not None:
            result = assessment.assess(answers)
            if not result.ok:
                continue
            team = assessment.assessed_team(result.levers, result.scores, None, assumptions)
            frame = simulate(assessment.current_scenario(team.levers), team)
        else:
            scenario = entry.scenario()
            if scenario is None:
                continue
            frame = simulate(scenario, None)
        rows.append(
            {
                "nickname": entry.nickname,
                "activity": float(frame["activity"].iloc[month]),
                "quality": float(frame["quality_per_meeting"].iloc[month]),
            }
        )
    return pd.DataFrame(rows, columns=["nickname", "activity", "quality"])


def qr_svg(link: str, *, dark: str = "#000000", light: str = "#ffffff") -> str:
    """The QR code of ``link`` as an inline SVG (no width or height: it fills its box).

    Made here, by segno, from the link alone: nothing is fetched."""
    code = segno.make(link, error="m", micro=False)
    return code.svg_inline(scale=10, border=2, dark=dark, light=light, omitsize=True)
