"""The team's history beside the model's status quo: how well a steady state fits.

Pure Altair (no streamlit): dots for the team's months, a dashed line for the model's
status quo on the estimated figures over the same months. Drawn by ``ui.charts``.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from rik.charts.common import OKABE_ITO, SCENARIO_STYLE, axis_format, finish
from rik.i18n import t

FIT_COLUMNS: dict[str, tuple[str, str]] = {
    "sales": ("sales_nok", "team.chart.sales"),
    "active_customers": ("customers", "team.chart.customers"),
}
"""History column → (model output column, its title key)."""


def fit_data(history: pd.DataFrame, model: pd.DataFrame, column: str, lang: str
             ) -> pd.DataFrame:
    """Long data: the history's months, each with the team's value and the model's."""
    output, _ = FIT_COLUMNS[column]
    months = history["month"].astype(str).tolist()
    model_values = model[output].to_numpy()[: len(months)]
    return pd.concat([
        pd.DataFrame({"month": months, "value": history[column].astype(float).to_numpy(),
                      "series": t("team.chart.history", lang)}),
        pd.DataFrame({"month": months, "value": model_values,
                      "series": t("team.chart.model", lang)}),
    ], ignore_index=True)


def fit_chart(history: pd.DataFrame, model: pd.DataFrame, column: str, lang: str,
              *, height: int = 300) -> alt.TopLevelMixin:
    """``column`` of the history (dots) against the model's status quo (dashed line).

    ``model`` is a ``rik.simulate`` frame of the team's status quo, at least as many
    months as the history (month 0 is placed at the history's first month: it is flat).
    """
    output, title_key = FIT_COLUMNS[column]
    data = fit_data(history, model, column, lang)
    history_name, model_name = t("team.chart.history", lang), t("team.chart.model", lang)
    colour = alt.Color(
        "series:N", title=t("team.chart.series", lang),
        scale=alt.Scale(domain=[history_name, model_name],
                        range=[OKABE_ITO[0], SCENARIO_STYLE["baseline"][0]]),
        legend=alt.Legend(orient="bottom"),
    )
    x = alt.X("month:O", title=t("team.chart.month", lang), axis=alt.Axis(labelAngle=-45))
    y = alt.Y("value:Q", title=t(title_key, lang), axis=alt.Axis(format=axis_format(output)),
              scale=alt.Scale(zero=True))
    tooltip = [alt.Tooltip("month:O", title=t("team.chart.month", lang)),
               alt.Tooltip("series:N", title=t("team.chart.series", lang)),
               alt.Tooltip("value:Q", title=t(title_key, lang), format=axis_format(output))]
    base = alt.Chart(data)
    line = base.transform_filter(alt.datum.series == model_name).mark_line(
        strokeDash=list(SCENARIO_STYLE["baseline"][1]), strokeWidth=2).encode(
        x=x, y=y, color=colour, tooltip=tooltip)
    dots = base.transform_filter(alt.datum.series == history_name).mark_point(
        filled=True, size=70).encode(x=x, y=y, color=colour, tooltip=tooltip)
    chart = alt.layer(line, dots).properties(height=height, title=t(title_key, lang))
    return finish(chart, lang)


__all__ = ["FIT_COLUMNS", "fit_chart", "fit_data"]
