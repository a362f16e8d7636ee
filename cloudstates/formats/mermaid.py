"""Mermaid ``stateDiagram-v2``; names that are not plain identifiers get an alias and a quoted label."""

from __future__ import annotations

import re

from cloudstates.model import Machine

_IDENT = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_RESERVED = {"state", "note", "end", "direction", "class", "classdef", "click", "style", "as", "left", "right", "of",
             "acctitle", "accdescr", "hide", "scale", "default", "fork", "join", "choice"}


def text(value: str) -> str:
    """Label text with Mermaid's entity codes for what would end or break it."""
    # '%' too: '%%{…}%%' anywhere in a diagram is an init directive (configuration, not text).
    return "".join(f"#{ord(ch)};" if ch in '"#%:;<>[]{}\\`' or not ch.isprintable() else ch for ch in value)


def emit(machine: Machine) -> str:
    ids: dict[str, str] = {}
    lines = ["stateDiagram-v2"]
    names = machine.named_states
    plain = {name for name in names if _IDENT.match(name) and name.lower() not in _RESERVED}
    for i, name in enumerate(names):
        if name in plain:
            ids[name] = name
        else:
            alias = f"s{i}"
            while alias in plain:  # a state may really be called s3
                alias += "_"
            ids[name] = alias
            lines.append(f'    state "{text(name)}" as {alias}')
    if machine.initial in ids:
        lines.append(f"    [*] --> {ids[machine.initial]}")
    for t in machine.transitions:
        label = "auto" if t.auto else text(t.action)
        lines.append(f"    {ids[t.source]} --> {ids[t.target]}: {label}")
    for name in machine.final:
        if name in ids:
            lines.append(f"    {ids[name]} --> [*]")
    return "\n".join(lines) + "\n"
