"""Deltacloud's JSON wire format: ``[{"name": …, "transitions": [{"to": …, "action"|"auto": …}]}]``."""

from __future__ import annotations

import json

from cloudstates.errors import DefinitionError
from cloudstates.formats.wire import machine_from_wire
from cloudstates.model import Machine


def emit(machine: Machine) -> str:
    # Key order and compact separators as Deltacloud's Ruby ``to_json`` writes them.
    out = [
        {
            "name": state.name,
            "transitions": [
                {"to": t.target, "auto": "true"} if t.auto else {"to": t.target, "action": t.action}
                for t in state.transitions
            ],
        }
        for state in machine.states
    ]
    return json.dumps(out, separators=(",", ":"), ensure_ascii=False) + "\n"


def parse(raw: bytes, origin: str, provider: str | None = None) -> Machine:
    try:
        doc = json.loads(raw)
    except (UnicodeDecodeError, ValueError) as exc:
        first = str(exc).splitlines()[0][:160]
        if "integer string conversion" in first:
            first = "a number with more digits than Python reads (4300)"
        raise DefinitionError(origin, f"not valid JSON: {first}") from None
    except RecursionError:
        raise DefinitionError(origin, "not valid JSON: nested too deeply") from None
    return from_doc(doc, origin, provider)


def from_doc(doc, origin: str, provider: str | None = None) -> Machine:
    """A Machine from an already decoded JSON document."""
    if not isinstance(doc, list):
        raise DefinitionError(origin, "expected Deltacloud's instance states: a JSON list of states",
                              hint='e.g. [{"name": "start", "transitions": [{"to": "pending", "action": "create"}]}]')
    states = []
    for i, item in enumerate(doc):
        if not isinstance(item, dict) or not isinstance(item.get("name"), str):
            raise DefinitionError(origin, f"state #{i + 1} must be an object with a text 'name'")
        transitions = item.get("transitions", [])
        if not isinstance(transitions, list):
            raise DefinitionError(origin, f"'transitions' of state {item['name']!r} must be a list")
        edges = []
        for t in transitions:
            if not isinstance(t, dict) or not isinstance(t.get("to"), str):
                raise DefinitionError(origin, f"a transition of state {item['name']!r} needs a text 'to'")
            auto, action = t.get("auto"), t.get("action")
            if auto in ("true", True) and action is None:
                edges.append((t["to"], None))
            elif isinstance(action, str) and auto in (None, "false", False):
                edges.append((t["to"], action))
            else:
                raise DefinitionError(origin, f"a transition of state {item['name']!r} needs an 'action' or "
                                              f"\"auto\": \"true\"")
        states.append((item["name"], edges))
    return machine_from_wire(states, origin, provider)
