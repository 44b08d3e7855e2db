"""AppTest of the team self-assessment page, in both languages."""

from __future__ import annotations

import json
import re

import pytest
from streamlit.testing.v1 import AppTest

import rik
from rik.i18n import LANGS, t
from rik.team import assessment as asm
from tests.apptest import open_page, page_texts
from ui import frame
from ui import rooms as room_ui

PAGE = "pages/30_assessment.py"
PLACEHOLDER = re.compile(r"\[[a-z_]+\.[a-z_.]+\]")
EXAMPLE = asm.example_answers()


def _texts(at: AppTest) -> str:
    values = ("title", "header", "subheader", "markdown", "caption", "info", "error", "warning")
    labels = ("metric", "radio", "number_input", "button", "expander")
    text = page_texts(at, values=(*values, "metric"), labels=labels)
    return "\n".join([text, *(o for r in at.radio for o in r.options)])


def _submit(at: AppTest, lang: str = "en") -> AppTest:
    label = t("assessment.form.submit", lang)
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _fill_example(at: AppTest) -> AppTest:
    at.button(key="assess_example").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _metric(at: AppTest, key: str, lang: str = "en"):
    return next(m for m in at.metric if m.label == t(key, lang))


@pytest.mark.parametrize("lang", LANGS)
def test_page_renders_in_both_languages(lang: str) -> None:
    at = open_page(PAGE, lang, timeout=60)
    assert [x.value for x in at.title] == [t("frame.pages.assessment", lang)]
    assert not PLACEHOLDER.search(_texts(at))
    questions = [w for w in [*at.radio, *at.number_input] if w.key.startswith("assess_")]
    assert len(questions) == len(asm.ITEMS)
    assert any(x.value == t("assessment.form.pending", lang) for x in at.info)
    # Nothing is answered until the user answers.
    assert all(w.value is None for w in questions)


@pytest.mark.parametrize("lang", LANGS)
def test_the_example_team_gets_scores_a_quadrant_and_three_next_steps(lang: str) -> None:
    at = _fill_example(open_page(PAGE, lang, timeout=60))
    scores = asm.score(EXAMPLE)
    assert _metric(at, "assessment.scores.i_label", lang).value == str(round(scores.i))
    assert _metric(at, "assessment.scores.k_label", lang).value == str(round(scores.k))
    quadrant = t(f"assessment.quadrants.{scores.quadrant}.name", lang)
    assert _metric(at, "assessment.quadrant.label", lang).value == quadrant
    text = _texts(at)
    assert not PLACEHOLDER.search(text)
    levers = asm.to_levers(EXAMPLE)  # on a team of this size at the story firm's rates
    firm = asm.assessed_team(levers, scores, None)
    top = asm.top_levers(asm.lever_effects(levers, team=firm))
    for effect in top:
        assert t(effect.next_step_key, lang) in text
    assert len(at.get("vega_lite_chart")) >= 2  # the map and the projection


def test_open_in_calculator_carries_every_lever_and_the_calculator_reads_them() -> None:
    at = _fill_example(open_page(PAGE, timeout=60))
    link = next(
        p for p in at.get("page_link") if p.proto.label == t("assessment.actions.calculator", "en")
    )
    query = dict(pair.split("=") for pair in link.proto.query_string.split("&"))
    levers = asm.to_levers(EXAMPLE)
    for name, value in levers.to_dict().items():
        assert float(query[name]) == pytest.approx(value)
    assert query["lang"] == "en"
    # Follow the link: the calculator starts from the team's levers.
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page(frame.PAGE_BY_KEY["calculator"].path).run()
    assert not at.exception
    assert at.session_state["calc_state"].levers == levers


def test_a_bad_answer_gets_a_message_and_nothing_is_lost() -> None:
    at = _fill_example(open_page(PAGE, timeout=60))
    before = _metric(at, "assessment.scores.i_label").value
    at.number_input(key="assess_sellers").set_value(0)
    at.radio(key="assess_act_plan").set_value(5)
    _submit(at)
    assert [e for e in at.error if t("assessment.issues.no_sellers", "en") in e.value]
    # Every other answer is still in the form, including the one just changed.
    assert at.number_input(key="assess_sellers").value == 0
    assert at.radio(key="assess_act_plan").value == 5
    assert at.radio(key="assess_dev_plan").value == EXAMPLE["dev_plan"]
    # The last good results stay on screen, and say so.
    assert any(i.value == t("assessment.results.last_good", "en") for i in at.info)
    assert _metric(at, "assessment.scores.i_label").value == before
    # Fixing the one answer gives new results.
    at.number_input(key="assess_sellers").set_value(5)
    _submit(at)
    assert not at.error
    assert _metric(at, "assessment.scores.i_label").value != before


def test_missing_answers_are_listed_by_name() -> None:
    at = open_page(PAGE, "nb", timeout=60)
    at.number_input(key="assess_sellers").set_value(6)
    at.number_input(key="assess_meetings").set_value(12.0)
    _submit(at, "nb")
    message = at.error[0].value
    assert asm.ITEM_BY_KEY["dev_plan"].short("nb") in message
    assert asm.ITEM_BY_KEY["sellers"].short("nb") not in message
    assert not at.metric or not any(
        m.label == t("assessment.scores.i_label", "nb") for m in at.metric
    )


def test_answers_survive_a_visit_to_another_page() -> None:
    at = _fill_example(open_page(PAGE, timeout=60))
    at.radio(key="assess_fb_ask").set_value(5)
    _submit(at)
    at.switch_page("app.py").run()
    at.switch_page(PAGE).run()
    assert not at.exception
    assert at.radio(key="assess_fb_ask").value == 5
    assert at.number_input(key="assess_sellers").value == EXAMPLE["sellers"]
    assert _metric(at, "assessment.scores.k_label").value == str(
        round(asm.score({**EXAMPLE, "fb_ask": 5}).k)
    )


def test_contradictory_answers_get_a_warning_but_still_a_result() -> None:
    at = _fill_example(open_page(PAGE, timeout=60))
    at.number_input(key="assess_training_hours").set_value(0.0)
    at.radio(key="assess_trn_coaching").set_value(5)
    _submit(at)
    assert [w for w in at.warning if w.value == t("assessment.issues.coaching_without_hours", "en")]
    assert _metric(at, "assessment.scores.k_label")


def test_a_reload_keeps_the_answers_through_the_url() -> None:
    at = open_page(PAGE, "nb", timeout=60)
    at.button(key="assess_example").click().run()
    carried = at.query_params[asm.ANSWERS_PARAM]
    carried = carried if isinstance(carried, str) else carried[-1]
    assert asm.decode_answers(carried) == asm.example_answers()
    # A reload is a new session with the same URL: the answers and the result are back.
    again = open_page(PAGE, "nb", timeout=60, **{asm.ANSWERS_PARAM: carried})
    assert again.session_state[room_ui.ANSWERS_KEY] == asm.example_answers()
    assert [m for m in again.metric if m.label == t("assessment.scores.i_label", "nb")]
    # Clearing the answers takes them out of the URL too.
    again.button(key="assess_clear").click().run()
    assert asm.ANSWERS_PARAM not in again.query_params


def test_a_mangled_answers_link_is_ignored() -> None:
    at = open_page(PAGE, "nb", timeout=60, **{asm.ANSWERS_PARAM: "1_2_<script>"})
    assert room_ui.ANSWERS_KEY not in at.session_state
    assert not at.exception


def test_number_inputs_show_whole_numbers_without_decimals() -> None:
    """Whole facts are int inputs ("%d"); the others "%g" ("3", "2.5", never "3.0")."""
    at = _fill_example(open_page(PAGE, "en", timeout=60))
    formats = {n.key: n.proto.format for n in at.number_input}
    assert formats == {room_ui.answer_key("sellers"): "%d",
                       room_ui.answer_key("meetings"): "%g",
                       room_ui.answer_key("training_hours"): "%g"}
    assert at.number_input(key=room_ui.answer_key("sellers")).value == EXAMPLE["sellers"]


def test_the_map_carries_the_storys_plans_onto_the_team_and_draws_the_centre() -> None:
    at = _fill_example(open_page(PAGE, "en", timeout=60))
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    ik = next(s for s in specs if "ik_centre" in json.dumps(s))
    assert sum(1 for layer in ik["layer"] if layer.get("data", {}).get("name") == "ik_centre") == 2
    texts = _texts(at)
    assert t("assessment.map.centre", "en", split="50") in texts
    # the plans on the team: none is drawn at the story firm's own place
    scores, levers = asm.score(EXAMPLE), asm.to_levers(EXAMPLE)
    firm = asm.assessed_team(levers, scores, None)
    from rik.share import team_figures
    from ui import assessment_view as view

    for key in view.MAP_PLANS:
        on_team = rik.simulate(team_figures.plan_on_team(rik.presets()[key], firm), None,
                               asm.HORIZON, team=firm)
        story = rik.simulate(rik.presets()[key], None, asm.HORIZON)
        assert on_team.sales_nok.iloc[0] == pytest.approx(firm.sales_nok)
        point = [on_team[c].iloc[asm.HORIZON] for c in ("activity", "quality_per_meeting")]
        away = [story[c].iloc[asm.HORIZON] for c in ("activity", "quality_per_meeting")]
        assert point != pytest.approx(away, rel=1e-3)
