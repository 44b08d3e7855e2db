"""Your team: the model on a real team's figures, from a form or a CRM export (issue 11).

The logic is in ``ui/team_view.py`` (drawing) and ``rik/share/team_figures.py``,
``rik/team/crm.py`` (pure). Nothing about the team is stored on the server.
"""

import streamlit as st

from ui import frame, team_view

ctx = frame.page("team")
with frame.boundary(ctx):
    st.title(ctx.t("frame.pages.team"))
    st.markdown(ctx.t("team.page.intro"))
    st.info(ctx.t("team.page.privacy"), icon=":material/lock:")
    team_view.form(ctx)
    st.divider()
    team_view.importer(ctx)
