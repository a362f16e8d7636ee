"""Graphviz source: the initial state as a filled box, final states double-circled, auto edges dashed."""

from __future__ import annotations

from cloudstates.model import Machine


def quote(value: str) -> str:
    """A DOT double-quoted ID, distinct for distinct names, that Graphviz draws as ``value``.

    Backslash, quote and line breaks get DOT's escapes; '&' becomes '&amp;' (Graphviz reads entities in
    strings), and any other character that is not printable (NUL, ESC, bidi overrides...) is drawn as a
    visible escape such as ``\\x1b``, its backslash written as the entity ``&#92;`` so that it cannot be
    confused with a name that really contains a backslash. Raw control characters would break Graphviz's
    parser or its JSON and SVG output.
    """
    out = []
    for i, ch in enumerate(value):
        if ch == "%" and i == 0:
            out.append("&#37;")  # Graphviz takes an ID that starts with '%' for an anonymous one and renames it
        elif ch == "\\":
            out.append("\\\\")
        elif ch == '"':
            out.append('\\"')
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "&":
            out.append("&amp;")
        elif ch == "\t" or ch.isprintable():
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"&#92;x{code:02x}" if code <= 0xFF else f"&#92;u{code:04x}" if code <= 0xFFFF
                       else f"&#92;U{code:08x}")
    return '"' + "".join(out) + '"'


def emit(machine: Machine) -> str:
    final = set(machine.final)
    lines = [
        f"digraph {quote(machine.provider)} {{",
        "  rankdir=LR;",
        '  node [shape=ellipse, fontname="Helvetica"];',
        '  edge [fontname="Helvetica", fontsize=10];',
    ]
    for name in machine.named_states:
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
