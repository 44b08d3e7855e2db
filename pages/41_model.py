"""How the model works: the feedback loops, the equations in words, what is left out.

Every number in the text comes from the active assumption set (``rik.story.about.model_values``).
"""

import pandas as pd
import streamlit as st

from rik.story import about
from rik.story import diagram as model_diagram
from ui import frame

STOCKS = (
    "stock_team",
    "stock_skill",
    "stock_burnout",
    "stock_csat",
    "stock_job",
    "stock_customers",
    "stock_avoiders",
    "stock_reputation",
    "stock_money",
)

ctx = frame.page("model")
with frame.boundary(ctx):
    values = about.model_values(ctx.assumptions, ctx.lang)
    st.title(ctx.t("frame.pages.model"))
    st.write(ctx.t("about.model.intro"))

    st.header(ctx.t("about.model.diagram_title"), anchor=False)
    loops = ("dilution", "burnout", "quality")
    tabs = st.tabs(
        [ctx.t(f"about.diagram.loops.{loop}") for loop in loops] + [ctx.t("about.model.all_links")]
    )
    for tab, loop in zip(tabs[:-1], loops, strict=True):
        diagram, words = tab.columns([3, 2], gap="large")
        diagram.graphviz_chart(model_diagram.dot(ctx.lang, loop), width="content")
        words.markdown(ctx.t(f"about.model.loop_{loop}"))
        words.caption(ctx.t("about.model.diagram_caption"))
    with tabs[-1]:
        st.graphviz_chart(model_diagram.dot(ctx.lang), width="stretch")
        st.caption(ctx.t("about.model.diagram_caption"))
    with st.expander(ctx.t("about.model.diagram_table")):
        rows = pd.DataFrame(model_diagram.edge_rows(ctx.lang)).rename(
            columns={name: ctx.t(f"about.model.col_{name}") for name in ("from", "effect", "to",
                                                                         "loop")}
        )
        st.dataframe(rows, hide_index=True, width="stretch")

    st.header(ctx.t("about.model.equations_title"), anchor=False)
    st.subheader(ctx.t("about.model.start_title"), anchor=False)
    st.markdown(ctx.t("about.model.start", **values))
    st.subheader(ctx.t("about.model.month_title"), anchor=False)
    st.markdown(ctx.t("about.model.month", **values))
    st.subheader(ctx.t("about.model.stocks_title"), anchor=False)
    for key in STOCKS:
        st.markdown(ctx.t(f"about.model.{key}", **values))
    st.caption(ctx.drawn_with)

    st.header(ctx.t("about.model.leaves_out_title"), anchor=False)
    st.markdown(ctx.t("about.model.leaves_out"))
    st.header(ctx.t("about.model.illustrative_title"), anchor=False)
    st.write(ctx.t("about.model.illustrative"))
    st.page_link(
        frame.PAGE_BY_KEY["assumptions"].path,
        label=ctx.t("about.model.to_assumptions"),
        icon=":material/fact_check:",
        query_params=ctx.link_params(),
    )
