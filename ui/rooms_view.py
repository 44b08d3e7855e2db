"""The rooms page's views: joining and taking part, running a room, the projector.

Every function takes the page's :class:`ui.frame.Ctx` (language, assumptions) so that
two sessions drawing at once never share one. ``pages/31_rooms.py`` only picks the view.
"""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

import rik
from rik import fmt
from rik.charts import rooms as room_charts
from rik.model.levers import format_lever, lever_label, lever_unit
from rik.share import scenario_io
from rik.team import assessment as asm
from rik.team import rooms
from ui import cache, frame, saved, widgets
from ui import rooms as room_ui

LIVE_SECONDS = 10
PARTICIPANT = "rooms_participant"  # {"code", "nickname", "token"} after joining
FACILITATOR = "rooms_facilitator"  # {"code", "key"} after creating or opening a room
NEW_ROOM = "rooms_new"  # {"code", "key"} shown until the facilitator confirms saving
PROJECTOR = "rooms_projecting"  # True while the facilitator shows the projector view


def error_text(ctx: frame.Ctx, exc: rooms.RoomError) -> str:
    text = ctx.t(f"rooms.errors.{exc.code}")
    return ctx.t("rooms.errors.generic") if text.startswith("[") else text


def number(ctx: frame.Ctx, value, decimals: int = 0) -> str:
    """A score or answer for a table; empty when there is none."""
    if value is None or pd.isna(value):
        return ""
    return fmt.number(float(value), ctx.lang, 0 if float(value).is_integer() else decimals)


def guarded(ctx: frame.Ctx, wait: int, message: str = "rooms.errors.wait") -> int:
    """Say how long this session must still wait (a code, a key, a new room)."""
    if wait:
        st.warning(ctx.t(message, seconds=wait), icon=":material/hourglass_top:")
    return wait


def miss(ctx: frame.Ctx, store: rooms.RoomStore, message_key: str, what: str = "guess") -> None:
    delay = room_ui.failed(store, what)
    st.error(
        ctx.t(message_key) + " " + ctx.t("rooms.errors.next_try", seconds=delay),
        icon=":material/block:",
    )


def forget(key: str) -> None:
    st.session_state.pop(key, None)


# --- Participant ---------------------------------------------------------------------


def join_form(ctx: frame.Ctx, store: rooms.RoomStore) -> None:
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
    if not go or guarded(ctx, room_ui.join_wait(store)):
        return
    if rooms.normalize_code(code) is None:
        st.error(ctx.t("rooms.errors.code_format"), icon=":material/error:")
        return
    try:
        joined = store.join(code, nickname)
    except rooms.RoomError as exc:
        if exc.code == "not_found":
            miss(ctx, store, "rooms.errors.not_found")
        else:
            st.error(error_text(ctx, exc), icon=":material/error:")
        return
    room_ui.joined(store)
    st.session_state[PARTICIPANT] = {
        "code": joined.code, "nickname": joined.nickname, "token": joined.token,
    }
    room_ui.remember_seat(joined.code, joined.token)  # a reload finds the seat again
    st.rerun()


def read_scenario_file(ctx: frame.Ctx, upload) -> dict | None:
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


def scenario_name(ctx: frame.Ctx, name: str) -> str:
    """A sent scenario's name as the participant knows it: a story's scenario in the
    page's language (never its internal name), anything else as text."""
    if name in rik.PRESET_NAMES:
        return ctx.t(f"common.presets.{name}")
    return room_ui.plain(name)


def keep_answers(entry: rooms.Entry) -> dict | None:
    """The participant's self-assessment answers, kept through a reload: this session's,
    else the URL's, else the ones they sent to the room. They go into the URL."""
    room_ui.restore_answers()
    answers = room_ui.complete_answers()
    if answers is None and entry.answers() is not None:
        room_ui.seed_answers(entry.answers(), overwrite=True)
        answers = room_ui.complete_answers()
    if answers is not None:
        room_ui.keep_answers_in_url(answers)
    return answers


def participant_view(ctx: frame.Ctx, store: rooms.RoomStore, me: dict) -> None:
    entry = store.own_entry(me["code"], me["token"])
    info = store.room_info(me["code"])
    if entry is None or info is None:
        forget(PARTICIPANT)
        room_ui.forget_seat()
        message = "rooms.errors.gone" if info is None else "rooms.errors.removed"
        st.warning(ctx.t(message), icon=":material/warning:")
        return
    room_ui.remember_seat(me["code"], me["token"])  # back from another page: a reload too
    st.success(
        ctx.t("rooms.join.joined", code=info.code, nickname=room_ui.plain(me["nickname"])),
        icon=":material/how_to_reg:",
    )
    if info.title:
        st.markdown(ctx.t("rooms.join.room_title", title=room_ui.plain(info.title)))
    if info.closed:
        st.info(ctx.t("rooms.errors.closed"), icon=":material/lock:")
    answers = keep_answers(entry)
    # Nothing is chosen until the participant chooses: one click never sends a plan.
    widgets.keep_choice("rooms_source", ["assessment", "preset", "saved", "file"], ctx.lang)
    source = st.radio(
        ctx.t("rooms.join.source"),
        options=["assessment", "preset", "saved", "file"],
        format_func=lambda s: ctx.t(f"rooms.join.sources.{s}"),
        key="rooms_source",
        index=None,
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
        widgets.keep_choice("rooms_preset", rik.PRESET_NAMES, ctx.lang)
        name = st.selectbox(
            ctx.t("rooms.join.preset"),
            options=list(rik.PRESET_NAMES),
            format_func=lambda n: ctx.t(f"common.presets.{n}"),
            key="rooms_preset",
            index=None,
            placeholder=ctx.t("rooms.join.preset_pick"),
        )
        if name is not None:
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
    elif source == "file":  # only when chosen: a phone is never asked for a file unasked
        upload = st.file_uploader(
            ctx.t("rooms.join.file"), type=["json"], key="rooms_file",
            help=ctx.t("rooms.join.file_help"),
        )
        saved.upload_limit_notice(ctx)
        scenario = read_scenario_file(ctx, upload)
        if scenario is not None:
            kind, payload = "scenario", scenario
    if st.button(
        ctx.t("rooms.join.send"), type="primary", icon=":material/send:",
        disabled=payload is None or info.closed, key="rooms_send",
    ):
        try:
            store.submit(me["code"], me["token"], kind, payload)
        except rooms.RoomError as exc:
            st.error(error_text(ctx, exc), icon=":material/error:")
        else:
            st.success(ctx.t("rooms.join.submitted"), icon=":material/check_circle:")
            entry = store.own_entry(me["code"], me["token"]) or entry
    if entry.kind is not None:
        what = (
            ctx.t("rooms.join.kind_assessment")
            if entry.kind == "assessment"
            else ctx.t("rooms.join.kind_scenario", name=scenario_name(ctx, entry.payload["name"]))
        )
        when = room_ui.local_time(entry.submitted_at, ctx.lang)
        st.caption(ctx.t("rooms.join.current", what=what, time=when))
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


def create_form(ctx: frame.Ctx, store: rooms.RoomStore) -> None:
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
    if not go or guarded(ctx, room_ui.create_wait(store), "rooms.errors.wait_create"):
        return
    try:
        room = store.create_room(title, expiry_days=room_ui.clamp_days(days, max_days))
    except rooms.RoomError as exc:
        st.error(error_text(ctx, exc), icon=":material/error:")
        return
    room_ui.created(store)
    st.session_state[NEW_ROOM] = {"code": room.code, "key": room.key}
    st.session_state[FACILITATOR] = {"code": room.code, "key": room.key}
    st.rerun()


def open_form(ctx: frame.Ctx, store: rooms.RoomStore) -> None:
    st.subheader(ctx.t("rooms.open.heading"))
    with st.form("rooms_open_form"):
        code = st.text_input(ctx.t("rooms.join.code"), max_chars=15, key="rooms_open_code",
                             placeholder="ABC-DEF-GHJ")
        key = st.text_input(ctx.t("rooms.open.key"), type="password", max_chars=100,
                            key="rooms_open_key")
        go = st.form_submit_button(ctx.t("rooms.open.submit"), icon=":material/key:")
    if not go or guarded(ctx, room_ui.key_wait(store)):
        return
    if store.facilitator_view(code, key) is None:
        miss(ctx, store, "rooms.errors.key_wrong", "key")
        return
    st.session_state[FACILITATOR] = {"code": rooms.format_code(rooms.normalize_code(code)),
                                     "key": key}
    st.rerun()


def new_room_notice(ctx: frame.Ctx) -> None:
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
        st.warning(ctx.t("rooms.create.save_key"), icon=":material/key:")
        shown = key_revealed(ctx, "rooms_show_key")
        if shown:
            st.code(new["key"], language=None)
        # Not before the key was shown: after this it is gone for good.
        st.button(ctx.t("rooms.create.saved"), key="rooms_saved", on_click=forget,
                  args=(NEW_ROOM,), icon=":material/check:", disabled=not shown)


def key_revealed(ctx: frame.Ctx, key: str) -> bool:
    """A deliberate reveal: the facilitator key stays off the screen (and out of the
    page's text) until this switch is turned on."""
    return st.toggle(ctx.t("rooms.create.show_key"), value=False, key=key,
                     help=ctx.t("rooms.create.show_key_help"))


PROJECTOR_CSS = """<style>
.rik-join { font-size: 1.6rem; line-height: 1.3; }
.rik-join-code { font-size: clamp(1.8rem, 3.3vw, 4rem); font-weight: 700;
  letter-spacing: 0.06em; font-family: "Source Code Pro", ui-monospace, monospace;
  white-space: nowrap; }
/* The big screen shows the room, not the app's menu (the back button leaves). */
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"] { display: none; }
.rik-join-link { font-size: 0.9rem; word-break: break-all; }
.rik-count { font-size: 1.8rem; }
</style>"""


def draw_map(ctx: frame.Ctx, view: rooms.RoomView, build, key: str) -> pd.DataFrame:
    """Everyone on the I × K map, drawn by ``build`` (the page's map or the projector's);
    returns the points."""
    points = rooms.room_points(
        view, lambda s, team: cache.simulate(s, ctx.assumptions, asm.HORIZON, team),
        asm.HORIZON, ctx.assumptions
    )
    st.altair_chart(
        build(
            cache.presets(ctx.assumptions, asm.HORIZON), points, ctx.lang,
            month=asm.HORIZON, label=ctx.t("rooms.view.participants"),
        ),
        width="stretch",
        key=key,
    )
    return points


def projector_view(ctx: frame.Ctx, store: rooms.RoomStore, me: dict) -> None:
    """The room for the big screen: a large QR code and join code, the live I × K cloud
    with every nickname written out. The facilitator key is not on it unless revealed."""
    st.html(PROJECTOR_CSS)
    top_left, top_right = st.columns([2, 1], vertical_alignment="center")
    top_left.subheader(ctx.t("rooms.projector.heading"))
    top_right.button(ctx.t("rooms.projector.back"), icon=":material/close_fullscreen:",
                     key="rooms_projector_back", on_click=forget, args=(PROJECTOR,))
    join, cloud = st.columns([1, 2], gap="large")
    with join:
        link = room_ui.join_link(me["code"], ctx.lang)
        st.html(f'<div class="rik-join-code">{html.escape(me["code"])}</div>')
        if link:
            st.html(f'<div class="rik-join">{html.escape(ctx.t("rooms.projector.scan"))}</div>')
            with st.container(key="rooms_qr"):
                st.image(rooms.qr_svg(link), width=320)
            st.html(f'<div class="rik-join-link">{html.escape(link)}</div>')
        st.html(f'<div class="rik-join">{html.escape(ctx.t("rooms.projector.or_code"))}</div>')

    with cloud:
        @st.fragment(run_every=LIVE_SECONDS)
        def live_cloud() -> None:
            with frame.boundary(ctx):
                view = store.facilitator_view(me["code"], me["key"])
                if view is None:
                    st.warning(ctx.t("rooms.errors.gone"), icon=":material/warning:")
                    return
                st.html(
                    '<div class="rik-count">' + html.escape(ctx.t(
                        "rooms.projector.count", joined=len(view.entries),
                        sent=len(view.submitted))) + "</div>"
                )
                draw_map(ctx, view, room_charts.projector_map, "rooms_projector_map")
                names = ", ".join(sorted(e.nickname for e in view.submitted))
                st.caption(ctx.t("rooms.projector.names", names=room_ui.plain(names))
                           if names else ctx.t("rooms.view.empty"))

        live_cloud()
    st.divider()
    if key_revealed(ctx, "rooms_projector_key"):
        st.code(me["key"], language=None)


def room_tables(ctx: frame.Ctx, view: rooms.RoomView) -> None:
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
    points = draw_map(ctx, view, room_charts.room_map, "rooms_map")
    st.caption(ctx.t("rooms.view.map_caption", month=asm.HORIZON))
    with st.expander(ctx.t("frame.show_data")):
        st.dataframe(
            pd.DataFrame(
                {
                    ctx.t("rooms.view.col_nickname"): points["nickname"],
                    ctx.t("charts.ik.x"): points["activity"].round(1),
                    ctx.t("charts.ik.y"): points["quality"].round(2),
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
                ctx.t("rooms.view.col_i"): [number(ctx, r["i_score"]) for _, r in people],
                ctx.t("rooms.view.col_k"): [number(ctx, r["k_score"]) for _, r in people],
                ctx.t("rooms.view.col_time"): [
                    room_ui.local_time(e.submitted_at, ctx.lang) for e, _ in people
                ],
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
            ctx.t("rooms.view.col_min"): [number(ctx, v, 1) for v in spread["min"]],
            ctx.t("rooms.view.col_median"): [number(ctx, v, 1) for v in spread["median"]],
            ctx.t("rooms.view.col_max"): [number(ctx, v, 1) for v in spread["max"]],
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
                format_lever(lever, averages.loc[lever, col], ctx.lang, unit=False)
                for lever in averages.index
            ]
            for col in averages.columns
        },
        index=[
            lever_label(lever, ctx.lang)
            if rik.lever_meta(lever)["display"] == "percent"
            else f"{lever_label(lever, ctx.lang)} ({lever_unit(lever, ctx.lang)})"
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


def facilitator_view(ctx: frame.Ctx, store: rooms.RoomStore, me: dict) -> None:
    view = store.facilitator_view(me["code"], me["key"])
    if view is None:
        forget(FACILITATOR)
        forget(NEW_ROOM)
        st.warning(ctx.t("rooms.errors.gone"), icon=":material/warning:")
        return
    if st.session_state.get(PROJECTOR):
        projector_view(ctx, store, me)
        return
    new_room_notice(ctx)
    heading, projector = st.columns([3, 1], vertical_alignment="center")
    heading.subheader(ctx.t("rooms.view.heading", code=view.room.code))
    projector.button(ctx.t("rooms.view.projector"), icon=":material/present_to_all:",
                     key="rooms_projector", help=ctx.t("rooms.view.projector_help"),
                     on_click=lambda: st.session_state.update({PROJECTOR: True}))
    if view.room.title:
        st.markdown(ctx.t("rooms.join.room_title", title=room_ui.plain(view.room.title)))
    expires = room_ui.local_time(view.room.expires_at, ctx.lang)
    st.caption(ctx.t("rooms.view.expires", date=expires))
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
            room_tables(ctx, current)

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
              on_click=lambda: (forget(FACILITATOR), forget(NEW_ROOM), forget(PROJECTOR)))
    remove_form(ctx, store, me, view)


def remove_form(ctx: frame.Ctx, store: rooms.RoomStore, me: dict, view: rooms.RoomView) -> None:
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
            format_func=lambda p: (
                f"{by_pid[p].nickname} · {room_ui.local_time(by_pid[p].joined_at, ctx.lang)}"
            ),
        )
        go = right.form_submit_button(ctx.t("rooms.view.remove"),
                                      icon=":material/person_remove:")
    if go and pid in by_pid:
        if store.remove_participant(me["code"], me["key"], pid):
            st.session_state["rooms_removed"] = by_pid[pid].nickname
        st.rerun()
