"""Paths to the project's data files, from this file's location (never the working directory)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"

__all__ = ["DATA", "ROOT"]
