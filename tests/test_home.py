"""The landing page and the frame every page shares: languages, sets, bad links."""

from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import rik
from rik import fmt
from rik.i18n import LANGS, t
from rik.model import outputs
from rik.story import chapters as story
from tests.apptest import open_page, page_texts
from ui import frame

ROOT = Path(__file__).resolve().parent.parent


def _texts(at: AppTest) -> str:
    return page_texts(at, values=("markdown", "caption", "title", "subheader", "info"), labels=())


@pytest.mark.parametrize("lang", LANGS)
def test_landing_page_in_both_languages(lang: str) -> None:
    at = open_page(lang=lang)
    assert [x.value for x in at.title] == [t("home.title", lang)]
    assert "[" not in _texts(at).replace("[R", "")
    table = at.table[0].value  # money; people in the second table
    assert len(table) == len(at.table[1].value) == len(rik.PRESET_NAMES)
    runs = {n: rik.simulate(s) for n, s in rik.presets().items()}
    end = story.STORY_MONTHS
    for name in ("quality_first", "numbers_game", "catalyst"):
        change = runs[name]["sales_nok"][end] / runs["baseline"]["sales_nok"][end] - 1
        assert fmt.signed_percent(change, lang) in table[t("home.col_sales_delta", lang)].tolist()
    # The numbers game has lost its early lift by then: the table does not flatter it.
    assert runs["numbers_game"]["sales_nok"][end] < runs["baseline"]["sales_nok"][end]
    labels = [link.value for link in at.page_link]
    assert t("frame.pages.calculator", lang) in labels
    assert t("frame.pages.assumptions", lang) in labels


def test_browser_locale_picks_the_language_and_the_url_wins() -> None:
    at = open_page(lang=None, context={"locale": "nn-NO"})
    assert at.title[0].value == t("home.title", "nb")
    at = open_page(lang="en", context={"locale": "nb-NO"})
    assert at.title[0].value == t("home.title", "en")
    at = open_page(lang=None, context={"locale": "de-DE"})
    assert at.title[0].value == t("home.title", "en")


def test_the_sidebar_holds_the_navigation_outside_presenter_mode() -> None:
    at = open_page(lang="en")
    labels = {link.label for link in at.sidebar.get("page_link")}
    assert {t(f"frame.pages.{p.key}", "en") for p in frame.PAGES} <= labels


def test_bad_language_and_set_in_the_link_are_named_and_ignored() -> None:
    at = open_page(lang="de", set="optimistic")
    notes = " ".join(i.value for i in at.info)
    assert "de" in notes and "optimistic" in notes
    assert not at.error


def test_the_evidence_set_changes_the_figures() -> None:
    article = open_page(lang="en").table[1].value
    evidence = open_page(lang="en", set="evidence").table[1].value
    column = t("home.col_burnout", "en")
    assert article[column].tolist() != evidence[column].tolist()


def test_every_page_calls_the_frame_first() -> None:
    for info in frame.PAGES:
        tree = ast.parse((ROOT / info.path).read_text(encoding="utf-8"))
        calls = [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "page"
            and getattr(node.func.value, "id", None) == "frame"
        ]
        assert calls, f"{info.path} does not call frame.page"
        assert calls[0].args[0].value == info.key, info.path
    on_disk = {str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py")}
    assert on_disk == {p.path for p in frame.PAGES if p.path.startswith("pages/")}


@pytest.mark.parametrize("info", frame.PAGES, ids=lambda p: p.key)
def test_presenter_mode_hides_the_sidebar_and_offers_a_way_out(info: frame.PageInfo) -> None:
    path = None if info.path == "app.py" else info.path
    at = open_page(path, "nb", timeout=60, query_first=True, present="1")
    assert not at.exception
    assert not at.sidebar.get("page_link"), "navigation still drawn in presenter mode"
    exits = [link for link in at.page_link if link.label == t("frame.present_off", "nb")]
    assert len(exits) == 1, info.key
    assert "present" not in exits[0].proto.query_string
    assert "lang=nb" in exits[0].proto.query_string


@pytest.mark.parametrize("lang", LANGS)
def test_the_start_page_and_the_way_forward_share_one_summary_table(lang: str) -> None:
    """Both tables come from ``story.summary_table``; each cell is written by its output's
    one formatter (``rik.model.outputs``), the change against the status quo included."""
    end = story.STORY_MONTHS
    runs = story.preset_runs(months=end)
    home = story.summary_table(runs, end, lang, "home")
    path = story.summary_table(runs, end, lang)
    assert list(home.columns) == [t(k, lang) for k in story.SUMMARY_HEADINGS["home"].values()]
    assert list(path.columns) == [
        t(k, lang) for k in story.SUMMARY_HEADINGS["way_forward"].values()
    ]
    assert len(home) == len(path) == len(rik.PRESET_NAMES)
    base = runs["baseline"].loc[end]
    for i, name in enumerate(rik.PRESET_NAMES):
        row = runs[name].loc[end]
        sales, change = home.iloc[i, 1], home.iloc[i, 2]
        assert home.iloc[i, 0] == t(f"common.presets.{name}", lang) == path.iloc[i, 0]
        assert sales == outputs.value_text("sales_nok", row.sales_nok, lang)
        assert change == outputs.change_text("sales_nok", row.sales_nok, base.sales_nok, lang)[0]
        assert path.iloc[i, 1] == change
        for j, column in enumerate(story.SUMMARY_SHARES):
            shown = outputs.value_text(column, row[column], lang)
            assert home.iloc[i, 3 + j] == path.iloc[i, 2 + j] == shown
    # The pages draw exactly that table.
    at = open_page(lang=lang)
    drawn = pd.concat([at.table[0].value, at.table[1].value], axis=1)
    assert drawn.reset_index().astype(str).equals(home.astype(str))
    at = open_page("pages/17_way_forward.py", lang)
    assert at.dataframe[0].value.equals(path)
