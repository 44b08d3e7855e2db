"""The what-if calculator: levers, KPIs against the status quo, charts and a readout.

The state lives in the URL (see ``ui/state.py`` for why we sync it ourselves rather than
with ``bind="query-params"``). A preset's later steps (the catalyst's extra meetings
from month 12) are kept while their lever is untouched; once the user moves that lever,
the user's value holds from month 0 and the step is shown as not used
(``rik.share.urlstate.CalcState.kept_changes``).

The body (``ui/calculator_view.py``) runs as a fragment: a lever move reruns it alone,
not the frame around it nor the save, brief and compare row under it.
"""

import streamlit as st

from ui import calculator_view as view
from ui import frame, state, team_state

ctx = frame.page("calculator")
with frame.boundary(ctx):
    st.html(view.KPI_CSS)
    notes = state.start(ctx.team)
    st.title(ctx.t("frame.pages.calculator"))
    if ctx.present:
        st.html(view.PRESENT_CSS)
    else:
        st.caption(ctx.t("calculator.intro"))
    team_state.banner(ctx)
    if notes:
        st.info(view.notes_text(notes, ctx.lang), icon=":material/link_off:")
    st.fragment(view.body)(ctx)
    view.keep_row(ctx)
