"""Assumptions and sources: every coefficient, the two sets compared, an edited copy.

An accepted edit is stored in ``st.session_state["assumptions_edited"][set_name]``;
``ui.frame.active_assumptions`` reads it, so every page uses it. Validation lives in
``rik.story.about.apply_edits`` (a rejected edit keeps the last good set).
"""

import streamlit as st

import rik
from rik.story import about
from ui import frame

EDITED = "assumptions_edited"
FLASH = "assumptions_flash"  # a message shown once, after the rerun that follows a change
VERSIONS = "assumptions_editor_version"  # bumping a set's version gives its editor a fresh state


def _on_set() -> None:
    chosen = st.session_state.get("assumptions_set")
    if chosen in rik.ASSUMPTION_SETS:
        st.session_state["set_name"] = chosen
        st.query_params["set"] = chosen


def _bump(set_name: str) -> None:
    versions = st.session_state.setdefault(VERSIONS, {})
    versions[set_name] = versions.get(set_name, 0) + 1


def _reset(set_name: str, message: str) -> None:
    st.session_state.setdefault(EDITED, {}).pop(set_name, None)
    _bump(set_name)
    st.session_state[FLASH] = message


def _highlight(row):
    marked = bool(row.iloc[-1])  # the note column: "differs" / "edited"
    return ["background-color: #FFF1CC" if marked else "" for _ in row]


ctx = frame.page("assumptions")
with frame.boundary(ctx):
    set_label = ctx.t(f"frame.sets.{ctx.set_name}")
    st.title(ctx.t("frame.pages.assumptions"))
    st.write(ctx.t("about.assumptions.intro"))
    flash = st.session_state.pop(FLASH, None)
    if flash:
        st.success(flash, icon=":material/check_circle:")

    left, right = st.columns([1, 1], vertical_alignment="bottom")
    st.session_state["assumptions_set"] = ctx.set_name
    left.segmented_control(
        ctx.t("about.assumptions.set_label"),
        options=list(rik.ASSUMPTION_SETS),
        format_func=lambda name: ctx.t(f"frame.sets.{name}"),
        key="assumptions_set",
        on_change=_on_set,
        required=True,
        help=ctx.t("about.assumptions.set_help"),
    )
    compare = right.toggle(ctx.t("about.assumptions.compare"), value=True,
                           key="assumptions_compare")
    other_name = next(name for name in rik.ASSUMPTION_SETS if name != ctx.set_name)
    other = frame.active_assumptions(other_name)
    other_label = ctx.t(f"frame.sets.{other_name}")
    table = about.assumption_table(
        ctx.assumptions, ctx.lang, other=other if compare else None, other_label=other_label
    )
    if compare:
        st.info(
            ctx.t(
                "about.assumptions.differ_count",
                n=len(about.differing_keys(ctx.assumptions, other)),
                total=len(ctx.assumptions),
                this=set_label,
                other=other_label,
                flag=ctx.t("about.assumptions.flag_differs"),
            ),
            icon=":material/compare_arrows:",
        )
    edited_now = about.edited_keys(ctx.assumptions)
    if edited_now:
        st.warning(
            ctx.t("about.assumptions.edited_count", set=set_label, n=len(edited_now)),
            icon=":material/edit_note:",
        )

    for group, keys in about.groups(ctx.assumptions):
        st.subheader(ctx.t(f"about.groups.{group}"), anchor=False)
        part = table.loc[keys].reset_index(drop=True)
        st.table(part.style.apply(_highlight, axis=1).hide(axis="index"))
    st.caption(ctx.t("about.assumptions.confidence_note"))

    st.header(ctx.t("about.assumptions.edit_title"), anchor=False)
    st.write(ctx.t("about.assumptions.edit_intro", set=set_label))
    version = st.session_state.get(VERSIONS, {}).get(ctx.set_name, 0)
    base = about.editor_frame(ctx.assumptions, ctx.lang)
    edited = st.data_editor(
        base,
        key=f"assumptions_editor_{ctx.set_name}_{version}",
        hide_index=True,
        num_rows="fixed",
        disabled=["label", "allowed", "unit"],
        column_config={
            "label": st.column_config.TextColumn(ctx.t("about.assumptions.col_label")),
            "value": st.column_config.TextColumn(
                ctx.t("about.assumptions.col_value"), required=True
            ),
            "allowed": st.column_config.TextColumn(ctx.t("about.assumptions.col_allowed")),
            "unit": st.column_config.TextColumn(ctx.t("about.assumptions.col_unit")),
        },
        width="stretch",
    )
    changed = {
        key: text for key, text in edited["value"].items() if text != base.at[key, "value"]
    }
    if changed:
        candidate, errors = about.apply_edits(ctx.assumptions, changed, ctx.lang)
        for error in errors:
            st.error(error, icon=":material/block:")
        if candidate is not None and candidate.values() != ctx.assumptions.values():
            store = st.session_state.setdefault(EDITED, {})
            if candidate.values() == rik.load_assumptions(ctx.set_name).values():
                store.pop(ctx.set_name, None)
            else:
                store[ctx.set_name] = candidate
            _bump(ctx.set_name)
            st.session_state[FLASH] = ctx.t("about.assumptions.accepted", set=set_label)
            st.rerun()
    st.button(
        ctx.t("about.assumptions.reset"),
        icon=":material/restart_alt:",
        on_click=_reset,
        args=(ctx.set_name, ctx.t("about.assumptions.reset_done", set=set_label)),
        disabled=not edited_now,
    )
    st.page_link(
        frame.PAGE_BY_KEY["model"].path,
        label=ctx.t("frame.pages.model"),
        icon=":material/account_tree:",
        query_params=ctx.link_params(),
    )
