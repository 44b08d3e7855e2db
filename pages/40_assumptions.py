"""Assumptions and sources: every coefficient, the two sets compared, an edited copy.

The session keys, the set switch, the tables' marks and the edited copy (stored where
``ui.frame.active_assumptions`` reads it, so every page uses it) are ``ui.assumptions_view``;
the tables and the validation are ``rik.story.about``.
"""

import streamlit as st

import rik
from rik.story import about
from ui import assumptions_view as view
from ui import frame

ctx = frame.page("assumptions")
with frame.boundary(ctx):
    set_label = ctx.t(f"frame.sets.{ctx.set_name}")
    st.title(ctx.t("frame.pages.assumptions"))
    st.write(ctx.t("about.assumptions.intro"))
    flash = view.pop_flash()
    if flash:
        st.success(flash, icon=":material/check_circle:")

    left, right = st.columns([1, 1], vertical_alignment="bottom")
    st.session_state[view.SET_KEY] = ctx.set_name
    left.segmented_control(
        ctx.t("about.assumptions.set_label"),
        options=list(rik.ASSUMPTION_SETS),
        format_func=lambda name: ctx.t(f"frame.sets.{name}"),
        key=view.SET_KEY,
        on_change=frame.choose_set,
        args=(view.SET_KEY,),
        required=True,
        help=ctx.t("about.assumptions.set_help"),
    )
    compare = right.toggle(ctx.t("about.assumptions.compare"), value=True,
                           key=view.COMPARE_KEY)
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
        st.table(view.marked(table.loc[keys].reset_index(drop=True)))
    st.caption(ctx.t("about.assumptions.confidence_note"))

    st.header(ctx.t("about.assumptions.edit_title"), anchor=False)
    st.write(ctx.t("about.assumptions.edit_intro", set=set_label))
    base = about.editor_frame(ctx.assumptions, ctx.lang)
    edited = st.data_editor(
        base,
        key=view.editor_key(ctx.set_name),
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
    errors, accepted = view.store_edits(
        ctx, base, edited, ctx.t("about.assumptions.accepted", set=set_label)
    )
    for error in errors:
        st.error(error, icon=":material/block:")
    if accepted:
        st.rerun()
    st.button(
        ctx.t("about.assumptions.reset"),
        icon=":material/restart_alt:",
        on_click=view.reset,
        args=(ctx.set_name, ctx.t("about.assumptions.reset_done", set=set_label)),
        disabled=not edited_now,
    )
    st.page_link(
        frame.PAGE_BY_KEY["model"].path,
        label=ctx.t("frame.pages.model"),
        icon=":material/account_tree:",
        query_params=ctx.link_params(),
    )
