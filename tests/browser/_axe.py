"""axe-core, injected into a page the browser tests opened, with WCAG 2 A and AA rules.

axe-core comes from the npm registry, pinned in ``tests/browser/axe/package-lock.json``
and installed by ``scripts/ensure_axe.sh`` (``make test`` and ``make browser`` run it).
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
AXE_JS = ROOT / "tests" / "browser" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
# WCAG 2.0 and 2.1, levels A and AA (axe's tags for them).
TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")

_RUN_JS = """
async (tags) => {
    const result = await axe.run(document, {
        runOnly: {type: 'tag', values: tags},
        resultTypes: ['violations'],
    });
    return result.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.slice(0, 6).map((n) => ({
            target: n.target.join(' '),
            summary: (n.failureSummary || '').slice(0, 300),
            html: n.html.slice(0, 200),
        })),
        count: v.nodes.length,
    }));
}
"""


def axe_source() -> str:
    """The axe-core script; installs it with ``scripts/ensure_axe.sh`` when missing."""
    if not AXE_JS.exists():
        subprocess.run(["bash", str(ROOT / "scripts" / "ensure_axe.sh")], check=True)
    return AXE_JS.read_text(encoding="utf-8")


def violations(page: Any, source: str | None = None) -> list[dict]:
    """axe's WCAG 2 A/AA violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=source or axe_source())
    return page.evaluate(_RUN_JS, list(TAGS))


def describe(found: list[dict]) -> str:
    lines = []
    for v in found:
        lines.append(f"{v['id']} ({v['impact']}, {v['count']} elements): {v['help']}")
        for node in v["nodes"]:
            lines.append(f"    {node['target']}: {node['summary']}")
    return "\n".join(lines)
