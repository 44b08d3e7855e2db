"""Charts for the analysis page: fan charts, a tornado, and the goal-seek trade-off.

Charts as templates (:mod:`rik.charts.template`): each builder returns a
:class:`~rik.charts.template.Chart`, a Vega-Lite spec built and validated once per static
inputs (language, output, month, label, colour, height) plus this run's data by dataset
name. Every label comes from ``data/i18n`` in the chart's language and numbers use its
locale (:func:`rik.charts.common.finish`). The
tables beside the charts ("the numbers behind the chart"), the plans table and the
sentence naming a binding limit are built here too, so the page only draws them.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import altair as alt
import pandas as pd

from rik import fmt
from rik.analysis.goalseek import GoalSeekResult, cost_hours, cost_rates
from rik.analysis.sensitivity import RATIO, RELATIVE_OUTPUTS
from rik.analysis.uncertainty import MonteCarloResult
from rik.charts.common import OKABE_ITO, SCENARIO_STYLE, axis_format, finish, scenario_label
from rik.charts.template import Chart, named, template
from rik.i18n import t
from rik.model import outputs
from rik.model.assumptions import Assumptions
from rik.model.calibration import Team
from rik.model.levers import LEVER_NAMES, Levers, format_lever, lever_label
from rik.model.presets import status_quo

BASELINE_COLOUR = SCENARIO_STYLE["baseline"][0]
LOW_COLOUR = OKABE_ITO[0]
HIGH_COLOUR = OKABE_ITO[1]
ZOOMED = frozenset({"csat"})  # fan charts whose y axis need not start at zero


def _output_title(output: str, lang: str) -> str:
    return f"{t(f'common.outputs.{output}', lang)} ({t(f'common.units.{output}', lang)})"


def fan_frames(
    result: MonteCarloResult, output: str, lang: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Long data for a fan chart: bands (month, series, lo, hi, opacity) and lines."""
    scn, base = result.bands["scenario"][output], result.bands["baseline"][output]
    months = scn.index.to_numpy()
    bands = []
    for frame, lo, hi, name, opacity in (
        (base, "p5", "p95", t("analysis.chart.base90", lang), 0.16),
        (scn, "p5", "p95", t("analysis.chart.band90", lang), 0.22),
        (scn, "p25", "p75", t("analysis.chart.band50", lang), 0.42),
    ):
        bands.append(
            pd.DataFrame(
                {"month": months, "series": name, "lo": frame[lo].to_numpy(),
                 "hi": frame[hi].to_numpy(), "opacity": opacity}
            )
        )
    det = result.deterministic["scenario"][output].to_numpy()
    lines = [
        pd.DataFrame({"month": months, "series": t("analysis.chart.base_median", lang),
                      "value": base["p50"].to_numpy()}),
        pd.DataFrame({"month": months, "series": t("analysis.chart.median", lang),
                      "value": scn["p50"].to_numpy()}),
        pd.DataFrame({"month": months, "series": t("analysis.chart.set_values", lang),
                      "value": det}),
    ]
    return pd.concat(bands, ignore_index=True), pd.concat(lines, ignore_index=True)


def build_fan_chart(
    result: MonteCarloResult,
    output: str,
    lang: str,
    *,
    label: str | None = None,
    colour: str | None = None,
    height: int = 380,
) -> Chart:
    """Median line with 50 % and 90 % bands for the scenario, baseline's for reference.

    A template per output, language, label, colour and height; datasets ``fan_bands``
    and ``fan_lines`` (see :func:`fan_frames`).
    """
    label = label or scenario_label(result.scenario_name, lang)
    colour = colour or SCENARIO_STYLE.get(result.scenario_name, SCENARIO_STYLE["custom"])[0]
    bands, lines = fan_frames(result, output, lang)
    spec = _fan_template(output, lang, label, colour, height)
    return Chart(spec, {"fan_bands": bands, "fan_lines": lines})


@template
def _fan_template(output: str, lang: str, label: str, colour: str, height: int) -> dict:
    """The legend sits on top in three columns: with Streamlit's chart theme the height
    includes the legend, and a legend below a chart squeezes the plot in narrow columns."""
    band_names = [t(f"analysis.chart.{k}", lang) for k in ("base90", "band90", "band50")]
    line_names = [t(f"analysis.chart.{k}", lang) for k in ("base_median", "median", "set_values")]
    domain = band_names + line_names
    colours = [BASELINE_COLOUR, colour, colour, BASELINE_COLOUR, colour, "#000000"]
    dashes = [[6, 3], [1, 0], [2, 3]]
    fmt = axis_format(output)
    colour_enc = alt.Color(
        "series:N",
        title=None,
        scale=alt.Scale(domain=domain, range=colours),
        legend=alt.Legend(
            orient="top", columns=3, symbolType="square", symbolOpacity=0.7, labelLimit=280
        ),
    )
    x = alt.X("month:Q", title=t("common.month", lang), axis=alt.Axis(tickMinStep=1))
    area = (
        alt.Chart(named("fan_bands"))
        .mark_area()
        .encode(
            x=x,
            y=alt.Y(
                "lo:Q",
                title=_output_title(output, lang),
                axis=alt.Axis(format=fmt),
                scale=alt.Scale(zero=output not in ZOOMED),
            ),
            y2="hi:Q",
            color=colour_enc,
            opacity=alt.Opacity("opacity:Q", scale=None, legend=None),
            tooltip=[
                alt.Tooltip("series:N", title=t("analysis.chart.series", lang)),
                alt.Tooltip("month:Q", title=t("common.month", lang)),
                alt.Tooltip("lo:Q", title=t("analysis.chart.from", lang), format=fmt),
                alt.Tooltip("hi:Q", title=t("analysis.chart.to", lang), format=fmt),
            ],
        )
    )
    line = (
        alt.Chart(named("fan_lines"))
        .mark_line(strokeWidth=2.5)
        .encode(
            x=x,
            y=alt.Y("value:Q"),
            color=colour_enc,
            strokeDash=alt.StrokeDash(
                "series:N", scale=alt.Scale(domain=line_names, range=dashes), legend=None
            ),
            tooltip=[
                alt.Tooltip("series:N", title=t("analysis.chart.series", lang)),
                alt.Tooltip("month:Q", title=t("common.month", lang)),
                alt.Tooltip("value:Q", title=t(f"common.outputs.{output}", lang), format=fmt),
            ],
        )
    )
    title = t("analysis.chart.fan_title", lang, output=t(f"common.outputs.{output}", lang),
              name=label)
    chart = alt.layer(area, line).properties(height=height, title=title)
    return finish(chart, lang).to_dict()


# --- Tornado ----------------------------------------------------------------------------


def bar_label(key: str, kind: str, lang: str, assumptions: Assumptions) -> str:
    """A bar's name: the coefficient's label, or the lever's label marked as a lever."""
    if kind == "lever":
        name = lever_label(key, lang)
        return t("analysis.chart.lever_bar", lang, name=name)
    return assumptions.coefficient(key).label(lang)


def is_relative(output: str) -> bool:
    """Whether the tornado shows this output's changes relative to its level (%)."""
    return output in RELATIVE_OUTPUTS


def tornado_frame(
    frame: pd.DataFrame, output: str, lang: str, assumptions: Assumptions, top: int = 12
) -> pd.DataFrame:
    """Long data for the tornado: label, side, input, value, change (the bar length)."""
    rows = []
    relative = is_relative(output)
    for rank, row in enumerate(frame.head(top).itertuples(index=False)):
        label = bar_label(row.key, row.kind, lang, assumptions)
        for side in ("low", "high"):
            delta = getattr(row, f"{side}_delta")
            rows.append(
                {
                    "rank": rank,
                    "label": label,
                    "side": t(f"analysis.chart.side_{side}", lang),
                    "input": float(getattr(row, f"{side}_input")),
                    "value": float(getattr(row, f"{side}_value")),
                    "change": delta / row.base_value if relative else delta,
                }
            )
    return pd.DataFrame(rows)


def build_tornado_chart(
    frame: pd.DataFrame,
    output: str,
    month: int,
    lang: str,
    assumptions: Assumptions,
    *,
    top: int = 12,
) -> Chart:
    """Horizontal bars: each input's change of ``output`` at its low and high end.

    A template per output, month, language and number of bars; dataset ``tornado`` (see
    :func:`tornado_frame`), drawn in the order of its ``rank``.
    """
    data = tornado_frame(frame, output, lang, assumptions, top)
    spec = _tornado_template(output, int(month), lang, int(data["label"].nunique()))
    return Chart(spec, {"tornado": data})


@template
def _tornado_template(output: str, month: int, lang: str, rows: int) -> dict:
    sides = [t("analysis.chart.side_low", lang), t("analysis.chart.side_high", lang)]
    value_fmt = ".2f" if output == RATIO else axis_format(output)
    x_title = t(
        "analysis.chart.change_relative" if is_relative(output) else "analysis.chart.change_points",
        lang,
    )
    output_name = t(f"analysis.outputs.{output}", lang)
    lowered = output_name[:1].lower() + output_name[1:]
    data = alt.Chart(named("tornado"))
    bars = data.mark_bar(height={"band": 0.8}).encode(
        x=alt.X("change:Q", title=x_title, axis=alt.Axis(format="+.0%")),
        # the ranks (the data's order) set the order: the largest swing on top
        y=alt.Y("label:N", title=None, axis=alt.Axis(labelLimit=320),
                sort=alt.EncodingSortField(field="rank", op="min", order="ascending")),
        yOffset=alt.YOffset("side:N", sort=sides),
        color=alt.Color(
            "side:N",
            title=None,
            scale=alt.Scale(domain=sides, range=[LOW_COLOUR, HIGH_COLOUR]),
            legend=alt.Legend(orient="top", labelLimit=360),
        ),
        tooltip=[
            alt.Tooltip("label:N", title=t("analysis.chart.input", lang)),
            alt.Tooltip("side:N", title=t("analysis.chart.series", lang)),
            alt.Tooltip("input:Q", title=t("analysis.chart.tried", lang), format=",.4~g"),
            alt.Tooltip("value:Q", title=output_name, format=value_fmt),
            alt.Tooltip("change:Q", title=x_title, format="+.1%"),
        ],
    )
    # one rule at zero (the bars' data folded to one row)
    rule = data.transform_aggregate(bars="count()").mark_rule(color="#333").encode(
        x=alt.datum(0)
    )
    chart = alt.layer(bars, rule).properties(
        height=120 + 44 * rows,
        title=t("analysis.chart.tornado_title", lang, output=lowered, month=month),
    )
    return finish(chart, lang).to_dict()


# --- Goal seek --------------------------------------------------------------------------


def tradeoff_frames(result: GoalSeekResult, lang: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Candidates (cost, change vs baseline, whether they meet every limit) and the plans."""
    cloud = result.cloud
    meets = t("analysis.chart.meets", lang)
    misses = t("analysis.chart.misses", lang)
    points = pd.DataFrame(
        {
            "cost": cloud["cost"].to_numpy(),
            "change": cloud["ratio"].to_numpy() - 1.0,
            "burnout": cloud["burnout_end"].to_numpy(),
            "status": [meets if m else misses for m in cloud["meets"]],
        }
    )
    plans = pd.DataFrame(
        {
            "plan": [t("analysis.goal.plan_n", lang, n=i + 1) for i in range(len(result.plans))],
            "number": [str(i + 1) for i in range(len(result.plans))],
            "cost": [p.cost_nok for p in result.plans],
            "change": [p.check.ratio - 1.0 for p in result.plans],
            "burnout": [p.check.burnout_end for p in result.plans],
        }
    )
    return points, plans


def build_tradeoff_chart(result: GoalSeekResult, lang: str, *, height: int = 340) -> Chart:
    """Plans tried: net cost against the sales change, the target line and the best three.

    A template per language, target month, height and whether plans were found;
    datasets ``tradeoff_points`` and ``tradeoff_plans`` (see :func:`tradeoff_frames`) and
    ``tradeoff_target`` (the target's change, one row).
    """
    points, plans = tradeoff_frames(result, lang)
    target = pd.DataFrame(
        {"change": [result.goal.target_ratio - 1.0],
         "label": [t("analysis.chart.target", lang)]}
    )
    data = {"tradeoff_points": points, "tradeoff_target": target}
    if len(plans):
        data["tradeoff_plans"] = plans
    spec = _tradeoff_template(lang, result.goal.target_month, height, bool(len(plans)))
    return Chart(spec, data)


@template
def _tradeoff_template(lang: str, month: int, height: int, with_plans: bool) -> dict:
    status = [t("analysis.chart.meets", lang), t("analysis.chart.misses", lang)]
    x_title = t("analysis.chart.cost_axis", lang, month=month)
    y_title = t("analysis.chart.change_axis", lang, month=month)
    tooltip = [
        alt.Tooltip("cost:Q", title=x_title, format=",.0f"),
        alt.Tooltip("change:Q", title=y_title, format="+.0%"),
        alt.Tooltip("burnout:Q", title=t("common.outputs.burnout_share", lang), format=".0%"),
    ]
    cloud = (
        alt.Chart(named("tradeoff_points"))
        .mark_point(filled=True, size=22)
        .encode(
            x=alt.X("cost:Q", title=x_title),
            y=alt.Y("change:Q", title=y_title, axis=alt.Axis(format="+.0%")),
            color=alt.Color(
                "status:N",
                title=None,
                scale=alt.Scale(domain=status, range=[OKABE_ITO[2], "#B8BEC6"]),
                legend=alt.Legend(orient="top", labelLimit=360),
            ),
            shape=alt.Shape(
                "status:N", scale=alt.Scale(domain=status, range=["circle", "cross"]), legend=None
            ),
            opacity=alt.value(0.55),
            tooltip=[alt.Tooltip("status:N", title=t("analysis.chart.series", lang)), *tooltip],
        )
    )
    rule = alt.Chart(named("tradeoff_target")).mark_rule(color="#333", strokeDash=[6, 3]).encode(
        y="change:Q", tooltip=[alt.Tooltip("label:N", title=t("analysis.chart.series", lang))]
    )
    layers = [cloud, rule]
    if with_plans:
        plans = alt.Chart(named("tradeoff_plans"))
        layers.append(
            plans.mark_point(size=260, filled=True, color="#000000", stroke="white",
                             strokeWidth=1.5)
            .encode(
                x="cost:Q",
                y="change:Q",
                tooltip=[alt.Tooltip("plan:N", title=t("analysis.chart.series", lang)), *tooltip],
            )
        )
        layers.append(
            plans.mark_text(color="white", fontWeight="bold", fontSize=11)
            .encode(x="cost:Q", y="change:Q", text="number:N")
        )
    chart = alt.layer(*layers).properties(
        height=height, title=t("analysis.chart.tradeoff_title", lang)
    )
    return finish(chart, lang).to_dict()


def lever_labels(lang: str) -> Mapping[str, str]:
    """Each lever's label in ``lang`` (table headers for plans)."""
    return {name: lever_label(name, lang) for name in LEVER_NAMES}


# --- Tables and sentences beside the charts ---------------------------------------------


def value_text(output: str, value: float, lang: str) -> str:
    """An output's value as text, by its specification (:func:`rik.model.outputs.value_text`,
    with a table's precision); the sensitivity's ratio with three decimals."""
    if output == RATIO:
        return fmt.number(value, lang, 3)
    return outputs.value_text(output, value, lang, precise=True)


def lever_text(name: str, value: float, lang: str) -> str:
    """A lever value with its unit: ``55 %``, ``14 meetings/week``."""
    return format_lever(name, value, lang)


def _input_text(value: float, lang: str) -> str:
    """A coefficient or lever value tried, without trailing zeros."""
    decimals = 0 if float(value).is_integer() else min(4, len(f"{value:.4g}".split(".")[-1]))
    return fmt.number(value, lang, decimals)


def fan_table(result: MonteCarloResult, output: str, lang: str) -> pd.DataFrame:
    """Percentiles per month for the scenario, and the status quo's median."""
    scn, base = result.bands["scenario"][output], result.bands["baseline"][output]
    columns = {t(f"analysis.mc.col_{q}", lang): scn[q] for q in ("p5", "p25", "p50", "p75", "p95")}
    columns[t("analysis.mc.col_base", lang)] = base["p50"]
    table = pd.DataFrame(columns).map(lambda v: value_text(output, v, lang))
    table.index.name = t("common.month", lang)
    return table


def tornado_table(
    frame: pd.DataFrame, output: str, lang: str, assumptions: Assumptions
) -> pd.DataFrame:
    """Every bar (not only the top ones): input, values tried, result at each end."""
    return pd.DataFrame(
        {
            t("analysis.sens.col_input", lang): [
                bar_label(k, kind, lang, assumptions)
                for k, kind in zip(frame.key, frame.kind, strict=True)
            ],
            t("analysis.sens.col_low", lang): [_input_text(v, lang) for v in frame.low_input],
            t("analysis.sens.col_high", lang): [_input_text(v, lang) for v in frame.high_input],
            t("analysis.sens.col_at_low", lang): [
                value_text(output, v, lang) for v in frame.low_value
            ],
            t("analysis.sens.col_at_high", lang): [
                value_text(output, v, lang) for v in frame.high_value
            ],
        }
    )


def plan_names(result: GoalSeekResult, lang: str) -> list[str]:
    return [t("analysis.goal.plan_n", lang, n=i + 1) for i in range(len(result.plans))]


def levers_today(team: Team | None = None) -> Levers:
    """The status quo's levers: the story firm's, or the team's own."""
    return status_quo() if team is None else team.levers


def burnout_today(assumptions: Assumptions, team: Team | None = None) -> float:
    """The share of burned-out sellers at the start: the set's, or the team's own."""
    return float(assumptions["burnout_0"] if team is None else team.burnout)


def plans_table(
    result: GoalSeekResult, assumptions: Assumptions, lang: str, team: Team | None = None
) -> pd.DataFrame:
    """Levers, quality time and outcomes: the status quo (the story's firm's, or the
    team's own when the pages run on a team) and each plan, side by side."""
    sq = levers_today(team)
    plans = result.plans
    month = result.goal.target_month
    rows: dict[str, list[str]] = {}
    for name, label in lever_labels(lang).items():
        rows[label] = [lever_text(name, getattr(lev, name), lang)
                       for lev in (sq, *(p.levers for p in plans))]
    rows[t("analysis.goal.row_cost_nok", lang, month=month)] = [
        fmt.nok(0.0, lang), *(fmt.nok(round(p.cost_nok, -3), lang) for p in plans)
    ]
    rows[t("analysis.goal.row_gain_nok", lang, month=month)] = [
        fmt.nok(0.0, lang),
        *(fmt.signed_nok(round(p.check.net_gain_nok, -3), lang) for p in plans),
    ]
    rows[t("analysis.goal.row_cost", lang)] = [
        fmt.number(cost_hours(sq, assumptions), lang, 1),
        *(fmt.number(p.cost_hours, lang, 1) for p in plans),
    ]
    rows[t("analysis.goal.row_sales", lang, month=month)] = [
        "–", *(fmt.signed_percent(p.check.ratio - 1.0, lang) for p in plans)
    ]
    rows[t("analysis.goal.row_burnout", lang, month=month)] = [
        fmt.percent(burnout_today(assumptions, team), lang),
        *(fmt.percent(p.check.burnout_end, lang) for p in plans),
    ]
    rows[t("analysis.goal.row_csat", lang, month=month)] = [
        "–", *(fmt.points(p.check.csat_gain, lang, 1) for p in plans)
    ]
    columns = [t("common.presets.baseline", lang), *plan_names(result, lang)]
    return pd.DataFrame(rows, index=columns).T


def cost_note(assumptions: Assumptions, lang: str, team: Team | None = None) -> str:
    """How «cheapest» is measured, with this assumption set's rates; the status quo's
    quality hours are the firm's the table starts from (the story's, or ``team``'s)."""
    rates = cost_rates(assumptions)
    return t(
        "analysis.goal.cost_note",
        lang,
        dev=fmt.number(rates["development"], lang, 1),
        rel=fmt.number(rates["relationship_time_share"], lang, 1),
        onb=fmt.number(rates["onboarding"], lang, 1),
        base=fmt.number(cost_hours(levers_today(team), assumptions), lang, 1),
    )


def binding_text(result: GoalSeekResult, lang: str) -> str:
    """Which limit binds and how far it must move (rounded up to a usable slider value)."""
    binding = result.binding
    limit = binding.limit if binding else "target"
    needed = binding.needed if binding else None
    if limit == "target":
        best = result.best_ratio if needed is None else needed
        shown = fmt.signed_percent(best - 1.0, lang) if math.isfinite(best) else "–"
        detail = t("analysis.goal.binding_target", lang, best=shown)
    elif needed is None or not binding.alone:
        detail = t("analysis.goal.binding_closest", lang)
    elif limit == "burnout":
        shown = fmt.percent(math.ceil(needed * 100 - 1e-9) / 100, lang)
        detail = t("analysis.goal.binding_burnout", lang, needed=shown)
    elif limit == "csat":
        shown = fmt.number(abs(needed) * 100.0, lang, 1)
        detail = t("analysis.goal.binding_csat", lang, needed=shown)
    elif limit == "meetings":
        detail = t("analysis.goal.binding_meetings", lang, needed=fmt.number(needed, lang))
    else:
        shown = fmt.number(math.ceil(needed * 10 - 1e-9) / 10, lang, 1)
        detail = t("analysis.goal.binding_budget", lang, needed=shown)
    name = t(f"analysis.limits.{limit}", lang)
    return f"{t('analysis.goal.binding', lang, limit=name)} {detail}"


def cloud_table(result: GoalSeekResult, lang: str) -> pd.DataFrame:
    """The plans tried that the trade-off chart shows, cheapest first."""
    points, _ = tradeoff_frames(result, lang)
    points = points.sort_values("cost", kind="stable")
    return pd.DataFrame(
        {
            t("analysis.chart.cost_axis", lang, month=result.goal.target_month): [
                fmt.nok(round(v, -3), lang) for v in points.cost
            ],
            t("analysis.chart.change_axis", lang, month=result.goal.target_month): [
                fmt.signed_percent(v, lang) for v in points.change
            ],
            t("common.outputs.burnout_share", lang): [
                fmt.percent(v, lang) for v in points.burnout
            ],
            t("analysis.chart.series", lang): list(points.status),
        }
    )


__all__ = [
    "bar_label",
    "binding_text",
    "build_fan_chart",
    "build_tornado_chart",
    "build_tradeoff_chart",
    "burnout_today",
    "cloud_table",
    "cost_note",
    "fan_frames",
    "fan_table",
    "is_relative",
    "lever_labels",
    "lever_text",
    "levers_today",
    "plan_names",
    "plans_table",
    "tornado_frame",
    "tornado_table",
    "tradeoff_frames",
    "value_text",
]
