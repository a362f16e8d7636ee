"""Graph helpers shared by the analyses: reachability over a machine's transitions."""

from __future__ import annotations

from collections import deque
from typing import Iterable

from cloudstates.model import Machine


def reachable(machine: Machine, starts: Iterable[str]) -> set[str]:
    """States reachable from ``starts`` (inclusive) along any transitions."""
    seen = set(starts)
    queue = deque(seen)
    while queue:
        for t in machine.outgoing(queue.popleft()):
            if t.target not in seen:
                seen.add(t.target)
                queue.append(t.target)
    return seen


def co_reachable(machine: Machine, targets: Iterable[str]) -> set[str]:
    """States from which some state in ``targets`` can be reached (inclusive)."""
    incoming: dict[str, list[str]] = {}
    for t in machine.transitions:
        incoming.setdefault(t.target, []).append(t.source)
    seen = set(targets)
    queue = deque(seen)
    while queue:
        for source in incoming.get(queue.popleft(), ()):
            if source not in seen:
                seen.add(source)
                queue.append(source)
    return seen
