"""Workshop rooms: participants join with a code and submit; the facilitator sees the room."""

import time

import pandas as pd
import sqlalchemy as sa
import streamlit as st

import rik
from rik import assessment as asm
from rik import fmt, rooms, scenario_io
from ui import cache, frame, saved
from ui import rooms as room_ui

ctx = frame.page("rooms")
LIVE_SECONDS = 10
PARTICIPANT = "rooms_participant"  # {"code", "nickname", "token"} after joining
FACILITATOR = "rooms_facilitator"  # {"code", "key"} after creating or opening a room
NEW_ROOM = "rooms_new"  # {"code", "key"} shown until the facilitator confirms saving


def error_text(exc: rooms.RoomError) -> str:
    text = ctx.t(f"rooms.errors.{exc.code}")
    return ctx.t("rooms.errors.generic") if text.startswith("[") else text


def utc_time(ts: int | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.gmtime(ts)) if ts else "–"


def number(value, decimals: int = 0) -> str:
    """A score or answer for a table; empty when there is none."""
    if value is None or pd.isna(value):
        return ""
    return fmt.number(float(value), ctx.lang, 0 if float(value).is_integer() else decimals)


def guarded(wait: int, message: str = "rooms.errors.wait") -> int:
    """Say how long this session must still wait (a code, a key, a new room)."""
    if wait:
        st.warning(ctx.t(message, seconds=wait), icon=":material/hourglass_top:")
    return wait


def miss(store: rooms.RoomStore, message_key: str) -> None:
    delay = room_ui.failed(store)
    st.error(
        ctx.t(message_key) + " " + ctx.t("rooms.errors.next_try", seconds=delay),
        icon=":material/block:",
    )


def forget(key: str) -> None:
    st.session_state.pop(key, None)


# --- Participant ---------------------------------------------------------------------


def join_form(store: rooms.RoomStore) -> None:
    st.subheader(ctx.t("rooms.join.heading"))
    shared = st.query_params.get("room")
    if shared and rooms.normalize_code(shared) and "rooms_join_code" not in st.session_state:
        st.session_state["rooms_join_code"] = rooms.format_code(rooms.normalize_code(shared))
    with st.form("rooms_join_form"):
        code = st.text_input(
            ctx.t("rooms.join.code"), max_chars=15, key="rooms_join_code",
            help=ctx.t("rooms.join.code_help"), placeholder="ABC-DEF-GHJ",
        )
        nickname = st.text_input(
            ctx.t("rooms.join.nickname"), max_chars=rooms.NICKNAME_MAX,
            key="rooms_join_nickname", help=ctx.t("rooms.join.nickname_help"),
        )
        go = st.form_submit_button(ctx.t("rooms.join.submit"), type="primary",
                                   icon=":material/login:")
    if not go or guarded(room_ui.join_wait(store)):
        return
    if rooms.normalize_code(code) is None:
        st.error(ctx.t("rooms.errors.code_format"), icon=":material/error:")
        return
    try:
        joined = store.join(code, nickname)
    except rooms.RoomError as exc:
        if exc.code == "not_found":
            miss(store, "rooms.errors.not_found")
        else:
            st.error(error_text(exc), icon=":material/error:")
        return
    room_ui.joined(store)
    st.session_state[PARTICIPANT] = {
        "code": joined.code, "nickname": joined.nickname, "token": joined.token,
    }
    room_ui.remember_seat(joined.code, joined.token)  # a reload finds the seat again
    st.rerun()


def read_scenario_file(upload) -> dict | None:
    """A scenario from an uploaded file: the calculator's export (pick one) or one scenario."""
    if upload is None:
        return None
    scenarios, problems = room_ui.scenarios_from_file(upload.getvalue())
    if not scenarios:
        messages = scenario_io.messages(problems, ctx.lang, limit=3, escape=room_ui.plain)
        st.error("\n\n".join([ctx.t("rooms.join.file_bad"), *messages]), icon=":material/error:")
        return None
    names = [s.name for s in scenarios]
    name = names[0]
    if len(names) > 1:
        name = st.selectbox(ctx.t("rooms.join.file_pick"), names, key="rooms_file_pick")
    return scenarios[names.index(name)].to_dict()


def participant_view(store: rooms.RoomStore, me: dict) -> None:
    entry = store.own_entry(me["code"], me["token"])
    info = store.room_info(me["code"])
    if entry is None or info is None:
        forget(PARTICIPANT)
        room_ui.forget_seat()
        message = "rooms.errors.gone" if info is None else "rooms.errors.removed"
        st.warning(ctx.t(message), icon=":material/warning:")
        return
    st.success(
        ctx.t("rooms.join.joined", code=info.code, nickname=room_ui.plain(me["nickname"])),
        icon=":material/how_to_reg:",
    )
    if info.title:
        st.markdown(ctx.t("rooms.join.room_title", title=room_ui.plain(info.title)))
    if info.closed:
        st.info(ctx.t("rooms.errors.closed"), icon=":material/lock:")
    answers = room_ui.complete_answers()
    source = st.radio(
        ctx.t("rooms.join.source"),
        options=["assessment", "preset", "saved", "file"],
        format_func=lambda s: ctx.t(f"rooms.join.sources.{s}"),
        horizontal=True,
        key="rooms_source",
        index=0 if answers is not None else 1,
    )
    kind, payload = None, None
    if source == "assessment":
        if answers is None:
            st.info(ctx.t("rooms.join.no_assessment"), icon=":material/checklist:")
            st.page_link(
                frame.PAGE_BY_KEY["assessment"].path,
                label=ctx.t("rooms.join.go_assessment"),
                icon=":material/checklist:",
                query_params=ctx.link_params(),
            )
        else:
            scores = asm.score(answers)
            st.markdown(
                ctx.t(
                    "rooms.join.assessment_ready",
                    quadrant=ctx.t(f"assessment.quadrants.{scores.quadrant}.name"),
                    i=fmt.number(scores.i, ctx.lang),
                    k=fmt.number(scores.k, ctx.lang),
                )
            )
            kind, payload = "assessment", {"answers": answers}
    elif source == "preset":
        name = st.selectbox(
            ctx.t("rooms.join.preset"),
            options=list(rik.PRESET_NAMES),
            format_func=lambda n: ctx.t(f"common.presets.{n}"),
            key="rooms_preset",
        )
        st.caption(ctx.t(f"common.preset_help.{name}"))
        kind, payload = "scenario", rik.presets()[name].to_dict()
    elif source == "saved":
        mine = saved.entries()
        if not mine:
            st.info(ctx.t("rooms.join.no_saved"), icon=":material/bookmark:")
        else:
            name = st.selectbox(
                ctx.t("rooms.join.saved"), [s.name for s in mine], key="rooms_saved_pick"
            )
            kind, payload = "scenario", saved.get(name).scenario.to_dict()
    else:
        upload = st.file_uploader(
            ctx.t("rooms.join.file"), type=["json"], key="rooms_file",
            help=ctx.t("rooms.join.file_help"),
        )
        saved.upload_limit_notice(ctx)
        scenario = read_scenario_file(upload)
        if scenario is not None:
            kind, payload = "scenario", scenario
    if st.button(
        ctx.t("rooms.join.send"), type="primary", icon=":material/send:",
        disabled=payload is None or info.closed, key="rooms_send",
    ):
        try:
            store.submit(me["code"], me["token"], kind, payload)
        except rooms.RoomError as exc:
            st.error(error_text(exc), icon=":material/error:")
        else:
            st.success(ctx.t("rooms.join.submitted"), icon=":material/check_circle:")
            entry = store.own_entry(me["code"], me["token"]) or entry
    if entry.kind is not None:
        what = (
            ctx.t("rooms.join.kind_assessment")
            if entry.kind == "assessment"
            else ctx.t("rooms.join.kind_scenario", name=room_ui.plain(entry.payload["name"]))
        )
        st.caption(ctx.t("rooms.join.current", what=what, time=utc_time(entry.submitted_at)))
    st.button(
        ctx.t("rooms.join.leave"), icon=":material/logout:", key="rooms_leave",
        on_click=leave, args=(store, me),
    )


def leave(store: rooms.RoomStore, me: dict) -> None:
    """Leave the room: an entry with nothing sent goes, so it does not hold a place."""
    store.leave(me["code"], me["token"])
    forget(PARTICIPANT)
    room_ui.forget_seat()


# --- Facilitator -----------------------------------------------------------------------


def create_form(store: rooms.RoomStore) -> None:
    st.subheader(ctx.t("rooms.create.heading"))
    st.caption(ctx.t("rooms.create.intro"))
    max_days = int(room_ui.expiry_days()) or 1
    room_ui.guard_number_widget("rooms_days", max_days)  # NaN or text from a client
    with st.form("rooms_create_form"):
        title = st.text_input(
            ctx.t("rooms.create.title"), max_chars=rooms.TITLE_MAX, key="rooms_title",
            help=ctx.t("rooms.create.title_help"),
        )
        # A float field: Streamlit turns NaN or infinity in one into its default, where
        # an integer field would fail converting them; clamp_days makes it whole days.
        days = st.number_input(
            ctx.t("rooms.create.days"), min_value=1.0, max_value=float(max_days),
            value=float(max_days), step=1.0, format="%.0f", key="rooms_days",
            help=ctx.t("rooms.create.days_help", days=max_days),
        )
        go = st.form_submit_button(ctx.t("rooms.create.submit"), type="primary",
                                   icon=":material/add_circle:")
    if not go or guarded(room_ui.create_wait(store), "rooms.errors.wait_create"):
        return
    try:
        room = store.create_room(title, expiry_days=room_ui.clamp_days(days, max_days))
    except rooms.RoomError as exc:
        st.error(error_text(exc), icon=":material/error:")
        return
    room_ui.created(store)
    st.session_state[NEW_ROOM] = {"code": room.code, "key": room.key}
    st.session_state[FACILITATOR] = {"code": room.code, "key": room.key}
    st.rerun()


def open_form(store: rooms.RoomStore) -> None:
    st.subheader(ctx.t("rooms.open.heading"))
    with st.form("rooms_open_form"):
        code = st.text_input(ctx.t("rooms.join.code"), max_chars=15, key="rooms_open_code",
                             placeholder="ABC-DEF-GHJ")
        key = st.text_input(ctx.t("rooms.open.key"), type="password", max_chars=100,
                            key="rooms_open_key")
        go = st.form_submit_button(ctx.t("rooms.open.submit"), icon=":material/key:")
    if not go or guarded(room_ui.key_wait(store)):
        return
    if store.facilitator_view(code, key) is None:
        miss(store, "rooms.errors.key_wrong")
        return
    st.session_state[FACILITATOR] = {"code": rooms.format_code(rooms.normalize_code(code)),
                                     "key": key}
    st.rerun()


def new_room_notice() -> None:
    new = st.session_state.get(NEW_ROOM)
    if not new:
        return
    with st.container(border=True):
        st.markdown(f"**{ctx.t('rooms.create.code_label')}**")
        st.code(new["code"], language=None)
        st.caption(ctx.t("rooms.create.share"))
        link = room_ui.join_link(new["code"], ctx.lang)
        if link:
            st.caption(ctx.t("rooms.create.link"))
            st.code(link, language=None)
        st.markdown(f"**{ctx.t('rooms.create.key_label')}**")
        st.code(new["key"], language=None)
        st.warning(ctx.t("rooms.create.save_key"), icon=":material/key:")
        st.button(ctx.t("rooms.create.saved"), key="rooms_saved", on_click=forget,
                  args=(NEW_ROOM,), icon=":material/check:")


def room_tables(view: rooms.RoomView) -> None:
    """The live part of the facilitator view: map, participants, spread, averages, export."""
    submitted = view.submitted
    rows = rooms.entry_rows(view)
    m1, m2, m3, m4 = st.columns(4)
    m1.metric(ctx.t("rooms.view.joined"), len(view.entries))
    m2.metric(ctx.t("rooms.view.submitted"), len(submitted))
    scored = rows.dropna(subset=["i_score"])
    m3.metric(ctx.t("rooms.view.mean_i"),
              fmt.number(scored["i_score"].mean(), ctx.lang) if len(scored) else "–")
    m4.metric(ctx.t("rooms.view.mean_k"),
              fmt.number(scored["k_score"].mean(), ctx.lang) if len(scored) else "–")
    if not submitted:
        st.info(ctx.t("rooms.view.empty"), icon=":material/hourglass_empty:")

    # Map
    st.subheader(ctx.t("rooms.view.map_heading"))
    points = rooms.room_points(
        view, lambda s: cache.simulate(s, ctx.assumptions, asm.HORIZON), asm.HORIZON
    )
    st.altair_chart(
        rooms.room_map(
            cache.presets(ctx.assumptions, asm.HORIZON), points, ctx.lang,
            month=asm.HORIZON, label=ctx.t("rooms.view.participants"),
        ),
        width="stretch",
        key="rooms_map",
    )
    st.caption(ctx.t("rooms.view.map_caption", month=asm.HORIZON))
    with st.expander(ctx.t("frame.show_data")):
        st.dataframe(
            pd.DataFrame(
                {
                    ctx.t("rooms.view.col_nickname"): points["nickname"],
                    ctx.t("charts.ik.x"): points["activity"].round(1),
                    ctx.t("charts.ik.y"): points["skill"].round(2),
                }
            ),
            hide_index=True,
            width="stretch",
        )
    st.caption(ctx.drawn_with)

    # Participants
    st.subheader(ctx.t("rooms.view.table_heading"))
    scored_by_name = {r["nickname"]: r for r in rows.to_dict("records")}
    no_score = {"quadrant": "", "i_score": None, "k_score": None}
    people = [(e, scored_by_name.get(e.nickname, no_score)) for e in view.entries]
    st.dataframe(
        pd.DataFrame(
            {
                ctx.t("rooms.view.col_nickname"): [e.nickname for e, _ in people],
                ctx.t("rooms.view.col_kind"): [
                    ctx.t(f"rooms.view.kinds.{e.kind or 'none'}") for e, _ in people
                ],
                ctx.t("rooms.view.col_quadrant"): [
                    ctx.t(f"assessment.quadrants.{r['quadrant']}.name") if r["quadrant"] else ""
                    for _, r in people
                ],
                ctx.t("rooms.view.col_i"): [number(r["i_score"]) for _, r in people],
                ctx.t("rooms.view.col_k"): [number(r["k_score"]) for _, r in people],
                ctx.t("rooms.view.col_time"): [utc_time(e.submitted_at) for e, _ in people],
            }
        ),
        hide_index=True,
        width="stretch",
    )

    # Spread of each answer
    st.subheader(ctx.t("rooms.view.spread_heading"))
    st.caption(ctx.t("rooms.view.spread_caption"))
    spread = rooms.answer_spread(view, ctx.lang)
    likert = [str(level) for level in asm.LIKERT]
    table = pd.DataFrame(
        {
            ctx.t("rooms.view.col_question"): spread["question"],
            ctx.t("rooms.view.col_n"): spread["n"],
            ctx.t("rooms.view.col_distribution"): [
                [int(row[c]) for c in likert] if pd.notna(row[likert[0]]) else None
                for _, row in spread.iterrows()
            ],
            ctx.t("rooms.view.col_min"): [number(v, 1) for v in spread["min"]],
            ctx.t("rooms.view.col_median"): [number(v, 1) for v in spread["median"]],
            ctx.t("rooms.view.col_max"): [number(v, 1) for v in spread["max"]],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=35 * (len(table) + 1) + 3,  # every question, no scrolling
        column_config={
            ctx.t("rooms.view.col_distribution"): st.column_config.BarChartColumn(
                ctx.t("rooms.view.col_distribution"),
                help=ctx.t("rooms.view.distribution_help"),
                y_min=0,
            )
        },
    )

    # Averages against the presets
    st.subheader(ctx.t("rooms.view.averages_heading"))
    st.caption(ctx.t("rooms.view.averages_caption"))
    averages = rooms.lever_averages(view)
    shown = pd.DataFrame(
        {
            (ctx.t("rooms.view.col_room") if col == "room" else ctx.t(f"common.presets.{col}")): [
                asm.format_lever(lever, averages.loc[lever, col], ctx.lang, unit=False)
                for lever in averages.index
            ]
            for col in averages.columns
        },
        index=[
            asm.lever_label(lever, ctx.lang)
            if rik.lever_meta(lever)["display"] == "percent"
            else f"{asm.lever_label(lever, ctx.lang)} ({asm.lever_unit(lever, ctx.lang)})"
            for lever in averages.index
        ],
    )
    st.dataframe(shown, width="stretch")

    st.download_button(
        ctx.t("rooms.view.export"),
        data=rooms.export_csv(view).encode("utf-8"),
        file_name=f"room-{view.room.code}.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        key="rooms_export",
    )


def facilitator_view(store: rooms.RoomStore, me: dict) -> None:
    view = store.facilitator_view(me["code"], me["key"])
    if view is None:
        forget(FACILITATOR)
        forget(NEW_ROOM)
        st.warning(ctx.t("rooms.errors.gone"), icon=":material/warning:")
        return
    new_room_notice()
    st.subheader(ctx.t("rooms.view.heading", code=view.room.code))
    if view.room.title:
        st.markdown(ctx.t("rooms.join.room_title", title=room_ui.plain(view.room.title)))
    st.caption(ctx.t("rooms.view.expires", date=utc_time(view.room.expires_at)))
    if view.room.closed:
        st.info(ctx.t("rooms.view.closed_note"), icon=":material/lock:")

    c1, c2 = st.columns([1, 3])
    c1.button(ctx.t("rooms.view.refresh"), icon=":material/refresh:", key="rooms_refresh")
    live = c2.toggle(ctx.t("rooms.view.live", seconds=LIVE_SECONDS), value=False,
                     key="rooms_live", help=ctx.t("rooms.view.live_help"))

    @st.fragment(run_every=LIVE_SECONDS if live else None)
    def live_part() -> None:
        with frame.boundary(ctx):  # an error inside a fragment stays inside it
            current = store.facilitator_view(me["code"], me["key"])
            if current is None:
                st.warning(ctx.t("rooms.errors.gone"), icon=":material/warning:")
                return
            room_tables(current)

    live_part()

    st.divider()
    st.subheader(ctx.t("rooms.view.manage"))
    b1, b2, b3 = st.columns(3)
    if not view.room.closed and b1.button(
        ctx.t("rooms.view.close"), icon=":material/lock:", key="rooms_close",
        help=ctx.t("rooms.view.close_help"),
    ):
        store.close_room(me["code"], me["key"])
        st.rerun()
    confirm = b2.checkbox(ctx.t("rooms.view.delete_confirm"), key="rooms_confirm_delete")
    if b2.button(ctx.t("rooms.view.delete"), icon=":material/delete_forever:",
                 disabled=not confirm, key="rooms_delete"):
        store.delete_room(me["code"], me["key"])
        forget(FACILITATOR)
        forget(NEW_ROOM)
        st.session_state["rooms_deleted"] = True
        st.rerun()
    b3.button(ctx.t("rooms.view.sign_out"), icon=":material/logout:", key="rooms_sign_out",
              on_click=lambda: (forget(FACILITATOR), forget(NEW_ROOM)))
    remove_form(store, me, view)


def remove_form(store: rooms.RoomStore, me: dict, view: rooms.RoomView) -> None:
    """Remove one participant (a ghost, a duplicate, someone in the wrong room)."""
    removed = st.session_state.pop("rooms_removed", None)
    if removed is not None:
        st.success(ctx.t("rooms.view.removed", nickname=room_ui.plain(removed)),
                   icon=":material/person_remove:")
    if not view.entries:
        return
    by_pid = {e.pid: e for e in view.entries}
    with st.form("rooms_remove_form", border=False):
        left, right = st.columns([3, 1], vertical_alignment="bottom")
        pid = left.selectbox(
            ctx.t("rooms.view.remove_pick"), list(by_pid), key="rooms_remove_pick",
            format_func=lambda p: f"{by_pid[p].nickname} · {utc_time(by_pid[p].joined_at)}",
        )
        go = right.form_submit_button(ctx.t("rooms.view.remove"),
                                      icon=":material/person_remove:")
    if go and pid in by_pid:
        if store.remove_participant(me["code"], me["key"], pid):
            st.session_state["rooms_removed"] = by_pid[pid].nickname
        st.rerun()


with frame.boundary(ctx):
    st.title(ctx.t("frame.pages.rooms"))
    st.write(ctx.t("rooms.intro"))
    try:
        store = room_ui.store()
    except (sa.exc.SQLAlchemyError, OSError, RuntimeError):
        frame.LOG.exception("rooms: database not available")
        st.error(ctx.t("rooms.errors.db"), icon=":material/cloud_off:")
        st.stop()

    join_tab, run_tab = st.tabs(
        [ctx.t("rooms.tabs.join"), ctx.t("rooms.tabs.run")], key="rooms_tab"
    )
    with join_tab:
        me = st.session_state.get(PARTICIPANT)
        if me is None:
            me = room_ui.resume(store)  # a reload or reconnect: back in the same seat
            if me is not None:
                st.session_state[PARTICIPANT] = me
        if me is None:
            join_form(store)
        else:
            participant_view(store, me)
    with run_tab:
        if st.session_state.pop("rooms_deleted", False):
            st.success(ctx.t("rooms.view.deleted"), icon=":material/delete:")
        me = st.session_state.get(FACILITATOR)
        if me is None:
            left, right = st.columns(2)
            with left:
                create_form(store)
            with right:
                open_form(store)
        else:
            facilitator_view(store, me)
