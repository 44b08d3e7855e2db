"""Chart builders of the story: their data is rik.simulate's, in the reader's language."""

from __future__ import annotations

import pandas as pd
import pytest

import rik
from rik import fmt
from rik.charts import story as charts
from rik.i18n import t
from rik.story import chapters as story


@pytest.fixture(scope="module")
def runs() -> dict[str, pd.DataFrame]:
    return story.preset_runs(rik.load_assumptions("article"))


def simulated(name: str, set_name: str = "article", months: int = 24) -> pd.DataFrame:
    return rik.simulate(rik.presets()[name], rik.load_assumptions(set_name), months)


def datasets(chart) -> list[pd.DataFrame]:
    spec = chart.to_dict()
    return [pd.DataFrame(rows) for rows in spec.get("datasets", {}).values()]


def line_data(chart) -> pd.DataFrame:
    """The long-form dataset (month, scenario, key, value) of a line chart."""
    found = [d for d in datasets(chart) if {"month", "key", "value"} <= set(d.columns)]
    assert len(found) == 1
    return found[0]


def series(data: pd.DataFrame, key: str) -> pd.Series:
    part = data[data["key"] == key]
    return pd.Series(part["value"].to_numpy(), index=part["month"].to_numpy())


@pytest.mark.parametrize("consequence", list(story.CONSEQUENCES))
def test_consequence_chart_data_is_rik_simulate(runs, consequence: str) -> None:
    column, _ = story.CONSEQUENCES[consequence]
    chart = charts.build_consequence_chart(runs, consequence, "en")
    data = line_data(chart)
    assert set(data["key"]) == {"baseline", "numbers_game"}
    for name in ("baseline", "numbers_game"):
        got = series(data, name)
        expected = simulated(name)[column]
        assert got.tolist() == pytest.approx(expected.tolist())
    title = chart.to_dict()["title"]
    assert (title["text"] if isinstance(title, dict) else title) == t(
        f"story.push.{consequence}.chart", "en"
    )


def test_myth_chart_shows_only_the_first_months(runs) -> None:
    data = line_data(charts.build_myth_chart(runs, "nb", months=3))
    assert data["month"].max() == 3
    assert series(data, "numbers_game")[1] == pytest.approx(
        simulated("numbers_game").loc[1, "sales_nok"]
    )
    assert set(data["scenario"]) == {t("common.presets.baseline", "nb"),
                                     t("common.presets.numbers_game", "nb")}
    whole = line_data(charts.build_myth_chart(runs, "nb", months=24))
    assert whole["month"].max() == 24


def test_results_and_catalyst_charts(runs) -> None:
    results = line_data(charts.build_results_chart(runs, "en"))
    assert set(results["key"]) == set(charts.RESULTS)
    assert series(results, "quality_first")[12] == pytest.approx(
        simulated("quality_first").loc[12, "sales_nok"]
    )
    chart = charts.build_catalyst_chart(runs, "en")
    data = line_data(chart)
    assert set(data["key"]) == set(charts.CATALYST)
    assert series(data, "catalyst").tolist() == pytest.approx(
        simulated("catalyst")["sales_nok"].tolist()
    )
    step, _, after = story.catalyst_step()
    rules = chart.to_dict()["datasets"]["rules"]
    assert [r["month"] for r in rules] == [step]
    assert [r["what"] for r in rules] == [t("story.charts.step", "en", meetings=f"{after:g}")]


def test_charts_carry_the_language_number_format(runs) -> None:
    nb = charts.build_results_chart(runs, "nb").to_dict()
    en = charts.build_results_chart(runs, "en").to_dict()
    assert nb["config"]["locale"]["number"]["decimal"] == ","
    assert en["config"]["locale"]["number"]["decimal"] == "."
    # Streamlit keeps the plot's own height and fits only the width.
    assert nb["autosize"] == {"type": "fit-x", "contains": "padding"}


def test_measures_chart_is_the_change_against_the_status_quo(runs) -> None:
    a = rik.load_assumptions("evidence")
    base = rik.simulate(rik.presets()["baseline"], a, 24)
    run = rik.simulate(story.measures_scenario(["development"]), a, 24)
    chart = charts.build_measures_chart(base, run, "en", reference=runs["quality_first"])
    data = line_data(chart)
    expected = (run["sales_nok"] / base["sales_nok"] - 1).tolist()
    assert series(data, "sales_nok").tolist() == pytest.approx(expected)
    assert series(data, "csat").tolist() == pytest.approx(
        (run["csat"] / base["csat"] - 1).tolist()
    )
    # The y scale spans the reference (all four measures), so it holds still.
    domain = next(
        layer["encoding"]["y"]["scale"]["domain"]
        for layer in chart.to_dict()["layer"]
        if "scale" in layer["encoding"]["y"]
    )
    top = (runs["quality_first"]["sales_nok"] / runs["baseline"]["sales_nok"] - 1).max()
    assert domain[1] >= top
    nothing = charts.build_measures_chart(base, base, "en")
    assert set(line_data(nothing)["value"]) == {0.0}


def test_story_ik_map_uses_quality_per_meeting(runs) -> None:
    chart = charts.build_story_ik_map(runs, "nb", month=12)
    spec = chart.to_dict()
    points = next(d for d in datasets(chart) if "scenario" in d.columns)
    ng = runs["numbers_game"].loc[12]
    row = points[points["scenario"] == t("common.presets.numbers_game", "nb")].iloc[0]
    assert row["quality"] == pytest.approx(ng["quality_per_meeting"])
    assert row["activity"] == pytest.approx(ng["activity"])
    assert set(points["scenario"]) == {t(f"common.presets.{n}", "nb") for n in rik.PRESET_NAMES}
    text = str(spec)
    assert t("charts.ik.y", "nb") in text
    moved = next(d for d in datasets(charts.build_story_ik_map(runs, "nb", month=3))
                 if "scenario" in d.columns)
    assert set(moved["month"]) == {3}


def test_tables_hold_the_simulated_numbers(runs) -> None:
    table = charts.data_table(runs, "churn_rate", "en", charts.MYTH)
    assert table.index.name == t("common.month", "en")
    column = t("common.presets.numbers_game", "en")
    assert table[column].tolist() == pytest.approx(simulated("numbers_game")["churn_rate"].tolist())
    written = charts.format_table(table.head(2), "churn_rate", "nb")
    assert written.iloc[0, 0] == fmt.percent(table.iloc[0, 0], "nb", 2)
    ik = charts.ik_table(runs, "en", 12)
    assert len(ik) == len(rik.PRESET_NAMES)
    assert ik[t("charts.ik.legend", "en")].iloc[0] == pytest.approx(1.0)
    assert charts.format_ik_table(ik, "nb").iloc[0, 3] == "1,00"
    change = charts.change_table(runs["baseline"], runs["quality_first"], "en")
    assert change.iloc[12, 0] == pytest.approx(story.results(runs)["sales_nok"].value)
    assert charts.format_value(0.42, "change", "en") == "+42.0%"
    assert charts.format_value(776836.7, "sales_nok", "en") == "NOK 776,837".replace(" ", fmt.NBSP)


def test_myth_chart_title_follows_the_horizon(runs) -> None:
    first = charts.build_myth_chart(runs, "en", months=3).to_dict()["title"]
    whole = charts.build_myth_chart(runs, "en", months=24).to_dict()["title"]
    assert first == t("story.charts.myth", "en", months=3)
    assert whole == t("story.charts.myth_all", "en", months=24)


# --- The push chapter as drawn (pages/12_push.py with ui.story_view) ------------------------


def open_push(lang: str, **params: str):
    from tests.apptest import open_page

    at = open_page("pages/12_push.py", lang, timeout=60, query_first=True, **params)
    assert not at.exception and not at.error
    return at


def drawn_charts(at) -> list:
    return [e for e in at.main if getattr(e, "type", "") == "vega_lite_chart"]


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_push_chapter_draws_each_consequence_with_its_sources(lang: str) -> None:
    at = open_push(lang)
    assert len(drawn_charts(at)) == len(story.CONSEQUENCES)
    assert [tab.label for tab in at.tabs] == [
        t(f"story.push.{name}.tab", lang) for name in story.CONSEQUENCES]
    titles = [m.value for m in at.markdown if m.value.startswith("**")]
    assert titles.count(f"**{t('story.sources.title', lang)}**") == len(story.CONSEQUENCES)
    assert not at.get("popover")  # sources in full, not folded away


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_push_chapter_in_presenter_mode_one_step_at_a_time(lang: str) -> None:
    steps = dict(enumerate(("push", *story.CONSEQUENCES, "bill"), start=1))
    a = rik.load_assumptions("article")
    for number, step in steps.items():
        at = open_push(lang, present="1", step=str(number), set="article")
        shown = [m.value for m in at.markdown]
        if step == "push":  # the four consequences as cards, no chart yet
            assert not drawn_charts(at)
            assert [f"**{t(f'story.push.{n}.tab', lang)}**" for n in story.CONSEQUENCES] == [
                s for s in shown if s.startswith("**")]
        elif step == "bill":
            assert len(drawn_charts(at)) == 1
            assert not at.tabs
        else:  # one consequence: its chart, and a badge line per source and confidence
            assert len(drawn_charts(at)) == 1
            assert [s.value for s in at.subheader] == [t(f"story.push.{step}.tab", lang)]
            notes = story.source_notes(a, story.CONSEQUENCES[step][1])
            # (a badge alone is st.badge, inside the popover)
            lines = [s for s in shown if "-badge[:material/fact_check:" in s
                     and not s.endswith("]")]
            groups = {(n.source(lang), n.active.confidence) for n in notes}
            assert 1 <= len(lines) == len(groups)
            for note in notes:  # each figure named on exactly one line, with its source
                label = note.active.label(lang).lower()
                (line,) = [line for line in lines if label in line]
                assert note.source(lang) in line
            assert len(at.get("popover")) == 1  # the sources in full, behind a button


@pytest.mark.parametrize("set_name", ["article", "evidence"])
def test_push_sources_say_what_the_other_set_holds(set_name: str) -> None:
    """On the article's figures a source names the sources' figure and how to switch; on
    the sources' figures it names what the article used (and offers no switch)."""
    at = open_push("en", set=set_name)
    captions = [c.value for c in at.caption]
    switch = t("story.sources.switch", "en", set=t("frame.sets.evidence", "en"))
    other = "article" if set_name == "evidence" else "evidence"
    differ = [n for n in story.source_notes(rik.load_assumptions(set_name),
                                            [k for _, keys in story.CONSEQUENCES.values()
                                             for k in keys]) if n.sets_differ]
    assert differ
    for note in differ:
        said = [c for c in captions if note.says("en", other) in c]
        assert said, note.key
        assert all((switch in c) == (set_name == "article") for c in said), note.key
