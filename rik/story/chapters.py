"""Every figure the story's text uses, computed from the model.

The story pages never type a number into their text: they call a function here with
simulated runs (``rik.simulate`` of the presets with the active assumption set) and fill
the text with the :class:`Figure` values, formatted for the reader's language. Each
figure also says which sign the story's words assume ("sales *rise* in month 1"), so a
page can say so when an edited assumption set no longer tells the story.

Pure functions: no Streamlit. Runs are ``{preset name: DataFrame}`` as returned by
:func:`preset_runs` (or the app's cached equivalent).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import SimpleNamespace

import pandas as pd

from rik import fmt
from rik.i18n import t
from rik.model import core, outputs
from rik.model.assumptions import Assumptions, Coefficient, load_assumptions
from rik.model.levers import Levers, Scenario
from rik.model.payback import payback_month
from rik.model.presets import presets
from rik.model.simulate import simulate
from rik.story import about

STORY_MONTHS = 24
"""Horizon of every story chart [months]."""
RESULT_MONTH = 12
"""The month the story reads its results at (the article's "a year later")."""

KINDS = (
    "percent", "percent1", "signed_percent", "points", "nok", "signed_nok", "number", "decimal",
    "count",
)


@dataclass(frozen=True)
class Figure:
    """One number in the story: its value in model units and how to write it.

    ``kind`` is one of :data:`KINDS`. ``sign`` is the sign the story's words assume
    (+1 "rises", -1 "falls", 0 no claim).
    """

    value: float
    kind: str = "number"
    sign: int = 0

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind ({self.kind!r}) must be one of {', '.join(KINDS)}")

    @property
    def holds(self) -> bool:
        """Whether the value has the sign the story's words assume."""
        return self.sign == 0 or self.value * self.sign > 0

    def text(self, lang: str) -> str:
        v = float(self.value)
        if self.kind == "percent":
            return fmt.percent(v, lang)
        if self.kind == "percent1":
            return fmt.percent(v, lang, 1)
        if self.kind == "signed_percent":
            return fmt.signed_percent(v, lang)
        if self.kind == "points":
            return fmt.points(v, lang)
        if self.kind == "nok":
            return fmt.nok(round(v, -3), lang)
        if self.kind == "signed_nok":
            return fmt.signed_nok(round(v, -3), lang)
        if self.kind == "decimal":
            return fmt.number(v, lang, 2)
        if self.kind == "count":
            return fmt.number(round(v), lang)
        # "number": whole numbers plainly, others with one decimal.
        return fmt.number(v, lang, 0 if abs(v - round(v)) < 0.05 else 1)


Figures = dict[str, Figure]


def texts(figures: Mapping[str, Figure], lang: str) -> dict[str, str]:
    """The figures written out for ``lang``, ready for ``t(key, lang, **texts)``."""
    return {name: figure.text(lang) for name, figure in figures.items()}


def contradictions(figures: Mapping[str, Figure]) -> list[str]:
    """Names of figures whose sign contradicts the story's words (empty when it holds)."""
    return [name for name, figure in figures.items() if not figure.holds]


# --- Runs ---------------------------------------------------------------------------------


def preset_runs(
    assumptions: Assumptions | None = None, months: int = STORY_MONTHS
) -> dict[str, pd.DataFrame]:
    """Every preset simulated with ``assumptions`` (``None`` = the article set)."""
    return {name: simulate(s, assumptions, months) for name, s in presets().items()}


def value(runs: Mapping[str, pd.DataFrame], name: str, column: str, month: int) -> float:
    return float(runs[name].loc[month, column])


def change(
    runs: Mapping[str, pd.DataFrame],
    name: str,
    column: str,
    month: int,
    against: str = "baseline",
) -> float:
    """Relative change of ``column`` in run ``name`` against run ``against`` at ``month``."""
    return value(runs, name, column, month) / value(runs, against, column, month) - 1.0


def change_figure(
    runs: Mapping[str, pd.DataFrame],
    name: str,
    column: str,
    month: int,
    sign: int = 0,
    against: str = "baseline",
) -> Figure:
    """The change of ``column`` written as on every page (its specification in
    ``data/outputs.toml``): percentage points for shares, relative for the rest."""
    if outputs.spec(column).change == "points":
        diff = value(runs, name, column, month) - value(runs, against, column, month)
        return Figure(diff, "points", sign)
    return Figure(change(runs, name, column, month, against), "signed_percent", sign)


def _levers(name: str, month: int = 1) -> Levers:
    return presets()[name].levers_at(month)


# --- Chapter 1: the myth -----------------------------------------------------------------


def myth(runs: Mapping[str, pd.DataFrame]) -> Figures:
    """The numbers game looks right at first: sales rise in the first months."""
    return {
        "meetings_before": Figure(_levers("baseline").meetings_per_seller_per_week),
        "meetings_after": Figure(_levers("numbers_game").meetings_per_seller_per_week),
        "lift_m1": Figure(change(runs, "numbers_game", "sales_nok", 1), "signed_percent", +1),
        "lift_m3": Figure(change(runs, "numbers_game", "sales_nok", 3), "signed_percent", +1),
        "sales_m24": Figure(
            change(runs, "numbers_game", "sales_nok", STORY_MONTHS), "signed_percent", -1
        ),
        "end": Figure(STORY_MONTHS, "count"),
    }


# --- Chapter 2: meet Mats ----------------------------------------------------------------


def mats(runs: Mapping[str, pd.DataFrame]) -> Figures:
    """The team Mats takes over: the status quo at month 0, and his first plan."""
    base = runs["baseline"].loc[0]
    return {
        "sellers": Figure(_levers("baseline").sellers, "count"),
        "customers": Figure(float(base["customers"]), "count"),
        "meetings": Figure(_levers("baseline").meetings_per_seller_per_week),
        "meetings_after": Figure(_levers("numbers_game").meetings_per_seller_per_week),
        "sales": Figure(float(base["sales_nok"]), "nok"),
        "csat": Figure(float(base["csat"]), "percent"),
        "burnout": Figure(float(base["burnout_share"]), "percent"),
        "job_satisfaction": Figure(float(base["job_satisfaction"]), "percent"),
    }


# --- Chapter 3: the push and its four consequences ---------------------------------------

CONSEQUENCES: dict[str, tuple[str, tuple[str, ...]]] = {
    "satisfaction": ("csat", ("csat_meeting_weight",)),
    "reputation": ("negative_mentions", ("people_told", "share_who_tell")),
    "churn": ("churn_rate", ("quality_churn_share_0", "avoid_share")),
    "burnout": ("burnout_share", ("burnout_load_sensitivity",)),
}
"""Each consequence of the push: the output it shows and the coefficients behind it."""


def push(runs: Mapping[str, pd.DataFrame], assumptions: Assumptions) -> Figures:
    """What the numbers game costs, month by month, against the status quo."""
    m, end = RESULT_MONTH, STORY_MONTHS
    ng = "numbers_game"
    return {
        "month": Figure(m, "count"),
        "end": Figure(end, "count"),
        "meetings_before": Figure(_levers("baseline").meetings_per_seller_per_week),
        "meetings_after": Figure(_levers(ng).meetings_per_seller_per_week),
        "lift_m1": Figure(change(runs, ng, "sales_nok", 1), "signed_percent", +1),
        # Satisfaction
        "csat_base": Figure(value(runs, "baseline", "csat", m), "percent"),
        "csat_ng": Figure(value(runs, ng, "csat", m), "percent"),
        "csat_change": change_figure(runs, ng, "csat", m, -1),
        "meeting_quality": Figure(value(runs, ng, "meeting_quality", m), "percent"),
        # Reputation
        "people_told": Figure(assumptions["people_told"]),
        "share_who_tell": Figure(assumptions["share_who_tell"], "percent"),
        "mentions_base": Figure(value(runs, "baseline", "negative_mentions", m), "count"),
        "mentions_ng": Figure(value(runs, ng, "negative_mentions", m), "count", +1),
        "mentions_change": Figure(
            change(runs, ng, "negative_mentions", m), "signed_percent", +1
        ),
        "reputation_change": Figure(change(runs, ng, "reputation", m), "signed_percent", -1),
        # Churn
        "churn_base": Figure(value(runs, "baseline", "churn_rate", m), "percent1"),
        "churn_ng": Figure(value(runs, ng, "churn_rate", m), "percent1"),
        "churn_change": change_figure(runs, ng, "churn_rate", m, +1),
        "quality_churn_share": Figure(assumptions["quality_churn_share_0"], "percent"),
        "avoid_share": Figure(assumptions["avoid_share"], "percent"),
        "avoid_months": Figure(assumptions["avoid_months"], "count"),
        "customers_lost": Figure(
            value(runs, "baseline", "customers", end) - value(runs, ng, "customers", end),
            "count",
            +1,
        ),
        # Burnout
        "burnout_base": Figure(value(runs, "baseline", "burnout_share", m), "percent"),
        "burnout_ng": Figure(value(runs, ng, "burnout_share", m), "percent", +1),
        "job_base": Figure(value(runs, "baseline", "job_satisfaction", m), "percent"),
        "job_ng": Figure(value(runs, ng, "job_satisfaction", m), "percent"),
        "job_change": change_figure(runs, ng, "job_satisfaction", m, -1),
        # The bill
        "sales_change": Figure(change(runs, ng, "sales_nok", m), "signed_percent", -1),
        "sales_change_end": Figure(change(runs, ng, "sales_nok", end), "signed_percent", -1),
    }


@dataclass(frozen=True)
class SourceNote:
    """Where one coefficient comes from, in the active set and in the shipped sets."""

    key: str
    active: Coefficient
    article: Coefficient
    evidence: Coefficient
    set_name: str

    @property
    def sets_differ(self) -> bool:
        """Whether the article's figure and the traced sources' figure differ."""
        return (self.article.value, self.article.source_says) != (
            self.evidence.value,
            self.evidence.source_says,
        )

    def label(self, lang: str) -> str:
        return self.active.label(lang)

    def _coefficient(self, which: str) -> Coefficient:
        if which == "active":
            return self.active
        return self.article if which == "article" else self.evidence

    def source(self, lang: str, which: str = "active") -> str:
        """The source's name in ``lang`` for the active set, ``article`` or ``evidence``."""
        return self._coefficient(which).source_in(lang)

    def says(self, lang: str, which: str = "active") -> str:
        """What the source says, in ``lang``, as a sentence."""
        return sentence(self._coefficient(which).says_in(lang))


def sentence(text: str) -> str:
    """``text`` ending in a full stop (sources are stored without one)."""
    text = text.strip()
    return text if not text or text[-1] in ".!?»”\"" else text + "."


def source_notes(assumptions: Assumptions, keys: Iterable[str]) -> list[SourceNote]:
    """Source, what it says and confidence of each coefficient in ``keys``."""
    article, evidence = load_assumptions("article"), load_assumptions("evidence")
    return [
        SourceNote(
            key=key,
            active=assumptions.coefficient(key),
            article=article.coefficient(key),
            evidence=evidence.coefficient(key),
            set_name=assumptions.name,
        )
        for key in keys
    ]


def coefficient_text(coefficient: Coefficient, number: float, lang: str) -> str:
    """A coefficient's value written for readers: shares as percentages, people as people."""
    if coefficient.unit == "share":
        return fmt.percent(number, lang)
    if coefficient.unit in ("people", "months"):
        return f"{fmt.number(number, lang)} {about.unit_text(coefficient, lang)}"
    return fmt.number(number, lang, 2)


# --- Chapter 4: the mentor and R = I × K ---------------------------------------------------


def mentor(runs: Mapping[str, pd.DataFrame], month: int) -> Figures:
    """Effort (meetings per seller per week), quality per meeting (the map's K, the model's
    ``quality_per_meeting``) and their product against the status quo, for each preset."""
    ref = runs["baseline"].loc[0]
    ref_r = float(ref["activity"] * ref["quality_per_meeting"])
    figures: Figures = {"month": Figure(month, "count")}
    for name, frame in runs.items():
        row = frame.loc[month]
        i, k = float(row["activity"]), float(row["quality_per_meeting"])
        figures[f"{name}_i"] = Figure(i)
        figures[f"{name}_k"] = Figure(k, "decimal")
        figures[f"{name}_r"] = Figure(i * k / ref_r - 1.0, "signed_percent")
        figures[f"{name}_sales"] = Figure(change(runs, name, "sales_nok", month),
                                          "signed_percent")
    return figures


# --- Chapter 5: the four measures ---------------------------------------------------------

MEASURES: dict[str, str] = {
    "onboarding": "onboarding",
    "training": "training_hours_per_month",
    "relationships": "relationship_time_share",
    "development": "development",
}
"""The four measures of Mats's strategy and the lever each one moves."""


def measures_scenario(selected: Iterable[str]) -> Scenario:
    """The status quo with each ``selected`` measure raised to its level in ``quality_first``."""
    chosen = set(selected)
    unknown = sorted(chosen - set(MEASURES))
    if unknown:
        raise ValueError(f"measure ({unknown[0]!r}) must be one of {', '.join(MEASURES)}")
    target = _levers("quality_first")
    changes = {MEASURES[m]: getattr(target, MEASURES[m]) for m in MEASURES if m in chosen}
    return Scenario(name="custom", levers=_levers("baseline").replace(**changes))


def measure_levels(assumptions: Assumptions) -> Figures:
    """Each measure's lever before (status quo) and after (quality first), for the text."""
    before, after = _levers("baseline"), _levers("quality_first")
    p = SimpleNamespace(**assumptions.values())
    return {
        "onboarding_before": Figure(before.onboarding, "percent"),
        "onboarding_after": Figure(after.onboarding, "percent"),
        "ramp_before": Figure(core.ramp_months(before, p)),
        "ramp_after": Figure(core.ramp_months(after, p)),
        "training_before": Figure(before.training_hours_per_month),
        "training_after": Figure(after.training_hours_per_month),
        "relationships_before": Figure(before.relationship_time_share, "percent"),
        "relationships_after": Figure(after.relationship_time_share, "percent"),
        "development_before": Figure(before.development, "percent"),
        "development_after": Figure(after.development, "percent"),
    }


def selection_effect(
    base: pd.DataFrame, run: pd.DataFrame, month: int = RESULT_MONTH
) -> Figures:
    """Sales and satisfaction of ``run`` against ``base`` at ``month`` (and sales at month 1)."""
    return {
        "sales": Figure(float(run.loc[month, "sales_nok"] / base.loc[month, "sales_nok"] - 1),
                        "signed_percent"),
        "csat": change_figure({"baseline": base, "run": run}, "run", "csat", month),
        "sales_m1": Figure(float(run.loc[1, "sales_nok"] / base.loc[1, "sales_nok"] - 1),
                           "signed_percent"),
    }


def measure_effects(
    assumptions: Assumptions, month: int = RESULT_MONTH
) -> dict[str, Figures]:
    """What each measure adds on its own, against the status quo at ``month``."""
    base = simulate(presets()["baseline"], assumptions, max(month, 1))
    return {
        m: selection_effect(base, simulate(measures_scenario([m]), assumptions, month), month)
        for m in MEASURES
    }


# --- Chapter 6: the results ---------------------------------------------------------------

RESULT_METRICS: tuple[str, ...] = ("sales_nok", "csat", "job_satisfaction", "reputation")
"""The results chapter's headline metrics: quality first against the status quo."""


def results(runs: Mapping[str, pd.DataFrame], month: int = RESULT_MONTH) -> Figures:
    """Quality first against the status quo at ``month``."""
    qf = "quality_first"
    figures: Figures = {
        "month": Figure(month, "count"),
        **{column: change_figure(runs, qf, column, month, +1) for column in RESULT_METRICS},
        "sales_m1": Figure(change(runs, qf, "sales_nok", 1), "signed_percent", -1),
        "burnout_base": Figure(value(runs, "baseline", "burnout_share", month), "percent"),
        "burnout_qf": Figure(value(runs, qf, "burnout_share", month), "percent"),
        "burnout_points": Figure(
            value(runs, qf, "burnout_share", month)
            - value(runs, "baseline", "burnout_share", month),
            "points",
            -1,
        ),
        "csat_base": Figure(value(runs, "baseline", "csat", month), "percent"),
        "csat_qf": Figure(value(runs, qf, "csat", month), "percent"),
        "mentions_change": Figure(
            change(runs, qf, "negative_mentions", month), "signed_percent", -1
        ),
        "sales_base": Figure(value(runs, "baseline", "sales_nok", month), "nok"),
        "sales_qf": Figure(value(runs, qf, "sales_nok", month), "nok"),
    }
    payback = payback_month(runs[qf], runs["baseline"])
    if payback is not None:
        figures["payback_month"] = Figure(payback, "count")
    figures["contribution_change"] = Figure(
        value(runs, qf, "contribution_nok", month) - value(runs, "baseline", "contribution_nok",
                                                          month),
        "signed_nok",
        +1,
    )
    return figures


def results_by_set(month: int = RESULT_MONTH) -> Figures:
    """Mats's plan against the status quo at ``month`` under each shipped set: the story's
    figures and what the traced sources support (same firm, weaker mechanisms)."""
    figures: Figures = {"month": Figure(month, "count")}
    for set_name in ("article", "evidence"):
        runs = preset_runs(load_assumptions(set_name), month)
        figures[f"sales_{set_name}"] = Figure(
            change(runs, "quality_first", "sales_nok", month), "signed_percent", +1
        )
    return figures


# --- Chapter 7: the catalyst --------------------------------------------------------------


def catalyst_step(name: str = "catalyst") -> tuple[int, float, float]:
    """(month, meetings before, meetings after) of the plan's first change of meetings."""
    scenario = presets()[name]
    for c in scenario.changes:
        if c.lever == "meetings_per_seller_per_week":
            return c.month, scenario.levers.meetings_per_seller_per_week, c.value
    raise ValueError(f"preset {name!r} has no change of meetings_per_seller_per_week")


def catalyst(runs: Mapping[str, pd.DataFrame]) -> Figures:
    """The catalyst against quality first and the status quo."""
    end = STORY_MONTHS
    step, before, after = catalyst_step()
    cat, qf = "catalyst", "quality_first"
    return {
        "end": Figure(end, "count"),
        "step_month": Figure(step, "count"),
        "meetings_before": Figure(before),
        "meetings_after": Figure(after),
        "meetings_ng": Figure(_levers("numbers_game").meetings_per_seller_per_week),
        "skill_gain": Figure(
            value(runs, qf, "skill", step - 1) / value(runs, "baseline", "skill", 0) - 1.0,
            "signed_percent",
            +1,
        ),
        "vs_quality_first": Figure(
            change(runs, cat, "sales_nok", end, against=qf), "signed_percent", +1
        ),
        "vs_baseline": Figure(change(runs, cat, "sales_nok", end), "signed_percent", +1),
        "csat_cat": Figure(value(runs, cat, "csat", end), "percent"),
        "csat_base": Figure(value(runs, "baseline", "csat", end), "percent"),
        "csat_change": change_figure(runs, cat, "csat", end, +1),
        "mq_cat": Figure(value(runs, cat, "meeting_quality", end), "percent"),
        "mq_ng": Figure(value(runs, "numbers_game", "meeting_quality", end), "percent"),
        "burnout_cat": Figure(value(runs, cat, "burnout_share", end), "percent"),
        "burnout_qf": Figure(value(runs, qf, "burnout_share", end), "percent"),
        "burnout_base": Figure(value(runs, "baseline", "burnout_share", end), "percent"),
        "burnout_margin": Figure(
            value(runs, "baseline", "burnout_share", end) - value(runs, cat, "burnout_share", end),
            "points",
            +1,
        ),
    }


# --- Chapter 8: the way forward -----------------------------------------------------------


def way_forward(runs: Mapping[str, pd.DataFrame]) -> Figures:
    """The closing figures: what quality costs first and where each path ends."""
    end = STORY_MONTHS
    figures: Figures = {
        "end": Figure(end, "count"),
        "qf_m1": Figure(change(runs, "quality_first", "sales_nok", 1), "signed_percent", -1),
        "ng_m1": Figure(change(runs, "numbers_game", "sales_nok", 1), "signed_percent", +1),
    }
    ng = runs["numbers_game"]["sales_nok"] / runs["baseline"]["sales_nok"] - 1.0
    peak = int(ng.loc[1:end].idxmax())
    figures["ng_peak_month"] = Figure(peak, "count")
    figures["ng_peak"] = Figure(float(ng[peak]), "signed_percent", +1)
    for name in runs:
        figures[f"{name}_sales"] = Figure(change(runs, name, "sales_nok", end), "signed_percent")
    return figures


SUMMARY_SHARES: tuple[str, ...] = ("csat", "burnout_share", "job_satisfaction")
SUMMARY_HEADINGS: dict[str, dict[str, str]] = {
    "home": {
        "scenario": "home.col_scenario",
        "sales_nok": "home.col_sales",
        "sales_change": "home.col_sales_delta",
        "csat": "home.col_csat",
        "burnout_share": "home.col_burnout",
        "job_satisfaction": "home.col_job",
    },
    "way_forward": {
        "scenario": "story.way_forward.col_scenario",
        "sales_change": "story.way_forward.col_sales",
        "csat": "story.way_forward.col_csat",
        "burnout_share": "story.way_forward.col_burnout",
        "job_satisfaction": "story.way_forward.col_job",
    },
}
"""Each page's summary table: its columns, in order, and the string key of each heading."""


def summary_table(
    runs: Mapping[str, pd.DataFrame], month: int, lang: str, page: str = "way_forward"
) -> pd.DataFrame:
    """One row per preset at ``month``: sales and its change against the status quo,
    satisfaction, burnout and job satisfaction, each written by its output's one formatter
    (``rik.model.outputs``). ``page`` picks the columns and headings
    (:data:`SUMMARY_HEADINGS`): the start page's or the way-forward chapter's."""
    headings = SUMMARY_HEADINGS[page]
    base = value(runs, "baseline", "sales_nok", month)
    rows = []
    for name in runs:
        sales = value(runs, name, "sales_nok", month)
        cells = {
            "scenario": t(f"common.presets.{name}", lang),
            "sales_nok": outputs.value_text("sales_nok", sales, lang),
            "sales_change": outputs.change_text("sales_nok", sales, base, lang)[0],
            **{c: outputs.value_text(c, value(runs, name, c, month), lang)
               for c in SUMMARY_SHARES},
        }
        rows.append({t(key, lang): cells[column] for column, key in headings.items()})
    return pd.DataFrame(rows)


__all__ = [
    "CONSEQUENCES",
    "KINDS",
    "MEASURES",
    "RESULT_METRICS",
    "RESULT_MONTH",
    "STORY_MONTHS",
    "SUMMARY_HEADINGS",
    "SUMMARY_SHARES",
    "Figure",
    "Figures",
    "SourceNote",
    "catalyst",
    "catalyst_step",
    "change",
    "change_figure",
    "coefficient_text",
    "contradictions",
    "mats",
    "measure_effects",
    "measure_levels",
    "measures_scenario",
    "mentor",
    "myth",
    "preset_runs",
    "push",
    "results",
    "results_by_set",
    "selection_effect",
    "sentence",
    "source_notes",
    "summary_table",
    "texts",
    "value",
    "way_forward",
]
