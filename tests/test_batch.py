"""The batch path runs the same equations as ``rik.simulate``: one model, not two copies."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rik

RTOL = 1e-9
ATOL = 1e-12
SETTINGS = settings(max_examples=30, deadline=None)


def _plan_arrays(scenarios: list[rik.Scenario], months: int) -> dict[str, np.ndarray]:
    """Each lever as a (months + 1, n) array: column i is scenario i's plan."""
    plans = {name: np.empty((months + 1, len(scenarios))) for name in rik.LEVER_NAMES}
    for i, scenario in enumerate(scenarios):
        for month in range(months + 1):
            for name, value in scenario.levers_at(month).to_dict().items():
                plans[name][month, i] = value
    return plans


def _assert_column_equal(batch: dict[str, np.ndarray], i: int, frame, label: str) -> None:
    assert set(rik.COLUMNS) <= set(batch), set(rik.COLUMNS) - set(batch)
    for column in rik.COLUMNS:
        np.testing.assert_allclose(
            batch[column][:, i],
            frame[column].to_numpy(),
            rtol=RTOL,
            atol=ATOL,
            err_msg=f"{label}: batch column {i}, {column!r} differs from rik.simulate",
        )


@pytest.mark.parametrize("set_name", rik.ASSUMPTION_SETS)
@pytest.mark.parametrize("name", rik.PRESET_NAMES)
def test_batch_equals_simulate_for_each_preset(name, set_name) -> None:
    assumptions = rik.load_assumptions(set_name)
    scenario = rik.presets()[name]
    months = 36
    batch = rik.simulate_batch(_plan_arrays([scenario], months), assumptions, months, 1)
    for column in rik.COLUMNS:
        assert batch[column].shape == (months + 1, 1)
    _assert_column_equal(batch, 0, rik.simulate(scenario, assumptions, months), name)


def test_batch_runs_all_presets_side_by_side() -> None:
    scenarios = [rik.presets()[n] for n in rik.PRESET_NAMES]
    batch = rik.simulate_batch(_plan_arrays(scenarios, 24), rik.load_assumptions(), 24)
    for i, scenario in enumerate(scenarios):
        _assert_column_equal(batch, i, rik.simulate(scenario), scenario.name)


def test_batch_accepts_scalar_levers_and_default_assumptions() -> None:
    """Floats mean the same value all plan long; ``None`` means the article set."""
    levers = rik.presets()["numbers_game"].levers.to_dict()
    batch = rik.simulate_batch(levers, None, 24)
    assert batch["sales_nok"].shape == (25, 1)
    _assert_column_equal(batch, 0, rik.simulate(rik.presets()["numbers_game"]), "scalars")
    sized = rik.simulate_batch(levers, None, 24, n=3)
    assert sized["csat"].shape == (25, 3)
    np.testing.assert_array_equal(sized["csat"][:, 2], sized["csat"][:, 0])


def _random_values(rng: np.random.Generator, base: rik.Assumptions, n: int) -> dict:
    values = {}
    for c in base:
        draw = rng.uniform(c.low, c.high, size=n)
        values[c.key] = np.clip(draw, c.low, c.high)
    return values


@pytest.mark.parametrize("set_name", rik.ASSUMPTION_SETS)
@pytest.mark.parametrize("preset", ["baseline", "numbers_game", "catalyst"])
def test_batch_of_random_parameter_sets_equals_simulate(preset, set_name) -> None:
    """Column i of a batch over random coefficients = simulate with those coefficients."""
    base = rik.load_assumptions(set_name)
    n = 12
    rng = np.random.default_rng(20240 + len(preset))
    values = _random_values(rng, base, n)
    scenario = rik.presets()[preset]
    batch = rik.simulate_batch(_plan_arrays([scenario] * n, 24), values, 24, n)
    for i in range(n):
        one = base.with_values({k: float(v[i]) for k, v in values.items()}, name=f"draw {i}")
        _assert_column_equal(batch, i, rik.simulate(scenario, one, 24), f"{preset}, draw {i}")


def test_batch_mixes_scalar_and_array_coefficients() -> None:
    base = rik.load_assumptions()
    people = np.array([15.0, 18.0, 24.0])
    values = base.values() | {"people_told": people}
    scenario = rik.presets()["numbers_game"]
    batch = rik.simulate_batch(scenario.levers.to_dict(), values, 24)
    assert batch["negative_mentions"].shape == (25, 3)
    for i, p in enumerate(people):
        frame = rik.simulate(scenario, base.with_values({"people_told": float(p)}))
        _assert_column_equal(batch, i, frame, f"people_told={p}")


# --- Random plans ------------------------------------------------------------------------------


def lever_value(name: str):
    meta = rik.lever_meta(name)
    if meta["display"] == "integer":
        return st.integers(meta["min"], meta["max"])
    return st.floats(meta["min"], meta["max"], allow_nan=False, allow_infinity=False)


levers_st = st.fixed_dictionaries({n: lever_value(n) for n in rik.LEVER_NAMES}).map(
    lambda values: rik.Levers(**values)
)
change_st = st.sampled_from(rik.LEVER_NAMES).flatmap(
    lambda n: st.builds(rik.Change, st.integers(1, 24), st.just(n), lever_value(n))
)
scenario_st = st.builds(
    rik.Scenario,
    name=st.just("random"),
    levers=levers_st,
    changes=st.lists(change_st, max_size=3).map(tuple),
)


@SETTINGS
@given(scenarios=st.lists(scenario_st, min_size=1, max_size=5), set_name=st.sampled_from(
    rik.ASSUMPTION_SETS))
def test_batch_of_random_plans_equals_simulate(scenarios, set_name) -> None:
    """Plans given as (months + 1, n) arrays, one column per scenario."""
    assumptions = rik.load_assumptions(set_name)
    batch = rik.simulate_batch(_plan_arrays(scenarios, 24), assumptions, 24, len(scenarios))
    for i, scenario in enumerate(scenarios):
        _assert_column_equal(batch, i, rik.simulate(scenario, assumptions, 24), f"plan {i}")


def test_batch_ignores_row_0_except_the_team() -> None:
    """Row 0 of a plan is the status quo (only the team size is taken from it)."""
    scenario = rik.presets()["numbers_game"]
    plans = _plan_arrays([scenario], 12)
    plans["meetings_per_seller_per_week"][0] = 30.0
    plans["development"][0] = 1.0
    batch = rik.simulate_batch(plans, None, 12, 1)
    _assert_column_equal(batch, 0, rik.simulate(scenario, None, 12), "row 0 changed")


# --- Bad input ----------------------------------------------------------------------------------


def test_batch_rejects_unknown_lever() -> None:
    with pytest.raises(ValueError, match="'charisma'"):
        rik.simulate_batch({"charisma": 1.0}, None, 12)


def test_batch_rejects_badly_shaped_plan() -> None:
    with pytest.raises(ValueError, match=r"(?s)(?=.*sellers)(?=.*\(13, 2\))"):
        rik.simulate_batch({"sellers": np.full((5, 2), 8.0)}, None, 12, 2)


def test_batch_rejects_unknown_coefficient_array() -> None:
    from rik.model.simulate import assumptions_arrays

    with pytest.raises(ValueError, match="'charisma'"):
        assumptions_arrays(rik.load_assumptions(), {"charisma": [1.0]}, 1)
    arrays = assumptions_arrays(rik.load_assumptions(), {"people_told": [15.0, 20.0]}, 2)
    batch = rik.simulate_batch(rik.status_quo().to_dict(), arrays, 12)
    assert batch["negative_mentions"].shape == (13, 2)
