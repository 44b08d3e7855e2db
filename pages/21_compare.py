"""Compare scenarios: up to six saved ones (or the story's presets) against the status quo.

The choice, labels, runs and tables come from ``ui.compare_view``, the charts from
``rik.charts.compare``, the saved list and the download buttons from ``ui.saved``.
"""

import streamlit as st

from rik.charts import calculator as calc_charts
from rik.charts import compare
from ui import charts as chart_ui
from ui import compare_view as view
from ui import frame, team_state
from ui import saved as saved_ui

ctx = frame.page("compare")
with frame.boundary(ctx):
    st.title(ctx.t("frame.pages.compare"))
    st.caption(ctx.t("compare.intro", n=view.MAX_COMPARED))
    team_state.banner(ctx)

    saved = {s.name: s for s in saved_ui.entries()}
    options = view.option_keys(list(saved))
    labels = view.labels_for(options, ctx.lang)
    if not saved:
        with st.container(border=True):
            st.markdown(ctx.t("compare.nothing_saved"))
            calculator = frame.PAGE_BY_KEY["calculator"]
            st.page_link(calculator.path, label=ctx.t("compare.to_calculator"),
                         icon=calculator.icon, query_params=ctx.link_params())

    view.follow_default(list(saved))
    chosen = st.multiselect(
        ctx.t("compare.pick"),
        options,
        format_func=labels.__getitem__,
        max_selections=view.MAX_COMPARED,
        key=view.PICK_KEY,
        help=ctx.t("compare.pick_help", n=view.MAX_COMPARED),
    )
    if not chosen:
        st.info(ctx.t("compare.none_chosen"), icon=":material/info:")

    keys = ["baseline", *chosen]
    plans = view.plans(keys, saved, ctx.team)
    frames, horizon = view.runs(ctx, plans)
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

    view.keep_month(horizon)
    month = st.slider(
        ctx.t("compare.month"), min_value=0, max_value=horizon, step=1, key=view.MONTH_KEY,
        help=ctx.t("compare.month_help"),
    )
    st.subheader(ctx.t("compare.delta_title", month=month), anchor=False)
    st.dataframe(view.delta_table(frames, shown, month, ctx.lang), hide_index=True,
                 width="stretch")
    st.caption(ctx.t("compare.delta_note") + " " + drawn_with)

    st.subheader(ctx.t("compare.levers_title"), anchor=False)
    st.dataframe(view.lever_styler(plans, shown, ctx.lang), hide_index=True, width="stretch")
    st.caption(ctx.t("compare.levers_note"))

    st.subheader(ctx.t("compare.downloads_title"), anchor=False)
    view.keep_download(keys, ctx.lang)
    target = st.selectbox(ctx.t("compare.download_pick"), keys,
                          format_func=shown.__getitem__, key=view.DOWNLOAD_KEY)
    item = plans[target]
    left, right = st.columns(2)
    with left:
        saved_ui.results_csv_button(ctx, item, frames[target], label=shown[target],
                                    key=view.WIDGETS)
    with right:
        saved_ui.brief_button(ctx, item.scenario, item.months, label=shown[target],
                              key=view.WIDGETS)

    st.subheader(ctx.t("compare.manage_title"), anchor=False)
    manage, transfer = st.columns(2, gap="large")
    with manage:
        saved_ui.manage_panel(ctx, key=view.WIDGETS)
    with transfer:
        saved_ui.import_export_panel(ctx, key=view.WIDGETS)
