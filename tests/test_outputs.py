"""One specification per output (data/outputs.toml, rik.model.outputs) and per lever, read by
every page: no "p.p.", no English unit or source on a Norwegian page, the same change
written the same way everywhere."""

from __future__ import annotations

import re
from functools import cache

import pandas as pd
import pytest

import rik
from rik import fmt
from rik.i18n import LANGS, strings, t
from rik.model import outputs
from rik.model.levers import format_lever
from tests.apptest import open_page, page_texts
from ui import frame

PAGE_PATHS = [p.path for p in frame.PAGES if p.path != "app.py"]


def test_every_output_column_has_one_specification_and_words_in_both_languages() -> None:
    assert set(outputs.specs()) == set(rik.COLUMNS)
    for column in rik.COLUMNS:
        for lang in LANGS:
            assert not outputs.label(column, lang).startswith("["), (column, lang)
            assert not outputs.unit(column, lang).startswith("["), (column, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_a_change_is_written_by_its_kind(lang: str) -> None:
    # Money and counts: relative; shares: percentage points; other money: kroner.
    assert outputs.change_text("sales_nok", 138.0, 100.0, lang)[0] == fmt.signed_percent(0.38, lang)
    assert outputs.change_text("csat", 0.92, 0.78, lang)[0] == fmt.points(0.14, lang)
    assert outputs.change_text("contribution_nok", 250_000, 100_000, lang)[0] == (
        fmt.signed_nok(150_000, lang)
    )
    text, zero = outputs.change_text("burnout_share", 0.45, 0.451, lang)
    assert zero and not text.startswith(("+", "-", fmt.MINUS))
    assert "p.p." not in outputs.change_text("csat", 0.5, 0.4, lang)[0]
    # A share is a percentage everywhere: meeting quality is never 0.85 in one place and
    # 85 % in another.
    assert outputs.value_text("meeting_quality", 0.85, lang) == fmt.percent(0.85, lang)
    assert outputs.value_text("meeting_quality", 0.85, lang, precise=True) == fmt.percent(
        0.85, lang, 1
    )


def test_a_lever_value_is_written_one_way() -> None:
    assert format_lever("relationship_time_share", 0.55, "nb") == f"55{fmt.NBSP}%"
    assert format_lever("meetings_per_seller_per_week", 10.5, "nb") == "10,5 møter/uke"
    assert format_lever("sellers", 8, "en", unit=False) == "8"


@cache
def _page(path: str, lang: str) -> str:
    query = {"preset": "quality_first", "kpi_month": "12"} if "calculator" in path else {}
    at = open_page(path, lang, **query)
    texts = page_texts(at, values=("markdown", "caption", "title", "subheader", "info",
                                   "success", "warning"))
    metrics = "\n".join(f"{m.label} {m.value} {m.delta or ''}" for m in at.metric)
    tables = "\n".join(
        e.value.to_string() if isinstance(e.value, pd.DataFrame) else str(e.value)
        for e in [*at.dataframe, *at.table]
    )
    return "\n".join((texts, metrics, tables))


def _english_only_words() -> set[str]:
    """English units and source texts whose Norwegian differs."""
    words = set()
    en, nb = strings("en"), strings("nb")
    for key, value in en.items():
        if (key.startswith(("common.units.", "about.units.")) and nb.get(key) != value
                and len(value) > 4 and re.search(r"[a-z]", value)):
            words.add(value)
    for c in rik.load_assumptions("article"):
        if c.source != c.source_nb and len(c.source) > 12:
            words.add(c.source)
    return words


@pytest.mark.parametrize("path", ["app.py", *PAGE_PATHS])
def test_no_page_writes_pp_or_english_units_in_norwegian(path: str) -> None:
    nb = _page(path, "nb")
    assert "p.p." not in nb and "p.p." not in _page(path, "en")
    leaked = sorted(
        w for w in _english_only_words() if re.search(rf"(?<![\w]){re.escape(w)}(?![\w])", nb)
    )
    assert not leaked, f"{path}: English on the Norwegian page: {leaked}"


@pytest.mark.parametrize("lang", LANGS)
def test_the_same_change_reads_the_same_on_every_page(lang: str) -> None:
    """Mats's plan's satisfaction at month 12 against the status quo: the results chapter,
    the calculator's card and the compare table write it alike."""
    a = rik.load_assumptions("article")
    base = rik.simulate(rik.presets()["baseline"], a, 24)
    mats = rik.simulate(rik.presets()["quality_first"], a, 24)
    change, _ = outputs.change_text("csat", mats.csat[12], base.csat[12], lang)
    assert change.endswith(t("common.format.points", lang))
    for path in ("pages/15_results.py", "pages/20_calculator.py", "pages/21_compare.py"):
        # st.metric needs an ASCII minus for its arrow: compare signs as ASCII.
        shown = _page(path, lang).replace(fmt.MINUS, "-")
        assert change.replace(fmt.MINUS, "-") in shown, (path, change)
