"""Workshop rooms: participants join with a code and submit; the facilitator sees the room
(and shows it on the projector). The views live in ``ui/rooms_view.py``."""

import sqlalchemy as sa
import streamlit as st

from ui import frame
from ui import rooms as room_ui
from ui import rooms_view as view

ctx = frame.page("rooms")

with frame.boundary(ctx):
    projecting = bool(st.session_state.get(view.PROJECTOR)) and bool(
        st.session_state.get(view.FACILITATOR)
    )
    if not projecting:
        st.title(ctx.t("frame.pages.rooms"))
        st.write(ctx.t("rooms.intro"))
    try:
        store = room_ui.store()
    except (sa.exc.SQLAlchemyError, OSError, RuntimeError):
        frame.LOG.exception("rooms: database not available")
        st.error(ctx.t("rooms.errors.db"), icon=":material/cloud_off:")
        st.stop()

    if projecting:
        view.facilitator_view(ctx, store, st.session_state[view.FACILITATOR])
        st.stop()

    join_tab, run_tab = st.tabs(
        [ctx.t("rooms.tabs.join"), ctx.t("rooms.tabs.run")], key="rooms_tab"
    )
    with join_tab:
        me = st.session_state.get(view.PARTICIPANT)
        if me is None:
            me = room_ui.resume(store)  # a reload or reconnect: back in the same seat
            if me is not None:
                st.session_state[view.PARTICIPANT] = me
        if me is None:
            room_ui.restore_answers()  # answers a link or a reload carried
            view.join_form(ctx, store)
        else:
            view.participant_view(ctx, store, me)
    with run_tab:
        if st.session_state.pop("rooms_deleted", False):
            st.success(ctx.t("rooms.view.deleted"), icon=":material/delete:")
        me = st.session_state.get(view.FACILITATOR)
        if me is None:
            left, right = st.columns(2)
            with left:
                view.create_form(ctx, store)
            with right:
                view.open_form(ctx, store)
        else:
            view.facilitator_view(ctx, store, me)
