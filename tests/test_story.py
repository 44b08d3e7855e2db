"""The story: figures computed by rik.story.chapters, and the
eight chapter pages in both languages."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

import rik
from rik import fmt
from rik.i18n import t
from rik.model.payback import payback_month
from rik.story import chapters as story
from rik.story import words as story_words
from tests.apptest import open_page, page_texts
from ui import frame

CHAPTERS = [p for p in frame.PAGES if p.section == "story"]
SETS = ("article", "evidence")
PLACEHOLDER = re.compile(r"\[[a-z_]+(\.[a-z0-9_\-\"/ ]+)+\]")


def runs_for(set_name: str) -> dict:
    return story.preset_runs(rik.load_assumptions(set_name))


def direct(set_name: str, name: str, column: str, month: int, against: str = "baseline") -> float:
    """A change computed straight from rik.simulate, not through rik.story.chapters: in percentage
    points for shares (data/outputs.toml), relative for everything else."""
    a = rik.load_assumptions(set_name)
    run = rik.simulate(rik.presets()[name], a, story.STORY_MONTHS)
    ref = rik.simulate(rik.presets()[against], a, story.STORY_MONTHS)
    if column in SHARE_CHANGES:
        return float(run.loc[month, column] - ref.loc[month, column])
    return float(run.loc[month, column] / ref.loc[month, column] - 1)


SHARE_CHANGES = ("csat", "churn_rate", "burnout_share", "job_satisfaction", "meeting_quality")


def change_text(value: float, column: str, lang: str) -> str:
    """How the chapter writes that change: points for shares, relative for the rest."""
    if column in SHARE_CHANGES:
        return fmt.points(value, lang)
    return fmt.signed_percent(value, lang)


# --- rik.story.chapters: figures ------------------------------------------------------------


def test_figure_formats_per_language() -> None:
    assert story.Figure(0.2391, "signed_percent").text("en") == "+24%"
    assert story.Figure(-0.43, "signed_percent").text("nb") == f"{fmt.MINUS}43{fmt.NBSP}%"
    assert story.Figure(776836.7, "nok").text("nb") == f"777{fmt.NBSP}000{fmt.NBSP}kr"
    assert story.Figure(0.015, "percent1").text("en") == "1.5%"
    assert story.Figure(8.8, "number").text("nb") == "8,8"
    assert story.Figure(10.0, "number").text("en") == "10"
    with pytest.raises(ValueError, match="kind"):
        story.Figure(1.0, "furlongs")


def test_contradictions_name_figures_whose_sign_breaks_the_words() -> None:
    figures = {"up": story.Figure(0.1, sign=+1), "down": story.Figure(0.1, sign=-1),
               "free": story.Figure(-3.0)}
    assert story.contradictions(figures) == ["down"]


@pytest.mark.parametrize("set_name", SETS)
def test_every_chapter_tells_the_story_with_both_shipped_sets(set_name: str) -> None:
    runs = runs_for(set_name)
    a = rik.load_assumptions(set_name)
    for figures in (
        story.myth(runs), story.mats(runs), story.push(runs, a), story.mentor(runs, 12),
        story.results(runs), story.catalyst(runs), story.way_forward(runs),
    ):
        assert story.contradictions(figures) == []


@pytest.mark.parametrize("set_name", SETS)
def test_figures_equal_rik_simulate(set_name: str) -> None:
    runs = runs_for(set_name)
    a = rik.load_assumptions(set_name)
    myth = story.myth(runs)
    assert myth["lift_m1"].value == pytest.approx(direct(set_name, "numbers_game", "sales_nok", 1))
    assert myth["sales_m24"].value == pytest.approx(
        direct(set_name, "numbers_game", "sales_nok", 24)
    )
    push = story.push(runs, a)
    assert push["csat_change"].value == pytest.approx(direct(set_name, "numbers_game", "csat", 12))
    assert push["people_told"].value == a["people_told"]
    ng = rik.simulate(rik.presets()["numbers_game"], a, 24)
    assert push["burnout_ng"].value == pytest.approx(ng.loc[12, "burnout_share"])
    results = story.results(runs)
    for column in story.RESULT_METRICS:
        assert results[column].value == pytest.approx(
            direct(set_name, "quality_first", column, 12)
        )
    catalyst = story.catalyst(runs)
    assert catalyst["vs_quality_first"].value == pytest.approx(
        direct(set_name, "catalyst", "sales_nok", 24, against="quality_first")
    )


def test_the_evidence_set_changes_the_story_numbers() -> None:
    article, evidence = runs_for("article"), runs_for("evidence")
    a, e = rik.load_assumptions("article"), rik.load_assumptions("evidence")
    assert story.push(article, a)["people_told"].text("en") != story.push(
        evidence, e
    )["people_told"].text("en")
    assert story.myth(article)["sales_m24"].value != story.myth(evidence)["sales_m24"].value


def test_mats_figures_are_the_status_quo_at_month_zero() -> None:
    runs = runs_for("article")
    figures = story.mats(runs)
    base = rik.simulate(rik.presets()["baseline"], None, 1).loc[0]
    assert figures["customers"].value == pytest.approx(base["customers"])
    assert figures["sales"].value == pytest.approx(base["sales_nok"])
    assert figures["sellers"].value == rik.presets()["baseline"].levers.sellers


def test_mentor_quality_is_the_models_quality_per_meeting() -> None:
    runs = runs_for("article")
    ng = runs["numbers_game"]
    m = story.mentor(runs, 12)
    assert m["numbers_game_k"].value == pytest.approx(ng.loc[12, "quality_per_meeting"])
    assert m["numbers_game_k"].value != pytest.approx(ng.loc[12, "skill"])  # K is not skill
    # Twice the meetings, yet less I × K: the story's point, and its sales agree in sign.
    assert m["numbers_game_i"].value > m["baseline_i"].value
    assert m["numbers_game_r"].value < 0 and m["numbers_game_sales"].value < 0
    assert m["quality_first_r"].value > 0 and m["quality_first_sales"].value > 0
    assert story.mentor(runs, 0)["numbers_game_r"].value == pytest.approx(0.0)


def test_measures_scenario_builds_from_the_status_quo() -> None:
    baseline, quality = rik.presets()["baseline"].levers, rik.presets()["quality_first"].levers
    assert story.measures_scenario([]).levers == baseline
    assert story.measures_scenario(story.MEASURES).levers == quality
    one = story.measures_scenario(["training"]).levers
    assert one.training_hours_per_month == quality.training_hours_per_month
    assert one.onboarding == baseline.onboarding
    with pytest.raises(ValueError, match="measure"):
        story.measures_scenario(["pizza"])


def test_measure_effects_equal_rik_simulate() -> None:
    a = rik.load_assumptions("article")
    effects = story.measure_effects(a, 12)
    base = rik.simulate(rik.presets()["baseline"], a, 12)
    for name in story.MEASURES:
        run = rik.simulate(story.measures_scenario([name]), a, 12)
        assert effects[name]["sales"].value == pytest.approx(
            run.loc[12, "sales_nok"] / base.loc[12, "sales_nok"] - 1
        )
        assert effects[name]["csat"].value > 0  # every measure lifts satisfaction


def test_source_notes_show_both_sets() -> None:
    evidence = rik.load_assumptions("evidence")
    notes = {n.key: n for n in story.source_notes(evidence, ["people_told", "avoid_months"])}
    told = notes["people_told"]
    assert told.sets_differ and told.set_name == "evidence"
    assert told.active.value == evidence["people_told"]
    assert told.article.value == rik.load_assumptions("article")["people_told"]
    assert not notes["avoid_months"].sets_differ
    # Texts come translated, as sentences.
    assert told.says("en").endswith(".") and told.says("nb") != told.says("en")
    assert told.says("en", "article") != told.says("en", "evidence")
    assert story.coefficient_text(told.active, 20, "nb") == "20 personer"
    share = evidence.coefficient("share_who_tell")
    assert story.coefficient_text(share, 0.5, "en") == "50%"


def test_catalyst_step_comes_from_the_preset() -> None:
    month, before, after = story.catalyst_step()
    change = next(
        c for c in rik.presets()["catalyst"].changes if c.lever == "meetings_per_seller_per_week"
    )
    assert (month, after) == (change.month, change.value)
    assert before == rik.presets()["catalyst"].levers.meetings_per_seller_per_week


def test_every_story_string_fills_from_the_figures() -> None:
    """Each text's {placeholders} are figures the page passes (a typo would raise KeyError)."""
    runs = runs_for("article")
    a = rik.load_assumptions("article")
    pools = {
        "myth": story.myth(runs),
        "mats": story.mats(runs),
        "push": story.push(runs, a),
        "mentor": story.mentor(runs, 12),
        "results": {**story.results(runs), **story.results_by_set()},
        "catalyst": story.catalyst(runs),
        "way_forward": story.way_forward(runs),
        "measures": story.measure_levels(a),
    }
    checked = 0
    for lang in ("nb", "en"):
        for chapter, figures in pools.items():
            values = story.texts(figures, lang) | story_words.sizes(figures, lang)
            for key in (k for k in rik.i18n.strings(lang) if k.startswith(f"story.{chapter}.")):
                needed = set(re.findall(r"{(\w+)}", t(key, lang)))
                if needed <= set(values):
                    t(key, lang, **values)
                    checked += 1
                else:
                    # Remaining placeholders are filled by the page itself (month, label, ...).
                    assert needed - set(values) <= {"month", "label", "value", "level", "source",
                                                    "says", "set", "sales", "csat", "qf", "base",
                                                    "evidence_name"}
    assert checked > 40


def test_results_say_the_sources_give_clearly_less() -> None:
    """The results chapter names Mats's gain under both sets, computed by the model: the
    traced sources give clearly less than the story (and still a gain)."""
    figures = story.results_by_set()
    article, evidence = figures["sales_article"].value, figures["sales_evidence"].value
    assert 0.10 <= evidence < article - 0.05
    text = t("story.results.sets", "en", evidence_name="The sources", **story.texts(figures, "en"))
    assert figures["sales_evidence"].text("en") in text
    assert figures["sales_article"].text("en") in text


def test_results_say_when_mats_plan_pays_for_itself() -> None:
    runs = runs_for("article")
    figures = story.results(runs)
    assert figures["payback_month"].value == payback_month(runs["quality_first"], runs["baseline"])
    assert figures["contribution_change"].holds  # more contribution a month at month 12


def test_way_forward_names_the_numbers_games_best_month() -> None:
    runs = runs_for("article")
    figures = story.way_forward(runs)
    month = int(figures["ng_peak_month"].value)
    gains = runs["numbers_game"]["sales_nok"] / runs["baseline"]["sales_nok"] - 1
    assert gains[month] == max(gains.loc[1:story.STORY_MONTHS])
    assert figures["ng_peak"].holds and not story.contradictions(figures)


# --- The chapter pages ------------------------------------------------------------------------


def open_chapter(path: str, lang: str = "en", **params: str) -> AppTest:
    """The chapter, opened from a link that carries `params` from the first run on."""
    return open_page(path, lang, timeout=60, query_first=True, **params)


def shown_texts(at: AppTest) -> list[str]:
    values = ("markdown", "caption", "subheader", "title", "metric", "info", "warning")
    return page_texts(at, values=values, labels=("metric", "toggle", "expander")).splitlines()


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.key for c in CHAPTERS])
def test_chapter_renders_in_both_languages(chapter: frame.PageInfo, lang: str) -> None:
    at = open_chapter(chapter.path, lang)
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    assert [x.value for x in at.title][0] == t(f"frame.pages.{chapter.key}", lang)
    leaks = [s for s in shown_texts(at) if PLACEHOLDER.search(s)]
    assert leaks == []
    assert not at.warning  # the shipped set tells the story without contradictions


def test_placeholder_pattern_catches_missing_keys() -> None:
    assert PLACEHOLDER.search(t("story.myth.no_such_key", "en"))
    assert not PLACEHOLDER.search(":green-badge[:material/fact_check: Confidence: high]")


@pytest.mark.parametrize("chapter", CHAPTERS, ids=[c.key for c in CHAPTERS])
def test_chapter_renders_in_presenter_mode(chapter: frame.PageInfo) -> None:
    at = open_chapter(chapter.path, "nb", present="1")
    assert not at.exception and not at.error
    assert [x.value for x in at.title][0] == t(f"frame.pages.{chapter.key}", "nb")


@pytest.mark.parametrize("set_name", SETS)
@pytest.mark.parametrize("lang", ["nb", "en"])
def test_results_metrics_equal_rik_simulate(lang: str, set_name: str) -> None:
    at = open_chapter("pages/15_results.py", lang, set=set_name)
    shown = {m.label: m.value for m in at.metric}
    for column in story.RESULT_METRICS:
        expected = change_text(direct(set_name, "quality_first", column, 12), column, lang)
        assert shown[t(f"story.results.metric_{column}", lang)] == expected


def test_switching_to_the_evidence_set_changes_the_numbers() -> None:
    def push_text(set_name: str) -> str:
        at = open_chapter("pages/12_push.py", "en", set=set_name)
        return "\n".join(m.value for m in [*at.markdown, *at.caption])

    article, evidence = push_text("article"), push_text("evidence")
    assert article != evidence
    told = rik.load_assumptions("evidence")["people_told"]
    assert f"each to {told:g} people" in evidence
    assert f"each to {told:g} people" not in article
    # The sources box tells what the article had used.
    assert t("story.sources.article_used", "en").split("{")[0] in evidence


def test_push_chapter_shows_each_source_with_its_confidence() -> None:
    at = open_chapter("pages/12_push.py", "en")
    text = "\n".join(m.value for m in at.markdown)
    a = rik.load_assumptions("article")
    for _, keys in story.CONSEQUENCES.values():
        for key in keys:
            c = a.coefficient(key)
            assert c.label_en in text
            level = t(f"common.confidence_levels.{c.confidence}", "en")
            assert t("story.sources.confidence", "en", level=level) in text


def test_toggling_a_measure_changes_the_result() -> None:
    at = open_chapter("pages/14_measures.py", "en")
    label = t("story.measures.metric_sales", "en", month=12)

    def sales() -> str:
        return next(m.value for m in at.metric if m.label == label)

    assert sales() == fmt.signed_percent(0.0, "en")
    at.toggle(key="story_measures_training").set_value(True).run()
    a = rik.load_assumptions("article")
    base = rik.simulate(rik.presets()["baseline"], a, 12)
    run = rik.simulate(story.measures_scenario(["training"]), a, 12)
    expected = fmt.signed_percent(run.loc[12, "sales_nok"] / base.loc[12, "sales_nok"] - 1, "en")
    assert sales() == expected != fmt.signed_percent(0.0, "en")
    for name in story.MEASURES:
        at.toggle(key=f"story_measures_{name}").set_value(True).run()
    full = story.results(runs_for("article"))["sales_nok"].text("en")
    assert sales() == full
    assert any(t("story.measures.all", "en") == c.value for c in at.caption)


def test_mentor_slider_moves_the_month() -> None:
    at = open_chapter("pages/13_mentor.py", "en")
    at.slider(key="story_mentor_month").set_value(24).run()
    assert not at.exception and not at.error
    expected = story.texts(story.mentor(runs_for("article"), 24), "en")
    text = "\n".join(m.value for m in at.markdown)
    assert f"At month 24, the numbers game holds **{expected['numbers_game_i']}**" in text


def test_myth_reveal_shows_the_whole_horizon() -> None:
    at = open_chapter("pages/10_myth.py", "en")
    end = story.myth(runs_for("article"))["sales_m24"].text("en")
    assert not any(end in m.value for m in at.markdown)
    at.toggle(key="story_myth_reveal").set_value(True).run()
    assert any(end in m.value for m in at.markdown)


def test_way_forward_opens_the_calculator_with_mats_plan() -> None:
    at = open_chapter("pages/17_way_forward.py", "nb", set="evidence")
    links = [link for link in at.get("page_link") if "calculator" in link.proto.page]
    label = t("story.way_forward.open_calculator", "nb")
    mine = [link for link in links if link.value == label]
    assert len(mine) == 1
    query = mine[0].proto.query_string
    assert "preset=catalyst" in query and "lang=nb" in query and "set=evidence" in query


def test_story_nav_links_every_chapter_to_the_next() -> None:
    at = open_chapter("pages/11_mats.py", "en")
    labels = [link.value for link in at.get("page_link")]
    assert t("frame.next", "en", title=t("frame.pages.push", "en")) in labels
    assert t("frame.previous", "en", title=t("frame.pages.myth", "en")) in labels


def test_the_mentor_map_is_a_fragment_with_its_own_error_boundary(monkeypatch) -> None:
    """Moving the mentor's month reruns the map, its text and table alone (not the frame),
    and an error there shows the friendly message, not a traceback."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    import bench_app

    from rik.charts import story as story_charts

    at = open_chapter("pages/13_mentor.py", "en")
    assert len(at._fragment_storage._fragments) == 1
    at.slider(key="story_mentor_month").set_value(24)
    with bench_app.fragment_reruns(at):
        at.run()
    assert not at.exception and not at.error
    expected = story.texts(story.mentor(runs_for("article"), 24), "en")
    text = "\n".join(m.value for m in at.markdown)
    assert f"At month 24, the numbers game holds **{expected['numbers_game_i']}**" in text
    assert not at.title  # the chapter's title is outside the fragment: not redrawn

    def broken(*args, **kwargs):
        raise RuntimeError("a map that breaks")

    monkeypatch.setattr(story_charts, "build_story_ik_map", broken)
    at.slider(key="story_mentor_month").set_value(6)
    with bench_app.fragment_reruns(at):
        at.run()
    assert not at.exception
    assert [e.value for e in at.error] == [t("frame.error", "en")]
