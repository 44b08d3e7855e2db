"""rik.charts.analysis: fan, tornado and trade-off charts, tested through their data."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import rik
from rik import goalseek, sensitivity, uncertainty
from rik.charts import analysis as charts
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
    bands, lines = charts.fan_frames(mc, output, lang)
    months = len(mc.bands["scenario"][output])
    assert len(bands) == 3 * months and len(lines) == 3 * months
    assert (bands["lo"] <= bands["hi"]).all()
    det = lines[lines.series == t("analysis.chart.set_values", lang)]["value"]
    assert np.allclose(det.to_numpy(), mc.deterministic["scenario"][output].to_numpy())
    median = lines[lines.series == t("analysis.chart.median", lang)]["value"]
    assert np.allclose(median.to_numpy(), mc.bands["scenario"][output]["p50"].to_numpy())
    chart = charts.build_fan_chart(mc, output, lang, label="X")
    text = no_placeholders(chart)
    assert t(f"common.outputs.{output}", lang) in text
    spec = chart.to_dict()
    decimal = "," if lang == "nb" else "."
    assert spec["config"]["locale"]["number"]["decimal"] == decimal


@pytest.mark.parametrize("lang", LANGS)
def test_tornado_keeps_the_order_and_draws_both_ends(bars, lang: str) -> None:
    data = charts.tornado_frame(bars, "sales_vs_baseline", lang, ARTICLE, top=8)
    assert len(data) == 16
    labels = list(dict.fromkeys(data.label))
    expected = [charts.bar_label(k, kind, lang, ARTICLE) for k, kind in
                zip(bars.key[:8], bars.kind[:8], strict=True)]
    assert labels == expected
    first = bars.iloc[0]
    assert data.change.iloc[0] == pytest.approx(first.low_delta)
    chart = charts.build_tornado_chart(bars, "sales_vs_baseline", 12, lang, ARTICLE, top=8)
    spec = chart.to_dict()
    assert spec["layer"][0]["encoding"]["y"]["sort"] == expected
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
    points, plans = charts.tradeoff_frames(found, lang)
    assert len(points) == len(found.cloud)
    assert list(plans.cost) == [p.cost_hours for p in found.plans]
    assert list(plans.change) == pytest.approx([p.check.ratio - 1 for p in found.plans])
    meets = t("analysis.chart.meets", lang)
    assert set(points.status) <= {meets, t("analysis.chart.misses", lang)}
    chart = charts.build_tradeoff_chart(found, lang)
    spec = chart.to_dict()
    rules = [layer for layer in spec["layer"] if layer["mark"]["type"] == "rule"]
    assert rules, "the target line is drawn"
    no_placeholders(chart)


def test_tradeoff_without_plans_still_draws() -> None:
    goal = goalseek.Goal(target_ratio=4.0)
    none = goalseek.goal_seek(goal, ARTICLE, candidates=300)
    assert none.plans == ()
    spec = charts.build_tradeoff_chart(none, "en").to_dict()
    assert len(spec["layer"]) == 2
