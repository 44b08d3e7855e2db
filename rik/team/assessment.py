"""The team self-assessment: validate answers, score them, and turn them into a scenario.

The questionnaire and its scoring rules live in ``data/questionnaire.toml``. Answers are
a mapping of item key to a number (facts) or a whole number 1..5 (Likert statements).

- :func:`validate` lists what is missing, out of range or contradictory, as
  :class:`Issue` objects with a message in either language.
- :func:`score` gives the I score and the K score (0–100) and every part of them, so a
  page can show exactly how each score was made.
- :func:`to_levers` maps the answers to a starting :class:`rik.Levers`.
- :func:`recommended_plan` fits the catalyst preset to the team; :func:`lever_effects`
  measures what one step up of each lever does to sales at month 24 (finite differences
  with :func:`rik.simulate`, on the user's team when one is given), and
  :func:`top_levers` names the three that matter most.
- :func:`placement` says where the team's current-habits run puts it on the I × K map
  against the map's status quo, and whether that agrees with the quadrant its scores
  name (an axis within :data:`MAP_LEVEL` of the status quo agrees with either side).
"""

from __future__ import annotations

import math
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import pandas as pd

from rik import fmt
from rik._paths import DATA
from rik.i18n import t
from rik.model.assumptions import Assumptions, load_assumptions
from rik.model.calibration import Team
from rik.model.levers import (
    QUALITY_LEVERS,
    Change,
    Levers,
    Scenario,
    format_lever,
    lever_label,
    lever_meta,
    snap,
)
from rik.model.presets import presets
from rik.model.simulate import simulate

with (DATA / "questionnaire.toml").open("rb") as _fh:
    _RAW: dict[str, Any] = tomllib.load(_fh)

SCALE: dict[str, Any] = _RAW["scale"]
SCORING: dict[str, float] = _RAW["scoring"]
LIKERT: tuple[int, ...] = tuple(range(SCALE["min"], SCALE["max"] + 1))
HORIZON = 24
"""Months projected, and the month at which lever effects are measured."""


@dataclass(frozen=True, slots=True)
class Item:
    """One question: a fact (``kind="number"``) or a statement (``kind="likert"``)."""

    key: str
    kind: str
    habit: str
    text_en: str
    text_nb: str
    short_en: str
    short_nb: str
    help_en: str = ""
    help_nb: str = ""
    integer: bool = True
    min: float = SCALE["min"]
    max: float = SCALE["max"]
    step: float = 1

    def text(self, lang: str) -> str:
        return self.text_nb if lang == "nb" else self.text_en

    def short(self, lang: str) -> str:
        return self.short_nb if lang == "nb" else self.short_en

    def help(self, lang: str) -> str:
        return self.help_nb if lang == "nb" else self.help_en


ITEMS: tuple[Item, ...] = tuple(Item(key=k, **v) for k, v in _RAW["items"].items())
ITEM_BY_KEY: dict[str, Item] = {item.key: item for item in ITEMS}
ITEM_KEYS: tuple[str, ...] = tuple(ITEM_BY_KEY)
HABITS: dict[str, dict[str, str]] = _RAW["habits"]
K_HABITS: tuple[str, ...] = tuple(m for m, v in HABITS.items() if v["score"] == "K")
QUADRANTS: tuple[str, ...] = ("catalyst", "numbers_game", "quality_first", "room_to_grow")
STEP_LEVERS_EXCLUDED: tuple[str, ...] = ("sellers",)
"""Levers left out of the top three: team size is a budget decision, not a habit."""


def habit_label(habit: str, lang: str) -> str:
    return HABITS[habit]["label_nb" if lang == "nb" else "label_en"]


def likert_label(value: int, lang: str) -> str:
    return SCALE["labels_nb" if lang == "nb" else "labels_en"][value - SCALE["min"]]


# --- Validation ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Issue:
    """A problem with the answers. ``level`` is ``"error"`` (no result) or ``"warning"``."""

    level: str
    code: str
    item: str | None = None
    values: tuple[tuple[str, float], ...] = ()

    def text(self, lang: str) -> str:
        """The message in ``lang`` (strings ``assessment.issues.<code>``)."""
        values: dict[str, Any] = {}
        for name, number in self.values:
            whole = float(number).is_integer()
            values[name] = fmt.number(float(number), lang, 0 if whole else 1)
        if self.item is not None:
            values["item"] = ITEM_BY_KEY[self.item].short(lang)
        return t(f"assessment.issues.{self.code}", lang, **values)


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _lever_range(lever: str) -> tuple[float, float]:
    meta = lever_meta(lever)
    return float(meta["min"]), float(meta["max"])


# Facts whose answer is clamped to a lever's range in the model.
_FACT_LEVERS = {
    "sellers": "sellers",
    "meetings": "meetings_per_seller_per_week",
    "training_hours": "training_hours_per_month",
}


def team_facts(team_levers: Levers) -> dict[str, float | int]:
    """The three facts as a team's own figures give them (the form's starting answers when
    the pages run on the user's team): its sellers, meetings and training hours."""
    out: dict[str, float | int] = {}
    for key, lever in _FACT_LEVERS.items():
        value = float(getattr(team_levers, lever))
        out[key] = int(value) if ITEM_BY_KEY[key].integer else value
    return out


def fact_differences(levers: Levers, team_levers: Levers) -> list[tuple[str, float, float]]:
    """The facts whose answer (as the model uses it, ``levers``) differs from the team's
    figures: ``(item key, answered, team's)`` in questionnaire order."""
    return [(key, float(getattr(levers, lever)), float(getattr(team_levers, lever)))
            for key, lever in _FACT_LEVERS.items()
            if getattr(levers, lever) != getattr(team_levers, lever)]


def validate(answers: Mapping[str, Any]) -> list[Issue]:
    """Everything wrong with ``answers``: missing, out of range, or contradictory."""
    issues: list[Issue] = []
    if not isinstance(answers, Mapping):
        return [Issue("error", "not_answers")]
    if set(answers) - set(ITEM_KEYS):
        # Reported once, without echoing the unknown keys back.
        issues.append(Issue("error", "unknown_item"))
    for item in ITEMS:
        raw = answers.get(item.key)
        if raw is None:
            issues.append(Issue("error", "missing", item.key))
            continue
        number = _number(raw)
        if item.kind == "likert":
            if number is None or number not in LIKERT:
                issues.append(Issue("error", "likert_invalid", item.key))
            continue
        if number is None:
            issues.append(Issue("error", "not_number", item.key))
        elif not item.min <= number <= item.max:
            issues.append(
                Issue("error", "out_of_range", item.key, (("min", item.min), ("max", item.max)))
            )
        elif item.integer and not number.is_integer():
            issues.append(Issue("error", "not_whole", item.key))
    if any(i.level == "error" and i.code != "missing" for i in issues):
        return issues
    numbers = {k: _number(answers.get(k)) for k in ITEM_KEYS}
    if numbers["sellers"] == 0:
        issues.append(Issue("error", "no_sellers", "sellers"))
    if numbers["meetings"] == 0:
        issues.append(Issue("error", "no_meetings", "meetings"))
    for key, lever in _FACT_LEVERS.items():
        value = numbers[key]
        if value is None or value == 0 and key in ("sellers", "meetings"):
            continue
        low, high = _lever_range(lever)
        used = min(max(round(value), low), high)
        if used != value and not low <= value <= high:
            issues.append(
                Issue(
                    "warning",
                    "clamped",
                    key,
                    (("min", low), ("max", high), ("value", value), ("used", used)),
                )
            )
    coaching = numbers["trn_coaching"]
    if numbers["training_hours"] == 0 and coaching is not None and coaching >= 4:
        issues.append(Issue("warning", "coaching_without_hours", "training_hours"))
    ask, act = numbers["fb_ask"], numbers["fb_act"]
    if ask is not None and act is not None and act >= 4 and ask <= 2:
        issues.append(Issue("warning", "feedback_without_asking", "fb_act"))
    return issues


def errors(issues: Sequence[Issue]) -> list[Issue]:
    return [i for i in issues if i.level == "error"]


def is_complete(answers: Mapping[str, Any]) -> bool:
    """True when ``answers`` can be scored (no errors; warnings allowed)."""
    return not errors(validate(answers))


# --- Scoring ---------------------------------------------------------------------------


def _likert_share(value: float) -> float:
    """A Likert answer as a share: 1 → 0, 5 → 1."""
    return (value - SCALE["min"]) / (SCALE["max"] - SCALE["min"])


def _mean(values: Sequence[float]) -> float:
    return sum(values) / len(values)


@dataclass(frozen=True, slots=True)
class ScorePart:
    """One part of a score: its share 0..1 and the points it gives of ``max_points``."""

    score: str  # "I" or "K"
    part: str  # "meetings" or a habit key
    share: float
    max_points: float

    @property
    def points(self) -> float:
        return self.share * self.max_points


@dataclass(frozen=True, slots=True)
class Scores:
    i: float
    k: float
    parts: tuple[ScorePart, ...]
    habits: dict[str, float] = field(hash=False)

    @property
    def quadrant(self) -> str:
        return quadrant(self.i, self.k)


def _check_complete(answers: Mapping[str, Any]) -> None:
    found = errors(validate(answers))
    if found:
        raise ValueError(f"answers are not complete or valid: {found[0].text('en')}")


def habit_shares(answers: Mapping[str, Any]) -> dict[str, float]:
    """Each habit's share 0..1: the mean of its statements (training also counts hours)."""
    shares: dict[str, float] = {}
    for habit in HABITS:
        values = [
            _likert_share(float(answers[i.key]))
            for i in ITEMS
            if i.habit == habit and i.kind == "likert"
        ]
        if habit == "training":
            hours = float(answers["training_hours"])
            values.append(min(hours / SCORING["training_full_hours"], 1.0))
        shares[habit] = _mean(values)
    return shares


def score(answers: Mapping[str, Any]) -> Scores:
    """The I score and the K score (0–100) with their parts; answers must be valid."""
    _check_complete(answers)
    shares = habit_shares(answers)
    meetings_share = min(float(answers["meetings"]) / SCORING["meetings_full"], 1.0)
    weight = SCORING["meetings_weight"]
    parts = [
        ScorePart("I", "meetings", meetings_share, 100.0 * weight),
        ScorePart("I", "activity", shares["activity"], 100.0 * (1.0 - weight)),
    ]
    parts += [ScorePart("K", m, shares[m], 100.0 / len(K_HABITS)) for m in K_HABITS]
    i_score = sum(p.points for p in parts if p.score == "I")
    k_score = sum(p.points for p in parts if p.score == "K")
    return Scores(i=i_score, k=k_score, parts=tuple(parts), habits=shares)


def quadrant(i_score: float, k_score: float) -> str:
    """The quadrant of the I × K map: high/low effort by high/low quality."""
    split = SCORING["quadrant_split"]
    high_i, high_k = i_score >= split, k_score >= split
    if high_i and high_k:
        return "catalyst"
    if high_i:
        return "numbers_game"
    if high_k:
        return "quality_first"
    return "room_to_grow"


def to_levers(answers: Mapping[str, Any]) -> Levers:
    """The team's starting levers from valid answers (facts clamped to the model's range)."""
    _check_complete(answers)
    shares = habit_shares(answers)
    low, high = SCORING["relationship_min"], SCORING["relationship_max"]
    relationship = low + (high - low) * _mean([shares["needs"], shares["feedback"]])
    return Levers(
        sellers=int(snap("sellers", float(answers["sellers"]))),
        meetings_per_seller_per_week=snap(
            "meetings_per_seller_per_week", float(answers["meetings"])
        ),
        onboarding=snap("onboarding", shares["onboarding"]),
        training_hours_per_month=snap("training_hours_per_month", float(answers["training_hours"])),
        relationship_time_share=snap("relationship_time_share", relationship),
        development=snap("development", shares["development"]),
    )


@dataclass(frozen=True)
class Assessment:
    """Answers with their issues and, when they are valid, scores and levers."""

    answers: dict[str, Any]
    issues: tuple[Issue, ...]
    scores: Scores | None
    levers: Levers | None

    @property
    def ok(self) -> bool:
        return self.scores is not None

    @property
    def quadrant(self) -> str | None:
        return self.scores.quadrant if self.scores else None


def assess(answers: Mapping[str, Any]) -> Assessment:
    """Validate, and score when the answers allow it."""
    issues = tuple(validate(answers))
    clean = dict(answers) if isinstance(answers, Mapping) else {}
    if errors(issues):
        return Assessment(clean, issues, None, None)
    return Assessment(clean, issues, score(clean), to_levers(clean))


def clean_answers(answers: Mapping[str, Any]) -> dict[str, float | int]:
    """Valid answers as plain JSON numbers (Likert and whole facts as ints)."""
    _check_complete(answers)
    out: dict[str, float | int] = {}
    for item in ITEMS:
        number = float(answers[item.key])
        out[item.key] = int(number) if item.kind == "likert" or number.is_integer() else number
    return out


ANSWERS_PARAM = "answers"
"""The query parameter that carries a browser's self-assessment answers, so a reload
(or a link to the rooms page) keeps them: one value per item in :data:`ITEMS` order,
``-`` for none, joined by ``_`` (``14_8_3_4_-_5…``). It holds nothing but the answers."""

_ANSWER_TEXT_MAX = 400


def encode_answers(answers: Mapping[str, Any]) -> str:
    """``answers`` as the text of :data:`ANSWERS_PARAM` (unanswered or odd values: ``-``)."""
    parts = []
    for item in ITEMS:
        number = _number(answers.get(item.key))
        if number is None or not math.isfinite(number):
            parts.append("-")
        elif number.is_integer():
            parts.append(str(int(number)))
        else:
            parts.append(repr(round(number, 3)))
    return "_".join(parts)


def decode_answers(text: Any) -> dict[str, float | int | None] | None:
    """The answers in a URL's :data:`ANSWERS_PARAM`, or None when it is not such a text.

    Out-of-range values come back as they are (the page's validation explains them);
    anything that is not a plain number becomes "no answer"."""
    if not isinstance(text, str) or len(text) > _ANSWER_TEXT_MAX:
        return None
    parts = text.split("_")
    if len(parts) != len(ITEMS):
        return None
    out: dict[str, float | int | None] = {}
    for item, part in zip(ITEMS, parts, strict=True):
        value: float | int | None = None
        if part and part != "-" and len(part) <= 12 and all(c in "0123456789.-" for c in part):
            try:
                number = float(part)
            except ValueError:
                number = math.nan
            if math.isfinite(number):
                value = int(number) if number.is_integer() else number
        out[item.key] = value
    return out


def example_answers() -> dict[str, int]:
    """An example team close to the status quo preset (for a quick try and for tests)."""
    return {
        "sellers": 8,
        "meetings": 10,
        "training_hours": 2,
        "act_plan": 3,
        "act_leads": 2,
        "onb_plan": 2,
        "onb_shadow": 2,
        "trn_coaching": 2,
        "trn_practice": 2,
        "need_listen": 3,
        "need_follow": 2,
        "dev_plan": 1,
        "dev_path": 2,
        "fb_ask": 2,
        "fb_act": 2,
    }


# --- Plans and lever effects -----------------------------------------------------------


def current_scenario(levers: Levers, name: str = "current") -> Scenario:
    """The team's current habits, kept all along."""
    return Scenario(name=name, levers=levers)


def recommended_plan(levers: Levers, name: str = "recommended") -> Scenario:
    """The catalyst preset fitted to the team.

    From month 1 every quality lever is raised to at least the catalyst's level (none is
    lowered), meetings are held at no more than the catalyst's starting level while
    skill builds, and the catalyst's later steps (more meetings once sellers are
    skilled) follow at the same months. Team size is kept.
    """
    catalyst = presets()["catalyst"]
    start = levers.to_dict()
    for lever in QUALITY_LEVERS:
        start[lever] = max(start[lever], getattr(catalyst.levers, lever))
    meetings = "meetings_per_seller_per_week"
    start[meetings] = min(start[meetings], getattr(catalyst.levers, meetings))
    changes = tuple(
        Change(c.month, c.lever, c.value) for c in catalyst.changes if c.lever != "sellers"
    )
    return Scenario(name=name, levers=Levers(**start), changes=changes)


@dataclass(frozen=True, slots=True)
class LeverEffect:
    """Sales at :data:`HORIZON` with one lever one step up from month 1, against without."""

    lever: str
    value: float
    stepped: float
    sales: float
    stepped_sales: float

    @property
    def at_max(self) -> bool:
        return self.stepped == self.value

    @property
    def gain(self) -> float:
        return self.stepped_sales - self.sales

    @property
    def gain_share(self) -> float:
        return self.gain / self.sales if self.sales else 0.0

    @property
    def next_step_key(self) -> str:
        return f"assessment.next_steps.{self.lever}"


def lever_effects(
    levers: Levers, assumptions: Assumptions | None = None, month: int = HORIZON,
    team: Team | None = None,
) -> list[LeverEffect]:
    """Each lever one step up (its calculator step), from month 1, in lever order; on
    ``team`` (its figures with ``levers`` as today's habits) when one is given."""
    base = simulate(current_scenario(levers), assumptions, month, team=team)[
        "sales_nok"].iloc[month]
    effects = []
    for lever, value in levers.to_dict().items():
        meta = lever_meta(lever)
        stepped = round(min(value + meta["step"], meta["max"]), 4)
        if stepped == value:
            effects.append(LeverEffect(lever, value, value, base, base))
            continue
        scenario = Scenario("step", levers, (Change(1, lever, stepped),))
        sales = simulate(scenario, assumptions, month, team=team)["sales_nok"].iloc[month]
        effects.append(LeverEffect(lever, value, stepped, float(base), float(sales)))
    return effects


MAP_LEVEL = 0.05
"""On the I × K map, a point within 5 % of the centre on an axis is level with it:
neither high nor low, so it agrees with the quadrant's either side on that axis (it
absorbs the rounding of the meetings answer to the lever's step)."""
_SIDES = {"catalyst": ("high", "high"), "numbers_game": ("high", "low"),
          "quality_first": ("low", "high"), "room_to_grow": ("low", "low")}


def skill_from_k(k_score: float, assumptions: Assumptions | None = None) -> float:
    """The sellers' starting skill a K score stands for (``data/questionnaire.toml``):
    ``skill_lowest`` at K = 0, the set's ``skill_0`` (the story firm's sellers) at the
    quadrant split, ``skill_highest`` at K = 100, straight lines between."""
    p = assumptions if assumptions is not None else load_assumptions("article")
    middle = float(p.skill_0)
    split = SCORING["quadrant_split"]
    k = min(max(float(k_score), 0.0), 100.0)
    if k >= split:
        return middle + (k - split) / (100.0 - split) * (SCORING["skill_highest"] - middle)
    return middle - (split - k) / split * (middle - SCORING["skill_lowest"])


def meetings_at_split(scores: Scores) -> float:
    """The meetings per seller per week at which these answers' I score would be exactly
    the quadrant split (their activity habits kept): the I side of the map's centre."""
    weight = SCORING["meetings_weight"]
    habits = scores.habits["activity"]
    needed = (SCORING["quadrant_split"] / 100.0 - (1.0 - weight) * habits) / weight
    return SCORING["meetings_full"] * min(max(needed, 0.0), 1.0)


def assessed_team(levers: Levers, scores: Scores, team: Team | None,
                  assumptions: Assumptions | None = None) -> Team:
    """The firm the self-assessment runs on: ``team``'s figures (or, without one, the
    story firm's rates on a team of this size, :func:`rik.share.team_figures.story_team`) with
    the answers as today's habits and the K score's starting skill. Its current habits
    are its status quo (flat), and its point on the map is where the scores put it.
    Raises :class:`rik.share.team_figures.TeamProblem` when ``team``'s figures do not fit."""
    from rik.share import team_figures as numbers  # here: it needs no questionnaire

    p = assumptions if assumptions is not None else load_assumptions("article")
    skill = skill_from_k(scores.k, p)
    if team is None:
        return numbers.story_team(levers, p, skill=skill)
    return numbers.with_habits(team, levers, p, skill=skill)


def _side(value: float, reference: float) -> str:
    if value > reference * (1.0 + MAP_LEVEL):
        return "high"
    if value < reference * (1.0 - MAP_LEVEL):
        return "low"
    return "level"


@dataclass(frozen=True, slots=True)
class Placement:
    """The team's point on the I × K map (meetings held per seller per week, quality per
    meeting) at ``month``, the map's centre for this team (``reference_*``: where a team
    with the same figures and habits whose scores were exactly the quadrant split would
    sit) and the quadrant the scores name."""

    quadrant: str
    month: int
    activity: float
    quality: float
    reference_activity: float
    reference_quality: float

    @property
    def i_side(self) -> str:
        """``high``, ``low`` or ``level``: where the point is on I against the centre."""
        return _side(self.activity, self.reference_activity)

    @property
    def k_side(self) -> str:
        return _side(self.quality, self.reference_quality)

    def disagreements(self) -> list[tuple[str, str]]:
        """The axes (``I``/``K``) where the map contradicts the quadrant, with the side the
        scores give: ``[("K", "high")]`` means K scores high but the point sits low."""
        want_i, want_k = _SIDES[self.quadrant]
        out = []
        for axis, want, side in (("I", want_i, self.i_side), ("K", want_k, self.k_side)):
            if side != "level" and side != want:
                out.append((axis, want))
        return out

    @property
    def agrees(self) -> bool:
        return not self.disagreements()


def placement(
    scores: Scores, team: Team, current: pd.DataFrame, assumptions: Assumptions | None = None,
    month: int = HORIZON,
) -> Placement:
    """Where ``current`` (the current-habits run on ``team``, :func:`assessed_team`, that
    the projection draws) puts the team on the map at ``month``, against the centre.

    The centre is the quadrant split carried into the model for this team: on I, the
    meetings held at :func:`meetings_at_split` (same time off and burnout); on K, the
    quality per meeting with the skill of a K score at the split (same meetings, onboarding
    and burnout). Each map axis grows with its own score alone, so the point is on the
    quadrant's side of the centre on both axes."""
    p = assumptions if assumptions is not None else load_assumptions("article")
    meetings = team.levers.meetings_per_seller_per_week
    middle = replace(team, skill=skill_from_k(SCORING["quadrant_split"], p))
    centre = simulate(current_scenario(team.levers), p, 1, team=middle)
    return Placement(
        quadrant=scores.quadrant,
        month=month,
        activity=float(current["activity"].iloc[month]),
        quality=float(current["quality_per_meeting"].iloc[month]),
        reference_activity=float(current["activity"].iloc[0]) * meetings_at_split(scores)
        / meetings,
        reference_quality=float(centre["quality_per_meeting"].iloc[0]),
    )


def story_plan_gain(assumptions: Assumptions | None = None, month: int = HORIZON) -> float:
    """What Mats's plan (the catalyst preset) adds to the story firm's sales at ``month``
    against its status quo, as a share: the yardstick the projection names when a team's
    recommended plan goes beyond it."""
    p = assumptions if assumptions is not None else load_assumptions("article")
    plans = presets()
    runs = [simulate(plans[key], p, month)["sales_nok"].iloc[month]
            for key in ("catalyst", "baseline")]
    return float(runs[0] / runs[1] - 1.0)


def top_levers(effects: Sequence[LeverEffect], n: int = 3) -> list[LeverEffect]:
    """The ``n`` habit levers whose step up adds most sales (only those that add any)."""
    candidates = [
        e for e in effects if e.lever not in STEP_LEVERS_EXCLUDED and not e.at_max and e.gain > 0
    ]
    return sorted(candidates, key=lambda e: e.gain, reverse=True)[:n]


# --- Text for pages and the summary ----------------------------------------------------


def projection_table(frames: Mapping[str, pd.DataFrame], lang: str) -> pd.DataFrame:
    """Key outputs at months 0, 12 and 24 for the current habits and the plan."""
    rows = []
    for month in (0, 12, HORIZON):
        row: dict[str, Any] = {t("common.month", lang): month}
        for key, frame in frames.items():
            label = t(f"assessment.projection.{key}", lang)
            values = frame.loc[month]
            row[f"{label}: {t('common.outputs.sales_nok', lang)}"] = fmt.nok(
                values.sales_nok, lang
            )
            row[f"{label}: {t('common.outputs.csat', lang)}"] = fmt.percent(values.csat, lang)
            row[f"{label}: {t('common.outputs.burnout_share', lang)}"] = fmt.percent(
                values.burnout_share, lang
            )
        rows.append(row)
    return pd.DataFrame(rows)


def summary_markdown(
    result: Assessment,
    frames: Mapping[str, pd.DataFrame],
    effects: Sequence[LeverEffect],
    lang: str,
    set_label: str,
) -> str:
    """A one-page Markdown summary of the assessment, in ``lang``.

    ``frames`` holds the simulations keyed ``current`` and ``recommended``.
    """
    if not result.ok or result.scores is None or result.levers is None:
        raise ValueError("summary needs a complete assessment")
    s = result.scores
    tr = lambda key, **kw: t(f"assessment.summary.{key}", lang, **kw)  # noqa: E731
    lines = [f"# {tr('title')}", "", tr("intro"), ""]
    lines += [f"## {tr('scores')}", ""]
    lines.append(
        tr(
            "scores_line",
            i=fmt.number(s.i, lang),
            k=fmt.number(s.k, lang),
            quadrant=t(f"assessment.quadrants.{s.quadrant}.name", lang),
        )
    )
    lines += ["", t(f"assessment.quadrants.{s.quadrant}.text", lang), ""]
    lines += [f"| {tr('part')} | {tr('points')} |", "|---|---:|"]
    for part in s.parts:
        lines.append(
            f"| {part.score}: {part_label(part.part, lang)} | "
            f"{fmt.number(part.points, lang)} / {fmt.number(part.max_points, lang)} |"
        )
    lines += ["", f"## {tr('levers')}", "", f"| {tr('lever')} | {tr('value')} |", "|---|---:|"]
    for lever, value in result.levers.to_dict().items():
        lines.append(f"| {lever_label(lever, lang)} | {format_lever(lever, value, lang)} |")
    current, plan = frames["current"], frames["recommended"]
    lines += ["", f"## {tr('projection', months=HORIZON)}", ""]
    lines.append(
        tr(
            "projection_line",
            months=HORIZON,
            current=fmt.nok(current["sales_nok"].iloc[HORIZON], lang),
            plan=fmt.nok(plan["sales_nok"].iloc[HORIZON], lang),
            change=fmt.signed_percent(
                plan["sales_nok"].iloc[HORIZON] / current["sales_nok"].iloc[HORIZON] - 1, lang
            ),
        )
    )
    lines.append("")
    lines.append(
        tr(
            "projection_csat",
            current=fmt.percent(current["csat"].iloc[HORIZON], lang),
            plan=fmt.percent(plan["csat"].iloc[HORIZON], lang),
            current_burnout=fmt.percent(current["burnout_share"].iloc[HORIZON], lang),
            plan_burnout=fmt.percent(plan["burnout_share"].iloc[HORIZON], lang),
        )
    )
    lines += ["", f"## {tr('top')}", ""]
    top = top_levers(effects)
    if not top:
        lines.append(t("assessment.top.none", lang))
    for n, effect in enumerate(top, start=1):
        lines.append(
            f"{n}. **{lever_label(effect.lever, lang)}** "
            f"({format_lever(effect.lever, effect.value, lang)} → "
            f"{format_lever(effect.lever, effect.stepped, lang)}: "
            f"{fmt.signed_percent(effect.gain_share, lang, 1)} "
            f"{tr('sales_at', months=HORIZON)}). {t(effect.next_step_key, lang)}"
        )
    lines += ["", "---", "", tr("footer", set=set_label), ""]
    return "\n".join(lines)


def part_label(part: str, lang: str) -> str:
    """The label of a score part: ``meetings`` or a habit."""
    if part == "meetings":
        return t("assessment.scores.meetings_part", lang)
    return habit_label(part, lang)


__all__ = [
    "HORIZON",
    "ITEMS",
    "ANSWERS_PARAM",
    "ITEM_BY_KEY",
    "ITEM_KEYS",
    "K_HABITS",
    "LIKERT",
    "HABITS",
    "QUADRANTS",
    "SCALE",
    "SCORING",
    "Assessment",
    "Issue",
    "Item",
    "LeverEffect",
    "MAP_LEVEL",
    "Placement",
    "ScorePart",
    "Scores",
    "assess",
    "assessed_team",
    "clean_answers",
    "current_scenario",
    "decode_answers",
    "encode_answers",
    "errors",
    "example_answers",
    "fact_differences",
    "is_complete",
    "lever_effects",
    "meetings_at_split",
    "likert_label",
    "habit_label",
    "habit_shares",
    "part_label",
    "placement",
    "projection_table",
    "quadrant",
    "recommended_plan",
    "score",
    "skill_from_k",
    "story_plan_gain",
    "summary_markdown",
    "team_facts",
    "to_levers",
    "top_levers",
    "validate",
]
