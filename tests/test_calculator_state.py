"""The calculator's URL sync under reruns that carry an earlier URL of ours."""

from __future__ import annotations

from tests.apptest import open_page
from ui import state, widgets

PAGE = "pages/20_calculator.py"
LEVER = "meetings_per_seller_per_week"


def test_a_rerun_with_a_stale_url_of_ours_does_not_reset_the_levers() -> None:
    at = open_page(PAGE)
    slider = at.slider(key=widgets.widget_key(LEVER))
    first = dict(at.query_params)
    slider.set_value(11).run()
    assert at.query_params[LEVER] == "11"
    # A quick second key press: the browser has not taken the new address yet, so the
    # rerun still carries the first URL.
    for key, value in first.items():
        at.query_params[key] = value
    at.slider(key=widgets.widget_key(LEVER)).set_value(12).run()
    assert not at.exception
    assert at.slider(key=widgets.widget_key(LEVER)).value == 12
    assert at.query_params[LEVER] == "12"
    assert at.session_state[state.STATE_KEY].levers.meetings_per_seller_per_week == 12


def test_a_new_link_still_wins_over_the_widgets() -> None:
    at = open_page(PAGE)
    at.slider(key=widgets.widget_key(LEVER)).set_value(11).run()
    at.query_params[LEVER] = "17"
    at.run()
    assert at.slider(key=widgets.widget_key(LEVER)).value == 17
