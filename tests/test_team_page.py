"""The "Your team" page in AppTest: fill the form, run the calculator in the team's
kroner, share the link, and a bad link or form that changes nothing (issue 11)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from rik import fmt
from rik.share import team_figures
from rik.team import crm as team_import
from tests.apptest import open_page

TEAM = "pages/32_team.py"
CALC = "pages/20_calculator.py"


def _fill(at: AppTest) -> AppTest:
    at.slider(key="team_l_sellers").set_value(5)
    at.slider(key="team_l_meetings_per_seller_per_week").set_value(12)
    at.number_input(key="team_f_sales_nok").set_value(480_000)
    at.number_input(key="team_f_deal_value_nok").set_value(24_000)
    at.number_input(key="team_f_customers").set_value(180)
    at.number_input(key="team_f_lost_per_month").set_value(2)
    return at.run()


def _sales(at: AppTest) -> str:
    return next(m.value for m in at.metric if m.label == "Salg per måned")


def test_fill_the_form_then_the_calculator_runs_in_the_teams_kroner() -> None:
    at = _fill(open_page(TEAM, "nb"))
    assert not at.error, [e.value for e in at.error]
    at.button(key="team_use").click().run()
    link = at.query_params["team"]
    team = team_figures.from_param(link if isinstance(link, str) else link[-1])
    assert team.sales_nok == 480_000 and team.levers.sellers == 5
    assert any("Copy" in s.value or "Kopier" in s.value for s in at.success)
    at.switch_page(CALC).run()
    assert not at.exception
    assert _sales(at) == fmt.nok(480_000, "nb")  # the status quo is the team's own
    assert any("ditt teams tall" in i.value for i in at.info)
    at.slider(key="calc_lever_training_hours_per_month").set_value(8).run()
    shown = [m.value for m in at.metric]
    query = {k: at.query_params[k] for k in at.query_params}
    assert query["team"] == team_figures.to_param(team) and query["training_hours_per_month"] == "8"
    # The shared link, in a fresh session, gives the same numbers.
    fresh = open_page(CALC, "nb", **{k: v for k, v in query.items() if k != "lang"})
    assert [m.value for m in fresh.metric] == shown
    # The firm can be switched back in the sidebar, and the story's firm returns.
    at.sidebar.radio(key="_frame_firm").set_value("story").run()
    assert "team" not in at.query_params
    assert _sales(at) != fmt.nok(480_000, "nb")



def test_switching_satisfaction_and_sales_converts_the_figure_shown() -> None:
    at = open_page(TEAM, "en")
    at.number_input(key="team_f_csat").set_value(70).run()
    at.radio(key="team_f_satisfaction_mode").set_value("nps").run()
    assert not at.exception
    assert at.number_input(key="team_f_nps").value == 40  # (70 % − 50 %) × 2, not 0
    at.number_input(key="team_f_nps").set_value(-20).run()
    at.radio(key="team_f_satisfaction_mode").set_value("csat").run()
    assert at.number_input(key="team_f_csat").value == 40  # 50 % − 20 / 2
    at.number_input(key="team_f_sales_nok").set_value(600_000).run()
    at.radio(key="team_f_sales_mode").set_value("deals").run()
    assert at.text_input(key="team_f_deals_per_month").value == "20"  # 600 000 / 30 000
    assert not at.error, [e.value for e in at.error]
    at.text_input(key="team_f_deals_per_month").set_value("22.5").run()
    at.radio(key="team_f_sales_mode").set_value("sales").run()
    assert at.number_input(key="team_f_sales_nok").value == 675_000  # 22.5 × 30 000


def test_whole_figures_are_shown_without_decimals() -> None:
    """Streamlit draws a float input with its format: "%g" writes 3 as "3" (not "3.0");
    customers are counted, so theirs is a whole-number input."""
    at = open_page(TEAM, "en")
    formats = {n.key: n.proto.format for n in at.number_input}
    assert formats.pop("team_f_customers") == "%d"
    assert formats and set(formats.values()) == {"%g"}, formats


def test_active_customers_are_whole() -> None:
    """A reviewer typed 250.5 active customers and the form took it."""
    at = open_page(TEAM, "nb")
    at.number_input(key="team_f_customers").set_value(250.5).run()
    assert at.number_input(key="team_f_customers").value == 250
    at.button(key="team_use").click().run()
    link = at.query_params["team"]
    team = team_figures.from_param(link if isinstance(link, str) else link[-1])
    assert team.customers == 250


def test_deals_per_month_are_written_in_the_pages_language() -> None:
    """650 000 kr at 30 000 kr a deal is 21.67 deals: "21,67" on a Norwegian page (Streamlit's
    number input would write "21.67"); what is typed is read the Norwegian way, and a text
    that is not a number is named in the message."""
    at = open_page(TEAM, "nb")
    at.radio(key="team_f_sales_mode").set_value("deals").run()
    assert at.text_input(key="team_f_deals_per_month").value == "21,67"
    assert not [n for n in at.number_input if n.key == "team_f_deals_per_month"]
    at.text_input(key="team_f_deals_per_month").set_value("25,5").run()
    assert not at.error, [e.value for e in at.error]
    assert any(fmt.number(25.5, "nb", 1) + " avtaler" in c.value for c in at.caption)
    at.text_input(key="team_f_deals_per_month").set_value("mange").run()
    assert at.error and "«mange»" in at.error[0].value and at.button(key="team_use").disabled
    en = open_page(TEAM, "en")
    en.radio(key="team_f_sales_mode").set_value("deals").run()
    assert en.text_input(key="team_f_deals_per_month").value == "21.67"


def test_a_contradiction_is_told_in_norwegian_and_changes_nothing() -> None:
    at = open_page(TEAM, "nb")
    at.number_input(key="team_f_lost_per_month").set_value(400).run()
    errors = [e.value for e in at.error]
    assert errors and "færre enn de aktive kundene" in errors[0]
    assert at.button(key="team_use").disabled
    assert "team" not in at.query_params


def test_a_bad_team_in_the_link_gives_one_note_and_keeps_the_last_good_team() -> None:
    good = team_figures.to_param(team_figures.make_team({"sellers": 6}, {
        "sales_nok": 650_000, "deal_value_nok": 30_000, "customers": 250,
        "lost_per_month": 3, "csat": 0.8, "burnout": 0.5}))
    at = open_page(CALC, "en", team=good)
    before = next(m.value for m in at.metric if m.label == "Sales per month")
    at.query_params["team"] = good.replace("_250_", "_oops_")
    at.run()
    notes = [i.value for i in at.info if "team figures in the link" in i.value]
    assert len(notes) == 1 and "Active customers" in notes[0]
    assert at.query_params["team"] in (good, [good])
    assert next(m.value for m in at.metric if m.label == "Sales per month") == before


def test_the_template_upload_shows_the_fit() -> None:
    def app() -> None:
        import rik
        from rik.team import crm as team_import
        from ui import frame, team_view

        ctx = frame.Ctx("team", "nb", "article", rik.load_assumptions("article"), False)
        team_view.show_file(ctx, team_import.template_csv(ctx.lang))

    at = AppTest.from_function(app, default_timeout=30)
    at.query_params["lang"] = "nb"
    at.run()
    assert not at.exception and not at.error
    assert any("Leste 12 måneder" in s.value for s in at.success)
    assert any("Metode: dagens nivå er snittet av de siste 3" in c.value for c in at.caption)
    charts = [e for e in at.main if getattr(e, "type", "") == "vega_lite_chart"
              or type(e).__name__ == "vega_lite_chart"]
    assert len(charts) == 2 and "Historikken din" in charts[0].proto.spec
    at.button(key="team_use_estimate").click().run()
    assert "team" in at.query_params
    assert team_import.MAX_BYTES == 1_000_000


def test_a_broken_upload_says_row_and_column() -> None:
    def app() -> None:
        import rik
        from ui import frame, team_view

        ctx = frame.Ctx("team", "en", "article", rik.load_assumptions("article"), False)
        team_view.show_file(ctx, b"month;sellers\n2025-01;x\n")

    at = AppTest.from_function(app, default_timeout=30)
    at.query_params["lang"] = "en"
    at.run()
    text = at.error[0].value
    assert "The file was not used" in text and "The column «meetings» is missing" in text
