"""The I × K map: effort (meetings held per seller per week) against quality per meeting.

K on the map is seller skill times the quality of each meeting (both 0..1): a rushed
meeting is worth less than a prepared one even with the same seller, so plotting skill
alone would place the numbers game above the status quo while its sales fall. The
background shades R = I × K relative to the status quo; scenarios are drawn as points
(one month) or paths.
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import numpy as np
import pandas as pd

from rik.charts.common import finish, scenario_label, style_for
from rik.i18n import t

I_RANGE = (0.0, 30.0)  # meetings held per seller per week
K_RANGE = (0.0, 1.0)  # skill


def quality_per_meeting(frame: pd.DataFrame) -> pd.Series:
    """K as the map shows it: ``skill × meeting_quality`` [0..1]."""
    return frame["skill"] * frame["meeting_quality"]


def surface(
    reference_activity: float, reference_skill: float, steps: int = 31
) -> pd.DataFrame:
    """R = I × K on a grid, as a multiple of the reference point's I × K."""
    i_values = np.linspace(*I_RANGE, steps)
    k_values = np.linspace(*K_RANGE, steps)
    ii, kk = np.meshgrid(i_values, k_values)
    ratio = ii * kk / (reference_activity * reference_skill)
    return pd.DataFrame({"activity": ii.ravel(), "skill": kk.ravel(), "ratio": ratio.ravel()})


def build_ik_map(
    frames: Mapping[str, pd.DataFrame],
    lang: str,
    *,
    month: int | None = 12,
    paths: bool = False,
    labels: Mapping[str, str] | None = None,
    height: int = 380,
) -> alt.LayerChart:
    """Scenarios on the I × K map at ``month`` (or their whole paths when ``paths``).

    ``frames`` are outputs of ``rik.simulate`` keyed by scenario (K is taken as
    :func:`quality_per_meeting`); the surface is scaled to the first frame's month-0
    point (the status quo).
    """
    frames = {key: frame.assign(skill=quality_per_meeting(frame)) for key, frame in frames.items()}
    first = next(iter(frames.values()))
    ref_i, ref_k = float(first["activity"].iloc[0]), float(first["skill"].iloc[0])
    grid = surface(ref_i, ref_k)
    x_title = t("charts.ik.x", lang)
    y_title = t("charts.ik.y", lang)
    step_i = (I_RANGE[1] - I_RANGE[0]) / 30
    step_k = (K_RANGE[1] - K_RANGE[0]) / 30
    grid = grid.assign(
        activity2=grid.activity + step_i, skill2=grid.skill + step_k
    )
    heat = (
        alt.Chart(grid)
        .mark_rect(opacity=0.55)
        .encode(
            x=alt.X("activity:Q", title=x_title, scale=alt.Scale(domain=list(I_RANGE))),
            x2="activity2:Q",
            y=alt.Y("skill:Q", title=y_title, scale=alt.Scale(domain=list(K_RANGE))),
            y2="skill2:Q",
            color=alt.Color(
                "ratio:Q",
                title=t("charts.ik.legend", lang),
                scale=alt.Scale(scheme="blues", domain=[0, 3], clamp=True),
                legend=alt.Legend(format=".1f", orient="right"),
            ),
            tooltip=[
                alt.Tooltip("activity:Q", title=x_title, format=".0f"),
                alt.Tooltip("skill:Q", title=y_title, format=".2f"),
                alt.Tooltip("ratio:Q", title=t("charts.ik.legend", lang), format=".2f"),
            ],
        )
    )
    rows = []
    for key, frame in frames.items():
        selected = frame if paths else frame.loc[[month if month is not None else frame.index[-1]]]
        for m, row in selected.iterrows():
            rows.append(
                {
                    "scenario": scenario_label(key, lang, labels),
                    "month": int(m),
                    "activity": float(row["activity"]),
                    "skill": float(row["skill"]),
                    "ratio": float(row["activity"] * row["skill"] / (ref_i * ref_k)),
                }
            )
    points = pd.DataFrame(rows)
    order = [scenario_label(k, lang, labels) for k in frames]
    colours, dashes = style_for(frames)
    shape_scale = alt.Scale(
        domain=order, range=["circle", "square", "diamond", "triangle-up", "cross", "triangle-down"]
    )
    encode = {
        "x": alt.X("activity:Q"),
        "y": alt.Y("skill:Q"),
        "color": alt.Color(
            "scenario:N",
            title=t("common.scenario", lang),
            scale=alt.Scale(domain=order, range=colours),
            legend=alt.Legend(orient="bottom"),
        ),
        "tooltip": [
            alt.Tooltip("scenario:N", title=t("common.scenario", lang)),
            alt.Tooltip("month:Q", title=t("common.month", lang)),
            alt.Tooltip("activity:Q", title=x_title, format=".1f"),
            alt.Tooltip("skill:Q", title=y_title, format=".2f"),
            alt.Tooltip("ratio:Q", title=t("charts.ik.legend", lang), format=".2f"),
        ],
    }
    layers = [heat]
    if paths:
        layers.append(
            alt.Chart(points)
            .mark_line(strokeWidth=2.5)
            .encode(
                order="month:Q",
                strokeDash=alt.StrokeDash(
                    "scenario:N", scale=alt.Scale(domain=order, range=dashes), legend=None
                ),
                **encode,
            )
        )
        ends = points.sort_values("month").groupby("scenario", as_index=False).last()
        # The line layer already carries the legend.
        encode["color"] = alt.Color(
            "scenario:N", scale=alt.Scale(domain=order, range=colours), legend=None
        )
    else:
        ends = points
    layers.append(
        alt.Chart(ends)
        .mark_point(size=220, filled=True, stroke="white", strokeWidth=1.5, opacity=1)
        .encode(shape=alt.Shape("scenario:N", scale=shape_scale, legend=None), **encode)
    )
    chart = alt.layer(*layers).properties(
        height=height, title=t("charts.ik.title", lang)
    ).resolve_scale(color="independent")
    return finish(chart, lang)


__all__ = ["I_RANGE", "K_RANGE", "build_ik_map", "quality_per_meeting", "surface"]
