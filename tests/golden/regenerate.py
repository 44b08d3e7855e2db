"""Regenerate the golden CSVs: the four presets, `article` set, 24 months.

Run with ``make golden`` (or ``PYTHONPATH=. .venv/bin/python tests/golden/regenerate.py``),
then review ``git diff tests/golden/`` before committing: every changed number is a
change in what the model says.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import rik  # noqa: E402

SET_NAME = "article"
MONTHS = 24
FLOAT_FORMAT = "%.12g"


def golden_path(preset: str) -> Path:
    return HERE / f"{preset}.csv"


def frame(preset: str):
    """The frame a golden file holds."""
    return rik.simulate(rik.presets()[preset], rik.load_assumptions(SET_NAME), MONTHS)


def main() -> None:
    for preset in rik.PRESET_NAMES:
        path = golden_path(preset)
        frame(preset).to_csv(path, float_format=FLOAT_FORMAT, lineterminator="\n")
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
