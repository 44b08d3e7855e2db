"""Landing page: the argument in one screen and three doors."""

import streamlit as st

from rik.charts.common import line_chart
from rik.story import chapters as story
from ui import cache, frame
from ui import charts as chart_ui

ctx = frame.page("home", layout="centered")
PHONE_TABLE_CSS = """<style>
@media (max-width: 640px) {
  [data-testid="stTable"] table { font-size: 0.72rem; }
  [data-testid="stTable"] th, [data-testid="stTable"] td { padding: 0.25rem 0.3rem; }
}
</style>"""
with frame.boundary(ctx):
    st.title(ctx.t("home.title"))
    st.markdown(ctx.t("home.formula"))
    st.write(ctx.t("home.lead"))
    st.caption(ctx.t("home.credit"))

    st.subheader(ctx.t("home.doors"))
    doors = [
        ("myth", "door_story", ":material/menu_book:"),
        ("calculator", "door_calculator", ":material/calculate:"),
        ("assessment", "door_assessment", ":material/checklist:"),
    ]
    for column, (key, label, icon) in zip(st.columns(3), doors, strict=True):
        with column.container(border=True):
            info = frame.PAGE_BY_KEY[key]
            st.page_link(
                info.path,
                label=ctx.t(f"home.{label}"),
                icon=icon,
                query_params=ctx.link_params(),
            )
            st.caption(ctx.t(f"home.{label}_help"))

    # The story's horizon: every path has played out (the catalyst's step at month 12 and
    # the numbers game's slide both take months).
    month = story.STORY_MONTHS
    runs = cache.presets(ctx.assumptions, month)
    st.subheader(ctx.t("home.table_title", month=month))
    # Two plain tables, money and people: each fits a phone's width (one data grid with
    # six columns hid half of them at 390 px).
    st.html(PHONE_TABLE_CSS)
    table = story.summary_table(runs, month, ctx.lang, "home").set_index(
        ctx.t("home.col_scenario")
    )
    money = [ctx.t("home.col_sales"), ctx.t("home.col_sales_delta")]
    st.table(table[money])
    st.table(table.drop(columns=money))
    st.caption(
        ctx.t("home.table_caption", month=month, set=ctx.t(f"frame.sets.{ctx.set_name}"))
    )
    chart_ui.show(
        line_chart, runs, "sales_nok", ctx.lang, title=ctx.t("home.chart_title"), height=300
    )
