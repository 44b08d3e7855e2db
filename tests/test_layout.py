"""The layout shows the architecture (README, "What is where"), and stays that way.

- ``rik`` is grouped by concern into sub-packages; only the basics every package uses
  (formatting, strings, text safety, paths) sit at its top.
- ``rik`` never imports Streamlit; Altair and Vega-Lite live in ``rik/charts`` only.
- Pages are thin (≤ 150 lines); Streamlit's caches live in ``ui/``.
- No public name in ``rik/`` or ``ui/`` is left that nothing uses.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RIK = ROOT / "rik"
SUB_PACKAGES = {"model", "analysis", "story", "share", "team", "charts"}
BASICS = {"__init__.py", "_paths.py", "fmt.py", "i18n.py", "text.py"}
MAX_PAGE_LINES = 150


def _sources(*folders: str) -> dict[Path, str]:
    files: dict[Path, str] = {}
    for folder in folders:
        base = ROOT / folder
        paths = [base] if base.is_file() else sorted(base.rglob("*.py"))
        files |= {p: p.read_text(encoding="utf-8") for p in paths}
    return files


def _imported(tree: ast.AST) -> list[tuple[int, str]]:
    """Every module an AST imports, with its line (top level and inside functions)."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.append((node.lineno, node.module))
    return found


def _offenders(paths: dict[Path, str], banned: tuple[str, ...]) -> list[str]:
    out = []
    for path, source in paths.items():
        for line, module in _imported(ast.parse(source, filename=str(path))):
            if module.split(".")[0] in banned:
                out.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return out


def test_rik_is_grouped_into_sub_packages() -> None:
    top = {p.name for p in RIK.glob("*.py")}
    assert top <= BASICS, f"modules at rik/'s top that belong in a sub-package: {top - BASICS}"
    packages = {p.name for p in RIK.iterdir() if (p / "__init__.py").is_file()}
    assert packages == SUB_PACKAGES
    for name in packages:  # each says what it holds
        doc = ast.get_docstring(ast.parse((RIK / name / "__init__.py").read_text("utf-8")))
        assert doc and len(doc) > 20, name


def test_rik_never_imports_streamlit_and_draws_only_in_charts() -> None:
    rik = _sources("rik")
    assert not _offenders(rik, ("streamlit",))
    outside = {p: s for p, s in rik.items() if (RIK / "charts") not in p.parents}
    assert not _offenders(outside, ("altair",)), "Altair belongs in rik/charts"


def test_the_import_checks_can_fail() -> None:
    fake = {ROOT / "rik" / "x.py": "def f():\n    import streamlit as st\nfrom altair import X\n"}
    assert len(_offenders(fake, ("streamlit",))) == 1
    assert len(_offenders(fake, ("altair",))) == 1


LAYERS: dict[str, set[str]] = {
    "model": set(),
    "analysis": {"model"},
    "story": {"model"},
    "charts": {"model", "analysis", "story"},
    "share": {"model", "analysis", "story", "charts"},
    "team": {"model", "analysis", "story", "charts", "share"},
}
"""Each sub-package and the ones it may import: dependencies point one way (no cycle)."""


def _packages_used(package: str) -> set[str]:
    return {
        module.split(".")[1]
        for source in _sources(f"rik/{package}").values()
        for _, module in _imported(ast.parse(source))
        if module.startswith("rik.") and module.split(".")[1] in SUB_PACKAGES
    } - {package}


@pytest.mark.parametrize("package", sorted(LAYERS))
def test_dependencies_point_one_way(package: str) -> None:
    assert _packages_used(package) <= LAYERS[package]


def test_public_api_is_importable_from_rik() -> None:
    import rik

    for name in rik.__all__:
        assert getattr(rik, name) is not None, name


@pytest.mark.parametrize(
    "page", sorted([ROOT / "app.py", *(ROOT / "pages").glob("*.py")]), ids=lambda p: p.name
)
def test_pages_are_thin(page: Path) -> None:
    lines = len(page.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_PAGE_LINES, f"{page.name}: {lines} lines; move logic to ui/ or rik/"


def test_streamlit_caches_live_in_ui() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{n}"
        for path, source in _sources("pages", "app.py", "rik").items()
        for n, line in enumerate(source.splitlines(), 1)
        if re.search(r"\bst\.cache_(data|resource)\b|\bcache_(data|resource)\(", line)
    ]
    assert not found, f"Streamlit caches outside ui/: {found}"


def _defined_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return {n for n in names if not n.startswith("__")}


def unused_names(modules: dict[Path, str], everything: str) -> list[str]:
    """Module-level names that appear nowhere but where they are defined (and their
    ``__all__`` entry): ruff does not see across modules."""
    unused = []
    for path, source in modules.items():
        for name in sorted(_defined_names(ast.parse(source))):
            uses = len(re.findall(rf"\b{re.escape(name)}\b", everything))
            listed = 1 if re.search(rf"[\"']{re.escape(name)}[\"']", source) else 0
            if uses - listed <= 1:
                unused.append(f"{path.relative_to(ROOT)}:{name}")
    return unused


def test_no_unused_public_names() -> None:
    modules = _sources("rik", "ui")
    everything = "\n".join(
        _sources("rik", "ui", "pages", "app.py", "tests", "benchmarks", "scripts").values()
    )
    assert not unused_names(modules, everything)


def test_the_unused_name_check_can_fail() -> None:
    source = 'LEFT_OVER = 1\nUSED = 2\n__all__ = ["LEFT_OVER", "USED"]\n'
    found = unused_names({ROOT / "rik" / "x.py": source}, source + "\nUSED")
    assert found == ["rik/x.py:LEFT_OVER"]
