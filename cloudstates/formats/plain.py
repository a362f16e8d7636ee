"""Checked plain data (dicts from a definition file or the cache) to a Machine.

Kept apart from the YAML loader so a cached load imports neither YAML nor the checks.
"""

from __future__ import annotations

from typing import Any

from cloudstates.model import Machine, Source, State, Transition


def machine_from_data(data: dict[str, Any], origin: str | None = None) -> Machine:
    """Build a Machine from checked plain data (from ``load_data`` or the cache)."""
    states = []
    for name, body in data["states"].items():
        transitions = tuple(
            Transition(name, t["to"], t.get("action"), t.get("note")) for t in body.get("transitions", ())
        )
        states.append(State(name, transitions, body.get("maps_to"), body.get("note")))
    return Machine(
        provider=data["provider"],
        states=tuple(states),
        initial=data.get("initial", "start"),
        final=tuple(data.get("final", ("finish",))),
        title=data.get("title"),
        description=data.get("description"),
        sources=tuple(Source(**s) for s in data.get("sources", ())),
        actions=tuple(data.get("actions", {}).items()),
        notes=data.get("notes"),
        origin=origin,
    )
