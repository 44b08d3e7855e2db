"""Chart templates: every one is valid Vega-Lite, built once per static inputs, and a run
only inserts its data (no Altair chart is built or validated)."""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

import rik
from rik.charts import calculator, common, compare, ik_map
from rik.charts import story as story_charts
from rik.charts.template import Chart
from rik.i18n import LANGS, t
from rik.story import chapters as story


@pytest.fixture(scope="module")
def runs() -> dict[str, pd.DataFrame]:
    return story.preset_runs(rik.load_assumptions("article"))


def every_chart(runs: dict[str, pd.DataFrame], lang: str) -> list[tuple[str, Chart]]:
    """One chart of every template kind the app draws."""
    two = {"baseline": runs["baseline"], "custom": runs["quality_first"]}
    found = [
        ("sales", calculator.sales_chart(two, lang, kpi_month=12, change_months=[12])),
        *[(c, calculator.outcome_chart(two, c, lang, kpi_month=3))
          for c in calculator.OUTCOME_COLUMNS],
        ("ik path", calculator.ik_path_chart(two, lang)),
        ("myth", story_charts.build_myth_chart(runs, lang)),
        ("results", story_charts.build_results_chart(runs, lang)),
        ("catalyst", story_charts.build_catalyst_chart(runs, lang)),
        ("measures", story_charts.build_measures_chart(
            runs["baseline"], runs["quality_first"], lang, reference=runs["catalyst"])),
        ("story map", story_charts.build_story_ik_map(runs, lang, month=6)),
        ("home", common.line_chart(runs, "sales_nok", lang, height=300)),
        *[(f"push {c}", story_charts.build_consequence_chart(runs, c, lang))
          for c in story.CONSEQUENCES],
        *[(f"compare {c}", chart) for c, chart in
          compare.charts(runs, {k: t(f"common.presets.{k}", lang) for k in runs}, lang)],
    ]
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_every_template_is_valid_vega_lite(runs, lang: str) -> None:
    for name, chart in every_chart(runs, lang):
        spec = chart.to_dict()
        kind = alt.LayerChart if "layer" in spec else alt.Chart
        kind.from_dict(spec, validate=True)  # raises on any schema error
        # Every named dataset the template refers to is inserted, and nothing else.
        text = str(chart.template)
        for data in chart.data:
            assert f"'name': '{data}'" in text, (name, data)
        assert "datasets" not in chart.template, name
        assert "'values'" not in text, name  # data is never inline


def test_a_template_is_built_once_per_static_inputs(runs) -> None:
    two = {"baseline": runs["baseline"], "custom": runs["quality_first"]}
    first = calculator.sales_chart(two, "en", kpi_month=12)
    other = {"baseline": runs["baseline"], "custom": runs["numbers_game"]}
    second = calculator.sales_chart(other, "en", kpi_month=5, change_months=[3])
    assert second.template is first.template
    assert not second.data["lines"].equals(first.data["lines"])
    assert calculator.sales_chart(two, "nb", kpi_month=12).template is not first.template
    # Another scenario key (another colour) or horizon is another template.
    renamed = {"baseline": runs["baseline"], "catalyst": runs["quality_first"]}
    assert calculator.sales_chart(renamed, "en").template is not first.template
    shorter = {k: v.loc[:12] for k, v in two.items()}
    assert calculator.sales_chart(shorter, "en").template is not first.template


def test_a_warm_run_builds_no_altair_chart(runs, monkeypatch) -> None:
    every_chart(runs, "en")  # warm every template

    def refuse(*_args, **_kwargs):
        raise AssertionError("an Altair chart was built or validated on a warm run")

    monkeypatch.setattr(alt.TopLevelMixin, "to_dict", refuse)
    monkeypatch.setattr(alt.Chart, "__init__", refuse)
    moved = {name: frame * 1.01 for name, frame in runs.items()}
    moved = {name: frame.set_axis(runs[name].index) for name, frame in moved.items()}
    for name, chart in every_chart(moved, "en"):
        assert chart.data, name


def test_the_map_background_is_generated_in_the_spec(runs) -> None:
    chart = ik_map.ik_map(runs, "en", month=12)
    spec = chart.to_dict()
    heat = spec["layer"][0]
    assert heat["data"]["sequence"]["stop"] == ik_map.GRID_STEPS**2
    # The only per-run input to the background is the status quo's I × K.
    (ref,) = spec["datasets"]["ik_ref"]
    base = runs["baseline"].loc[0]
    assert ref["ref"] == pytest.approx(
        base["activity"] * base["skill"] * base["meeting_quality"]
    )
    # The generated grid is the surface the old dataset held: the same cells and ratios.
    grid = ik_map.surface(base["activity"], base["skill"] * base["meeting_quality"])
    steps = ik_map.GRID_STEPS
    n = pd.Series(range(steps * steps))
    activity = ik_map.I_RANGE[0] + (n // steps) * (ik_map.I_RANGE[1] / (steps - 1))
    quality = ik_map.K_RANGE[0] + (n % steps) * (ik_map.K_RANGE[1] / (steps - 1))
    assert sorted(zip(activity.round(9), quality.round(9), strict=True)) == sorted(
        zip(grid["activity"].round(9), grid["quality"].round(9), strict=True)
    )
    assert any(t.get("calculate") == "datum.activity * datum.quality / datum.ref"
               for t in heat["transform"])


def test_line_chart_keeps_any_output_column(runs) -> None:
    """A column the model adds later draws without code here (the fallback formats)."""
    frames = {k: v.assign(new_output_nok=v["sales_nok"] / 2) for k, v in runs.items()}
    chart = common.line_chart(frames, "new_output_nok", "en")
    lines = chart.data["lines"]
    assert lines["value"].to_pylist() == pytest.approx(
        pd.concat([f["new_output_nok"] for f in frames.values()]).tolist()
    )
    assert alt.Chart.from_dict(chart.to_dict())
