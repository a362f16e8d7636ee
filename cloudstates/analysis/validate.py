"""Static checks of a machine. Pure: returns findings, prints nothing.

Codes are stable (scripts may match on them); the README lists them all.
"""

from __future__ import annotations

from dataclasses import dataclass

from cloudstates.analysis.graph import co_reachable, reachable
from cloudstates.model import ACTIONS, LEGACY_NAMES, STATES, Machine, Transition

ERROR, WARNING, INFO = "error", "warning", "info"


@dataclass(frozen=True)
class Finding:
    code: str
    severity: str
    message: str
    state: str | None = None
    transition: Transition | None = None

    def as_dict(self) -> dict:
        out = {"code": self.code, "severity": self.severity, "message": self.message, "state": self.state}
        t = self.transition
        out["transition"] = None if t is None else {"from": t.source, "to": t.target, "action": t.action,
                                                    "auto": t.auto}
        return out


# code -> (severity, what it means); the README's table is checked against this.
CODES = {
    "unknown-state": (ERROR, "a transition, the initial or a final state names a state that is not defined"),
    "unreachable-state": (WARNING, "no path leads to the state from the initial state"),
    "dead-end": (WARNING, "a state that is not final has no way out"),
    "no-path-to-final": (WARNING, "no final state can be reached from the state"),
    "competing-autos": (WARNING, "several automatic transitions leave one state: which one happens is not defined"),
    "may-fail": (INFO, "a state can fall into an error state by itself, besides its normal automatic move"),
    "ambiguous-action": (WARNING, "one action leads from one state to two destinations"),
    "duplicate-transition": (WARNING, "the same transition is listed twice"),
    "auto-and-action": (WARNING, "a state reaches one destination both automatically and on an action"),
    "legacy-name": (INFO, "a name from older Deltacloud releases; the current one is suggested"),
    "unknown-name": (INFO, "a state or action outside Deltacloud's vocabulary, with no mapping to it"),
    "unmapped-state": (WARNING, "a native state of a mapped definition says no Deltacloud state it corresponds to"),
    "bad-mapping": (ERROR, "a mapping names something outside Deltacloud's vocabulary"),
    "mapping-role": (WARNING, "a mapping contradicts the state's role: the initial state must map to start, "
                              "final states to finish, and only they"),
    "unused-action": (INFO, "an action listed in 'actions' is used by no transition"),
}


def _finding(code: str, message: str, state: str | None = None, transition: Transition | None = None) -> Finding:
    return Finding(code, CODES[code][0], message, state, transition)


def validate(machine: Machine) -> list[Finding]:
    """Every finding for ``machine``, in the order of its states."""
    found: list[Finding] = []
    defined = set(machine.state_names)
    final = set(machine.final)

    for name, role in [(machine.initial, "initial state")] + [(f, "final state") for f in machine.final]:
        if name not in defined:
            found.append(_finding("unknown-state", f"the {role} {name!r} is not defined", name))
    for t in machine.transitions:
        if t.target not in defined:
            found.append(_finding("unknown-state", f"{t.source} -> {t.target} ({t.label}) leads to the undefined "
                                                   f"state {t.target!r}", t.source, t))

    reach = reachable(machine, [machine.initial]) if machine.initial in defined else set()
    to_final = co_reachable(machine, final & defined)
    for state in machine.states:
        name = state.name
        if machine.initial in defined and name not in reach:
            found.append(_finding("unreachable-state", f"{name} cannot be reached from {machine.initial}", name))
        if name not in final and not state.transitions:
            found.append(_finding("dead-end", f"{name} is not final but has no transitions out of it", name))
        elif name not in to_final and final & defined:
            found.append(_finding("no-path-to-final", f"no final state ({', '.join(machine.final)}) can be reached "
                                                      f"from {name}", name))
        found.extend(_transition_findings(machine, name, state.transitions))

    found.extend(_vocabulary_findings(machine))
    return found


def _is_error(machine: Machine, name: str) -> bool:
    state = machine.by_name.get(name)
    return name == "error" or (state is not None and state.maps_to == "error")


def _transition_findings(machine: Machine, name: str, transitions: tuple[Transition, ...]) -> list[Finding]:
    found = []
    autos = [t for t in transitions if t.auto]
    targets = list(dict.fromkeys(t.target for t in autos))
    normal = [t for t in targets if not _is_error(machine, t)]
    if len(normal) > 1:
        found.append(_finding("competing-autos", f"{name} moves by itself to " + " or ".join(targets)
                              + "; which one is not defined", name))
    elif len(targets) > 1:
        found.append(_finding("may-fail", f"{name} moves by itself to {' or '.join(normal)}, or fails into "
                              + " or ".join(t for t in targets if t not in normal), name))
    by_action: dict[str, list[str]] = {}
    for t in transitions:
        if not t.auto:
            by_action.setdefault(t.action, []).append(t.target)
    for action, targets in by_action.items():
        if len(set(targets)) > 1:
            found.append(_finding("ambiguous-action", f"{action} from {name} leads to " + " and ".join(
                dict.fromkeys(targets)), name))
    seen = set()
    for t in transitions:
        if t.key() in seen:
            found.append(_finding("duplicate-transition", f"{t.source} -> {t.target} ({t.label}) is listed twice",
                                  name, t))
        seen.add(t.key())
    auto_targets = {t.target for t in autos}
    for t in transitions:
        if not t.auto and t.target in auto_targets:
            found.append(_finding("auto-and-action", f"{name} reaches {t.target} both by itself and on {t.action}",
                                  name, t))
    return found


def _role_findings(machine: Machine, name: str, maps_to: str) -> list[Finding]:
    """The initial state stands for Deltacloud's start, final states for finish, and nothing else does."""
    if name == machine.initial and maps_to != "start":
        problem = f"the initial state {name} maps to {maps_to}, not start"
    elif name in machine.final and maps_to != "finish":
        problem = f"the final state {name} maps to {maps_to}, not finish"
    elif name != machine.initial and maps_to == "start":
        problem = f"{name} maps to start but is not the initial state"
    elif name not in machine.final and maps_to == "finish":
        problem = f"{name} maps to finish but is not a final state"
    else:
        return []
    return [_finding("mapping-role", problem, name)]


def _vocabulary_findings(machine: Machine) -> list[Finding]:
    found = []
    mapped = machine.mapped
    if mapped:
        for state in machine.states:
            if state.maps_to is None:
                if state.name not in STATES:  # Deltacloud's own names map to themselves
                    found.append(_finding("unmapped-state", f"{state.name} has no 'maps_to' Deltacloud state",
                                          state.name))
            elif state.maps_to not in STATES:
                found.append(_finding("bad-mapping", f"{state.name} maps to {state.maps_to!r}, not a Deltacloud "
                                                     f"state ({', '.join(STATES)})", state.name))
            else:
                found.extend(_role_findings(machine, state.name, state.maps_to))
        for native, canonical in machine.actions:
            if canonical is not None and canonical not in ACTIONS:
                found.append(_finding("bad-mapping", f"action {native} maps to {canonical!r}, not a Deltacloud "
                                                     f"action ({', '.join(ACTIONS)})"))
        used = {t.action for t in machine.transitions if not t.auto}
        for action in sorted(used - set(machine.action_map) - set(ACTIONS)):
            found.append(_finding("unknown-name", f"action {action} is not in 'actions', so it maps to no "
                                                  f"Deltacloud action"))
        for native, _ in machine.actions:
            if native not in used:
                found.append(_finding("unused-action", f"action {native} is in 'actions' but no transition uses it"))
        return found
    for state in machine.states:
        if state.name in LEGACY_NAMES:
            found.append(_finding("legacy-name", f"{state.name} is an older name; Deltacloud now calls it "
                                                 f"{LEGACY_NAMES[state.name]}", state.name))
        elif state.name not in STATES:
            found.append(_finding("unknown-name", f"{state.name} is not a Deltacloud state ({', '.join(STATES)})",
                                  state.name))
    for action in dict.fromkeys(t.action for t in machine.transitions if not t.auto):
        if action not in ACTIONS:
            found.append(_finding("unknown-name", f"{action} is not a Deltacloud action ({', '.join(ACTIONS)})"))
    return found
