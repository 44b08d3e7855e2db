"""The self-assessment: questionnaire data, validation, scoring, levers, plan and effects."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rik
from rik.i18n import LANGS, strings, t
from rik.model.levers import QUALITY_LEVERS
from rik.team import assessment as asm

EXAMPLE = asm.example_answers()
LIKERT_KEYS = [i.key for i in asm.ITEMS if i.kind == "likert"]
PLACEHOLDER = re.compile(r"\[[a-z_]+\.[a-z_.]+\]")


def answers(**changes):
    return {**EXAMPLE, **changes}


def all_likert(value: int, **facts):
    base = {k: value for k in LIKERT_KEYS}
    base.update(sellers=8, meetings=10, training_hours=2)
    base.update(facts)
    return base


def codes(issues):
    return [(i.level, i.code, i.item) for i in issues]


# --- The questionnaire -------------------------------------------------------------------


def test_questionnaire_has_12_to_16_items_in_both_languages():
    assert 12 <= len(asm.ITEMS) <= 16
    for item in asm.ITEMS:
        for lang in LANGS:
            assert item.text(lang).strip() and item.short(lang).strip(), item.key
        assert item.text("nb") != item.text("en"), f"{item.key} is not translated"


def test_questionnaire_covers_the_facts_and_every_quality_measure():
    facts = {i.key for i in asm.ITEMS if i.kind == "number"}
    assert facts == {"sellers", "meetings", "training_hours"}
    likert_habits = {i.habit for i in asm.ITEMS if i.kind == "likert"}
    assert likert_habits == {
        "activity", "onboarding", "training", "needs", "development", "feedback",
    }
    assert set(asm.K_HABITS) == {"onboarding", "training", "needs", "development", "feedback"}


def test_every_message_key_exists_in_both_languages():
    source = Path(asm.__file__).read_text(encoding="utf-8")
    issue_codes = set(re.findall(r'Issue\(\s*"(?:error|warning)",\s*"([a-z_]+)"', source))
    assert {"missing", "no_sellers", "no_meetings", "clamped"} <= issue_codes
    keys = [f"assessment.issues.{c}" for c in issue_codes]
    keys += [f"assessment.quadrants.{q}.{f}" for q in asm.QUADRANTS for f in ("name", "text")]
    keys += [f"assessment.next_steps.{lever}" for lever in rik.LEVER_NAMES]
    for lang in LANGS:
        missing = [k for k in keys if k not in strings(lang)]
        assert not missing, (lang, missing)


# --- Validation ----------------------------------------------------------------------------


def test_example_answers_are_valid():
    assert asm.validate(EXAMPLE) == []
    assert asm.is_complete(EXAMPLE)


def test_missing_answers_are_named():
    incomplete = dict(EXAMPLE)
    del incomplete["dev_plan"]
    incomplete["fb_ask"] = None
    found = codes(asm.validate(incomplete))
    assert ("error", "missing", "dev_plan") in found
    assert ("error", "missing", "fb_ask") in found
    text = [i.text("en") for i in asm.validate(incomplete)]
    assert any("Personal development plans" in m for m in text)
    assert not asm.assess(incomplete).ok


def test_zero_sellers_and_zero_meetings_are_errors_with_clear_messages():
    issues = asm.validate(answers(sellers=0, meetings=0))
    assert ("error", "no_sellers", "sellers") in codes(issues)
    assert ("error", "no_meetings", "meetings") in codes(issues)
    for lang in LANGS:
        for issue in issues:
            message = issue.text(lang)
            assert message and not PLACEHOLDER.search(message)
    assert "0" in asm.validate(answers(sellers=0))[0].text("en")
    result = asm.assess(answers(sellers=0))
    assert not result.ok and result.scores is None and result.levers is None


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"act_plan": 6}, "likert_invalid"),
        ({"act_plan": 2.5}, "likert_invalid"),
        ({"act_plan": True}, "likert_invalid"),
        ({"act_plan": "3"}, "likert_invalid"),
        ({"sellers": -1}, "out_of_range"),
        ({"sellers": 501}, "out_of_range"),
        ({"sellers": 7.5}, "not_whole"),
        ({"meetings": float("nan")}, "not_number"),
        ({"meetings": "ten"}, "not_number"),
        ({"surprise": 1}, "unknown_item"),
    ],
)
def test_bad_values_are_errors(changes, code):
    issues = asm.validate(answers(**changes))
    assert code in [i.code for i in asm.errors(issues)]
    assert not asm.assess(answers(**changes)).ok


def test_not_a_mapping_is_an_error():
    assert [i.code for i in asm.validate(["sellers", 8])] == ["not_answers"]


def test_answers_outside_the_model_range_are_clamped_with_a_warning():
    result = asm.assess(answers(sellers=1, meetings=45, training_hours=40))
    assert result.ok
    warned = {i.item for i in result.issues if i.code == "clamped"}
    assert warned == {"sellers", "meetings", "training_hours"}
    assert result.levers.sellers == 2
    assert result.levers.meetings_per_seller_per_week == 30
    assert result.levers.training_hours_per_month == 24
    message = next(i for i in result.issues if i.item == "meetings").text("nb")
    assert "45" in message and "30" in message


def test_contradictions_get_a_warning():
    coaching = asm.validate(answers(training_hours=0, trn_coaching=5))
    assert ("warning", "coaching_without_hours", "training_hours") in codes(coaching)
    feedback = asm.validate(answers(fb_ask=1, fb_act=5))
    assert ("warning", "feedback_without_asking", "fb_act") in codes(feedback)
    assert asm.validate(answers(training_hours=4, trn_coaching=5)) == []


# --- Scoring -------------------------------------------------------------------------------


def test_top_answers_score_100_and_bottom_answers_score_0():
    full = all_likert(5, meetings=asm.SCORING["meetings_full"],
                      training_hours=asm.SCORING["training_full_hours"])
    top = asm.score(full)
    assert top.i == pytest.approx(100) and top.k == pytest.approx(100)
    assert top.quadrant == "catalyst"
    bottom = asm.score(all_likert(1, meetings=2, training_hours=0))
    assert bottom.k == pytest.approx(0)
    assert bottom.i == pytest.approx(100 * asm.SCORING["meetings_weight"] * 2 / 20)
    assert bottom.quadrant == "room_to_grow"


def test_scores_are_the_sum_of_their_parts():
    scores = asm.score(EXAMPLE)
    assert scores.i == pytest.approx(sum(p.points for p in scores.parts if p.score == "I"))
    assert scores.k == pytest.approx(sum(p.points for p in scores.parts if p.score == "K"))
    assert sum(p.max_points for p in scores.parts) == pytest.approx(200)
    onboarding = next(p for p in scores.parts if p.part == "onboarding")
    # onb_plan = 2, onb_shadow = 2: a quarter of the way from 1 to 5, of 20 points.
    assert onboarding.points == pytest.approx(5)


@pytest.mark.parametrize(
    ("i", "k", "name"),
    [(80, 80, "catalyst"), (80, 20, "numbers_game"), (20, 80, "quality_first"),
     (20, 20, "room_to_grow"), (50, 49.9, "numbers_game"), (49.9, 50, "quality_first")],
)
def test_quadrants(i, k, name):
    assert asm.quadrant(i, k) == name


def test_more_meetings_with_the_same_habits_never_lower_the_i_score():
    low = asm.score(answers(meetings=6)).i
    high = asm.score(answers(meetings=16)).i
    assert high > low
    assert asm.score(answers(meetings=40)).i == asm.score(answers(meetings=20)).i


likert_answers = st.fixed_dictionaries(
    {k: st.integers(min_value=1, max_value=5) for k in LIKERT_KEYS}
    | {
        "sellers": st.integers(min_value=1, max_value=500),
        "meetings": st.floats(min_value=0.5, max_value=100),
        "training_hours": st.floats(min_value=0, max_value=200),
    }
)


@settings(max_examples=150, deadline=None)
@given(likert_answers, st.sampled_from(LIKERT_KEYS))
def test_scores_stay_in_range_and_agreeing_more_never_lowers_a_score(data, key):
    result = asm.assess(data)
    assert result.ok
    scores = result.scores
    assert 0 <= scores.i <= 100 and 0 <= scores.k <= 100
    assert isinstance(result.levers, rik.Levers)  # valid levers for any valid answers
    if data[key] < 5:
        better = asm.score({**data, key: data[key] + 1})
        assert better.i >= scores.i and better.k >= scores.k
        assert (better.i, better.k) != (scores.i, scores.k)


# --- Levers --------------------------------------------------------------------------------


def test_example_team_maps_close_to_the_status_quo():
    levers = asm.to_levers(EXAMPLE)
    sq = rik.status_quo()
    assert levers.sellers == sq.sellers
    assert levers.meetings_per_seller_per_week == sq.meetings_per_seller_per_week
    assert levers.training_hours_per_month == sq.training_hours_per_month
    assert abs(levers.onboarding - sq.onboarding) <= 0.1
    assert abs(levers.relationship_time_share - sq.relationship_time_share) <= 0.1
    assert abs(levers.development - sq.development) <= 0.1


def test_levers_follow_the_answers_and_sit_on_the_step_grid():
    top = asm.to_levers(all_likert(5, meetings=12.4, training_hours=6))
    assert top.onboarding == 1.0 and top.development == 1.0
    assert top.relationship_time_share == pytest.approx(asm.SCORING["relationship_max"])
    assert top.meetings_per_seller_per_week == 12
    bottom = asm.to_levers(all_likert(1))
    assert bottom.onboarding == 0.0 and bottom.development == 0.0
    assert bottom.relationship_time_share == pytest.approx(asm.SCORING["relationship_min"])
    for levers in (top, bottom, asm.to_levers(EXAMPLE)):
        for name, value in levers.to_dict().items():
            step = rik.lever_meta(name)["step"]
            assert abs(value / step - round(value / step)) < 1e-9, (name, value)


def test_to_levers_refuses_invalid_answers():
    with pytest.raises(ValueError, match="sellers"):
        asm.to_levers(answers(sellers=0))


# --- Plan and lever effects --------------------------------------------------------------


def test_recommended_plan_raises_quality_and_never_lowers_it():
    catalyst = rik.presets()["catalyst"]
    strong = asm.to_levers(all_likert(5, training_hours=20))
    for levers in (asm.to_levers(EXAMPLE), strong):
        plan = asm.recommended_plan(levers)
        for lever in QUALITY_LEVERS:
            assert getattr(plan.levers, lever) >= getattr(levers, lever)
            assert getattr(plan.levers, lever) >= getattr(catalyst.levers, lever)
        assert plan.levers.sellers == levers.sellers
        assert [c.month for c in plan.changes] == [c.month for c in catalyst.changes]
    assert asm.recommended_plan(strong).levers.training_hours_per_month == 20


@pytest.mark.parametrize(
    "team",
    [EXAMPLE, answers(meetings=20), answers(meetings=24, sellers=12), all_likert(4)],
)
def test_recommended_plan_beats_current_habits_by_month_24(team):
    levers = asm.to_levers(team)
    now = rik.simulate(asm.current_scenario(levers), None, asm.HORIZON).iloc[asm.HORIZON]
    plan = rik.simulate(asm.recommended_plan(levers), None, asm.HORIZON).iloc[asm.HORIZON]
    assert plan.sales_nok > now.sales_nok
    assert plan.csat >= now.csat - 0.005
    if levers.meetings_per_seller_per_week >= 20:  # an overloaded team burns out less
        assert plan.burnout_share < now.burnout_share


def test_lever_effects_are_finite_differences_of_sales_at_month_24():
    levers = asm.to_levers(EXAMPLE)
    effects = asm.lever_effects(levers)
    assert [e.lever for e in effects] == list(rik.LEVER_NAMES)
    base = rik.simulate(asm.current_scenario(levers), None, 24)["sales_nok"].iloc[24]
    for effect in effects:
        step = rik.lever_meta(effect.lever)["step"]
        assert effect.stepped == pytest.approx(getattr(levers, effect.lever) + step)
        stepped = rik.Scenario("x", levers, (rik.Change(1, effect.lever, effect.stepped),))
        direct = rik.simulate(stepped, None, 24)["sales_nok"].iloc[24]
        assert effect.sales == pytest.approx(base)
        assert effect.gain == pytest.approx(direct - base)


def test_top_levers_are_the_largest_positive_habit_levers():
    effects = asm.lever_effects(asm.to_levers(EXAMPLE))
    top = asm.top_levers(effects)
    assert 1 <= len(top) <= 3
    assert all(e.lever != "sellers" and e.gain > 0 for e in top)
    gains = [e.gain for e in top]
    assert gains == sorted(gains, reverse=True)
    rest = [e for e in effects if e not in top and e.lever != "sellers"]
    assert all(e.gain <= gains[-1] for e in rest)
    for effect in top:
        for lang in LANGS:
            assert not t(effect.next_step_key, lang).startswith("[")


def test_top_levers_depend_on_the_team():
    overloaded = asm.to_levers(all_likert(1, meetings=28, training_hours=0))
    skilled = asm.to_levers(all_likert(5, meetings=6, training_hours=20))
    first = [e.lever for e in asm.top_levers(asm.lever_effects(overloaded))]
    second = [e.lever for e in asm.top_levers(asm.lever_effects(skilled))]
    assert first != second
    assert "meetings_per_seller_per_week" in second  # a skilled team can carry more


def test_a_lever_at_its_maximum_is_not_stepped():
    levers = asm.to_levers(all_likert(5, training_hours=24))
    effects = {e.lever: e for e in asm.lever_effects(levers)}
    assert effects["onboarding"].at_max and effects["onboarding"].gain == 0
    assert all(e.lever != "onboarding" for e in asm.top_levers(effects.values()))


# --- Summary -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_summary_markdown_in_each_language(lang):
    result = asm.assess(EXAMPLE)
    levers = result.levers
    frames = {
        "current": rik.simulate(asm.current_scenario(levers), None, 24),
        "recommended": rik.simulate(asm.recommended_plan(levers), None, 24),
    }
    effects = asm.lever_effects(levers)
    text = asm.summary_markdown(result, frames, effects, lang, "X")
    assert not PLACEHOLDER.search(text)
    assert text.startswith(f"# {t('assessment.summary.title', lang)}")
    assert t(f"assessment.quadrants.{result.quadrant}.name", lang) in text
    for effect in asm.top_levers(effects):
        assert t(effect.next_step_key, lang) in text
    other = "en" if lang == "nb" else "nb"
    assert t("assessment.summary.title", other) not in text


def test_summary_needs_a_complete_assessment():
    with pytest.raises(ValueError):
        asm.summary_markdown(asm.assess({}), {}, [], "en", "X")


def test_answers_survive_the_trip_through_a_url() -> None:
    answers = asm.example_answers()
    text = asm.encode_answers(answers)
    assert asm.decode_answers(text) == answers
    half = {**answers, asm.ITEMS[0].key: None, asm.ITEMS[1].key: 2.5}
    back = asm.decode_answers(asm.encode_answers(half))
    assert back[asm.ITEMS[0].key] is None and back[asm.ITEMS[1].key] == 2.5


@pytest.mark.parametrize(
    "text", ["", "1_2", "x" * 500, None, 5, "_".join(["1e999"] * len(asm.ITEMS))]
)
def test_a_mangled_answers_parameter_is_no_answers(text: object) -> None:
    decoded = asm.decode_answers(text)
    assert decoded is None or all(v is None for v in decoded.values())


def test_the_effort_line_moves_with_the_activity_habits_around_the_story_firms_meetings():
    base = asm.example_answers()

    def line(level: int) -> float:
        return asm.meetings_at_split(asm.score(base | {"act_plan": level, "act_leads": level}))

    assert line(1) == pytest.approx(40 / 3) and line(5) == pytest.approx(20 / 3)
    assert line(3) == pytest.approx(rik.presets()["baseline"].levers.meetings_per_seller_per_week)
    for level in (1, 3, 5):  # at the line the I score is exactly the split
        answers = base | {"act_plan": level, "act_leads": level, "meetings": line(level)}
        assert asm.score(answers).i == pytest.approx(asm.SCORING["quadrant_split"])


def test_a_meetings_answer_on_a_half_step_rounds_up_as_the_score_counts_it():
    assert asm.to_levers(asm.example_answers() | {"meetings": 12.5}
                         ).meetings_per_seller_per_week == 13
    assert asm.to_levers(asm.example_answers() | {"meetings": 12.4}
                         ).meetings_per_seller_per_week == 12
