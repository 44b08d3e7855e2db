"""The workshop room's I × K map: the presets, plus one marker per participant.

Points come from :func:`rik.team.rooms.room_points`; participants at one place share a
marker that grows (:func:`group_points`).
"""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd

from rik.charts.ik_map import I_RANGE, K_RANGE, build_ik_map
from rik.i18n import t


def name_list(names: list[str], limit: int = 8) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" (+{len(names) - limit})" if len(names) > limit else "")


def group_points(points: pd.DataFrame, *, shown: int = 3) -> pd.DataFrame:
    """Participants at the same place on the map as one row each place: where they are,
    how many (``n``), and a label naming up to ``shown`` of them (``Kari, Ola +3``).

    ``dy`` moves a label up (negative) or down (in pixels at the projector's size) so that
    labels of places close together do not print over each other."""
    columns = ["activity", "quality", "n", "names", "label", "dy"]
    if points.empty:
        return pd.DataFrame(columns=columns)
    grouped = (
        points.assign(i=points["activity"].round(1), k=points["quality"].round(2))
        .groupby(["i", "k"], as_index=False, sort=True)
        .agg(
            activity=("activity", "mean"),
            quality=("quality", "mean"),
            n=("nickname", "size"),
            names=("nickname", lambda names: name_list(sorted(names))),
            label=("nickname", lambda names: _short_list(sorted(names), shown)),
        )
        .sort_values(["quality", "activity"], ascending=[False, True], ignore_index=True)
    )
    near_i = 0.12 * (I_RANGE[1] - I_RANGE[0])
    near_k = 0.07 * (K_RANGE[1] - K_RANGE[0])
    offsets: list[float] = []
    for row in grouped.itertuples():
        taken = {
            offsets[j]
            for j in range(row.Index)
            if abs(grouped.at[j, "activity"] - row.activity) < near_i
            and abs(grouped.at[j, "quality"] - row.quality) < near_k
        }
        dy = -22.0
        while dy in taken:
            dy = -dy if dy < 0 else -(dy + 26.0)
        offsets.append(dy)
    return grouped.assign(dy=offsets)[columns]


def _short_list(names: list[str], shown: int) -> str:
    if len(names) <= shown:
        return ", ".join(names)
    return ", ".join(names[: shown - 1]) + f" +{len(names) - shown + 1}"


PROJECTOR_FONT = 22
"""Text size on the projector's map (pixels): readable from the back of a meeting room."""


def projector_map(
    preset_frames: Mapping[str, pd.DataFrame],
    points: pd.DataFrame,
    lang: str,
    *,
    month: int,
    label: str = "Participants",
    height: int = 470,
) -> alt.LayerChart:
    """The room's map for the big screen: every place labelled with its nicknames (no
    hovering), participants at one place counted in the label and the marker's size."""
    chart = room_map(preset_frames, points, lang, month=month, label=label)
    grouped = group_points(points)
    if not grouped.empty:
        # Vega draws a text's stroke over its fill: a white halo under a black copy.
        labels = [
            alt.Chart(part)
            .mark_text(fontSize=PROJECTOR_FONT, fontWeight="bold", dy=float(dy), limit=260,
                       **style)
            .encode(x=alt.X("activity:Q"), y=alt.Y("quality:Q"), text=alt.Text("label:N"))
            for style in ({"color": "#ffffff", "stroke": "#ffffff", "strokeWidth": 5},
                          {"color": "#000000"})
            for dy, part in grouped.groupby("dy", sort=True)
        ]
        chart.layer = [*chart.layer, *labels]
    return (
        chart.properties(height=height)
        .configure_axis(labelFontSize=18, titleFontSize=20)
        .configure_legend(labelFontSize=18, titleFontSize=18, symbolSize=240, columns=3,
                          labelLimit=0)
    )


def room_map(
    preset_frames: Mapping[str, pd.DataFrame],
    points: pd.DataFrame,
    lang: str,
    *,
    month: int,
    label: str = "Participants",
) -> alt.LayerChart:
    """The I × K map with the presets, plus one marker per participant (tooltip: nickname)."""
    chart = build_ik_map(preset_frames, lang, month=month)
    if points.empty:
        return chart
    # Participants at the same point (the same preset, say) share one marker that grows.
    grouped = (
        points.assign(i=points["activity"].round(1), k=points["quality"].round(2))
        .groupby(["i", "k"], as_index=False)
        .agg(
            activity=("activity", "mean"),
            quality=("quality", "mean"),
            n=("nickname", "size"),
            names=("nickname", lambda names: name_list(list(names))),
        )
        .assign(group=label)
    )
    layer = (
        alt.Chart(grouped)
        .mark_point(shape="cross", filled=True, opacity=0.9, stroke="white", strokeWidth=0.5)
        .encode(
            x=alt.X("activity:Q"),
            y=alt.Y("quality:Q"),
            size=alt.Size("n:Q", scale=alt.Scale(range=[140, 600]), legend=None),
            color=alt.Color(
                "group:N",
                scale=alt.Scale(domain=[label], range=["#000000"]),
                legend=alt.Legend(
                    title=None, orient="bottom", symbolType="cross",
                    symbolFillColor="#000000", symbolStrokeColor="#000000",
                ),
            ),
            tooltip=[
                alt.Tooltip("names:N", title=label),
                alt.Tooltip("n:Q", title="n"),
                alt.Tooltip("activity:Q", title=t("charts.ik.x", lang), format=".1f"),
                alt.Tooltip("quality:Q", title=t("charts.ik.y", lang), format=".2f"),
            ],
        )
    )
    combined = chart.copy(deep=True)
    combined.layer = [*combined.layer, layer]
    return combined


__all__ = ["PROJECTOR_FONT", "group_points", "name_list", "projector_map", "room_map"]
