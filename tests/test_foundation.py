"""Checks on the project's foundation: CI wiring, docs and dependencies (the layering is
tests/test_layout.py)."""

from __future__ import annotations

import importlib
import re
import tomllib
from pathlib import Path

# Distribution names whose import name differs.
IMPORT_NAMES = {
    "sqlalchemy": "sqlalchemy",
    "vl-convert-python": "vl_convert",
}


def test_ci_runs_make_test(repo_root: Path) -> None:
    ci = repo_root / ".ci" / "run"
    text = ci.read_text(encoding="utf-8")
    assert text.startswith("#!/usr/bin/env bash") or text.startswith("#!/bin/bash")
    assert "set -euo pipefail" in text
    commands = [line.strip() for line in text.splitlines() if not line.lstrip().startswith("#")]
    assert "make test" in commands


def test_readme_documents_make_targets(repo_root: Path) -> None:
    readme = repo_root / "README.md"
    text = readme.read_text(encoding="utf-8")
    assert "make run" in text
    assert "make test" in text


def _requirement_names(path: Path) -> list[str]:
    names = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("-"):
            continue
        match = re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", line)
        assert match, f"unparseable requirement line: {raw!r}"
        names.append(match.group(0))
    return names


def test_runtime_requirements_are_importable(repo_root: Path) -> None:
    names = _requirement_names(repo_root / "requirements.txt")
    assert "streamlit" in names
    missing = []
    for name in names:
        module = IMPORT_NAMES.get(name.lower(), name.lower().replace("-", "_"))
        try:
            importlib.import_module(module)
        except ImportError as exc:
            missing.append(f"{name} (import {module}): {exc}")
    assert not missing, missing


def test_streamlit_config(repo_root: Path) -> None:
    with (repo_root / ".streamlit" / "config.toml").open("rb") as fh:
        config = tomllib.load(fh)
    client = config["client"]
    assert client["showSidebarNavigation"] is False
    assert client["showErrorDetails"] == "none"
    assert config["browser"]["gatherUsageStats"] is False
