"""Compare scenarios: up to six saved ones (or the story's presets) against the status quo.

The choice, labels and tables come from ``rik.charts.compare``; the saved list and the
download buttons from ``ui.saved``.
"""

import streamlit as st

import rik
from rik.charts import calculator as calc_charts
from rik.charts import compare
from rik.share import team_figures
from rik.share.scenario_io import SavedScenario
from ui import cache, frame, team_state
from ui import charts as chart_ui
from ui import saved as saved_ui

PICK_KEY = "compare_pick"
DEFAULT_KEY = "compare_pick_default"
MONTH_KEY = "compare_month"
DOWNLOAD_KEY = "compare_download"

ctx = frame.page("compare")
with frame.boundary(ctx):
    st.title(ctx.t("frame.pages.compare"))
    st.caption(ctx.t("compare.intro", n=compare.MAX_COMPARED))
    team_state.banner(ctx)

    saved = {s.name: s for s in saved_ui.entries()}
    presets = {k: team_figures.plan_on_team(s, ctx.team) for k, s in rik.presets().items()}
    options = compare.option_keys(list(saved))
    labels = compare.labels_for(options, ctx.lang)
    if not saved:
        with st.container(border=True):
            st.markdown(ctx.t("compare.nothing_saved"))
            calculator = frame.PAGE_BY_KEY["calculator"]
            st.page_link(calculator.path, label=ctx.t("compare.to_calculator"),
                         icon=calculator.icon, query_params=ctx.link_params())

    # The choice follows the default (first six saved, else the presets) until the user
    # changes it; names that were renamed or deleted drop out.
    default = compare.default_selection(list(saved))
    picked = st.session_state.get(PICK_KEY)
    if picked is None or picked == st.session_state.get(DEFAULT_KEY):
        st.session_state[PICK_KEY] = default
    else:
        st.session_state[PICK_KEY] = [k for k in picked if k in options][: compare.MAX_COMPARED]
    st.session_state[DEFAULT_KEY] = default
    chosen = st.multiselect(
        ctx.t("compare.pick"),
        options,
        format_func=lambda key: labels[key],
        max_selections=compare.MAX_COMPARED,
        key=PICK_KEY,
        help=ctx.t("compare.pick_help", n=compare.MAX_COMPARED),
    )
    if not chosen:
        st.info(ctx.t("compare.none_chosen"), icon=":material/info:")

    def scenario_of(key: str) -> tuple[rik.Scenario, int]:
        if key.startswith(compare.SAVED):
            item = saved[key[len(compare.SAVED):]]
            return item.scenario, item.months
        return presets[key], 24

    keys = ["baseline", *chosen]
    plans = {key: scenario_of(key) for key in keys}
    horizon = max(months for _scenario, months in plans.values())
    frames = {key: cache.simulate(s, ctx.assumptions, horizon, ctx.team)
              for key, (s, _m) in plans.items()}
    shown = {key: labels[key] for key in keys}
    drawn_with = ctx.drawn_with
    st.caption(ctx.t("compare.horizon", months=horizon))

    st.subheader(ctx.t("compare.charts_title"), anchor=False)
    pairs = compare.charts(frames, shown, ctx.lang)
    for row in (pairs[:2], pairs[2:]):
        for column_box, (column, chart) in zip(st.columns(2), row, strict=True):
            with column_box:
                chart_ui.draw(chart)
                with st.expander(ctx.t("frame.show_data")):
                    st.dataframe(
                        calc_charts.data_table(frames, (column,), ctx.lang, labels=shown),
                        hide_index=True,
                        width="stretch",
                    )
                st.caption(drawn_with)

    st.session_state[MONTH_KEY] = min(st.session_state.get(MONTH_KEY, 12), horizon)
    month = st.slider(
        ctx.t("compare.month"), min_value=0, max_value=horizon, step=1, key=MONTH_KEY,
        help=ctx.t("compare.month_help"),
    )
    st.subheader(ctx.t("compare.delta_title", month=month), anchor=False)
    st.dataframe(compare.delta_table(frames, shown, month, ctx.lang), hide_index=True,
                 width="stretch")
    st.caption(ctx.t("compare.delta_note") + " " + drawn_with)

    st.subheader(ctx.t("compare.levers_title"), anchor=False)
    lever_text, differs = compare.lever_table(
        {key: scenario for key, (scenario, _m) in plans.items()}, shown, ctx.lang
    )
    st.dataframe(compare.highlight(lever_text, differs), hide_index=True, width="stretch")
    st.caption(ctx.t("compare.levers_note"))

    st.subheader(ctx.t("compare.downloads_title"), anchor=False)
    if st.session_state.get(DOWNLOAD_KEY) not in keys:
        st.session_state[DOWNLOAD_KEY] = keys[-1]
    target = st.selectbox(ctx.t("compare.download_pick"), keys,
                          format_func=lambda key: shown[key], key=DOWNLOAD_KEY)
    scenario, months = plans[target]
    item = SavedScenario(scenario, months)
    left, right = st.columns(2)
    with left:
        saved_ui.results_csv_button(ctx, item, frames[target], label=shown[target],
                                    key="compare")
    with right:
        saved_ui.brief_button(ctx, scenario, months, label=shown[target], key="compare")

    st.subheader(ctx.t("compare.manage_title"), anchor=False)
    manage, transfer = st.columns(2, gap="large")
    with manage:
        saved_ui.manage_panel(ctx, key="compare")
    with transfer:
        saved_ui.import_export_panel(ctx, key="compare")
