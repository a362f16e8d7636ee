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
    for name, edges in states:
        _check_name(name, "state name", origin)
        for to, action in edges:
            _check_name(to, f"target of a transition of state {name!r}", origin)
            if action is not None:
                _check_name(action, f"action of a transition of state {name!r}", origin)
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


def _check_name(value: str, what: str, origin: str) -> None:
    """Names are non-empty Unicode text: a JSON document can smuggle in "" or a lone surrogate ("\\ud800"),
    which no output format (nor the terminal) can write."""
    if not value.strip():
        raise DefinitionError(origin, f"a {what} is empty", hint="every state and action needs a name")
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
        raise DefinitionError(origin, f"the {what} {value!r} is not valid Unicode (a lone surrogate)")
