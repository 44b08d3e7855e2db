"""The landing page and the frame every page shares: languages, sets, bad links."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import rik
from rik import fmt
from rik.i18n import LANGS, t
from ui import frame

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


def _run(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [x.value for x in at.title] + [x.value for x in at.subheader]
    parts += [i.value for i in at.info]
    return "\n".join(str(p) for p in parts)


@pytest.mark.parametrize("lang", LANGS)
def test_landing_page_in_both_languages(lang: str) -> None:
    at = _run(lang=lang)
    assert [x.value for x in at.title] == [t("home.title", lang)]
    assert "[" not in _texts(at).replace("[R", "")
    table = at.dataframe[0].value
    assert len(table) == len(rik.PRESET_NAMES)
    runs = {n: rik.simulate(s) for n, s in rik.presets().items()}
    qf = runs["quality_first"]["sales_nok"][12] / runs["baseline"]["sales_nok"][12] - 1
    assert fmt.signed_percent(qf, lang) in table[t("home.col_sales_delta", lang)].tolist()
    labels = [link.value for link in at.page_link]
    assert t("frame.pages.calculator", lang) in labels
    assert t("frame.pages.assumptions", lang) in labels


def test_browser_locale_picks_the_language_and_the_url_wins() -> None:
    at = AppTest.from_file(APP, default_timeout=30)
    at.context = {"locale": "nn-NO"}
    at.run()
    assert at.title[0].value == t("home.title", "nb")
    at = AppTest.from_file(APP, default_timeout=30)
    at.context = {"locale": "nb-NO"}
    at.query_params["lang"] = "en"
    at.run()
    assert at.title[0].value == t("home.title", "en")
    at = AppTest.from_file(APP, default_timeout=30)
    at.context = {"locale": "de-DE"}
    at.run()
    assert at.title[0].value == t("home.title", "en")


def test_the_sidebar_holds_the_navigation_outside_presenter_mode() -> None:
    at = _run(lang="en")
    labels = {link.label for link in at.sidebar.get("page_link")}
    assert {t(f"frame.pages.{p.key}", "en") for p in frame.available_pages()} <= labels


def test_bad_language_and_set_in_the_link_are_named_and_ignored() -> None:
    at = _run(lang="de", set="optimistic")
    notes = " ".join(i.value for i in at.info)
    assert "de" in notes and "optimistic" in notes
    assert not at.error


def test_the_evidence_set_changes_the_figures() -> None:
    article = _run(lang="en").dataframe[0].value
    evidence = _run(lang="en", set="evidence").dataframe[0].value
    column = t("home.col_burnout", "en")
    assert article[column].tolist() != evidence[column].tolist()


def test_every_page_calls_the_frame_first() -> None:
    for info in frame.available_pages():
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


@pytest.mark.parametrize("info", frame.available_pages(), ids=lambda p: p.key)
def test_presenter_mode_hides_the_sidebar_and_offers_a_way_out(info: frame.PageInfo) -> None:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "nb"
    at.query_params["present"] = "1"
    at.run()
    if info.path != "app.py":
        at.switch_page(info.path).run()
    assert not at.exception
    assert not at.sidebar.get("page_link"), "navigation still drawn in presenter mode"
    exits = [link for link in at.page_link if link.label == t("frame.present_off", "nb")]
    assert len(exits) == 1, info.key
    assert "present" not in exits[0].proto.query_string
    assert "lang=nb" in exits[0].proto.query_string
