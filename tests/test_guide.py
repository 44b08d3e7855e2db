"""The facilitator's guide: a two-hour agenda, a question for every chapter, two
exercises, the room, the model's limits, the article's credit, links to presenter mode."""

from __future__ import annotations

import re

import pytest

from rik.i18n import t
from tests.apptest import open_page, page_texts
from ui import frame, guide

PAGE = frame.PAGE_BY_KEY["guide"].path


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_agenda_fills_two_hours_without_gaps(lang: str) -> None:
    spans = [t(f"guide.agenda.{row}.time", lang) for row in guide.AGENDA]
    bounds = [tuple(_minutes(c) for c in re.split(r"[–-]", span)) for span in spans]
    assert bounds[0][0] == 0 and bounds[-1][1] == 120
    for (_, end), (start, _) in zip(bounds, bounds[1:], strict=False):
        assert end == start, spans


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_guide_page_has_every_part(lang: str) -> None:
    at = open_page(PAGE, lang)
    assert not at.error
    text = page_texts(at)
    assert t("guide.credit", lang) in [c.value for c in at.caption]
    assert "Sales is a numbers game." in t("guide.credit", lang)
    assert "Regnskap Påfunn AS" in t("guide.credit", lang)
    for key in frame.STORY:
        assert t(f"guide.questions.{key}", lang) in text
    for part in ("calculator", "room", "assessment"):
        assert t(f"guide.exercises.{part}_title", lang) in text
    assert t("guide.model.title", lang) in [h.value for h in at.header]
    table = at.table[0].value
    assert len(table) == len(guide.AGENDA)
    assert t("common.presets.numbers_game", lang) in text  # the preset's name, not a copy


def test_guide_links_open_presenter_mode_and_the_notes_view() -> None:
    at = open_page(PAGE, "nb")
    links = {link.proto.label: link.proto for link in at.get("page_link")}
    present = links[t("guide.present", "nb")]
    notes = links[t("guide.notes", "nb")]
    assert "present=1" in present.query_string and "notes" not in present.query_string
    assert "present=1" in notes.query_string and "notes=1" in notes.query_string
    assert present.page.endswith(frame.PAGE_BY_KEY[frame.STORY[0]].path.split("/")[-1][3:-3])


def test_start_page_credits_the_article() -> None:
    for lang in ("nb", "en"):
        at = open_page(None, lang)
        assert t("home.credit", lang) in [c.value for c in at.caption]
