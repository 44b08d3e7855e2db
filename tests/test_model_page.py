"""The "How the model works" page and its diagram."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

import rik
from rik import fmt
from rik.i18n import LANGS, t
from rik.story import about
from rik.story import diagram as model_diagram
from tests.apptest import open_page, page_texts

PAGE = "pages/41_model.py"


def _text(at: AppTest) -> str:
    return page_texts(at, values=("markdown", "caption", "header", "subheader"), labels=())


def _dots(at: AppTest) -> list[str]:
    return [chart.proto.spec for chart in at.get("graphviz_chart")]


@pytest.mark.parametrize("lang", LANGS)
def test_page_renders_in_both_languages(lang: str) -> None:
    at = open_page(PAGE, lang)
    assert [x.value for x in at.title] == [t("frame.pages.model", lang)]
    assert not at.error
    text = _text(at)
    assert "[about." not in text and "[common." not in text
    assert not re.search(r"\{[a-z_0-9]+\}", text), "a placeholder was left unfilled"
    for key in ("leaves_out_title", "illustrative_title", "equations_title"):
        assert t(f"about.model.{key}", lang) in text
    dots = _dots(at)
    assert len(dots) == 4  # three loops and the whole picture
    assert all(d.startswith("digraph") for d in dots)
    assert t("about.diagram.nodes.sales", lang).replace("\n", "\\n") in dots[-1]


def test_numbers_in_the_text_come_from_the_active_set() -> None:
    article = _text(open_page(PAGE, "en"))
    evidence = _text(open_page(PAGE, "en", set="evidence"))
    # One firm: the status quo's figures are the same in both sets …
    burnout = fmt.percent(rik.load_assumptions("article")["burnout_0"], "en")
    assert f"At the start {burnout} are burned out" in article
    assert f"At the start {burnout} are burned out" in evidence
    # … the mechanisms differ (the quality share of churn).
    share = {name: fmt.percent(rik.load_assumptions(name)["quality_churn_share_0"], "en")
             for name in ("article", "evidence")}
    assert f"{share['article']} of them over poor quality" in article
    assert f"{share['evidence']} of them over poor quality" in evidence
    assert share["article"] != share["evidence"]


def test_model_values_cover_every_coefficient() -> None:
    a = rik.load_assumptions("article")
    values = about.model_values(a, "nb")
    for c in a:
        assert c.key in values and f"{c.key}_pct" in values
    assert values["churn_rate_0_pct"] == "1,5\u00a0%"
    # Doubling the meetings: twice as many, each thinner, in a colder market.
    h, d, load = a["market_saturation"], a["dilution_exponent"], a["meeting_load_0"]
    doubling = 2 * (min(1, 1 / (2 * load)) / min(1, 1 / load)) ** d * (1 + h) / (1 + 2 * h) - 1
    assert values["doubling"] == fmt.percent(doubling, "nb")
    assert 0.1 < doubling < 0.3  # Albers et al. (2010): about +23 %
    # Every placeholder the page text uses has a value.
    for lang in LANGS:
        for key in ("start", "month", "stock_team", "stock_reputation", "stock_customers"):
            t(f"about.model.{key}", lang, **values)


@pytest.mark.parametrize("lang", LANGS)
def test_diagram_has_every_node_and_edge(lang: str) -> None:
    dot = model_diagram.dot(lang)
    for node in model_diagram.NODES:
        assert f"  {node.key} [label=" in dot
    for edge in model_diagram.EDGES:
        assert f"  {edge.source} -> {edge.target} [" in dot
    assert dot.count("{") == dot.count("}")
    assert len(model_diagram.edge_rows(lang)) == len(model_diagram.EDGES)


def test_loop_diagrams_are_subsets() -> None:
    for loop, pairs in model_diagram.LOOP_EDGES.items():
        dot = model_diagram.dot("en", loop)
        assert dot.count(" -> ") == len(pairs)
        for source, target in pairs:
            assert f"  {source} -> {target} [" in dot
    with pytest.raises(ValueError, match="loop"):
        model_diagram.dot("en", "nope")


def test_dot_labels_are_escaped() -> None:
    assert model_diagram._q('a "b"\\c') == '"a \\"b\\"\\\\c"'


def test_every_edge_follows_the_model_code() -> None:
    """A signed link names two nodes that exist; signs are + or -."""
    keys = {n.key for n in model_diagram.NODES}
    for edge in model_diagram.EDGES:
        assert edge.source in keys and edge.target in keys and edge.sign in "+-"
        assert edge.loop in ("", *model_diagram.LOOP_EDGES)


def test_the_doubling_sentence_names_what_the_sales_chart_shows() -> None:
    """The sceptic read "+21 % at first" and saw a chart peaking at +9 %: the page now
    names both, the second computed from the model's numbers game."""
    a = rik.load_assumptions("article")
    values = about.model_values(a, "en")
    base = rik.simulate(rik.presets()["baseline"], a, 24)
    game = rik.simulate(rik.presets()["numbers_game"], a, 24)
    gain = game.sales_nok / base.sales_nok - 1
    peak = int(gain.loc[1:].idxmax())
    assert values["ng_peak"] == fmt.signed_percent(gain[peak], "en")
    assert values["ng_peak_month"] == str(peak)
    text = t("about.model.month", "en", **values)
    assert values["ng_peak"] in text and values["doubling"] in text
