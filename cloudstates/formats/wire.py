"""What Deltacloud's wire formats share: they carry states and transitions only."""

from __future__ import annotations

import os

from cloudstates.errors import DefinitionError
from cloudstates.model import Machine, State, Transition


def machine_from_wire(states: list[tuple[str, list[tuple[str, str | None]]]], origin: str,
                      provider: str | None) -> Machine:
    """A Machine from (state, [(to, action or None)]) pairs read off the wire.

    The wire carries neither initial nor final states: Deltacloud's are ``start``
    and ``finish`` (``finished`` in old releases), else the first state and none.
    """
    if not states:
        raise DefinitionError(origin, "the document lists no states")
    names = [name for name, _ in states]
    seen: set[str] = set()
    for name in names:
        if name in seen:
            raise DefinitionError(origin, f"state {name!r} is listed twice")
        seen.add(name)
    initial = "start" if "start" in seen else names[0]
    final = tuple(n for n in ("finish", "finished") if n in seen)
    if provider is None:
        base = os.path.basename(origin.rstrip("/"))
        provider = base.rsplit(".", 1)[0] if "." in base else base or "remote"
    return Machine(
        provider=provider,
        states=tuple(State(name, tuple(Transition(name, to, action) for to, action in edges)) for name, edges in states),
        initial=initial,
        final=final,
        origin=origin,
    )
