"""The "Your team" page: the form, and the history from a CRM export (issue 11).

The pure parts are ``rik.share.team_figures`` (form → team, messages, link) and
``rik.team.crm`` (file → history → status quo); this module draws them. Nothing is
stored on the server: the team lives in the session and in the link.
"""

from __future__ import annotations

import json
import math
from typing import Any

import streamlit as st

import rik
from rik import fmt
from rik.charts import team_fit
from rik.model import core
from rik.model.calibration import FIELDS, Team, deals_per_month, meetings_per_month
from rik.model.levers import LEVER_NAMES
from rik.share import team_figures
from rik.team import crm as team_import
from ui import cache, frame, saved, team_state, widgets
from ui import charts as chart_ui

LEVER_PREFIX = "team_l_"
FIELD_PREFIX = "team_f_"
FILE_KEY = "team_file"
ESTIMATE_KEY = "team_estimate"  # the last file's estimate, applied by the button's callback

EXAMPLE = Team(
    levers=rik.status_quo().replace(sellers=6, meetings_per_seller_per_week=14,
                                    training_hours_per_month=3),
    sales_nok=650_000, deal_value_nok=30_000, customers=250, lost_per_month=3, csat=0.8,
    burnout=0.5,
)
"""The issue's example team: six sellers, 14 meetings a week, 3 training hours."""

# Figures as the form shows them: (step, format); csat and burnout in percent. "%g" shows
# a whole number as "3" and a decimal as "2.5" (Streamlit's own "%0.2f" would show "3.00",
# and "%.1f" "3.0"); values are seeded rounded (``team_figures.form_values``) so none runs long.
NUMBER_INPUTS: dict[str, tuple[float, str]] = {
    "sales_nok": (10_000.0, "%g"),
    "deals_per_month": (1.0, "%g"),
    "deal_value_nok": (1_000.0, "%g"),
    "customers": (1, "%d"),
    "lost_per_month": (0.5, "%g"),
    "csat": (1.0, "%g"),
    "nps": (1.0, "%g"),
    "burnout": (1.0, "%g"),
}
DECIMALS = 2
"""A converted figure (NPS from CSAT, deals from sales) is rounded to this many decimals."""
WHOLE_FIELDS = ("customers",)
"""Figures that count things that are whole (customers): an int input, seeded rounded."""
TEXT_FIELDS = ("deals_per_month",)
"""Figures with decimals a reader types and reads in the page's language ("21,67" on a
Norwegian page): a text input written by ``rik.fmt`` and read by ``fmt.parse_number``.
Streamlit's number input writes a decimal point whatever the language ("21.67")."""


def _text(value: float, lang: str) -> str:
    """A figure as the text field shows it: no decimals when whole, else up to two."""
    number = round(float(value), DECIMALS)
    decimals = 0 if number.is_integer() else 1 if round(number, 1) == number else DECIMALS
    return fmt.number(number, lang, decimals)


def _to_form(name: str, value: float) -> float:
    return round(value * 100.0, 6) if name in team_figures.SHARE_FIELDS else float(value)


def seed_form(team: Team, *, force: bool = False, lang: str = "en") -> None:
    """Put ``team`` into the form's widgets (missing keys only, unless ``force``); the
    text fields (:data:`TEXT_FIELDS`) are written in ``lang``."""
    for name in LEVER_NAMES:
        key = widgets.widget_key(name, LEVER_PREFIX)
        if force or key not in st.session_state:
            st.session_state[key] = widgets.to_widget(name, getattr(team.levers, name))
    for name, value in team_figures.form_values(team).items():
        key = FIELD_PREFIX + name
        if name in LEVER_NAMES or (key in st.session_state and not force):
            continue
        if isinstance(value, str):
            st.session_state[key] = value
        elif name in TEXT_FIELDS:
            st.session_state[key] = _text(value, lang)
        elif name in WHOLE_FIELDS:
            st.session_state[key] = round(value)
        else:
            st.session_state[key] = _to_form(name, value)


def _range_text(name: str, lang: str) -> dict[str, str]:
    low, high = FIELDS.get(name) or team_figures.FORM_RANGES[name]
    shown = {"sales_nok": fmt.nok, "deal_value_nok": fmt.nok}.get(name)
    if name in team_figures.SHARE_FIELDS:
        return {"low": fmt.percent(low, lang), "high": fmt.percent(high, lang)}
    if shown is not None:
        return {"low": shown(low, lang), "high": shown(high, lang)}
    return {"low": fmt.number(low, lang, 1 if low % 1 else 0), "high": fmt.number(high, lang)}


def _number(ctx: frame.Ctx, name: str) -> float | None:
    step, number_format = NUMBER_INPUTS[name]
    if name in TEXT_FIELDS:
        text = st.text_input(
            ctx.t(f"team.fields.{name}.label"), key=FIELD_PREFIX + name,
            help=ctx.t(f"team.fields.{name}.help", **_range_text(name, ctx.lang)))
        if not text or not text.strip():
            return None
        number = fmt.parse_number(text, ctx.lang)
        return math.nan if number is None else number  # the form says it is not a number
    return st.number_input(
        ctx.t(f"team.fields.{name}.label"), step=step, format=number_format,
        key=FIELD_PREFIX + name, help=ctx.t(f"team.fields.{name}.help", **_range_text(name,
                                                                                     ctx.lang)),
    )


def _convert_sales(lang: str) -> None:
    """The sales radio's callback: the figure the form switches to from the one shown
    (deals a month as text in ``lang``)."""
    value = st.session_state.get(FIELD_PREFIX + "deal_value_nok")
    if not value:
        return
    if st.session_state.get(FIELD_PREFIX + "sales_mode") == "deals":
        sales = st.session_state.get(FIELD_PREFIX + "sales_nok")
        if sales is not None:
            st.session_state[FIELD_PREFIX + "deals_per_month"] = _text(sales / value, lang)
    else:
        deals = fmt.parse_number(st.session_state.get(FIELD_PREFIX + "deals_per_month"), lang)
        if deals is not None:
            st.session_state[FIELD_PREFIX + "sales_nok"] = round(deals * value)


def _convert_satisfaction() -> None:
    """The satisfaction radio's callback: CSAT (percent) to NPS and back, by the stated
    rule (``team_figures.csat_from_nps``), instead of starting the new figure at 0."""
    csat_key, nps_key = FIELD_PREFIX + "csat", FIELD_PREFIX + "nps"
    if st.session_state.get(FIELD_PREFIX + "satisfaction_mode") == "nps":
        csat = st.session_state.get(csat_key)
        if csat is not None:
            st.session_state[nps_key] = round(team_figures.nps_from_csat(csat / 100.0), DECIMALS)
    else:
        nps = st.session_state.get(nps_key)
        if nps is not None:
            st.session_state[csat_key] = round(team_figures.csat_from_nps(nps) * 100.0, DECIMALS)


def form_values(ctx: frame.Ctx) -> dict[str, Any]:
    """Draw the form; return its values in model units (``team_figures.team_from_form``)."""
    values: dict[str, Any] = {}
    habits, figures = st.columns(2, gap="large")
    with habits, st.container(border=True):
        st.subheader(ctx.t("team.form.habits"), anchor=False)
        for group in ("activity", "quality"):
            values |= widgets.lever_sliders(ctx.lang, group=group, prefix=LEVER_PREFIX)
    with figures, st.container(border=True):
        st.subheader(ctx.t("team.form.figures"), anchor=False)
        widgets.keep_choice(FIELD_PREFIX + "sales_mode", ["sales", "deals"], ctx.lang, "sales")
        values["sales_mode"] = st.radio(
            ctx.t("team.form.sales_mode"), ["sales", "deals"], horizontal=True,
            format_func=lambda m: ctx.t(f"team.form.sales_modes.{m}"),
            key=FIELD_PREFIX + "sales_mode", on_change=_convert_sales, args=(ctx.lang,))
        left, right = st.columns(2)
        with left:
            first = "sales_nok" if values["sales_mode"] == "sales" else "deals_per_month"
            values[first] = _number(ctx, first)
        with right:
            values["deal_value_nok"] = _number(ctx, "deal_value_nok")
        left, right = st.columns(2)
        with left:
            values["customers"] = _number(ctx, "customers")
        with right:
            values["lost_per_month"] = _number(ctx, "lost_per_month")
        widgets.keep_choice(FIELD_PREFIX + "satisfaction_mode", ["csat", "nps"], ctx.lang, "csat")
        values["satisfaction_mode"] = st.radio(
            ctx.t("team.form.satisfaction_mode"), ["csat", "nps"], horizontal=True,
            format_func=lambda m: ctx.t(f"team.form.satisfaction_modes.{m}"),
            key=FIELD_PREFIX + "satisfaction_mode", on_change=_convert_satisfaction)
        left, right = st.columns(2)
        with left:
            if values["satisfaction_mode"] == "csat":
                shown = _number(ctx, "csat")
                values["csat"] = None if shown is None else shown / 100.0
            else:
                values["nps"] = _number(ctx, "nps")
        with right:
            shown = _number(ctx, "burnout")
            values["burnout"] = None if shown is None else shown / 100.0
        if values["satisfaction_mode"] == "nps":
            st.caption(ctx.t("team.form.nps_rule"))
    return values


def _derived(ctx: frame.Ctx, team: Team) -> None:
    deals = deals_per_month(team)
    meetings = meetings_per_month(team, ctx.assumptions)
    st.caption(ctx.t("team.form.derived", deals=fmt.number(deals, ctx.lang, 1),
                     meetings=fmt.number(meetings, ctx.lang),
                     per_meeting=fmt.number(deals / meetings, ctx.lang, 2)))


def _unread(ctx: frame.Ctx, values: dict[str, Any]) -> str:
    """The message for a text field (:data:`TEXT_FIELDS`) whose text is not a number, with
    the text as typed, else ``""``."""
    for name in TEXT_FIELDS:
        value = values.get(name)
        if isinstance(value, float) and math.isnan(value):
            text = str(st.session_state.get(FIELD_PREFIX + name, ""))[:40]
            return ctx.t("team.errors.not_a_number", field=ctx.t(f"team.fields.{name}.label"),
                         value=saved.plain(text), **_range_text(name, ctx.lang))
    return ""


def form(ctx: frame.Ctx) -> None:
    """The form, its messages and the button that makes the team the firm."""
    seed_form(team_state.saved() or EXAMPLE, lang=ctx.lang)
    values = form_values(ctx)
    team = None
    broken = _unread(ctx, values)
    if broken:
        st.error(broken, icon=":material/error:")
    else:
        try:
            team = team_figures.team_from_form(values, ctx.assumptions)
        except team_figures.TeamProblem as problem:
            st.error(team_figures.describe(problem, ctx.lang), icon=":material/error:")
    if team is not None:
        _derived(ctx, team)
    in_use = team is not None and ctx.team == team
    if st.button(ctx.t("team.page.use"), type="primary", icon=":material/check:",
                 disabled=team is None or in_use, key="team_use"):
        team_state.use(team)
        st.rerun()
    if in_use:
        st.success(ctx.t("team.page.used"), icon=":material/groups:")
        calc, back, download = st.columns(3)
        calc.page_link(frame.PAGE_BY_KEY["calculator"].path, label=ctx.t("team.page.to_calculator"),
                       icon=":material/calculate:", query_params=ctx.link_params())
        if back.button(ctx.t("team.page.clear"), icon=":material/undo:", key="team_leave"):
            team_state.leave()
            st.rerun()
        download.download_button(
            ctx.t("team.page.download"), data=json.dumps(team_figures.to_export(team), indent=2),
            file_name="rik-team.json", mime="application/json", on_click="ignore",
            icon=":material/download:", key="team_download")


def _apply_estimate(lang: str) -> None:
    """The button's callback: the estimate into the form (before its widgets are drawn)."""
    team = st.session_state.get(ESTIMATE_KEY)
    if isinstance(team, Team):
        seed_form(team, force=True, lang=lang)
        st.session_state[FIELD_PREFIX + "sales_mode"] = "sales"
        team_state.use(team)


def importer(ctx: frame.Ctx) -> None:
    """Upload a monthly history, check it, estimate the status quo, show the fit."""
    st.subheader(ctx.t("team.import.heading"), anchor=False)
    st.caption(ctx.t("team.import.intro"))
    st.caption(ctx.t("team.import.columns",
                     columns=", ".join(team_import.column_names(ctx.lang))))
    csv_col, xlsx_col = st.columns(2)
    csv_col.download_button(
        ctx.t("team.import.template"), data=team_import.template_csv(ctx.lang),
        file_name="rik-team-template.csv", mime="text/csv", on_click="ignore",
        icon=":material/download:", key="team_template_csv")
    xlsx_col.download_button(
        ctx.t("team.import.template_xlsx"), data=team_import.template_xlsx(ctx.lang),
        file_name="rik-team-template.xlsx", on_click="ignore", icon=":material/download:",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="team_template_xlsx")
    uploaded = st.file_uploader(
        ctx.t("team.import.file", size=team_import.size_text(team_import.MAX_BYTES, ctx.lang)),
        type=["csv", "txt", "xlsx"], key=FILE_KEY, max_upload_size=1,
        help=ctx.t("team.import.file_help", rows=team_import.MIN_ROWS))
    saved.upload_limit_notice(ctx)
    if uploaded is None:
        return
    show_file(ctx, uploaded.getvalue())


def show_file(ctx: frame.Ctx, data: bytes) -> None:
    """Check ``data``; on success the method, the fit chart and the button to use it."""
    try:
        history = team_import.read(data)
        estimate = team_import.estimate(history)
    except team_import.ImportProblems as refused:
        lines = team_import.describe_all(refused.problems, ctx.lang)
        st.error(ctx.t("team.import.bad") + "\n\n" + "\n".join(f"- {line}" for line in lines),
                 icon=":material/error:")
        return
    frame_ = history.frame
    base = team_state.saved() or EXAMPLE
    levers = base.levers.to_dict() | {k: estimate[k] for k in ("sellers",
                                                                "meetings_per_seller_per_week")}
    figures = {k: estimate[k] for k in FIELDS if k in estimate} | {
        "csat": base.csat, "burnout": base.burnout}
    for name in WHOLE_FIELDS:  # an average of months, as the form takes it: whole
        if isinstance(figures.get(name), int | float):
            figures[name] = round(figures[name])
    try:
        team = team_figures.make_team(levers, figures, ctx.assumptions)
    except team_figures.TeamProblem as problem:
        st.error(ctx.t("team.import.bad") + " " + ctx.t(
            "team.import.problems.fit", reason=team_figures.describe(problem, ctx.lang)),
            icon=":material/error:")
        return
    # Read and usable: only now say so (a file read but not usable says just that).
    st.success(ctx.t("team.import.ok", rows=history.months, first=frame_.month.iloc[0],
                     last=frame_.month.iloc[-1]), icon=":material/task_alt:")
    st.caption(ctx.t("team.import.method", n=team_import.ESTIMATE_MONTHS,
                     weeks=fmt.number(core.WEEKS_PER_MONTH, ctx.lang, 2)))
    st.session_state[ESTIMATE_KEY] = team
    _derived(ctx, team)
    st.button(ctx.t("team.import.use"), icon=":material/input:", on_click=_apply_estimate,
              args=(ctx.lang,),
              disabled=ctx.team == team, key="team_use_estimate")
    if ctx.team == team:
        st.caption(ctx.t("team.import.used"))
    model = cache.simulate(rik.Scenario("baseline", team.levers), ctx.assumptions,
                           max(1, history.months), team)
    st.markdown(f"**{ctx.t('team.import.fit_title')}**")
    for column, name in zip(st.columns(2), team_fit.FIT_COLUMNS, strict=True):
        with column:
            chart_ui.show(team_fit.fit_chart, frame_, model, name, ctx.lang)
    st.caption(ctx.t("team.import.fit_caption"))
    shown = frame_.rename(columns=dict(zip(team_import.COLUMNS,
                                          team_import.column_names(ctx.lang), strict=True)))
    frame.chart_footer(ctx, shown, hide_index=True)


__all__ = ["EXAMPLE", "form", "form_values", "importer", "seed_form", "show_file"]
