"""Project a native machine onto Deltacloud's states and actions. Pure: no printing, no files, no network.

``canonical(machine)`` is the one call the commands need (``--canonical``). The rules:

- Each native state becomes the Deltacloud state it ``maps_to``; native states that map to the
  same one are merged into it. A state without ``maps_to`` keeps its name if that is already
  Deltacloud's (a legacy name such as ``shutting-down`` becomes ``stopping``); otherwise it keeps
  its native name (``validate`` reports it as ``unmapped-state``).
- Each native action becomes the Deltacloud action the ``actions:`` map gives it. An action the
  map does not list counts as itself if it is a Deltacloud action, and as unmapped otherwise.
- Transitions on an action with no Deltacloud mapping (``null``: native-only operations such as
  nova's rescue or resize, and provider or guest events such as ``host-event``) are DROPPED: a
  Deltacloud client cannot issue them, and keeping native names would put words outside the
  vocabulary into every canonical machine. Native states that can then no longer be reached
  from the initial state (they are entered only through such transitions, e.g. GCE's REPAIRING)
  are left out with their transitions, so that they add no moves a Deltacloud client could
  never see. Initial and final states are always kept.
- Automatic transitions that stay inside one merged state (PROVISIONING -> STAGING, both
  ``pending``) are internal progress and are dropped; action self-loops (``reboot`` on
  ``running``) are kept. Transitions that become identical are listed once, their note naming
  the native transitions they stand for.
- Merging is an over-approximation: a merged state offers every move of every native state in
  it (aws-ec2's ``stopping`` stands for stopping and shutting-down, so it may move by itself to
  ``stopped`` or ``finish``). The native machine keeps the detail.

A machine without any mapping (no ``maps_to``, no ``actions``) is returned unchanged, so
``canonical`` can be applied to every source; applying it twice changes nothing more.
"""

from __future__ import annotations

from cloudstates.analysis.graph import reachable
from cloudstates.model import ACTIONS, LEGACY_NAMES, STATES, Machine, State, Transition


def state_map(machine: Machine) -> dict[str, str]:
    """Native state name -> the state it becomes in ``canonical(machine)``."""
    out = {}
    for state in machine.states:
        out[state.name] = _canonical_state(state.name, state.maps_to)
    for t in machine.transitions:  # undefined targets still get a name
        out.setdefault(t.target, _canonical_state(t.target, None))
    for name in (machine.initial, *machine.final):
        out.setdefault(name, _canonical_state(name, None))
    return out


def action_map(machine: Machine) -> dict[str, str | None]:
    """Native action -> Deltacloud action, or None when it has none (such transitions are dropped)."""
    listed = machine.action_map
    out: dict[str, str | None] = {}
    for t in machine.transitions:
        if t.action is not None and t.action not in out:
            out[t.action] = listed[t.action] if t.action in listed else (t.action if t.action in ACTIONS else None)
    return out


def _canonical_state(name: str, maps_to: str | None) -> str:
    if maps_to:
        return maps_to
    if name in STATES:
        return name
    return LEGACY_NAMES.get(name, name)


def canonical(machine: Machine) -> Machine:
    """``machine`` projected onto Deltacloud's states and actions (see the module's rules)."""
    if not machine.mapped:
        return machine
    states = state_map(machine)
    actions = action_map(machine)

    kept = [t for t in machine.transitions if t.auto or actions.get(t.action) is not None]
    defined = set(machine.state_names)
    if machine.initial in defined:
        visible = _reachable_over(machine, kept) | set(machine.final) & defined
    else:
        visible = set(defined)
    left_out = [s.name for s in machine.states if s.name not in visible]

    # canonical (source, target, action) -> the native transitions it stands for, in native order
    merged: dict[tuple[str, str, str | None], list[Transition]] = {}
    for t in kept:
        if t.source not in visible:
            continue
        key = (states[t.source], states[t.target], None if t.auto else actions[t.action])
        if t.auto and key[0] == key[1]:
            continue
        merged.setdefault(key, []).append(t)

    members: dict[str, list[str]] = {}
    for state in machine.states:
        if state.name in visible:
            members.setdefault(states[state.name], []).append(state.name)
    for name in (machine.initial, *machine.final):
        members.setdefault(states[name], [])
    for (_, target, _), _natives in merged.items():
        members.setdefault(target, [])
    order = [n for n in STATES if n in members] + [n for n in members if n not in STATES]

    by_source: dict[str, list[Transition]] = {}
    for (source, target, action), natives in merged.items():
        by_source.setdefault(source, []).append(Transition(source, target, action, _origin_note(natives)))
    new_states = tuple(
        State(name, tuple(by_source.get(name, ())), None,
              "native: " + ", ".join(members[name]) if members[name] not in ([], [name]) else None)
        for name in order)

    return Machine(
        provider=machine.provider,
        states=new_states,
        initial=states[machine.initial],
        final=tuple(dict.fromkeys(states[f] for f in machine.final)),
        title=(machine.title + " - Deltacloud view") if machine.title else None,
        description=_summary(machine, members, order, left_out, actions),
        sources=machine.sources,
        actions=(),
        notes=machine.notes,
        origin=machine.origin,
    )


def _reachable_over(machine: Machine, transitions: list[Transition]) -> set[str]:
    """States reachable from the initial one along ``transitions`` only."""
    by_source: dict[str, list[Transition]] = {}
    for t in transitions:
        by_source.setdefault(t.source, []).append(t)
    view = Machine(machine.provider, tuple(State(s.name, tuple(by_source.get(s.name, ()))) for s in machine.states),
                   initial=machine.initial)
    return reachable(view, [machine.initial])


def _origin_note(natives: list[Transition]) -> str:
    return "native: " + "; ".join(f"{t.source} -> {t.target} ({t.label})" for t in natives)


def _summary(machine: Machine, members: dict[str, list[str]], order: list[str], left_out: list[str],
             actions: dict[str, str | None]) -> str:
    parts = []
    if machine.description:
        parts.append(machine.description)
    merged = [f"{name} = {', '.join(members[name])}" for name in order
              if members[name] and members[name] != [name]]
    line = "Projected onto Deltacloud's states and actions"
    line += (": " + "; ".join(merged) + ".") if merged else "."
    parts.append(line)
    dropped = [a for a, c in actions.items() if c is None]
    if dropped:
        parts.append("Left out, having no Deltacloud action: " + ", ".join(dropped) + ".")
    if left_out:
        parts.append("Left out, reachable only through those: " + ", ".join(left_out) + ".")
    return "\n".join(parts)
