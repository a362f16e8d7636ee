"""Machine preparation: ``--normalize``, ``--canonical`` and the create rule.

Pure: takes a Machine, returns a Machine. ``prepare`` is the one place commands turn a loaded
machine into the one they work on.
"""

from __future__ import annotations

from cloudstates.model import LEGACY_NAMES, Machine, State, Transition, replace


def normal_state_name(name: str, *, legacy: bool = True) -> str:
    """Case-folded, and (with ``legacy``) an older Deltacloud name replaced by the current one."""
    folded = name.casefold()
    return LEGACY_NAMES.get(folded, folded) if legacy else folded


def normal_action_name(name: str | None) -> str | None:
    return None if name is None else name.casefold()


def renamed(machine: Machine) -> dict[str, str]:
    """The state and action names ``normalize`` changes, old -> new, in the machine's order."""
    legacy = not machine.mapped
    out: dict[str, str] = {}
    for name in (*machine.named_states, machine.initial, *machine.final):
        new = normal_state_name(name, legacy=legacy)
        if new != name:
            out.setdefault(name, new)
    for t in machine.transitions:
        if t.action is not None and normal_action_name(t.action) != t.action:
            out.setdefault(t.action, normal_action_name(t.action))
    return out


def normalize(machine: Machine) -> Machine:
    """Names compared case-insensitively, and Deltacloud's older names (``shutting_down``,
    ``shutting-down`` -> ``stopping``; ``finished`` -> ``finish``) replaced by the current ones.

    The legacy names are only replaced in machines written in Deltacloud's vocabulary: a native
    definition (one with ``maps_to``/``actions``) may use ``shutting-down`` for its own state,
    so there only case is folded. States that end up with one name are merged (their
    transitions joined, duplicates dropped).
    """
    legacy = not machine.mapped

    def state(name: str) -> str:
        return normal_state_name(name, legacy=legacy)

    # States that end up with one name become one: the first keeps its fields, transitions are joined.
    first: dict[str, State] = {}
    joined: dict[str, dict[tuple, Transition]] = {}
    for s in machine.states:
        name = state(s.name)
        first.setdefault(name, s)
        into = joined.setdefault(name, {})
        for t in s.transitions:
            t = Transition(name, state(t.target), normal_action_name(t.action), t.note)
            into.setdefault(t.key(), t)  # duplicates dropped
    merged = {name: replace(s, name=name, transitions=tuple(joined[name].values())) for name, s in first.items()}
    final = tuple(dict.fromkeys(state(f) for f in machine.final))
    actions = tuple((normal_action_name(n), c) for n, c in machine.actions)
    return replace(machine, states=tuple(merged.values()), initial=state(machine.initial), final=final,
                   actions=actions)


_normalize = normalize


def create_rule(machine: Machine) -> Machine:
    """Automatic transitions out of the initial state become the ``create`` action."""
    first = machine.by_name.get(machine.initial)
    if first is None or not any(t.auto for t in first.transitions):
        return machine
    moved = tuple(replace(t, action="create") if t.auto else t for t in first.transitions)
    states = tuple(replace(s, transitions=moved) if s is first else s for s in machine.states)
    return replace(machine, states=states)


def prepare(machine: Machine, *, normalize: bool = False, canonical: bool = False, literal: bool = False) -> Machine:
    """The machine a command works on: the one place machine-preparation options apply.

    ``canonical`` projects a native machine onto Deltacloud's vocabulary first, and reads an
    automatic move out of the initial state as the ``create`` action (Deltacloud's drivers
    write creation either way) unless ``literal``; ``normalize`` then folds case and older
    Deltacloud names.
    """
    if canonical:
        from cloudstates.analysis.canonical import canonical as project

        machine = project(machine)
        if not literal:
            machine = create_rule(machine)
    if normalize:
        machine = _normalize(machine)
    return machine
