"""The one-page brief: the KPIs in both languages, self-contained, names escaped."""

from __future__ import annotations

import base64
import html
import re
from functools import cache
from html.parser import HTMLParser

import pytest

import rik
from rik import fmt
from rik.charts.common import SCENARIO_STYLE
from rik.i18n import LANGS, t
from rik.share import brief
from rik.story import about, readout

BASE = "http://localhost:8501/calculator"
QUERY = "lang=en&preset=catalyst&months=24"
NAME = 'Mats <script>alert("x")</script> & co'


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            if value is not None and (name in ("src", "href", "xlink:href", "srcset", "data")
                                      or "url(" in value):
                self.links.append((tag, name, value))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@cache
def _brief(lang: str, name: str = NAME, exact: bool = True) -> str:
    return brief.build_brief(
        rik.presets()["catalyst"], 24, rik.load_assumptions("article"), lang, BASE, QUERY,
        label=name, set_label=t("frame.sets.article", lang), link_exact=exact,
    )


def _parse(text: str) -> _Collector:
    collector = _Collector()
    collector.feed(text)
    collector.close()
    return collector


@pytest.mark.parametrize("lang", LANGS)
def test_brief_shows_the_kpis_at_month_12_and_24(lang: str) -> None:
    doc = _brief(lang)
    text = html.unescape(" ".join(_parse(doc).text))
    run = rik.simulate(rik.presets()["catalyst"], months=24)
    base = rik.simulate(rik.presets()["baseline"], months=24)
    for month in (12, 24):
        for column in brief.KPI_COLUMNS:
            assert readout.format_output(column, run.loc[month, column], lang) in text, (
                column, month)
            assert readout.format_output(column, base.loc[month, column], lang) in text
        change = fmt.signed_percent(
            run.loc[month, "sales_nok"] / base.loc[month, "sales_nok"] - 1, lang
        )
        assert change in text
    for column in brief.KPI_COLUMNS:
        assert t(f"common.outputs.{column}", lang) in text
    assert f'<html lang="{lang}">' in doc
    assert t("brief.title", lang) in text
    sales = readout.format_output("sales_nok", run.loc[12, "sales_nok"], lang)
    assert sales.endswith("kr") if lang == "nb" else sales.startswith("NOK")


@pytest.mark.parametrize("lang", LANGS)
def test_brief_lists_levers_changes_and_every_assumption_with_its_source(lang: str) -> None:
    text = html.unescape(" ".join(_parse(_brief(lang)).text))
    for name in rik.LEVER_NAMES:
        assert rik.lever_meta(name)[f"label_{lang}"] in text
    assert t("brief.change", lang, month=12,
             lever=rik.lever_meta("meetings_per_seller_per_week")[f"label_{lang}"],
             value=f"14 {rik.lever_meta('meetings_per_seller_per_week')[f'unit_{lang}']}") in text
    assumptions = rik.load_assumptions("article")
    other = "en" if lang == "nb" else "nb"
    for c in assumptions:
        assert c.label(lang) in text
        assert c.source_in(lang) in text
        assert about.unit_text(c, lang) in text
    # The Norwegian brief carries Norwegian units and sources, not the English copies.
    english_only = [c.source_in(other) for c in assumptions
                    if c.source_in(other) != c.source_in(lang)]
    assert english_only and not [s for s in english_only if s in text]
    if lang == "nb":
        assert "Modelling choice" not in text and "share/month" not in text
        assert "Modellvalg" in text and "andel/måned" in text
    assert t("frame.sets.article", lang) in text


@pytest.mark.parametrize("lang", LANGS)
def test_brief_loads_nothing_from_anywhere(lang: str) -> None:
    doc = _brief(lang)
    parsed = _parse(doc)
    assert "script" not in parsed.tags
    assert not {"link", "img", "iframe", "object", "embed"} & set(parsed.tags)
    assert parsed.tags.count("svg") >= len(brief.CHART_COLUMNS)
    outside = [v for _tag, _attr, v in parsed.links if re.match(r"\s*(https?:)?//", v)]
    assert outside == [f"{BASE}?{QUERY}"]
    assert "@import" not in doc and "url(" not in doc
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", doc.replace(
        f'href="{html.escape(BASE + "?" + QUERY)}"', ""))


def test_user_names_are_escaped() -> None:
    doc = _brief("en")
    assert "<script>" not in doc
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in doc


def test_brief_prints_on_a4_and_says_when_the_link_is_approximate() -> None:
    doc = _brief("nb", exact=False)
    assert "@page" in doc and "size: A4" in doc and "@media print" in doc
    assert t("brief.link_approx", "nb") in html.unescape(doc)
    assert t("brief.link_approx", "nb") not in html.unescape(_brief("nb"))


def test_brief_reads_the_assumptions_it_is_given() -> None:
    edited = rik.load_assumptions("article").with_values({"deal_value_nok": 40_000})
    doc = brief.build_brief(rik.presets()["baseline"], 24, edited, "en", BASE, {"lang": "en"},
                            edited=True)
    run = rik.simulate(rik.presets()["baseline"], edited, 24)
    assert readout.format_output("sales_nok", run.loc[12, "sales_nok"], "en") in html.unescape(doc)
    assert t("brief.edited", "en") in html.unescape(doc)
    assert f'href="{BASE}?lang=en"' in doc


@pytest.mark.parametrize("lang", LANGS)
def test_each_chart_can_be_saved_as_svg_and_png_from_inside_the_file(lang: str) -> None:
    links = [value for tag, name, value in _parse(_brief(lang)).links if name == "href"]
    svgs = [v for v in links if v.startswith("data:image/svg+xml;base64,")]
    pngs = [v for v in links if v.startswith("data:image/png;base64,")]
    assert len(svgs) == len(pngs) == len(brief.CHART_COLUMNS)
    png = base64.b64decode(pngs[0].split(",", 1)[1])
    assert png.startswith(b"\x89PNG")


@pytest.mark.parametrize("lang", LANGS)
def test_the_brief_credits_the_article_and_draws_in_the_apps_colours(lang: str) -> None:
    doc = _brief(lang)
    assert html.escape(t("brief.credit", lang), quote=False) in doc
    assert "Sales is a numbers game." in doc  # the article's own title, in both languages
    catalyst = SCENARIO_STYLE["catalyst"][0]
    assert catalyst.lower() in doc.lower()  # the catalyst is drawn in its colour from the app
    custom = brief.build_brief(
        rik.Scenario("Mine", rik.presets()["catalyst"].levers), 24,
        rik.load_assumptions("article"), lang, BASE, QUERY,
    )
    assert SCENARIO_STYLE["custom"][0].lower() in custom.lower()


BRIEF_SCRIPT = """
import streamlit as st
import rik
from ui import frame, saved

ctx = frame.Ctx(page="assessment", lang="en", set_name="article",
                assumptions=rik.load_assumptions("article"), present=False)
ctx.team = st.session_state.get("page_team")
built = {}
real = st.download_button
st.download_button = lambda label, data, **kw: built.setdefault(kw["key"], data())
try:
    saved.brief_button(ctx, rik.presets()["catalyst"], 24, key="page")
    saved.brief_button(ctx, rik.presets()["catalyst"], 24, key="own",
                       team=st.session_state.get("own_team"))
finally:
    st.download_button = real
st.session_state["built"] = {k: v.decode() for k, v in built.items()}
"""


def test_a_brief_runs_on_the_firm_it_is_given_else_the_pages() -> None:
    """The self-assessment's brief runs on the firm its projection runs on, not on the
    one chosen in the sidebar (which stays the default everywhere else)."""
    from streamlit.testing.v1 import AppTest

    from rik.share import team_figures

    page_team = team_figures.make_team(rik.status_quo().to_dict(), {
        "sales_nok": 650_000, "deal_value_nok": 30_000, "customers": 250,
        "lost_per_month": 3, "csat": 0.8, "burnout": 0.5})
    own_team = team_figures.make_team(rik.status_quo().to_dict(), {
        "sales_nok": 1_900_000, "deal_value_nok": 30_000, "customers": 600,
        "lost_per_month": 6, "csat": 0.8, "burnout": 0.5})
    at = AppTest.from_string(BRIEF_SCRIPT, default_timeout=60)
    at.session_state["page_team"] = page_team
    at.session_state["own_team"] = own_team
    at.run()
    assert not at.exception
    built = at.session_state["built"]
    assert rik.fmt.nok(650_000, "en") in built["saved_page_brief"]
    assert rik.fmt.nok(1_900_000, "en") in built["saved_own_brief"]
    assert rik.fmt.nok(650_000, "en") not in built["saved_own_brief"]


def test_on_a_team_the_assumptions_table_shows_the_teams_own_starting_values() -> None:
    """The appendix lists the status quo the team's figures set (customers, deal value,
    churn, satisfaction, burnout, deals per meeting), with the team as the source — not the
    story firm's 400 customers and 25 000 kr."""
    from rik.model.calibration import coefficients
    from rik.share import team_figures

    article = rik.load_assumptions("article")
    team = team_figures.make_team(rik.status_quo().to_dict(), {
        "sales_nok": 650_000, "deal_value_nok": 30_000, "customers": 250,
        "lost_per_month": 3, "csat": 0.8, "burnout": 0.4}, article)
    html = brief.build_brief(rik.presets()["catalyst"], 24, article, "nb", "http://x",
                             team=team)
    appendix = html[html.index('class="assumptions'):]
    own = coefficients(team, article)
    for key in ("customers_0", "deal_value_nok", "csat_0", "burnout_0"):
        label = article.coefficient(key).label("nb")
        row = appendix[appendix.index(label):].split("</tr>")[0]
        assert brief._coefficient_value(float(own[key]), "nb") in row, key
        assert t("brief.team_source", "nb") in row, key
    story = brief.build_brief(rik.presets()["catalyst"], 24, article, "nb", "http://x")
    assert t("brief.team_source", "nb") not in story
