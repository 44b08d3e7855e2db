"""The model's feedback loops as a Graphviz DOT graph, with labels in either language.

The nodes and signed links follow ``rik/model/core.py``; ``+`` means "more here gives more
there", ``−`` means "more here gives less there". The same edges are available as rows
(:func:`edge_rows`) for a text version of the diagram.
"""

from __future__ import annotations

from dataclasses import dataclass

from rik.i18n import t

LEVER, STOCK, FLOW, RESULT = "lever", "stock", "flow", "result"


@dataclass(frozen=True, slots=True)
class Node:
    key: str
    kind: str  # lever | stock (carried month to month) | flow (computed each month) | result


@dataclass(frozen=True, slots=True)
class Edge:
    source: str
    target: str
    sign: str  # "+" or "-"
    loop: str = ""  # "dilution" | "burnout" | "quality" for the named loops, else ""


NODES: tuple[Node, ...] = (
    Node("meetings", LEVER),
    Node("quality_levers", LEVER),
    Node("relationship", LEVER),
    Node("time_off", FLOW),
    Node("skill", STOCK),
    Node("burnout", STOCK),
    Node("job_satisfaction", STOCK),
    Node("turnover", FLOW),
    Node("ramping", STOCK),
    Node("load", FLOW),
    Node("meeting_quality", FLOW),
    Node("activity", FLOW),
    Node("sales", RESULT),
    Node("csat", STOCK),
    Node("churn", FLOW),
    Node("mentions", FLOW),
    Node("reputation", STOCK),
)

EDGES: tuple[Edge, ...] = (
    # Effort and the dilution loop.
    Edge("meetings", "load", "+", "dilution"),
    Edge("meetings", "activity", "+"),
    Edge("load", "meeting_quality", "-", "dilution"),
    Edge("meeting_quality", "sales", "+", "dilution"),
    Edge("meeting_quality", "csat", "+", "dilution"),
    Edge("csat", "churn", "-", "dilution"),
    Edge("churn", "mentions", "+", "dilution"),
    Edge("mentions", "reputation", "-", "dilution"),
    Edge("csat", "reputation", "+", "dilution"),
    Edge("reputation", "sales", "+", "dilution"),
    Edge("churn", "sales", "-"),
    # R = I × K.
    Edge("activity", "sales", "+"),
    Edge("skill", "sales", "+", "quality"),
    # The burnout spiral.
    Edge("load", "burnout", "+", "burnout"),
    Edge("burnout", "activity", "-"),
    Edge("burnout", "skill", "-", "burnout"),
    Edge("burnout", "turnover", "+", "burnout"),
    Edge("turnover", "ramping", "+", "burnout"),
    Edge("ramping", "skill", "-", "burnout"),
    Edge("skill", "load", "-", "burnout"),
    Edge("burnout", "csat", "-"),
    Edge("burnout", "job_satisfaction", "-"),
    Edge("job_satisfaction", "turnover", "-"),
    # Quality: the catalyst.
    Edge("quality_levers", "skill", "+", "quality"),
    Edge("quality_levers", "time_off", "+"),
    Edge("time_off", "activity", "-"),
    Edge("quality_levers", "burnout", "-"),
    Edge("quality_levers", "job_satisfaction", "+"),
    Edge("skill", "csat", "+", "quality"),
    Edge("skill", "job_satisfaction", "+"),
    Edge("relationship", "csat", "+"),
    Edge("relationship", "sales", "-"),
)

LOOP_EDGES: dict[str, tuple[tuple[str, str], ...]] = {
    "dilution": (
        ("meetings", "load"), ("meetings", "activity"), ("load", "meeting_quality"),
        ("activity", "sales"), ("meeting_quality", "sales"), ("meeting_quality", "csat"),
        ("csat", "churn"), ("churn", "mentions"), ("mentions", "reputation"),
        ("csat", "reputation"), ("reputation", "sales"),
    ),
    "burnout": (
        ("meetings", "load"), ("load", "burnout"), ("burnout", "activity"), ("burnout", "skill"),
        ("burnout", "turnover"), ("turnover", "ramping"), ("ramping", "skill"), ("skill", "load"),
        ("activity", "sales"), ("skill", "sales"),
    ),
    "quality": (
        ("quality_levers", "skill"), ("meetings", "load"), ("skill", "load"),
        ("load", "meeting_quality"), ("load", "burnout"), ("burnout", "skill"),
        ("skill", "csat"), ("meeting_quality", "csat"), ("skill", "sales"),
        ("meeting_quality", "sales"),
    ),
}
"""The links each loop's own, smaller diagram shows."""

LOOP_COLOURS = {"dilution": "#D55E00", "burnout": "#CC79A7", "quality": "#009E73", "": "#4B5563"}
_FILL = {LEVER: "#FFF4D6", STOCK: "#E6F0F8", FLOW: "#FFFFFF", RESULT: "#1F5F8B"}


def _q(text: str) -> str:
    """A DOT double-quoted string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def node_label(key: str, lang: str) -> str:
    return t(f"about.diagram.nodes.{key}", lang)


def dot(lang: str, loop: str | None = None) -> str:
    """The feedback-loop diagram as DOT text, labels in ``lang``.

    ``loop`` (a key of :data:`LOOP_EDGES`) draws only that loop's links, large enough to
    read on a projector; ``None`` draws every link. Top to bottom: the levers, then
    sellers and meetings, customers and market, the result at the bottom.
    """
    if loop is not None and loop not in LOOP_EDGES:
        raise ValueError(f"loop ({loop!r}) must be one of {', '.join(LOOP_EDGES)}")
    wanted = set(LOOP_EDGES[loop]) if loop else None
    edges = [e for e in EDGES if wanted is None or (e.source, e.target) in wanted]
    used = {e.source for e in edges} | {e.target for e in edges}
    nodes = [n for n in NODES if n.key in used]
    # The full diagram is scaled down to the page; a loop's own is drawn at natural size.
    size = 20 if loop is None else 17
    ranksep = 0.4 if loop is None else 0.28
    lines = [
        "digraph rik {",
        "  graph [rankdir=TB, bgcolor=transparent, fontname=Helvetica, nodesep=0.25,"
        f" ranksep={ranksep}, splines=true, newrank=true];",
        f'  node [shape=box, style="rounded,filled", fontname=Helvetica, fontsize={size},'
        ' color="#4B5563", penwidth=1.2, margin="0.12,0.06"];',
        f'  edge [fontname="Helvetica-Bold", fontsize={size + 2}, arrowsize=0.9, penwidth=1.6];',
    ]
    for node in nodes:
        attrs = [f"label={_q(node_label(node.key, lang))}", f'fillcolor="{_FILL[node.kind]}"']
        if node.kind == RESULT:
            attrs += ['fontcolor="white"', "penwidth=2", f"fontsize={size + 2}"]
        if node.kind == LEVER:
            attrs.append("shape=component")
        if node.kind == FLOW:
            attrs.append('style="rounded"')
        lines.append(f"  {node.key} [{', '.join(attrs)}];")
    levers = " ".join(n.key for n in nodes if n.kind == LEVER)
    lines.append(f"  {{ rank=source; {levers} }}")
    lines.append("  { rank=sink; sales }")
    for edge in edges:
        sign = "+" if edge.sign == "+" else "\u2212"
        colour = LOOP_COLOURS[edge.loop]
        attrs = [f"label={_q(' ' + sign + ' ')}", f'color="{colour}"', f'fontcolor="{colour}"']
        if edge.sign == "-":
            attrs.append("style=dashed")
        if edge.loop:
            attrs.append("penwidth=2.4")
        lines.append(f"  {edge.source} -> {edge.target} [{', '.join(attrs)}];")
    lines.append("}")
    return "\n".join(lines)


def edge_rows(lang: str) -> list[dict[str, str]]:
    """The diagram as rows (from, effect, to, loop) for a table beside it."""
    rows = []
    for edge in EDGES:
        rows.append(
            {
                "from": node_label(edge.source, lang),
                "effect": t(f"about.diagram.effect_{'up' if edge.sign == '+' else 'down'}", lang),
                "to": node_label(edge.target, lang),
                "loop": t(f"about.diagram.loops.{edge.loop}", lang) if edge.loop else "",
            }
        )
    return rows


__all__ = [
    "EDGES",
    "LOOP_COLOURS",
    "LOOP_EDGES",
    "NODES",
    "Edge",
    "Node",
    "dot",
    "edge_rows",
    "node_label",
]
