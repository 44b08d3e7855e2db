"""The four presets (article set, 24 months) against their golden CSVs, with a tolerance.

A failure here means the model's numbers changed. If the change is intended, run
``make golden``, review ``git diff tests/golden/`` and commit the new files with the change.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import rik

RTOL = 1e-6
ATOL = 1e-9
HINT = "If the change is intended, run `make golden` and review the diff (git diff tests/golden/)."

_spec = importlib.util.spec_from_file_location(
    "rik_golden_regenerate", Path(__file__).with_name("regenerate.py")
)
regenerate = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(regenerate)


def _golden(preset: str) -> pd.DataFrame:
    path = regenerate.golden_path(preset)
    assert path.exists(), f"{path.name} is missing. {HINT}"
    return pd.read_csv(path, index_col="month")


@pytest.mark.parametrize("preset", rik.PRESET_NAMES)
def test_preset_matches_golden(preset) -> None:
    golden = _golden(preset)
    actual = regenerate.frame(preset)
    assert list(actual.columns) == list(golden.columns), (
        f"{preset}: columns changed from {list(golden.columns)} to {list(actual.columns)}. {HINT}"
    )
    assert actual.index.tolist() == golden.index.tolist(), f"{preset}: months changed. {HINT}"
    for column in golden.columns:
        want, got = golden[column].to_numpy(float), actual[column].to_numpy(float)
        close = np.isclose(got, want, rtol=RTOL, atol=ATOL)
        if not close.all():
            month = int(golden.index[~close][0])
            pytest.fail(
                f"{preset}.{column} differs from the golden file from month {month} "
                f"(golden {float(want[~close][0])!r}, now {float(got[~close][0])!r}; "
                f"{int((~close).sum())} of {len(close)} months differ, rtol {RTOL}). {HINT}"
            )


def test_golden_files_cover_the_presets() -> None:
    files = {p.stem for p in Path(__file__).parent.glob("*.csv")}
    assert files == set(rik.PRESET_NAMES), f"golden files {sorted(files)}. {HINT}"


def test_golden_comparison_can_fail() -> None:
    """A change well above the tolerance is caught; one far below it is not."""
    golden = _golden("baseline")["sales_nok"].to_numpy(float)
    assert not np.isclose(golden * (1 + 10 * RTOL), golden, rtol=RTOL, atol=ATOL).all()
    assert np.isclose(golden * (1 + RTOL / 10), golden, rtol=RTOL, atol=ATOL).all()
