"""Charts for the story's chapters: pure functions of simulated runs and a language.

Runs are ``{preset name: DataFrame}`` from ``rik.simulate`` (see ``rik.story.chapters``). Every
builder returns a :class:`rik.charts.template.Chart` (a cached spec template and this
run's data); :func:`data_table` gives the numbers behind it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import altair as alt
import pandas as pd

from rik import fmt
from rik.charts.common import finish, line_chart, scenario_label
from rik.charts.ik_map import ik_map
from rik.charts.template import Chart, named, template
from rik.i18n import t
from rik.model import outputs
from rik.story import chapters as story

MYTH = ("baseline", "numbers_game")
RESULTS = ("baseline", "numbers_game", "quality_first")
CATALYST = ("baseline", "quality_first", "catalyst")
CHANGE_COLUMNS = ("sales_nok", "csat")
CHANGE_STYLE = {"sales_nok": ("#0072B2", [1, 0]), "csat": ("#D55E00", [6, 3])}


def _pick(
    runs: Mapping[str, pd.DataFrame], names: Sequence[str], months: int | None
) -> dict[str, pd.DataFrame]:
    return {n: runs[n] if months is None else runs[n].loc[:months] for n in names}


def build_lines(
    runs: Mapping[str, pd.DataFrame],
    column: str,
    lang: str,
    *,
    names: Sequence[str] = MYTH,
    months: int | None = None,
    title: str | None = None,
    marker: int | None = None,
    marker_label: str | None = None,
    height: int = 280,
    legend: str = "bottom",
) -> Chart:
    """``column`` over the months for the presets ``names`` (up to ``months``).

    ``marker`` draws a labelled vertical rule at that month (e.g. when a plan changes).
    ``legend`` is where the legend goes (``"bottom"``, ``"top"``, ...).
    """
    return line_chart(
        _pick(runs, names, months),
        column,
        lang,
        title=title,
        height=height,
        legend=legend,
        legend_title=False,
        fit_months=True,
        rules=None if marker is None else [(marker, marker_label or "")],
        rule_style="label",
    )


def build_myth_chart(
    runs: Mapping[str, pd.DataFrame],
    lang: str,
    *,
    months: int = 3,
    height: int = 280,
    legend: str = "bottom",
) -> Chart:
    """Sales of the numbers game against the status quo, for the first ``months``."""
    return build_lines(
        runs, "sales_nok", lang, names=MYTH, months=months, height=height, legend=legend,
        title=t(
            "story.charts.myth" if months < len(runs["baseline"]) - 1 else "story.charts.myth_all",
            lang,
            months=months,
        ),
    )


def build_consequence_chart(
    runs: Mapping[str, pd.DataFrame],
    consequence: str,
    lang: str,
    *,
    height: int = 280,
    legend: str = "bottom",
) -> Chart:
    """One consequence of the push (``chapters.CONSEQUENCES``): numbers game vs status quo."""
    column, _ = story.CONSEQUENCES[consequence]
    return build_lines(
        runs, column, lang, names=MYTH, height=height, legend=legend,
        title=t(f"story.push.{consequence}.chart", lang),
    )


def build_results_chart(
    runs: Mapping[str, pd.DataFrame], lang: str, *, height: int = 300, legend: str = "bottom"
) -> Chart:
    """Sales of quality first against the numbers game and the status quo."""
    return build_lines(
        runs, "sales_nok", lang, names=RESULTS, height=height, legend=legend,
        marker=story.RESULT_MONTH,
        marker_label=t("story.charts.year_later", lang),
        title=t("story.charts.results", lang),
    )


def build_catalyst_chart(
    runs: Mapping[str, pd.DataFrame], lang: str, *, height: int = 300, legend: str = "bottom"
) -> Chart:
    """Sales of the catalyst against quality first, with the month its meetings rise."""
    step, _, after = story.catalyst_step()
    return build_lines(
        runs, "sales_nok", lang, names=CATALYST, height=height, legend=legend,
        marker=step,
        marker_label=t("story.charts.step", lang, meetings=f"{after:g}"),
        title=t("story.charts.catalyst", lang),
    )


def change_frame(base: pd.DataFrame, run: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Long form: month, measure (translated), key, change of ``run`` against ``base``."""
    parts = []
    for column in CHANGE_COLUMNS:
        parts.append(
            pd.DataFrame(
                {
                    "month": run.index.to_numpy(),
                    "measure": t(f"common.outputs.{column}", lang),
                    "key": column,
                    "value": (run[column] / base[column] - 1.0).to_numpy(),
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def build_measures_chart(
    base: pd.DataFrame,
    run: pd.DataFrame,
    lang: str,
    *,
    reference: pd.DataFrame | None = None,
    height: int = 280,
) -> Chart:
    """Sales and customer satisfaction of ``run`` as a change against ``base``, by month.

    With a ``reference`` run (e.g. all measures on), the y axis spans it too, so the
    scale stays put while measures are switched on and off.
    """
    data = change_frame(base, run, lang)
    values = list(data["value"])
    if reference is not None:
        values += list(change_frame(base, reference, lang)["value"])
    low, high = min([*values, -0.05]), max([*values, 0.05])
    pad = 0.05 * (high - low)
    # The domain is a static input, rounded outwards (to 0.1 %) so that nearby runs share
    # one template.
    domain = (math.floor((low - pad) * 1000) / 1000, math.ceil((high + pad) * 1000) / 1000)
    spec = _measures_template(lang, int(run.index[-1]), domain, height)
    return Chart(spec, {"changes": data})


@template
def _measures_template(
    lang: str, last: int, domain: tuple[float, float], height: int
) -> dict:
    order = [t(f"common.outputs.{c}", lang) for c in CHANGE_COLUMNS]
    colours = [CHANGE_STYLE[c][0] for c in CHANGE_COLUMNS]
    dashes = [CHANGE_STYLE[c][1] for c in CHANGE_COLUMNS]
    label = t("story.charts.change_axis", lang)
    # The zero line: one rule from the same data (no inline dataset in the template).
    # aria=False: a decoration, not data; Vega drew it as an unlabelled <svg role="img">
    # (axe-core's svg-img-alt).
    zero = (
        alt.Chart(named("changes"))
        .transform_aggregate(rows="count()")
        .mark_rule(color="#6B7280", aria=False)
        .encode(y=alt.datum(0.0))
    )
    lines = (
        alt.Chart(named("changes"))
        .mark_line(strokeWidth=3)
        .encode(
            x=alt.X("month:Q", title=t("common.month", lang), axis=alt.Axis(tickMinStep=1),
                    scale=alt.Scale(domain=[0, last], nice=False)),
            y=alt.Y(
                "value:Q",
                title=label,
                axis=alt.Axis(format="+.0%"),
                scale=alt.Scale(domain=list(domain), nice=False),
            ),
            color=alt.Color(
                "measure:N", title=None,
                scale=alt.Scale(domain=order, range=colours),
                legend=alt.Legend(orient="top"),
            ),
            strokeDash=alt.StrokeDash(
                "measure:N", scale=alt.Scale(domain=order, range=dashes), legend=None
            ),
            tooltip=[
                alt.Tooltip("measure:N", title=t("common.value", lang)),
                alt.Tooltip("month:Q", title=t("common.month", lang)),
                alt.Tooltip("value:Q", title=label, format="+.1%"),
            ],
        )
    )
    chart = alt.layer(zero, lines).properties(
        title=t("story.charts.measures", lang), height=height
    )
    return finish(chart, lang).to_dict()


def build_story_ik_map(
    runs: Mapping[str, pd.DataFrame],
    lang: str,
    *,
    month: int = story.RESULT_MONTH,
    paths: bool = False,
    height: int = 380,
) -> Chart:
    """The I × K map with the presets marked (K is quality per meeting, as on every map)."""
    return ik_map(runs, lang, month=month, paths=paths, height=height)


def data_table(
    runs: Mapping[str, pd.DataFrame],
    column: str,
    lang: str,
    names: Sequence[str],
    months: int | None = None,
) -> pd.DataFrame:
    """The numbers behind a line chart: one row per month, one column per scenario."""
    frames = _pick(runs, names, months)
    table = pd.DataFrame({scenario_label(n, lang): f[column] for n, f in frames.items()})
    table.index.name = t("common.month", lang)
    return table


def change_table(base: pd.DataFrame, run: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The numbers behind :func:`build_measures_chart`: change against ``base`` by month."""
    table = pd.DataFrame(
        {t(f"common.outputs.{c}", lang): run[c] / base[c] - 1.0 for c in CHANGE_COLUMNS}
    )
    table.index.name = t("common.month", lang)
    return table


def ik_table(runs: Mapping[str, pd.DataFrame], lang: str, month: int) -> pd.DataFrame:
    """The numbers behind the story's I × K map at ``month``."""
    ref = runs["baseline"].loc[0]
    ref_r = float(ref["activity"] * ref["quality_per_meeting"])
    rows = []
    for name, frame in runs.items():
        row = frame.loc[month]
        i, k = float(row["activity"]), float(row["quality_per_meeting"])
        rows.append(
            {
                t("common.scenario", lang): scenario_label(name, lang),
                t("story.charts.ik_i", lang): i,
                t("story.charts.ik_k", lang): k,
                t("charts.ik.legend", lang): i * k / ref_r,
            }
        )
    return pd.DataFrame(rows)




def format_ik_table(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """:func:`ik_table` with its numbers written out for ``lang``."""
    out = table.copy()
    decimals = {t("story.charts.ik_i", lang): 1}
    for name in out.columns[1:]:
        out[name] = [fmt.number(x, lang, decimals.get(name, 2)) for x in out[name]]
    return out


def format_value(value: float, column: str, lang: str) -> str:
    """One table value written out in ``column``'s unit for ``lang``: an output column by
    its specification (:func:`rik.model.outputs.value_text`, with a table's precision), or one
    of this module's derived columns (``change``, ``ratio``)."""
    if column == "change":
        return fmt.signed_percent(value, lang, 1)
    if column == "ratio":
        return fmt.number(value, lang, 2)
    return outputs.value_text(column, value, lang, precise=True)


def format_table(table: pd.DataFrame, column: str, lang: str) -> pd.DataFrame:
    """A copy of ``table`` with every value written out in ``column``'s unit for ``lang``."""
    return table.map(lambda v: format_value(v, column, lang))


__all__ = [
    "CATALYST",
    "CHANGE_COLUMNS",
    "MYTH",
    "RESULTS",
    "build_catalyst_chart",
    "build_consequence_chart",
    "build_lines",
    "build_measures_chart",
    "build_myth_chart",
    "build_results_chart",
    "build_story_ik_map",
    "change_frame",
    "change_table",
    "data_table",
    "format_ik_table",
    "format_table",
    "format_value",
    "ik_table",
]
