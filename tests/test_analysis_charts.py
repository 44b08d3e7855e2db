"""rik.charts.analysis: fan, tornado and trade-off charts, tested through their data.

The charts are templates (rik.charts.template): each is valid Vega-Lite, built once per
static inputs, and a run only inserts its datasets, which the tests read from the spec.
"""

from __future__ import annotations

import dataclasses
import json

import altair as alt
import numpy as np
import pandas as pd
import pytest

import rik
from rik import fmt
from rik.analysis import goalseek, sensitivity, uncertainty
from rik.charts import analysis as charts
from rik.charts.template import Chart
from rik.i18n import t

ARTICLE = rik.load_assumptions("article")
LANGS = ("nb", "en")


@pytest.fixture(scope="module")
def mc() -> uncertainty.MonteCarloResult:
    return uncertainty.run_monte_carlo(rik.presets()["quality_first"], ARTICLE, 200, 4, 24)


@pytest.fixture(scope="module")
def bars() -> pd.DataFrame:
    return sensitivity.tornado(rik.presets()["quality_first"], ARTICLE, "sales_vs_baseline", 12)


@pytest.fixture(scope="module")
def found() -> goalseek.GoalSeekResult:
    goal = goalseek.Goal(burnout_max=0.45, meetings_min=8, meetings_max=14, budget_hours=16)
    return goalseek.goal_seek(goal, ARTICLE, candidates=1500)


def no_placeholders(chart) -> str:
    text = json.dumps(chart.to_dict(), ensure_ascii=False)
    assert "[analysis." not in text and "[common." not in text
    return text


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("output", uncertainty.OUTPUTS)
def test_fan_chart_draws_the_bands_and_lines(mc, lang: str, output: str) -> None:
    chart = charts.build_fan_chart(mc, output, lang, label="X")
    spec = chart.to_dict()
    bands = pd.DataFrame(spec["datasets"]["fan_bands"])
    lines = pd.DataFrame(spec["datasets"]["fan_lines"])
    months = len(mc.bands["scenario"][output])
    assert len(bands) == 3 * months and len(lines) == 3 * months
    assert (bands["lo"] <= bands["hi"]).all()
    det = lines[lines.series == t("analysis.chart.set_values", lang)]["value"]
    assert np.allclose(det.to_numpy(), mc.deterministic["scenario"][output].to_numpy())
    median = lines[lines.series == t("analysis.chart.median", lang)]["value"]
    assert np.allclose(median.to_numpy(), mc.bands["scenario"][output]["p50"].to_numpy())
    # every series drawn has its colour in the legend's domain
    domain = spec["layer"][0]["encoding"]["color"]["scale"]["domain"]
    assert set(bands.series) | set(lines.series) == set(domain)
    text = no_placeholders(chart)
    assert t(f"common.outputs.{output}", lang) in text
    decimal = "," if lang == "nb" else "."
    assert spec["config"]["locale"]["number"]["decimal"] == decimal


@pytest.mark.parametrize("lang", LANGS)
def test_tornado_keeps_the_order_and_draws_both_ends(bars, lang: str) -> None:
    chart = charts.build_tornado_chart(bars, "sales_vs_baseline", 12, lang, ARTICLE, top=8)
    spec = chart.to_dict()
    data = pd.DataFrame(spec["datasets"]["tornado"])
    assert len(data) == 16
    expected = [charts.bar_label(k, kind, lang, ARTICLE) for k, kind in
                zip(bars.key[:8], bars.kind[:8], strict=True)]
    # the bars are sorted by their rank, which follows the swing (largest on top)
    assert spec["layer"][0]["encoding"]["y"]["sort"] == {
        "field": "rank", "op": "min", "order": "ascending"}
    ranked = data.groupby("label")["rank"].min().sort_values()
    assert list(ranked.index) == expected
    assert set(data.side) == {t("analysis.chart.side_low", lang),
                              t("analysis.chart.side_high", lang)}
    first = bars.iloc[0]
    assert data.change.iloc[0] == pytest.approx(first.low_delta)
    assert spec["height"] == 120 + 44 * 8
    no_placeholders(chart)


def test_tornado_shows_kroner_relative_to_the_level() -> None:
    kroner = sensitivity.tornado(rik.presets()["baseline"], ARTICLE, "sales_nok", 12)
    data = charts.tornado_frame(kroner, "sales_nok", "en", ARTICLE)
    row = kroner.iloc[0]
    assert data.change.iloc[1] == pytest.approx(row.high_delta / row.base_value)
    assert charts.is_relative("sales_nok") and not charts.is_relative("csat")


def test_lever_bars_are_marked_as_levers() -> None:
    assert "(lever)" in charts.bar_label("development", "lever", "en", ARTICLE)
    assert "(spak)" in charts.bar_label("development", "lever", "nb", ARTICLE)
    assert charts.bar_label("burnout_0", "coefficient", "nb", ARTICLE) == (
        ARTICLE.coefficient("burnout_0").label_nb
    )


@pytest.mark.parametrize("lang", LANGS)
def test_tradeoff_marks_the_plans_and_the_target(found, lang: str) -> None:
    chart = charts.build_tradeoff_chart(found, lang)
    spec = chart.to_dict()
    points = pd.DataFrame(spec["datasets"]["tradeoff_points"])
    plans = pd.DataFrame(spec["datasets"]["tradeoff_plans"])
    assert len(points) == len(found.cloud)
    assert list(plans.cost) == [p.cost_nok for p in found.plans]
    assert list(plans.change) == pytest.approx([p.check.ratio - 1 for p in found.plans])
    meets = t("analysis.chart.meets", lang)
    assert set(points.status) <= {meets, t("analysis.chart.misses", lang)}
    rules = [layer for layer in spec["layer"] if layer["mark"]["type"] == "rule"]
    assert [r["data"]["name"] for r in rules] == ["tradeoff_target"], "the target line is drawn"
    (target,) = spec["datasets"]["tradeoff_target"]
    assert target["change"] == pytest.approx(found.goal.target_ratio - 1.0)
    no_placeholders(chart)


def test_tradeoff_without_plans_still_draws() -> None:
    goal = goalseek.Goal(target_ratio=4.0)
    none = goalseek.goal_seek(goal, ARTICLE, candidates=300)
    assert none.plans == ()
    spec = charts.build_tradeoff_chart(none, "en").to_dict()
    assert len(spec["layer"]) == 2
    assert set(spec["datasets"]) == {"tradeoff_points", "tradeoff_target"}
    assert len(spec["datasets"]["tradeoff_points"]) == len(none.cloud)


# --- Templates -------------------------------------------------------------------------------


def every_chart(mc, bars, found, lang: str) -> list[tuple[str, Chart]]:
    """One chart of every template the analysis page draws."""
    none = dataclasses.replace(found, plans=())
    return [
        *[(f"fan {o}", charts.build_fan_chart(mc, o, lang, label="X", colour="#123456"))
          for o in uncertainty.OUTPUTS],
        ("tornado", charts.build_tornado_chart(bars, "sales_vs_baseline", 12, lang, ARTICLE)),
        ("tornado csat", charts.build_tornado_chart(bars, "csat", 6, lang, ARTICLE, top=5)),
        ("tradeoff", charts.build_tradeoff_chart(found, lang)),
        ("tradeoff, no plans", charts.build_tradeoff_chart(none, lang)),
    ]


def data_names(spec: object) -> set[str]:
    """The dataset names a spec refers to (``{"data": {"name": ...}}``, lookups too)."""
    if isinstance(spec, dict):
        found = {spec["name"]} if set(spec) == {"name"} else set()
        return found.union(*(data_names(v) for v in spec.values()))
    if isinstance(spec, list):
        return set().union(*(data_names(v) for v in spec))
    return set()


@pytest.mark.parametrize("lang", LANGS)
def test_every_template_is_valid_vega_lite(mc, bars, found, lang: str) -> None:
    for name, chart in every_chart(mc, bars, found, lang):
        assert chart.to_altair() is not None  # from_dict validates: raises on a schema error
        # The datasets inserted are exactly those the template names; no data inline.
        assert data_names(dict(chart.template)) == set(chart.data), name
        assert "datasets" not in chart.template, name
        assert "'values'" not in str(chart.template), name


def test_a_template_is_built_once_per_static_inputs(mc, bars, found) -> None:
    first = charts.build_fan_chart(mc, "sales_nok", "en", label="X")
    other = uncertainty.run_monte_carlo(rik.presets()["quality_first"], ARTICLE, 100, 9, 24)
    second = charts.build_fan_chart(other, "sales_nok", "en", label="X")
    assert second.template is first.template
    assert not second.data["fan_bands"].equals(first.data["fan_bands"])
    assert charts.build_fan_chart(mc, "sales_nok", "nb", label="X").template is not (
        first.template)
    assert charts.build_fan_chart(mc, "sales_nok", "en", label="Y").template is not (
        first.template)
    tornado = charts.build_tornado_chart(bars, "csat", 12, "en", ARTICLE)
    kroner = sensitivity.tornado(rik.presets()["baseline"], ARTICLE, "csat", 12)
    assert charts.build_tornado_chart(kroner, "csat", 12, "en", ARTICLE).template is (
        tornado.template)
    assert charts.build_tornado_chart(bars, "csat", 11, "en", ARTICLE).template is not (
        tornado.template)  # the month is in the title
    tradeoff = charts.build_tradeoff_chart(found, "en")
    later = dataclasses.replace(found, goal=dataclasses.replace(found.goal, target_ratio=1.2))
    moved = charts.build_tradeoff_chart(later, "en")
    assert moved.template is tradeoff.template
    assert moved.data["tradeoff_target"]["change"].iloc[0] == pytest.approx(0.2)


def test_a_warm_run_builds_no_altair_chart(mc, bars, found, monkeypatch) -> None:
    every_chart(mc, bars, found, "en")  # warm every template

    def refuse(*_args, **_kwargs):
        raise AssertionError("an Altair chart was built or validated on a warm run")

    monkeypatch.setattr(alt.TopLevelMixin, "to_dict", refuse)
    monkeypatch.setattr(alt.Chart, "__init__", refuse)
    other = uncertainty.run_monte_carlo(rik.presets()["numbers_game"], ARTICLE, 100, 5, 24)
    for name, chart in every_chart(other, bars, found, "en"):
        assert chart.data, name


# --- Tables and sentences beside the charts ------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_fan_table_lists_every_month_in_the_language(mc, lang: str) -> None:
    table = charts.fan_table(mc, "sales_nok", lang)
    assert len(table) == mc.months + 1
    assert list(table.columns)[-1] == t("analysis.mc.col_base", lang)
    assert table.iloc[12, 2] == fmt.nok(mc.bands["scenario"]["sales_nok"]["p50"][12], lang)


def test_tornado_table_has_every_bar(bars) -> None:
    table = charts.tornado_table(bars, "sales_vs_baseline", "nb", ARTICLE)
    assert len(table) == len(bars)
    first = bars.iloc[0]
    assert table.iloc[0, 3] == fmt.number(first.low_value, "nb", 3)


@pytest.mark.parametrize("lang", LANGS)
def test_plans_table_sets_status_quo_beside_the_plans(found, lang: str) -> None:
    table = charts.plans_table(found, ARTICLE, lang)
    assert list(table.columns) == [t("common.presets.baseline", lang),
                                   *charts.plan_names(found, lang)]
    assert len(table) == len(rik.LEVER_NAMES) + 6
    plan = found.plans[0]
    cost_row = t("analysis.goal.row_cost_nok", lang, month=12)
    assert table.loc[cost_row].iloc[1] == fmt.nok(round(plan.cost_nok, -3), lang)
    sales_row = t("analysis.goal.row_sales", lang, month=12)
    assert table.loc[sales_row].iloc[1] == fmt.signed_percent(plan.check.ratio - 1, lang)
    dev_row = charts.lever_labels(lang)["development"]
    assert table.loc[dev_row].iloc[1] == fmt.percent(plan.levers.development, lang)
    assert "[" not in " ".join(table.to_numpy().ravel())


def test_cost_note_uses_the_set_s_rates() -> None:
    note = charts.cost_note(ARTICLE, "en")
    rates = goalseek.cost_rates(ARTICLE)
    assert fmt.number(rates["relationship_time_share"], "en", 1) in note
    dearer = ARTICLE.with_values({"dev_hours_per_month": 8})
    assert charts.cost_note(dearer, "en") != note


@pytest.mark.parametrize(
    ("binding", "expected"),
    [
        (goalseek.Binding("burnout", True, 0.1649), "17%"),
        (goalseek.Binding("budget", True, 3.61), "3.7 hours"),
        (goalseek.Binding("meetings", True, 9.0), "9 meetings"),
        (goalseek.Binding("csat", True, -0.012), "dip 1.2 percentage points"),
        (goalseek.Binding("target", False, 1.31), "+31%"),
        (goalseek.Binding("burnout", False, None), "closest plans"),
    ],
)
def test_binding_text_names_the_limit_and_a_usable_value(found, binding, expected: str) -> None:
    result = dataclasses.replace(found, plans=(), binding=binding)
    text = charts.binding_text(result, "en")
    assert t(f"analysis.limits.{binding.limit}", "en") in text
    assert expected in text
    nb = charts.binding_text(result, "nb")
    assert t(f"analysis.limits.{binding.limit}", "nb") in nb and "[" not in nb


def test_cloud_table_is_cheapest_first(found) -> None:
    table = charts.cloud_table(found, "en")
    assert len(table) == len(found.cloud)
    costs = [float(v.replace("NOK", "").replace(",", "").replace("\u00a0", "").strip())
             for v in table.iloc[:, 0]]
    assert costs == sorted(costs)


def test_plans_table_puts_the_teams_own_status_quo_beside_the_plans(found) -> None:
    """The review: on a team, the status quo column showed the story firm's levers."""
    from rik.model.calibration import Team

    levers = rik.status_quo().replace(sellers=6, meetings_per_seller_per_week=14)
    team = Team(levers=levers, sales_nok=650_000, deal_value_nok=30_000, customers=250,
                lost_per_month=3, csat=0.8, burnout=0.5)
    table = charts.plans_table(found, ARTICLE, "en", team)
    sq = table.iloc[:, 0]
    assert sq[charts.lever_labels("en")["meetings_per_seller_per_week"]] == charts.lever_text(
        "meetings_per_seller_per_week", 14, "en")
    assert sq[charts.lever_labels("en")["sellers"]] == charts.lever_text("sellers", 6, "en")
    assert sq[t("analysis.goal.row_burnout", "en", month=12)] == fmt.percent(0.5, "en")


def test_the_cost_note_names_the_status_quo_the_table_starts_from() -> None:
    """On a team the note's status-quo hours are the team's, as in the plans' table."""
    from rik.share import team_figures

    team = team_figures.make_team(rik.status_quo().replace(training_hours_per_month=3)
                                  .to_dict(), {
        "sales_nok": 650_000, "deal_value_nok": 30_000, "customers": 250,
        "lost_per_month": 3, "csat": 0.8, "burnout": 0.4}, ARTICLE)
    own = fmt.number(goalseek.cost_hours(team.levers, ARTICLE), "nb", 1)
    story = fmt.number(goalseek.cost_hours(rik.status_quo(), ARTICLE), "nb", 1)
    assert own != story
    assert f"{own} " in charts.cost_note(ARTICLE, "nb", team)
    assert f"{story} " in charts.cost_note(ARTICLE, "nb")
