"""The shared I × K map: K is quality per meeting, so the map agrees with the sales."""

from __future__ import annotations

import pandas as pd
import pytest

import rik
from rik.charts.ik_map import build_ik_map


@pytest.fixture(scope="module")
def runs() -> dict[str, pd.DataFrame]:
    return {name: rik.simulate(s) for name, s in rik.presets().items()}


def _points(chart) -> pd.DataFrame:
    spec = chart.to_dict()
    frames = [pd.DataFrame(rows) for rows in spec["datasets"].values()]
    return next(f for f in frames if "scenario" in f.columns)


@pytest.mark.parametrize("month", [12, 24])
def test_position_on_the_map_ranks_scenarios_like_their_sales(runs, month) -> None:
    """Once the sales cycle has passed (in the first months the map leads sales: I × K is
    the business won, which closes over the cycle)."""
    points = _points(build_ik_map(runs, "en", month=month))
    by_label = dict(zip(points["scenario"], points["ratio"], strict=True))
    ratios = {
        name: by_label[rik.charts.common.scenario_label(name, "en")] for name in runs
    }
    sales = {name: run["sales_nok"][month] for name, run in runs.items()}
    assert sorted(ratios, key=ratios.get) == sorted(sales, key=sales.get)


def test_k_is_the_models_quality_per_meeting(runs) -> None:
    """K on the map is the model's quality per meeting: skill × meeting quality at the
    status quo, and below that for the numbers game (rushed meetings, colder leads)."""
    points = _points(build_ik_map(runs, "nb", month=12))
    ng = runs["numbers_game"].loc[12]
    row = points[points["month"] == 12].iloc[1]
    assert row["quality"] == pytest.approx(ng["quality_per_meeting"])
    assert ng["quality_per_meeting"] < ng["skill"] * ng["meeting_quality"]
    assert runs["baseline"]["quality_per_meeting"].to_numpy() == pytest.approx(
        (runs["baseline"]["skill"] * runs["baseline"]["meeting_quality"]).to_numpy()
    )
