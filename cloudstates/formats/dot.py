"""Graphviz source: the initial state as a filled box, final states double-circled, auto edges dashed."""

from __future__ import annotations

from cloudstates.model import Machine


def quote(value: str) -> str:
    """A DOT double-quoted ID that Graphviz reads back as ``value``."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


def emit(machine: Machine) -> str:
    final = set(machine.final)
    lines = [
        f"digraph {quote(machine.provider)} {{",
        "  rankdir=LR;",
        '  node [shape=ellipse, fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
    ]
    declared = list(machine.state_names)
    declared += [t.target for t in machine.transitions if t.target not in machine.by_name]
    for name in dict.fromkeys(declared):
        style = []
        if name == machine.initial:
            style.append('shape=box, style="rounded,filled", fillcolor="#dddddd"')
        if name in final:
            style.append("shape=doublecircle")
        if name not in machine.by_name:
            style.append('style=dashed, color="#cc0000"')
        lines.append(f"  {quote(name)}" + (f" [{', '.join(style)}]" if style else "") + ";")
    for t in machine.transitions:
        if t.auto:
            attrs = 'label="auto", style=dashed, color="#666666", fontcolor="#666666"'
        else:
            attrs = f"label={quote(t.action)}"
        lines.append(f"  {quote(t.source)} -> {quote(t.target)} [{attrs}];")
    lines.append("}")
    return "\n".join(lines) + "\n"
