"""The one-page brief: a self-contained HTML page about one scenario, to print or share.

:func:`build_brief` is pure: it simulates the scenario and the status quo, renders the
main charts to inline SVG with ``vl_convert`` (no browser), and returns one HTML string
with its CSS inline. The page loads nothing (no scripts, fonts, images or style sheets
from anywhere); the only link out is the one that reopens the scenario in the app. It
prints on one A4 page (Chromium, checked by a browser test); the appendix with every
assumption is shown on screen and left out of the print, which says where to find it.
Each chart can be downloaded as SVG and PNG (data links inside the file, for slides).
"""

from __future__ import annotations

import base64
import html
import json
from collections.abc import Mapping, Sequence
from urllib.parse import urlencode

import pandas as pd
import vl_convert

from rik import fmt
from rik.charts.common import SCENARIO_STYLE, lines_over_time, style_for
from rik.i18n import t
from rik.model.assumptions import Assumptions
from rik.model.calibration import Team, coefficients
from rik.model.levers import LEVER_NAMES, Scenario, format_lever, lever_label
from rik.model.outputs import PLAN_OUTPUTS, TREND_OUTPUTS
from rik.model.presets import presets
from rik.model.simulate import simulate
from rik.share.team_figures import plan_on_team
from rik.story import about, readout

KPI_MONTHS: tuple[int, int] = (12, 24)
KPI_COLUMNS: tuple[str, ...] = (*PLAN_OUTPUTS, "reputation")
CHART_COLUMNS: tuple[str, ...] = TREND_OUTPUTS

CSS = """
:root { --ink: #0b1520; --muted: #4a5561; --line: #d9e2ec; --accent: #1f5f8b; }
* { box-sizing: border-box; }
html { font-family: "Helvetica Neue", Arial, "Liberation Sans", sans-serif; color: var(--ink); }
body { margin: 0 auto; max-width: 190mm; padding: 10mm 8mm; font-size: 10.5pt;
       line-height: 1.35; background: white; }
header { display: flex; justify-content: space-between; align-items: baseline;
         border-bottom: 2px solid var(--accent); padding-bottom: 2mm; margin-bottom: 3mm; }
header .app { font-weight: 700; color: var(--accent); letter-spacing: .02em; }
header .kind { color: var(--muted); }
h1 { font-size: 18pt; margin: 0 0 1mm; overflow-wrap: anywhere; }
h2 { font-size: 11.5pt; margin: 4mm 0 1.5mm; color: var(--accent); }
p { margin: 0 0 2mm; }
.meta { color: var(--muted); font-size: 9pt; }
.lead { font-size: 11pt; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; }
tr { break-inside: avoid; }
th, td { border-bottom: 1px solid var(--line); padding: 1mm 1.5mm; text-align: left;
         vertical-align: top; }
th { font-weight: 600; color: var(--muted); }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.diff td { background: #fff4e0; }
tr.diff td:first-child { border-left: 3px solid #E69F00; }
.charts { display: grid; grid-template-columns: 1fr 1fr; gap: 2mm 4mm; }
.charts figure { margin: 0; break-inside: avoid; }
.charts svg { width: 100%; height: auto; display: block; }
.legend { font-size: 9pt; margin: 0 0 1mm; }
.legend .key { margin-right: 6mm; white-space: nowrap; }
.changes { font-size: 9pt; margin: 1mm 0 0; padding-left: 5mm; }
.note { font-size: 8.5pt; color: var(--muted); }
.assumptions table { font-size: 7pt; line-height: 1.15; }
.assumptions td, .assumptions th { padding: .35mm 1mm; }
.reopen { font-size: 9pt; overflow-wrap: anywhere; }
.reopen a { color: var(--accent); }
footer { margin-top: 3mm; border-top: 1px solid var(--line); padding-top: 2mm; }
.credit { font-size: 8.5pt; color: var(--muted); margin: 1mm 0 0; }
.downloads { font-size: 8pt; margin: .5mm 0 0; }
.downloads a { color: var(--accent); margin-right: 3mm; }
.print-only { display: none; }
@page { size: A4; margin: 9mm 10mm; }
@media print {
  /* One A4 page: the appendix of assumptions and the download links stay on screen. */
  .screen-only, .downloads { display: none; }
  .print-only { display: block; }
  .charts { grid-template-columns: 1fr 1fr; gap: 0 4mm; }
  .charts svg { max-height: 40mm; }
  .changes { margin: .5mm 0 0; }
  .note { font-size: 7.5pt; margin-bottom: 1mm; }
  .credit { font-size: 7.5pt; }
  body { max-width: none; padding: 0; font-size: 9pt; }
  h1 { font-size: 16pt; }
  .lead { font-size: 10pt; }
  .reopen { font-size: 7.5pt; }
  .assumptions table { font-size: 6.6pt; line-height: 1.1; }
  .assumptions td, .assumptions th { padding: .15mm 1mm; }
  footer { margin-top: 1.5mm; padding-top: 1mm; font-size: 7.5pt; }
  h2 { margin: 2.2mm 0 1mm; font-size: 10.5pt; }
  table { font-size: 8pt; }
  th, td { padding: .35mm 1.2mm; }
  header { margin-bottom: 2mm; }
  p { margin-bottom: 1.2mm; }
  h2 { break-after: avoid; }
  a { color: var(--ink); }
}
"""


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _lever_value(name: str, value: float, lang: str) -> str:
    return format_lever(name, value, lang)


def _coefficient_value(value: float, lang: str) -> str:
    if float(value).is_integer():
        return fmt.number(value, lang)
    decimals = 3 if abs(value) < 0.1 else 2
    return fmt.number(value, lang, decimals).rstrip("0").rstrip(",.")


def chart_svgs(
    frames: Mapping[str, pd.DataFrame], lang: str, labels: Mapping[str, str],
    columns: Sequence[str] = CHART_COLUMNS,
) -> list[tuple[str, str]]:
    """``(title, svg)`` for each chart column, rendered without a browser."""
    out = []
    for column in columns:
        chart = lines_over_time(frames, column, lang, labels=labels, height=95)
        spec = chart.properties(width=430).to_dict()
        for channel in ("color", "strokeDash"):  # one shared HTML legend instead
            spec["encoding"][channel]["legend"] = None
        svg = vl_convert.vegalite_to_svg(json.dumps(spec))
        out.append((t(f"common.outputs.{column}", lang), svg))
    return out


def _downloads(column: str, svg: str, lang: str) -> str:
    """Links that save one chart as SVG and as PNG (for slides), inside the file itself."""
    png = vl_convert.svg_to_png(svg, scale=2)
    name = _e(t(f"common.outputs.{column}", lang).lower().replace(" ", "-"))
    svg_url = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    png_url = "data:image/png;base64," + base64.b64encode(png).decode()
    return (
        f'<p class="downloads">{_e(t("brief.download", lang))} '
        f'<a download="{name}.svg" href="{svg_url}">SVG</a>'
        f'<a download="{name}.png" href="{png_url}">PNG</a></p>'
    )


def _legend(frames: Mapping[str, pd.DataFrame], labels: Mapping[str, str]) -> str:
    """The charts' one shared legend: a line sample (colour and dash) and a name each."""
    colours, dashes = style_for(frames)
    items = []
    for key, colour, dash in zip(frames, colours, dashes, strict=True):
        pattern = " ".join(str(d) for d in dash)
        items.append(
            '<span class="key"><svg width="28" height="8" aria-hidden="true">'
            f'<line x1="0" y1="4" x2="28" y2="4" stroke="{colour}" stroke-width="3" '
            f'stroke-dasharray="{pattern}"/></svg> {_e(labels.get(key, key))}</span>'
        )
    return f'<p class="legend">{"".join(items)}</p>'


def _levers_table(scenario: Scenario, base: Scenario, lang: str) -> str:
    rows = []
    for name in LEVER_NAMES:
        value, base_value = getattr(scenario.levers, name), getattr(base.levers, name)
        changed = value != base_value
        rows.append(
            f'<tr class="{"diff" if changed else "same"}"><td>{_e(lever_label(name, lang))}</td>'
            f'<td class="num">{_e(_lever_value(name, value, lang))}</td>'
            f'<td class="num">{_e(_lever_value(name, base_value, lang))}</td></tr>'
        )
    head = (
        f'<tr><th>{_e(t("brief.lever", lang))}</th><th class="num">'
        f'{_e(t("brief.this_scenario", lang))}</th><th class="num">'
        f'{_e(t("common.baseline_short", lang))}</th></tr>'
    )
    changes = ""
    if scenario.changes:
        items = "".join(
            "<li>"
            + _e(
                t(
                    "brief.change",
                    lang,
                    month=c.month,
                    lever=lever_label(c.lever, lang),
                    value=_lever_value(c.lever, c.value, lang),
                )
            )
            + "</li>"
            for c in scenario.changes
        )
        changes = f'<ul class="changes">{items}</ul>'
    return f"<table>{head}{''.join(rows)}</table>{changes}"


def _delta(column: str, value: float, ref: float, lang: str) -> str:
    """Against the status quo, written as on every page (:func:`readout.change_text`)."""
    return readout.change_text(column, value, ref, lang)[0]


def _kpi_table(run: pd.DataFrame, base: pd.DataFrame, lang: str) -> str:
    head = [f"<th>{_e(t('brief.kpi', lang))}</th>"]
    for month in KPI_MONTHS:
        head += [
            f'<th class="num">{_e(t("brief.at_month", lang, month=month))}</th>',
            f'<th class="num">{_e(t("common.baseline_short", lang))}</th>',
            f'<th class="num">{_e(t("brief.difference", lang))}</th>',
        ]
    rows = []
    for column in KPI_COLUMNS:
        cells = [f"<td>{_e(t(f'common.outputs.{column}', lang))}</td>"]
        for month in KPI_MONTHS:
            value, ref = float(run.loc[month, column]), float(base.loc[month, column])
            delta = _delta(column, value, ref, lang)
            cells += [
                f'<td class="num"><strong>{_e(readout.format_output(column, value, lang))}'
                "</strong></td>",
                f'<td class="num">{_e(readout.format_output(column, ref, lang))}</td>',
                f'<td class="num">{_e(delta)}</td>',
            ]
        rows.append(f'<tr data-kpi="{column}">{"".join(cells)}</tr>')
    return f"<table class=\"kpis\"><tr>{''.join(head)}</tr>{''.join(rows)}</table>"


def _assumptions_table(assumptions: Assumptions, lang: str,
                       own: Mapping[str, float] | None = None) -> str:
    """Every coefficient with its value, unit, source and confidence; ``own``: the status
    quo a real team's figures set (:func:`rik.model.calibration.coefficients`), shown with
    the team as their source."""
    own = own or {}
    head = (
        f"<tr><th>{_e(t('brief.coefficient', lang))}</th>"
        f'<th class="num">{_e(t("common.value", lang))}</th>'
        f"<th>{_e(t('brief.unit', lang))}</th>"
        f"<th>{_e(t('common.source', lang))}</th>"
        f"<th>{_e(t('common.confidence', lang))}</th></tr>"
    )
    rows = []
    for c in assumptions:
        confidence = t(f"common.confidence_levels.{c.confidence}", lang)
        value, source = c.value, c.source_in(lang)
        if c.key in own:
            value, source = float(own[c.key]), t("brief.team_source", lang)
            confidence = t("brief.team_confidence", lang)
        rows.append(
            f"<tr><td>{_e(c.label(lang))}</td>"
            f'<td class="num">{_e(_coefficient_value(value, lang))}</td>'
            f"<td>{_e(about.unit_text(c, lang))}</td><td>{_e(source)}</td>"
            f"<td>{_e(confidence)}</td></tr>"
        )
    return f"<table>{head}{''.join(rows)}</table>"


def _lead(run: pd.DataFrame, base: pd.DataFrame, lang: str) -> str:
    parts = []
    for month in KPI_MONTHS:
        value, ref = float(run.loc[month, "sales_nok"]), float(base.loc[month, "sales_nok"])
        delta = _delta("sales_nok", value, ref, lang)
        parts.append(
            t("brief.lead_part", lang, month=month,
              sales=readout.format_output("sales_nok", value, lang), delta=delta)
        )
    last = KPI_MONTHS[-1]
    burnout = readout.format_output("burnout_share", float(run.loc[last, "burnout_share"]), lang)
    csat = readout.format_output("csat", float(run.loc[last, "csat"]), lang)
    return t("brief.lead", lang, first=parts[0], second=parts[1], burnout=burnout, csat=csat)


def build_brief(
    scenario: Scenario,
    months: int,
    assumptions: Assumptions,
    lang: str,
    base_url: str,
    query: str | Mapping[str, str] = "",
    *,
    label: str | None = None,
    set_label: str | None = None,
    link_exact: bool = True,
    edited: bool = False,
    date: str | None = None,
    team: Team | None = None,
) -> str:
    """The brief of ``scenario`` as one self-contained HTML document in ``lang``.

    ``months`` is the horizon the scenario was viewed with (the charts show at least 24
    months; the KPIs are read at months 12 and 24). ``base_url`` + ``query`` is the link
    that reopens the scenario. ``label`` is the scenario's display name (default
    ``scenario.name``), ``set_label`` the assumption set's display name. ``team``: the
    user's team as the firm (``rik.model.calibration``; its status quo is the baseline), else the
    story's firm.
    """
    horizon = max(int(months), max(KPI_MONTHS))
    baseline = plan_on_team(presets()["baseline"], team)
    run = simulate(scenario, assumptions, horizon, team=team)
    base = simulate(baseline, assumptions, horizon, team=team)
    name = label or scenario.name
    query_text = urlencode(query) if isinstance(query, Mapping) else str(query).lstrip("?")
    url = f"{base_url}?{query_text}" if query_text else base_url
    set_text = set_label or assumptions.name
    own = {} if team is None else {k: v for k, v in coefficients(team, assumptions).items()
                                   if k in set(assumptions.keys())}

    # A story's scenario keeps its colour from the app; any other is the app's "custom".
    story = scenario.name in SCENARIO_STYLE and scenario.name != "baseline"
    key = scenario.name if story else "custom"
    frames = {"baseline": base, key: run}
    labels = {"baseline": t("common.baseline_short", lang), key: name}
    charts = chart_svgs(frames, lang, labels)
    figures = "".join(
        f'<figure aria-label="{_e(title)}">{svg}{_downloads(column, svg, lang)}</figure>'
        for column, (title, svg) in zip(CHART_COLUMNS, charts, strict=True)
    )
    title = t("brief.title", lang)
    meta = t("brief.meta", lang, set=set_text, months=months)
    if edited:
        meta += " " + t("brief.edited", lang)
    if date:
        meta += " · " + t("brief.date", lang, date=date)
    link_note = "" if link_exact else f'<p class="note">{_e(t("brief.link_approx", lang))}</p>'
    return f"""<!DOCTYPE html>
<html lang="{'nb' if lang == 'nb' else 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(name)} · {_e(title)}</title>
<style>{CSS}</style>
</head>
<body>
<header><span class="app">{_e(t("frame.app_name", lang))}</span>
<span class="kind">{_e(title)}</span></header>
<h1>{_e(name)}</h1>
<p class="meta">{_e(meta)}</p>
<p class="lead">{_e(_lead(run, base, lang))}</p>
<p class="reopen"><strong>{_e(t("brief.reopen_title", lang))}:</strong>
<a href="{_e(url)}">{_e(url)}</a></p>{link_note}
<section><h2>{_e(t("brief.levers_title", lang))}</h2>
{_levers_table(scenario, baseline, lang)}</section>
<section><h2>{_e(t("brief.kpis_title", lang))}</h2>
{_kpi_table(run, base, lang)}
<p class="note">{_e(t("brief.kpis_note", lang))}</p></section>
<section><h2>{_e(t("brief.charts_title", lang))}</h2>
{_legend(frames, labels)}
<div class="charts">{figures}</div>
<p class="note">{_e(t("brief.charts_note", lang, set=set_text))}</p></section>
<p class="note print-only">{_e(t("brief.assumptions_print", lang, set=set_text))}</p>
<p class="credit">{_e(t("brief.credit", lang))}</p>
<section class="assumptions screen-only">
<h2>{_e(t("brief.assumptions_title", lang, set=set_text))}</h2>
<p class="note">{_e(t("brief.assumptions_note", lang))}</p>
{_assumptions_table(assumptions, lang, own)}</section>
<footer class="note">{_e(t("brief.footer", lang))}</footer>
</body>
</html>
"""


__all__ = ["CHART_COLUMNS", "KPI_COLUMNS", "KPI_MONTHS", "build_brief", "chart_svgs"]
