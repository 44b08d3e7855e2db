"""The calculator's readout sentence and KPI figures come from the numbers, not from text."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import rik
from rik import fmt
from rik.i18n import LANGS, t
from rik.model.payback import payback_month
from rik.story import readout


def _frame(sales: list[float], burnout: list[float]) -> pd.DataFrame:
    frame = pd.DataFrame({"sales_nok": sales, "burnout_share": burnout})
    frame.index.name = "month"
    return frame


@pytest.mark.parametrize(
    ("sales", "burnout", "en_words", "nb_words"),
    [
        ([100.0, 138.0], [0.45, 0.41], ("38% above", "falls to 41%"), ("38 % høyere", "faller")),
        ([100.0, 80.0], [0.45, 0.88], ("20% below", "rises to 88%"), ("20 % lavere", "stiger")),
        ([100.0, 100.2], [0.45, 0.452], ("about the same", "stays at 45%"), ("omtrent", "holder")),
    ],
)
def test_direction_words_follow_the_sign(sales, burnout, en_words, nb_words) -> None:
    frame = _frame(sales, burnout)
    en = readout.sentence(frame, 1, "en")
    nb = readout.sentence(frame, 1, "nb")
    assert en.startswith("By month 1, sales are") and en.endswith(".")
    assert nb.startswith("I måned 1 er salget")
    for word in en_words:
        assert word in en
    for word in nb_words:
        assert word.replace(" %", "\u00a0%") in nb


def test_sentence_uses_the_models_numbers() -> None:
    run = rik.simulate(rik.presets()["quality_first"], rik.load_assumptions("article"), 24)
    change = run.loc[12, "sales_nok"] / run.loc[0, "sales_nok"] - 1
    text = readout.sentence(run, 12, "en")
    assert fmt.percent(change, "en") in text and "above" in text
    assert f"falls to {fmt.percent(run.loc[12, 'burnout_share'], 'en')}" in text
    game = rik.simulate(rik.presets()["numbers_game"], rik.load_assumptions("article"), 24)
    assert "rises to" in readout.sentence(game, 12, "en")
    assert "below" in readout.sentence(game, 24, "en")


def test_kpis_have_deltas_against_baseline_with_the_right_colour() -> None:
    a = rik.load_assumptions("article")
    base = rik.simulate(rik.presets()["baseline"], a, 24)
    game = rik.simulate(rik.presets()["numbers_game"], a, 24)
    kpis = {k.column: k for k in readout.kpis(game, base, 12, "en")}
    assert list(kpis) == list(readout.KPI_COLUMNS)
    burnout = kpis["burnout_share"]
    assert burnout.delta.startswith("+") and burnout.delta_color == "red"
    assert burnout.delta_arrow == "up"  # more burnout: up, and worse
    assert kpis["csat"].delta.startswith("-") and kpis["csat"].delta_color == "red"
    assert kpis["csat"].delta_arrow == "down"
    assert kpis["churn_rate"].delta_color == "red" and kpis["churn_rate"].delta_arrow == "up"
    assert kpis["sales_nok"].value == fmt.nok(game.loc[12, "sales_nok"], "en")
    assert kpis["sales_nok"].raw == pytest.approx(game.loc[12, "sales_nok"])


def test_norwegian_deltas_keep_the_locales_minus_with_the_arrow_given() -> None:
    """The change under a key number is written as everywhere else (a real minus in
    Norwegian); its arrow and colour are given from the numbers, so a fall in burnout is
    a down arrow in green."""
    a = rik.load_assumptions("article")
    base = rik.simulate(rik.presets()["baseline"], a, 24)
    good = rik.simulate(rik.presets()["quality_first"], a, 24)
    kpis = {k.column: k for k in readout.kpis(good, base, 12, "nb")}
    burnout = kpis["burnout_share"]
    assert burnout.delta.startswith(fmt.MINUS) and not burnout.delta.startswith("-")
    assert burnout.delta_arrow == "down" and burnout.delta_color == "green"
    assert burnout.delta == rik.model.outputs.change_text(
        "burnout_share", burnout.raw, burnout.raw_base, "nb")[0]
    assert kpis["burnout_share"].value.endswith("\u00a0%")


def test_zero_delta_is_grey() -> None:
    a = rik.load_assumptions("article")
    base = rik.simulate(rik.presets()["baseline"], a, 24)
    for lang in LANGS:
        for kpi in readout.kpis(base, base, 12, lang):
            assert kpi.delta_color == "gray" and kpi.delta_arrow == "off", kpi


def test_money_kpis_show_kroner_and_their_difference() -> None:
    a = rik.load_assumptions("article")
    base = rik.simulate(rik.presets()["baseline"], a, 24)
    plan = rik.simulate(rik.presets()["quality_first"], a, 24)
    for lang in LANGS:
        kpi = {k.column: k for k in readout.kpis(plan, base, 12, lang)}["contribution_nok"]
        assert kpi.value == fmt.nok(plan.loc[12, "contribution_nok"], lang)
        diff = round(plan.loc[12, "contribution_nok"] - base.loc[12, "contribution_nok"], -3)
        assert diff > 0 and kpi.delta == fmt.signed_nok(diff, lang)
        assert kpi.delta_color == "green" and kpi.delta_arrow == "up"


def test_payback_is_read_out_from_the_contribution() -> None:
    a = rik.load_assumptions("article")
    base = rik.simulate(rik.presets()["baseline"], a, 24)
    mats = rik.simulate(rik.presets()["quality_first"], a, 24)
    month = payback_month(mats, base)
    assert month is not None and month > 0
    assert readout.payback(mats, base, "en") == t("calculator.readout.payback", "en", month=month)
    hire = rik.simulate(rik.Scenario("hire", rik.status_quo().replace(sellers=16)), a, 24)
    assert "not paid for itself within 24 months" in readout.payback(hire, base, "en")
    assert readout.payback(base, base, "nb") is None
    # A plan that never costs more than the status quo says so, rather than nothing.
    ahead = base.assign(contribution_nok=base.contribution_nok + 1_000.0)
    assert readout.payback(ahead, base, "en") == t("calculator.readout.ahead", "en")
    steps = np.array([1_000.0] * 12 + [-3_000.0] * 13)
    slipping = base.assign(contribution_nok=base.contribution_nok + steps)
    assert readout.payback(slipping, base, "nb") == t("calculator.readout.fell_behind", "nb",
                                                      month=16)


def test_a_bigger_team_reads_out_sales_per_seller() -> None:
    a = rik.load_assumptions("article")
    base = rik.simulate(rik.presets()["baseline"], a, 24)
    hire = rik.simulate(rik.Scenario("hire", rik.status_quo().replace(sellers=16)), a, 24)
    text = readout.per_seller(hire, base, 24, "en")
    per = hire.sales_nok[24] / hire.sellers_total[24]
    assert fmt.nok(per, "en") in text and per < base.sales_nok[24] / 8
    assert readout.per_seller(base, base, 24, "en") is None


def test_the_contribution_kpi_says_what_it_counts() -> None:
    """Contribution is the margin on the whole book of fees, so it can exceed a month's
    sales; the card's help says so rather than leave a sales leader puzzled."""
    a = rik.load_assumptions("article")
    base = rik.simulate(rik.presets()["baseline"], a, 24)
    for lang in LANGS:
        kpi = {k.column: k for k in readout.kpis(base, base, 12, lang)}["contribution_nok"]
        assert kpi.help and t("common.output_help.contribution_nok", lang) == kpi.help
        assert ("honorar" if lang == "nb" else "fees") in kpi.help
        assert {k.column: k for k in readout.kpis(base, base, 12, lang)}["csat"].help is None
