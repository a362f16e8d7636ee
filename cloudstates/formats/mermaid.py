"""Mermaid ``stateDiagram-v2``; names that are not plain identifiers get an alias and a quoted label."""

from __future__ import annotations

import re

from cloudstates.model import Machine

_IDENT = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_RESERVED = {"state", "note", "end", "direction", "class", "classdef", "click", "style", "as", "left", "right", "of"}


def text(value: str) -> str:
    """Label text with Mermaid's entity codes for what would end or break it."""
    return "".join(f"#{ord(ch)};" if ch in '"#:;<>[]{}\\`' or not ch.isprintable() else ch for ch in value)


def emit(machine: Machine) -> str:
    ids: dict[str, str] = {}
    lines = ["stateDiagram-v2"]
    names = list(machine.state_names)
    names += [t.target for t in machine.transitions if t.target not in machine.by_name]
    for i, name in enumerate(dict.fromkeys(names)):
        if _IDENT.match(name) and name.lower() not in _RESERVED:
            ids[name] = name
        else:
            ids[name] = f"s{i}"
            lines.append(f'    state "{text(name)}" as s{i}')
    if machine.initial in ids:
        lines.append(f"    [*] --> {ids[machine.initial]}")
    for t in machine.transitions:
        label = "auto" if t.auto else text(t.action)
        lines.append(f"    {ids[t.source]} --> {ids[t.target]}: {label}")
    for name in machine.final:
        if name in ids:
            lines.append(f"    {ids[name]} --> [*]")
    return "\n".join(lines) + "\n"
