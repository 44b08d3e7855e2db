"""The calculator's charts: cached templates plus data, tested through ``to_dict()``."""

from __future__ import annotations

import json

import pytest

import rik
from rik.charts import calculator as charts
from rik.i18n import LANGS


@pytest.fixture(scope="module")
def frames():
    a = rik.load_assumptions("article")
    return {
        "baseline": rik.simulate(rik.presets()["baseline"], a, 24),
        "catalyst": rik.simulate(rik.presets()["catalyst"], a, 24),
    }


def _datasets(spec: dict) -> list[list[dict]]:
    return list(spec.get("datasets", {}).values())


@pytest.mark.parametrize("lang", LANGS)
def test_sales_chart_has_both_scenarios_and_the_kpi_month(frames, lang) -> None:
    spec = charts.sales_chart(frames, lang, kpi_month=12, change_months=[12]).to_dict()
    text = json.dumps(spec, ensure_ascii=False)
    assert "[" + "common." not in text and "[calculator." not in text
    rows = [r for d in _datasets(spec) for r in d if "scenario" in r]
    assert {r["scenario"] for r in rows} == {
        rik.i18n.t("common.presets.baseline", lang),
        rik.i18n.t("common.presets.catalyst", lang),
    }
    assert len(rows) == 2 * 25
    m12 = [r for r in rows if r["key"] == "catalyst" and r["month"] == 12][0]
    assert m12["value"] == pytest.approx(frames["catalyst"].loc[12, "sales_nok"])
    rules = [r for d in _datasets(spec) for r in d if "what" in r]
    assert sorted(r["month"] for r in rules) == [12, 12]
    assert spec["config"]["locale"]["number"]["decimal"] == ("," if lang == "nb" else ".")


@pytest.mark.parametrize("column", charts.OUTCOME_COLUMNS)
def test_outcome_charts(frames, column) -> None:
    spec = charts.outcome_chart(frames, column, "en", kpi_month=6).to_dict()
    assert spec["title"] == rik.i18n.t(f"common.outputs.{column}", "en")
    values = [r["value"] for d in _datasets(spec) for r in d if r.get("key") == "catalyst"]
    assert values == pytest.approx(list(frames["catalyst"][column]))
    # Every outcome's axis starts at zero (a zoomed axis exaggerates a change).
    scales = [layer["encoding"]["y"].get("scale", {}) for layer in spec["layer"]
              if "y" in layer.get("encoding", {})]
    assert scales and all(scale.get("zero") is True for scale in scales), scales


def test_outcome_chart_rejects_other_columns(frames) -> None:
    with pytest.raises(ValueError, match="sales_nok"):
        charts.outcome_chart(frames, "sales_nok", "en")


def test_ik_path_has_every_month(frames) -> None:
    spec = charts.ik_path_chart(frames, "nb").to_dict()
    path = [r for d in _datasets(spec) for r in d if r.get("scenario") == "Katalysatoren"]
    assert {r["month"] for r in path} == set(range(25))


def test_data_table_matches_the_frames(frames) -> None:
    table = charts.data_table(frames, ("sales_nok",), "en")
    assert list(table.columns) == ["Month", "Status quo", "The catalyst"]
    assert len(table) == 25
    assert table.iloc[12, 2] == rik.fmt.nok(frames["catalyst"].loc[12, "sales_nok"], "en")
    both = charts.data_table(frames, ("activity", "skill"), "nb")
    assert len(both.columns) == 1 + 4 and "Måned" in both.columns


def test_chart_downloads_sit_in_the_closed_numbers_expander() -> None:
    """A lever move sends no download buttons; opening a chart's numbers offers its SVG and
    PNG beside the table (in ``nb`` too, labelled in Norwegian)."""
    from tests.apptest import open_page

    at = open_page("pages/20_calculator.py", lang="nb")
    assert not at.exception and not at.error
    assert not [d for d in at.get("download_button") if d.key.startswith("chart_dl_")]
    assert at.expander[0].label == "Vis tallene, eller lagre figuren til lysbilder"
    at.session_state["calc_numbers_sales_nok"] = True  # the reader opens the expander
    at.run()
    keys = [d.key for d in at.get("download_button") if d.key.startswith("chart_dl_")]
    assert len(keys) == 2 and keys[0].endswith("_svg") and keys[1].endswith("_png")
    assert len(at.dataframe) == 1


def test_the_numbers_under_the_map_are_the_points_it_draws() -> None:
    """The table under the I × K map shows the map's own I and K (quality per meeting,
    not seller skill), month by month."""
    frames = {name: rik.simulate(rik.presets()[name], None, 24)
              for name in ("baseline", "numbers_game")}
    points = charts.ik_path_chart(frames, "en").data["ik_points"]
    table = charts.data_table(frames, charts.IK_COLUMNS, "en")
    k_titles = [c for c in table.columns if "(K)" in str(c)]
    assert len(k_titles) == 2  # one per scenario, in the frames' order
    months = len(frames["numbers_game"])
    for title, drawn_rows in ((k_titles[0], points[:months]), (k_titles[1], points[months:])):
        shown = [float(str(v).replace(",", "")) for v in table[title]]
        assert shown == pytest.approx(drawn_rows["quality"].to_pylist(), abs=0.006)
    # The numbers game's K is not its sellers' skill: the table must not show skill.
    assert shown != pytest.approx(frames["numbers_game"]["skill"].tolist(), abs=0.006)


def _charts_on(at) -> int:
    return len(at.get("vega_lite_chart")) + len(at.get("arrow_vega_lite_chart"))


def test_only_the_open_chart_tab_is_drawn() -> None:
    """Sales, the outcomes and the I × K path are tabs; a lever move draws the open tab
    alone (one chart, one numbers expander), and each tab, once chosen, draws its own."""
    from tests.apptest import open_page
    from ui import calculator_view as view

    at = open_page("pages/20_calculator.py", lang="nb", preset="numbers_game")
    labels = [rik.i18n.t(f"calculator.charts.tab_{name}", "nb") for name in view.CHART_TABS]
    assert [tab.label for tab in at.tabs] == labels
    assert _charts_on(at) == 1  # sales
    assert [e.label for e in at.expander] == ["Vis tallene, eller lagre figuren til lysbilder"]
    drawn = {"sales": 1, "outcomes": len(charts.OUTCOME_COLUMNS), "ik": 1}
    for name, label in zip(view.CHART_TABS, labels, strict=True):
        at.session_state[view.VIEW_KEY] = label
        at.run()
        assert not at.exception and not at.error, name
        assert _charts_on(at) == drawn[name], name
        assert len(at.expander) == 1, name  # one numbers expander a tab
    # A lever move keeps the open tab (the I × K map) and draws only it.
    at.slider(key="calc_lever_meetings_per_seller_per_week").set_value(14).run()
    assert at.session_state[view.VIEW_KEY] == labels[-1] and _charts_on(at) == 1


def test_the_outcome_tab_has_one_expander_for_its_three_charts() -> None:
    """Satisfaction, churn and burnout share one expander; opened, it shows the three
    outputs' numbers and each chart's SVG and PNG under that chart's title."""
    from tests.apptest import open_page
    from ui import calculator_view as view

    at = open_page("pages/20_calculator.py", lang="nb")
    at.session_state[view.VIEW_KEY] = rik.i18n.t("calculator.charts.tab_outcomes", "nb")
    at.run()
    assert [e.label for e in at.expander] == ["Vis tallene, eller lagre figurene til lysbilder"]
    at.session_state["calc_numbers_" + "_".join(charts.OUTCOME_COLUMNS)] = True
    at.run()
    assert not at.exception and not at.error
    keys = [d.key for d in at.get("download_button") if d.key.startswith("chart_dl_")]
    assert len(keys) == 6 and len(set(keys)) == 6
    captions = [c.value for c in at.caption]
    for column in charts.OUTCOME_COLUMNS:
        assert rik.i18n.t(f"common.outputs.{column}", "nb") in captions
    (table,) = at.dataframe
    names = list(table.value.columns)[1:]  # after the month: one per output (the status quo)
    assert [name.split(":")[0] for name in names] == [
        rik.i18n.t(f"common.outputs.{column}", "nb") for column in charts.OUTCOME_COLUMNS]


def test_a_language_switch_keeps_the_open_chart_tab() -> None:
    """The open tab is remembered by its label; after a language switch it is the same
    tab, labelled in the new language."""
    from tests.apptest import open_page
    from ui import calculator_view as view

    at = open_page("pages/20_calculator.py", lang="nb")
    at.session_state[view.VIEW_KEY] = rik.i18n.t("calculator.charts.tab_ik", "nb")
    at.run()
    at.query_params["lang"] = "en"
    at.session_state["_frame_lang"] = "en"
    at.run()
    assert not at.exception and not at.error
    assert [tab.label for tab in at.tabs][0] == "Sales"
    assert at.session_state[view.VIEW_KEY] == rik.i18n.t("calculator.charts.tab_ik", "en")
    assert _charts_on(at) == 1
