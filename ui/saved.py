"""Saved scenarios in the session: the store, and the widget blocks that use it.

The store is ``st.session_state["saved_scenarios"]``: a dict (insertion-ordered)
``name -> {"scenario": rik.Scenario, "months": int}``; a scenario's own ``name`` is
always its key. It survives page changes, not a browser reload (export to keep it).

The store functions take ``state=`` (any mutable mapping; default
``st.session_state``) so they are testable without a running app. They raise
:class:`StoreError`, whose ``problem`` is an i18n key plus parameters.

Widget blocks for pages (all widget keys start with ``saved_``):

- :func:`save_panel` — name + save, with replace-or-keep-both for a taken name;
- :func:`manage_panel` — rename, duplicate, delete (with undo);
- :func:`import_export_panel` — JSON download of every saved scenario, JSON upload;
- :func:`results_csv_button`, :func:`brief_button` — one scenario's CSV and brief.

User-given names are only ever shown as plain text: escaped with :func:`plain` inside
Markdown, or in widgets that do not render Markdown (selectbox options, dataframes).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, MutableMapping
from typing import Any, NamedTuple
from urllib.parse import urlencode, urljoin, urlsplit

import streamlit as st

import rik
from rik import fmt
from rik import text as rik_text
from rik.i18n import t
from rik.model.calibration import Team
from rik.model.levers import MAX_MONTHS, MIN_MONTHS
from rik.share import brief, scenario_io
from rik.share.scenario_io import NAME_MAX, Problem, SavedScenario
from ui import frame, team_state, uploads

KEY = "saved_scenarios"
MAX_SAVED = scenario_io.MAX_SCENARIOS
_UNDO = "saved_last_deleted"
_IMPORT_SEEN = "saved_import_seen"
CALCULATOR = "calculator"


class StoreError(ValueError):
    """A store operation that cannot be done; ``problem.key`` is under ``saved.store``."""

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.problem = Problem(key, params)

    def text(self, lang: str) -> str:
        return t(f"saved.store.{self.problem.key}", lang, **self.problem.params)


# --- text ------------------------------------------------------------------------------

def plain(text: str) -> str:
    """``text`` escaped so Streamlit Markdown shows it literally (no markup, no links):
    :func:`rik.text.md_escape`, the one escaper for user, file and URL text."""
    return rik_text.md_escape(text)


# --- the store -------------------------------------------------------------------------


def _state(state: MutableMapping[str, Any] | None) -> MutableMapping[str, Any]:
    return st.session_state if state is None else state


def store(state: MutableMapping[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    """The saved scenarios, created empty on first use (and repaired if not a dict)."""
    s = _state(state)
    current = s.get(KEY)
    if not isinstance(current, dict):
        current = {}
        s[KEY] = current
    return current


def _valid(name: Any, value: Any) -> SavedScenario | None:
    if not isinstance(value, dict):
        return None
    scenario, months = value.get("scenario"), value.get("months", rik.DEFAULT_MONTHS)
    if not isinstance(scenario, rik.Scenario) or not isinstance(name, str):
        return None
    if isinstance(months, bool) or not isinstance(months, int):
        return None
    if not MIN_MONTHS <= months <= MAX_MONTHS:
        return None
    if scenario.name != name:
        scenario = rik.Scenario(name, scenario.levers, scenario.changes)
    return SavedScenario(scenario=scenario, months=months)


def entries(state: MutableMapping[str, Any] | None = None) -> list[SavedScenario]:
    """The saved scenarios in order, skipping anything malformed."""
    out = []
    for name, value in store(state).items():
        saved = _valid(name, value)
        if saved is not None:
            out.append(saved)
    return out


def saved_name(
    scenario: rik.Scenario, months: int, state: MutableMapping[str, Any] | None = None
) -> str | None:
    """The name ``scenario`` with horizon ``months`` is saved under (the latest saved, if
    more than one); ``None`` when it is not saved. Names aside, two plans are the same
    when their levers, later steps and horizon are."""
    found = None
    for item in entries(state):
        if (item.months == months and item.scenario.levers == scenario.levers
                and item.scenario.changes == scenario.changes):
            found = item.name
    return found


def names(state: MutableMapping[str, Any] | None = None) -> list[str]:
    return [s.name for s in entries(state)]


def get(name: str, state: MutableMapping[str, Any] | None = None) -> SavedScenario:
    saved = _valid(name, store(state).get(name))
    if saved is None:
        raise StoreError("not_found", name=name)
    return saved


def _record(saved: SavedScenario) -> dict[str, Any]:
    return {"scenario": saved.scenario, "months": int(saved.months)}


def _clean(name: Any) -> str:
    cleaned = scenario_io.clean_name(name if isinstance(name, str) else "")
    if not cleaned:
        raise StoreError("name_empty")
    return cleaned


def save(
    name: str,
    scenario: rik.Scenario,
    months: int,
    *,
    overwrite: bool = False,
    state: MutableMapping[str, Any] | None = None,
) -> str:
    """Save ``scenario`` as ``name`` (cleaned); returns the name used."""
    name = _clean(name)
    if isinstance(months, bool) or not isinstance(months, int) or not (
        MIN_MONTHS <= months <= MAX_MONTHS
    ):
        raise StoreError("months", min=MIN_MONTHS, max=MAX_MONTHS)
    saved = store(state)
    if name in saved and not overwrite:
        raise StoreError("name_taken", name=name)
    if name not in saved and len(saved) >= MAX_SAVED:
        raise StoreError("full", limit=MAX_SAVED)
    scenario = rik.Scenario(name, scenario.levers, scenario.changes)
    saved[name] = _record(SavedScenario(scenario, months))
    return name


def rename(old: str, new: str, state: MutableMapping[str, Any] | None = None) -> str:
    """Rename ``old`` to ``new`` (cleaned), keeping its place in the list."""
    current = get(old, state)
    new = _clean(new)
    saved = store(state)
    if new == old:
        return new
    if new in saved:
        raise StoreError("name_taken", name=new)
    renamed = SavedScenario(rik.Scenario(new, current.scenario.levers, current.scenario.changes),
                            current.months)
    items = [(new, _record(renamed)) if k == old else (k, v) for k, v in saved.items()]
    saved.clear()
    saved.update(items)
    return new


def duplicate(name: str, state: MutableMapping[str, Any] | None = None) -> str:
    """Copy ``name`` as ``name (2)`` (or the next free number), right after the original."""
    current = get(name, state)
    saved = store(state)
    if len(saved) >= MAX_SAVED:
        raise StoreError("full", limit=MAX_SAVED)
    new = scenario_io.unique_name(name, saved)
    copy = SavedScenario(rik.Scenario(new, current.scenario.levers, current.scenario.changes),
                         current.months)
    items = []
    for k, v in saved.items():
        items.append((k, v))
        if k == name:
            items.append((new, _record(copy)))
    saved.clear()
    saved.update(items)
    return new


def delete(name: str, state: MutableMapping[str, Any] | None = None) -> SavedScenario:
    """Remove ``name``; returns what was removed (and remembers it for :func:`undo_delete`)."""
    current = get(name, state)
    saved = store(state)
    position = list(saved).index(name)
    del saved[name]
    _state(state)[_UNDO] = (position, current)
    return current


def undo_delete(state: MutableMapping[str, Any] | None = None) -> str | None:
    """Put back the last deleted scenario at its old place (renamed if the name is taken)."""
    s = _state(state)
    last = s.get(_UNDO)
    if not last:
        return None
    position, removed = last
    saved = store(state)
    if len(saved) >= MAX_SAVED:
        raise StoreError("full", limit=MAX_SAVED)
    name = scenario_io.unique_name(removed.name, saved)
    restored = SavedScenario(
        rik.Scenario(name, removed.scenario.levers, removed.scenario.changes), removed.months
    )
    items = list(saved.items())
    items.insert(min(position, len(items)), (name, _record(restored)))
    saved.clear()
    saved.update(items)
    s[_UNDO] = None
    return name


def export_json(state: MutableMapping[str, Any] | None = None, team: Team | None = None) -> str:
    return scenario_io.export_json(entries(state), team)


def apply_import(
    data: bytes | str,
    *,
    replace: bool = False,
    state: MutableMapping[str, Any] | None = None,
    assumptions: rik.Assumptions | None = None,
) -> scenario_io.ImportResult:
    """Validate ``data`` and, only if it has no problems, add (or replace) the scenarios.
    A team in the file is checked against ``assumptions``; the caller puts it to use."""
    existing = [] if replace else names(state)
    result = scenario_io.import_json(data, existing=existing, limit=MAX_SAVED,
                                     assumptions=assumptions)
    if not result.ok:
        return result
    saved = store(state)
    if replace:
        saved.clear()
    for item in result.scenarios:
        saved[item.name] = _record(item)
    return result


# --- links -----------------------------------------------------------------------------


def calculator_url() -> str:
    """The calculator's absolute URL, from the address the browser is on."""
    current = getattr(st.context, "url", None) or ""
    parts = urlsplit(current)
    if not parts.scheme or not parts.netloc:
        return "http://localhost:8501/calculator"
    base = f"{parts.scheme}://{parts.netloc}{parts.path}"
    return urljoin(base, CALCULATOR)


def reopen_params(ctx: frame.Ctx) -> dict[str, str]:
    """What a link that reopens a plan carries besides the plan: the page's link
    parameters (language, assumption set, firm), not presenter mode."""
    link = ctx.link_params()
    link.pop("present", None)
    return link


def reopen_link(
    ctx: frame.Ctx, saved: SavedScenario, query: str | None = None, *, base: str | None = None
) -> tuple[str, bool]:
    """The URL that reopens ``saved`` in the calculator, and whether it is exact.

    ``base``: the calculator's address (default :func:`calculator_url`, which reads the
    browser's address and so needs a script run)."""
    exact = True
    if query is None:
        params, exact = scenario_io.reopen_query(saved)
        query = urlencode({**reopen_params(ctx), **params})
    return f"{base or calculator_url()}?{query.lstrip('?')}", exact


# --- widget blocks ---------------------------------------------------------------------


_ICONS = {
    "success": ":material/check_circle:",
    "info": ":material/info:",
    "warning": ":material/warning:",
    "error": ":material/error:",
}


def _flash(prefix: str, kind: str, key: str, name: str = "", **params: Any) -> None:
    """Remember a one-time message for the next run (set from widget callbacks)."""
    st.session_state[f"{prefix}_flash"] = (kind, key, name, params)


def _show_flash(ctx: frame.Ctx, prefix: str) -> tuple[str, str] | None:
    """Show (once) the message a callback left; returns its kind and key."""
    flash = st.session_state.pop(f"{prefix}_flash", None)
    if not flash:
        return None
    kind, key, name, params = flash
    text = ctx.t(key, **params)
    if name:
        text = f"{text} {plain(name)}"
    getattr(st, kind)(text, icon=_ICONS[kind])
    return kind, key


def _store_error(prefix: str, exc: StoreError) -> None:
    _flash(prefix, "error", f"saved.store.{exc.problem.key}", "", **exc.problem.params)


def _suggestion(ctx: frame.Ctx, state: MutableMapping[str, Any] | None = None) -> str:
    taken = set(store(state))
    n = len(taken) + 1
    while ctx.t("saved.panel.suggestion", n=n) in taken:
        n += 1
    return ctx.t("saved.panel.suggestion", n=n)


def _on_save(
    prefix: str, fallback: str, current: Callable[[], tuple[rik.Scenario, int]]
) -> None:
    scenario, months = current()
    raw = st.session_state.get(f"{prefix}_name") or ""
    chosen = raw if scenario_io.clean_name(raw) else fallback
    try:
        used = save(chosen, scenario, months)
    except StoreError as exc:
        if exc.problem.key == "name_taken":
            st.session_state[f"{prefix}_pending"] = (
                scenario_io.clean_name(chosen), scenario, months
            )
        else:
            _store_error(prefix, exc)
        return
    st.session_state[f"{prefix}_pending"] = None
    st.session_state[f"{prefix}_name"] = ""
    _flash(prefix, "success", "saved.panel.saved", used)


def _on_pending(prefix: str, overwrite: bool) -> None:
    pending = st.session_state.get(f"{prefix}_pending")
    st.session_state[f"{prefix}_pending"] = None
    if not pending:
        return
    name, scenario, months = pending
    try:
        if overwrite:
            used = save(name, scenario, months, overwrite=True)
        else:
            used = save(scenario_io.unique_name(name, store()), scenario, months)
    except StoreError as exc:
        _store_error(prefix, exc)
        return
    st.session_state[f"{prefix}_name"] = ""
    _flash(prefix, "success", "saved.panel.replaced" if overwrite else "saved.panel.saved", used)


def save_panel(
    ctx: frame.Ctx, current: Callable[[], tuple[rik.Scenario, int]], *, key: str = "calc",
    compare_link: bool = True,
) -> None:
    """A small form that saves the plan ``current()`` returns (a scenario and its horizon
    in months) under a name.

    ``current`` is asked when Save is pressed, not when the form is drawn: the calculator
    draws this panel outside its lever fragment (a lever move does not change the form),
    so the levers may have moved since. An empty name saves as "Scenario N"; a taken name
    asks whether to replace the saved one or keep both. ``key`` keeps the widget keys
    apart if a page shows two panels. ``compare_link``: once something is saved, a link
    to the compare page under the form (off where the page has its own beside it).
    """
    prefix = f"saved_{key}"
    fallback = _suggestion(ctx)
    st.markdown(f"**{ctx.t('saved.panel.title')}**")
    with st.form(f"{prefix}_form", border=False, enter_to_submit=True):
        st.text_input(
            ctx.t("saved.panel.name"),
            key=f"{prefix}_name",
            max_chars=NAME_MAX,
            placeholder=fallback,
            help=ctx.t("saved.panel.name_help", limit=NAME_MAX),
        )
        st.form_submit_button(
            ctx.t("saved.panel.save"),
            icon=":material/bookmark_add:",
            type="primary",
            on_click=_on_save,
            args=(prefix, fallback, current),
        )
    _show_flash(ctx, prefix)
    if st.session_state.get(f"{prefix}_pending"):
        st.warning(ctx.t("saved.panel.exists"), icon=":material/warning:")
        left, right = st.columns(2)
        left.button(ctx.t("saved.panel.replace"), key=f"{prefix}_replace",
                    icon=":material/sync:", on_click=_on_pending, args=(prefix, True))
        right.button(ctx.t("saved.panel.cancel"), key=f"{prefix}_keep",
                     icon=":material/content_copy:", on_click=_on_pending, args=(prefix, False))
    count = len(store())
    st.caption(
        ctx.t("saved.panel.count", n=count, limit=MAX_SAVED) if count
        else ctx.t("saved.panel.none")
    )
    compare = frame.PAGE_BY_KEY["compare"]
    if count and compare_link and ctx.page != "compare":
        st.page_link(compare.path, label=ctx.t("saved.panel.to_compare"),
                     icon=compare.icon, query_params=ctx.link_params())


def _on_manage(prefix: str, action: str) -> None:
    chosen = st.session_state.get(f"{prefix}_pick")
    try:
        if action == "undo":
            restored = undo_delete()
            if restored:
                st.session_state[f"{prefix}_pick"] = restored
                _flash(prefix, "success", "saved.manage.restored", restored)
            return
        if not isinstance(chosen, str):
            return
        if action == "rename":
            used = rename(chosen, st.session_state.get(f"{prefix}_new") or "")
            st.session_state[f"{prefix}_new"] = ""
            st.session_state[f"{prefix}_pick"] = used
            _flash(prefix, "success", "saved.manage.renamed", used)
        elif action == "duplicate":
            used = duplicate(chosen)
            st.session_state[f"{prefix}_pick"] = used
            _flash(prefix, "success", "saved.manage.duplicated", used)
        elif action == "delete":
            delete(chosen)
            st.session_state.pop(f"{prefix}_pick", None)
            _flash(prefix, "info", "saved.manage.deleted", chosen)
    except StoreError as exc:
        _store_error(prefix, exc)


def manage_panel(ctx: frame.Ctx, *, key: str = "manage") -> None:
    """Rename, duplicate or delete a saved scenario (a delete can be undone)."""
    prefix = f"saved_{key}"
    current = names()
    if st.session_state.get(f"{prefix}_pick") not in current:
        st.session_state.pop(f"{prefix}_pick", None)
    if current:
        st.selectbox(ctx.t("saved.manage.pick"), current, key=f"{prefix}_pick")
        with st.form(f"{prefix}_rename_form", border=False):
            st.text_input(ctx.t("saved.manage.new_name"), key=f"{prefix}_new",
                          max_chars=NAME_MAX)
            st.form_submit_button(ctx.t("saved.manage.rename"), icon=":material/edit:",
                                  on_click=_on_manage, args=(prefix, "rename"))
        left, right = st.columns(2)
        left.button(ctx.t("saved.manage.duplicate"), key=f"{prefix}_dup",
                    icon=":material/content_copy:", on_click=_on_manage,
                    args=(prefix, "duplicate"))
        right.button(ctx.t("saved.manage.delete"), key=f"{prefix}_del",
                     icon=":material/delete:", on_click=_on_manage, args=(prefix, "delete"))
    else:
        st.caption(ctx.t("saved.panel.none"))
    shown = _show_flash(ctx, prefix)
    if shown == ("info", "saved.manage.deleted") and st.session_state.get(_UNDO):
        st.button(ctx.t("saved.manage.undo"), key=f"{prefix}_undo", icon=":material/undo:",
                  on_click=_on_manage, args=(prefix, "undo"))


def import_export_panel(ctx: frame.Ctx, *, key: str = "io") -> None:
    """Download every saved scenario (and the team the pages run on) as JSON; upload a
    JSON file to add (or replace) them, and to bring its team back."""
    prefix = f"saved_{key}"
    saved = entries()
    st.download_button(
        ctx.t("saved.io.export"),
        data=scenario_io.export_json(saved, ctx.team),
        file_name="rik-scenarios.json",
        mime="application/json",
        key=f"{prefix}_export",
        help=ctx.t("saved.io.export_help"),
        icon=":material/download:",
        on_click="ignore",
        disabled=not saved,
    )
    if ctx.team is not None:
        st.caption(ctx.t("saved.io.export_team"))
    uploaded = st.file_uploader(
        ctx.t("saved.io.import"),
        type=["json"],
        key=f"{prefix}_upload",
        help=ctx.t("saved.io.import_help"),
        max_upload_size=1,
    )
    upload_limit_notice(ctx)
    replace = st.toggle(ctx.t("saved.io.replace_all"), key=f"{prefix}_replace", value=False)
    if uploaded is None:
        return
    seen = st.session_state.setdefault(_IMPORT_SEEN, {})
    file_id = getattr(uploaded, "file_id", None) or f"{uploaded.name}:{uploaded.size}"
    if file_id not in seen:
        result = take_import(ctx, uploaded.getvalue(), replace=replace)
        seen[file_id] = result
        if result.ok:
            st.rerun()  # widgets drawn above this panel must see the new list
    show_import_result(ctx, seen[file_id])


def take_import(ctx: frame.Ctx, data: bytes, *, replace: bool = False
                ) -> scenario_io.ImportResult:
    """An uploaded export file: its scenarios saved and its team (if any) made the firm
    of every page, or, with any problem in it, nothing changed."""
    if len(data) > scenario_io.MAX_BYTES:
        return scenario_io.ImportResult(problems=(scenario_io.too_large(len(data)),))
    result = apply_import(data, replace=replace, assumptions=ctx.assumptions)
    if result.ok and result.team is not None:
        team_state.use(result.team)
    return result


def upload_limit_notice(ctx: frame.Ctx) -> None:
    """Say so when this session has used up its uploads (``ui.uploads``)."""
    if uploads.refused():
        st.warning(ctx.t("saved.io.upload_limit", n=uploads.MAX_UPLOADS),
                   icon=":material/block:")


def show_import_result(ctx: frame.Ctx, result: scenario_io.ImportResult) -> None:
    """What an import did, in the user's language; names and values as plain text."""
    if not result.ok:
        lines = scenario_io.messages(result.problems, ctx.lang, escape=plain)
        st.error(
            ctx.t("saved.io.rejected") + "\n\n" + "\n".join(f"- {x}" for x in lines),
            icon=":material/error:",
        )
        return
    n = len(result.scenarios)
    st.success(
        ctx.t("saved.io.imported_one") if n == 1 else ctx.t("saved.io.imported", n=n),
        icon=":material/check_circle:",
    )
    if result.team is not None:
        team = result.team
        st.info(ctx.t("saved.io.imported_team", sellers=fmt.number(team.levers.sellers, ctx.lang),
                      sales=fmt.nok(team.sales_nok, ctx.lang)), icon=":material/groups:")
    for line in scenario_io.messages(result.notes, ctx.lang, escape=plain):
        st.info(line, icon=":material/info:")


def results_csv_button(
    ctx: frame.Ctx, saved: SavedScenario, results: Any, *, label: str | None = None,
    key: str = "csv",
) -> None:
    """Download one scenario's monthly results (a DataFrame from rik.simulate) as CSV."""
    st.download_button(
        ctx.t("saved.io.csv"),
        data=scenario_io.results_csv(results),
        file_name=scenario_io.safe_filename(label or saved.name, ".csv"),
        mime="text/csv",
        key=f"saved_{key}_csv",
        help=ctx.t("saved.io.csv_help"),
        icon=":material/table_view:",
        on_click="ignore",
    )


class BriefPlan(NamedTuple):
    """What a brief is of: the plan, its horizon [months], the name the brief shows, and
    the calculator query that reopens it (``None``: derived from the plan with
    :func:`rik.share.scenario_io.reopen_query`, plus language and assumption set)."""

    scenario: rik.Scenario
    months: int
    label: str
    query: str | None = None


def brief_button(
    ctx: frame.Ctx,
    scenario: rik.Scenario,
    months: int,
    *,
    label: str | None = None,
    query: str | None = None,
    key: str = "brief",
    team: Team | None | str = "page",
) -> None:
    """Download the one-page HTML brief of ``scenario`` (built when clicked).

    ``label`` is the name shown in the brief and its file's (default ``scenario.name``);
    ``query`` is the calculator query string that reopens it (see :class:`BriefPlan`).
    ``team``: the firm the brief runs on (``"page"``: the one chosen in the sidebar; the
    self-assessment passes the firm its projection runs on).
    """
    plan = BriefPlan(scenario, months, label or scenario.name, query)
    current_brief_button(ctx, lambda: plan, file_label=plan.label, key=key, team=team)


def current_brief_button(
    ctx: frame.Ctx,
    current: Callable[[], BriefPlan],
    *,
    file_label: str,
    key: str = "brief",
    team: Team | None | str = "page",
) -> None:
    """:func:`brief_button` of the plan ``current()`` returns, asked for when the button
    is clicked.

    The calculator draws its brief button outside the lever fragment (a lever move does
    not change the button), so the plan is read when the brief is built, in the server's
    thread: ``current`` must not need a script run (read a value the fragment keeps, not
    ``st.session_state``). ``file_label`` names the file (``kalkulator-brief.html``).
    """
    base = calculator_url()  # here: the link itself is made only when the brief is
    assumptions, lang = ctx.assumptions, ctx.lang
    set_label = ctx.t(f"frame.sets.{ctx.set_name}")
    if team == "page":
        team = ctx.team
    if team is not None:  # the brief says whose figures it runs on
        set_label += " · " + ctx.t("team.firm.team")
    edited = frame.edited_copy(ctx.set_name) is not None
    today = datetime.date.today().isoformat()

    def build() -> bytes:
        plan = current()
        url, exact = reopen_link(ctx, SavedScenario(plan.scenario, plan.months), plan.query,
                                 base=base)
        return brief.build_brief(
            plan.scenario, plan.months, assumptions, lang, url,
            label=plan.label, set_label=set_label, link_exact=exact, edited=edited,
            date=today, team=team,
        ).encode("utf-8")

    st.download_button(
        ctx.t("saved.io.brief"),
        data=build,
        file_name=scenario_io.safe_filename(file_label, "-brief.html"),
        mime="text/html",
        key=f"saved_{key}_brief",
        help=ctx.t("saved.io.brief_help"),
        icon=":material/description:",
        on_click="ignore",
    )


__all__ = [
    "KEY",
    "MAX_SAVED",
    "BriefPlan",
    "StoreError",
    "apply_import",
    "brief_button",
    "current_brief_button",
    "delete",
    "duplicate",
    "entries",
    "export_json",
    "get",
    "import_export_panel",
    "manage_panel",
    "names",
    "plain",
    "upload_limit_notice",
    "rename",
    "reopen_link",
    "reopen_params",
    "results_csv_button",
    "save",
    "save_panel",
    "saved_name",
    "show_import_result",
    "store",
    "take_import",
    "undo_delete",
]
