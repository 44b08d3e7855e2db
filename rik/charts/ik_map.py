"""The I × K map: effort (meetings held per seller per week) against quality per meeting.

K on the map is the model's quality per meeting (``quality_per_meeting``, 0..1): seller
skill times everything a meeting's conversion multiplies (its quality under load, the
pitch, reputation, how cold the market is; see ``docs/model.md``). A rushed meeting is
worth less than a prepared one even with the same seller, so plotting skill alone would
place the numbers game above the status quo while its sales fall. The
background shades R = I × K relative to the status quo; scenarios are drawn as points
(one month) or paths.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import altair as alt
import numpy as np
import pandas as pd
import pyarrow as pa

from rik.charts.common import finish, scenario_label, style_for
from rik.charts.template import Chart, named, template
from rik.i18n import t

I_RANGE = (0.0, 30.0)  # meetings held per seller per week
K_RANGE = (0.0, 1.0)  # quality per meeting


def surface(
    reference_activity: float, reference_quality: float, steps: int = 31
) -> pd.DataFrame:
    """R = I × K on a grid, as a multiple of the reference point's I × K."""
    i_values = np.linspace(*I_RANGE, steps)
    k_values = np.linspace(*K_RANGE, steps)
    ii, kk = np.meshgrid(i_values, k_values)
    ratio = ii * kk / (reference_activity * reference_quality)
    return pd.DataFrame({"activity": ii.ravel(), "quality": kk.ravel(), "ratio": ratio.ravel()})


GRID_STEPS = 31
"""The background's cells per axis (generated inside the spec, see :func:`_ik_template`)."""
SHAPES = ("circle", "square", "diamond", "triangle-up", "cross", "triangle-down")


def reference(frames: Mapping[str, pd.DataFrame]) -> float:
    """I × K of the first frame's month 0 (the status quo), which the map divides by."""
    first = next(iter(frames.values()))
    return float(first["activity"].to_numpy()[0] * first["quality_per_meeting"].to_numpy()[0])


def ik_points(
    frames: Mapping[str, pd.DataFrame],
    lang: str,
    *,
    month: int | None = 12,
    paths: bool = False,
    labels: Mapping[str, str] | None = None,
) -> pa.Table:
    """The scenarios' points on the map (scenario, month, activity, quality, ratio): one per
    scenario at ``month`` (``None``: the last), or every month when ``paths``. K is
    the model's ``quality_per_meeting`` and the ratio is against the first frame's month 0.

    An Arrow table made straight from the columns (what Streamlit sends; a pandas frame
    in between cost more than the rest of drawing the map)."""
    ref = reference(frames)
    months, activity, quality, sizes = [], [], [], []
    for frame in frames.values():
        index = frame.index.to_numpy()
        rows = slice(None) if paths else [
            frame.index.get_loc(month if month is not None else index[-1])]
        months.append(index[rows])
        activity.append(frame["activity"].to_numpy(dtype=float)[rows])
        quality.append(frame["quality_per_meeting"].to_numpy(dtype=float)[rows])
        sizes.append(len(months[-1]))
    i, k = np.concatenate(activity), np.concatenate(quality)
    names = [scenario_label(key, lang, labels) for key in frames]
    return pa.table(
        {
            "scenario": pa.array(
                [name for name, size in zip(names, sizes, strict=True) for _ in range(size)],
                pa.string(),
            ),
            "month": np.concatenate(months).astype(np.int64),
            "activity": i,
            "quality": k,
            "ratio": i * k / ref,
        }
    )


def ik_map(
    frames: Mapping[str, pd.DataFrame],
    lang: str,
    *,
    month: int | None = 12,
    paths: bool = False,
    labels: Mapping[str, str] | None = None,
    height: int = 380,
) -> Chart:
    """Scenarios on the I × K map at ``month`` (or their whole paths when ``paths``).

    ``frames`` are outputs of ``rik.simulate`` keyed by scenario (K is the model's
    ``quality_per_meeting``); the surface is scaled to the first frame's month-0
    point (the status quo). Datasets (Arrow tables): ``ik_points`` (see
    :func:`ik_points`), with ``paths`` also ``ik_ends`` (each scenario's last month), and
    ``ik_ref`` (the status quo's I × K, which the background divides by).
    """
    names = tuple(scenario_label(k, lang, labels) for k in frames)
    spec = _ik_template(lang, tuple(frames), names, paths, height)
    points = ik_points(frames, lang, month=month, paths=paths, labels=labels)
    data = {"ik_points": points}
    if paths:  # each scenario's last row (rows run by month within a scenario)
        data["ik_ends"] = points.take(np.cumsum([len(frame) for frame in frames.values()]) - 1)
    data["ik_ref"] = pa.table({"one": [1], "ref": [reference(frames)]})
    return Chart(spec, data)


@template
def _ik_template(
    lang: str, keys: tuple[str, ...], names: tuple[str, ...], paths: bool, height: int
) -> dict:
    x_title = t("charts.ik.x", lang)
    y_title = t("charts.ik.y", lang)
    legend_title = t("charts.ik.legend", lang)
    steps = GRID_STEPS - 1
    step_i = (I_RANGE[1] - I_RANGE[0]) / steps
    step_k = (K_RANGE[1] - K_RANGE[0]) / steps
    # The background, R = I × K against the status quo, generated in the browser: a
    # sequence of GRID_STEPS² cells, each divided by the ``ik_ref`` row (the only data).
    heat = (
        alt.Chart(alt.SequenceGenerator(sequence=alt.SequenceParams(
            start=0, stop=GRID_STEPS * GRID_STEPS, step=1, **{"as": "n"})))
        .transform_calculate(
            one="1",
            activity=f"{I_RANGE[0]} + floor(datum.n / {GRID_STEPS}) * {step_i}",
            quality=f"{K_RANGE[0]} + (datum.n % {GRID_STEPS}) * {step_k}",
        )
        .transform_calculate(activity2=f"datum.activity + {step_i}",
                             quality2=f"datum.quality + {step_k}")
        .transform_lookup(lookup="one", from_=alt.LookupData(
            data=named("ik_ref"), key="one", fields=["ref"]))
        .transform_calculate(ratio="datum.activity * datum.quality / datum.ref")
        .mark_rect(opacity=0.55)
        .encode(
            x=alt.X("activity:Q", title=x_title, scale=alt.Scale(domain=list(I_RANGE))),
            x2="activity2:Q",
            y=alt.Y("quality:Q", title=y_title, scale=alt.Scale(domain=list(K_RANGE))),
            y2="quality2:Q",
            color=alt.Color(
                "ratio:Q",
                title=legend_title,
                scale=alt.Scale(scheme="blues", domain=[0, 3], clamp=True),
                legend=alt.Legend(format=".1f", orient="right"),
            ),
            tooltip=[
                alt.Tooltip("activity:Q", title=x_title, format=".0f"),
                alt.Tooltip("quality:Q", title=y_title, format=".2f"),
                alt.Tooltip("ratio:Q", title=legend_title, format=".2f"),
            ],
        )
    )
    colours, dashes = style_for(keys)
    order = list(names)
    shape_scale = alt.Scale(domain=order, range=list(SHAPES))
    encode = {
        "x": alt.X("activity:Q"),
        "y": alt.Y("quality:Q"),
        "color": alt.Color(
            "scenario:N",
            title=t("common.scenario", lang),
            scale=alt.Scale(domain=order, range=colours),
            # Two a row: on a phone one row cuts the later names.
            legend=alt.Legend(orient="bottom", columns=2, labelLimit=220),
        ),
        "tooltip": [
            alt.Tooltip("scenario:N", title=t("common.scenario", lang)),
            alt.Tooltip("month:Q", title=t("common.month", lang)),
            alt.Tooltip("activity:Q", title=x_title, format=".1f"),
            alt.Tooltip("quality:Q", title=y_title, format=".2f"),
            alt.Tooltip("ratio:Q", title=legend_title, format=".2f"),
        ],
    }
    layers: list[alt.Chart] = [heat]
    if paths:
        layers.append(
            alt.Chart(named("ik_points"))
            .mark_line(strokeWidth=2.5)
            .encode(
                order="month:Q",
                strokeDash=alt.StrokeDash(
                    "scenario:N", scale=alt.Scale(domain=order, range=dashes), legend=None
                ),
                **encode,
            )
        )
        # The line layer already carries the legend.
        encode["color"] = alt.Color(
            "scenario:N", scale=alt.Scale(domain=order, range=colours), legend=None
        )
    layers.append(
        alt.Chart(named("ik_ends" if paths else "ik_points"))
        .mark_point(size=220, filled=True, stroke="white", strokeWidth=1.5, opacity=1)
        .encode(shape=alt.Shape("scenario:N", scale=shape_scale, legend=None), **encode)
    )
    chart = alt.layer(*layers).properties(
        height=height, title=t("charts.ik.title", lang)
    ).resolve_scale(color="independent")
    return finish(chart, lang).to_dict()


def build_ik_map(
    frames: Mapping[str, pd.DataFrame], lang: str, **options: Any
) -> alt.LayerChart:
    """:func:`ik_map` (same options) as an Altair chart, for callers that add layers
    (rooms, self-assessment). Pages that only draw it use :func:`ik_map`."""
    return ik_map(frames, lang, **options).to_altair()


__all__ = [
    "GRID_STEPS",
    "I_RANGE",
    "K_RANGE",
    "build_ik_map",
    "ik_map",
    "ik_points",
    "reference",
    "surface",
]
