"""Semantic difference between two machines, classed from the point of view of A's user.

Pure: ``diff(a, b)`` returns a ``Diff``; nothing is printed.

The comparison is by name and ignores the order of states and transitions. Each change is
*breaking* when it takes away or alters something A has (a state, a transition, the initial
state, a final state) and *compatible* when B only adds. A breaking change comes with the
shortest action sequence that shows it, when one exists.

Action sequences (the rule the README documents):

* An instance starts in the initial state. Between actions it may take any number of automatic
  transitions, including none; where several automatic transitions leave one state, any of
  them may happen. The set of states it may be in after a sequence is therefore: the initial
  state and everything reachable from it by automatic transitions; then, for each action, the
  destinations of that action from any state in the set, and everything reachable from those
  by automatic transitions.
* A sequence is *valid* in a machine when that set never becomes empty: each action is
  available in at least one state the instance may be in at that moment. (We compare what is
  possible, not what is guaranteed: an automatic transition to ``error`` beside one to
  ``running`` does not make ``stop`` invalid after ``create``.)
* A sequence *breaks* a change when it is valid in A along a run that uses the change (takes
  the removed or altered transition of A, or visits the removed state) and B either cannot do
  one of its actions — the one where the change is used or a later one — or, after it, A may
  be in a state that B cannot be in.
* Shortest means fewest actions; among equals, the first in the order of Deltacloud's actions
  (create, start, stop, reboot, destroy), then other names alphabetically.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Iterable

from cloudstates.analysis.normalize import normal_state_name
from cloudstates.model import ACTIONS, STATES, Machine, Transition

BREAKING, COMPATIBLE = "breaking", "compatible"

# kind -> what it means; the README's table lists the same.
KINDS = {
    "initial-changed": "the initial state differs",
    "state-removed": "a state of A is not in B",
    "state-added": "a state of B is not in A",
    "final-removed": "a final state of A is not final in B",
    "final-added": "a state final in B is not final in A",
    "transition-removed": "a transition of A is not in B",
    "transition-added": "a transition of B is not in A",
    "trigger-changed": "between the same two states, B uses another action, or auto instead of an action (or the reverse)",
    "target-changed": "the same action (or auto) from the same state leads elsewhere in B",
}


def state_rank(name: str) -> tuple:
    return (STATES.index(name), "") if name in STATES else (len(STATES), name)


def action_rank(action: str | None) -> tuple:
    if action is None:
        return (len(ACTIONS) + 1, "")
    return (ACTIONS.index(action), "") if action in ACTIONS else (len(ACTIONS), action)


def transition_rank(t: Transition) -> tuple:
    return (state_rank(t.source), action_rank(t.action), state_rank(t.target))


def word_rank(word: Iterable[str]) -> tuple:
    return tuple(action_rank(a) for a in word)


@dataclass(frozen=True)
class Evidence:
    """An action sequence from the initial state showing a difference.

    ``rejected`` is the action B cannot do (the last of ``actions``), or None when B does them
    all but ``a_state`` — a state A may then be in — is not among ``b_states``. When rejected,
    ``a_state`` is where A does the action and ``b_states`` where B may be just before it.
    """

    actions: tuple[str, ...]
    rejected: str | None
    a_state: str
    b_states: tuple[str, ...]

    def as_dict(self) -> dict:
        return {"actions": list(self.actions), "rejected": self.rejected, "a_state": self.a_state,
                "b_states": list(self.b_states)}


@dataclass(frozen=True)
class Change:
    kind: str
    severity: str  # BREAKING or COMPATIBLE
    message: str
    state: str | None = None
    a: Transition | str | None = None  # A's transition, or A's initial state for initial-changed
    b: Transition | str | None = None
    evidence: Evidence | None = None

    @property
    def breaking(self) -> bool:
        return self.severity == BREAKING

    def as_dict(self) -> dict:
        return {"kind": self.kind, "class": self.severity, "message": self.message, "state": self.state,
                "a": _side(self.a), "b": _side(self.b),
                "evidence": self.evidence.as_dict() if self.evidence else None}


def _side(value):
    if isinstance(value, Transition):
        return {"from": value.source, "to": value.target, "action": value.action, "auto": value.auto}
    return value


@dataclass(frozen=True)
class Reach:
    """The shortest action sequence after which an instance may be in ``state``; None: never."""

    state: str
    a: tuple[str, ...] | None
    b: tuple[str, ...] | None

    def as_dict(self) -> dict:
        return {"state": self.state, "a": None if self.a is None else list(self.a),
                "b": None if self.b is None else list(self.b)}


@dataclass(frozen=True)
class Diff:
    a: Machine
    b: Machine
    changes: tuple[Change, ...]
    evidence: Evidence | None  # the shortest sequence valid in A that B does not match
    reach: tuple[Reach, ...]  # only the states whose shortest sequences differ
    renamed: dict = field(default_factory=dict)  # {"a": {old: new}, "b": {...}} when normalized
    hints: tuple[str, ...] = ()  # e.g. a removed and an added state that --normalize would equate

    @property
    def identical(self) -> bool:
        return not self.changes

    @property
    def breaking(self) -> int:
        return sum(1 for c in self.changes if c.breaking)

    @property
    def compatible(self) -> int:
        return len(self.changes) - self.breaking

    def summary(self) -> str:
        if self.identical:
            return "no differences"
        return f"{self.breaking} breaking, {self.compatible} compatible"


# ------------------------------------------------------------------ sequences

class Automaton:
    """A machine's moves in a fixed order (independent of the order in its definition)."""

    def __init__(self, machine: Machine):
        self.machine = machine
        self.autos: dict[str, list[str]] = {}
        self.moves: dict[str, list[tuple[str, str]]] = {}
        for t in sorted(set(Transition(t.source, t.target, t.action) for t in machine.transitions),
                        key=transition_rank):
            if t.auto:
                self.autos.setdefault(t.source, []).append(t.target)
            else:
                self.moves.setdefault(t.source, []).append((t.action, t.target))

    def closure(self, states: Iterable[str]) -> frozenset[str]:
        seen = set(states)
        queue = deque(seen)
        while queue:
            for target in self.autos.get(queue.popleft(), ()):
                if target not in seen:
                    seen.add(target)
                    queue.append(target)
        return frozenset(seen)

    def start(self) -> frozenset[str]:
        return self.closure([self.machine.initial])

    def step(self, states: frozenset[str], action: str) -> frozenset[str]:
        return self.closure(t for s in states for a, t in self.moves.get(s, ()) if a == action)

    def run(self, actions: Iterable[str]) -> frozenset[str]:
        """States the instance may be in after ``actions``; empty when the sequence is not valid."""
        states = self.start()
        for action in actions:
            states = self.step(states, action)
            if not states:
                break
        return states

    def shortest_words(self) -> dict[str, tuple[str, ...]]:
        """For each reachable state, the shortest action sequence after which the instance may be in it."""
        words: dict[str, tuple[str, ...]] = {}
        layer = {self.machine.initial: ()}
        while layer:
            fresh: dict[str, tuple[str, ...]] = {}
            for state, word in sorted(layer.items(), key=lambda kv: (word_rank(kv[1]), state_rank(kv[0]))):
                for s in sorted(self.closure([state]) - words.keys() - fresh.keys(), key=state_rank):
                    fresh[s] = word
            words.update(fresh)
            layer = {}
            for state, word in sorted(fresh.items(), key=lambda kv: (word_rank(kv[1]), state_rank(kv[0]))):
                for action, target in self.moves.get(state, ()):
                    if target not in words and target not in layer:
                        layer[target] = word + (action,)
                    elif target in layer and word_rank(word + (action,)) < word_rank(layer[target]):
                        layer[target] = word + (action,)
        return words


def find_evidence(a: Automaton, b: Automaton, *, visits: str | None = None,
                  transitions: frozenset[tuple[str, str, str | None]] = frozenset(),
                  always: bool = False) -> Evidence | None:
    """The shortest sequence valid in A, along a run that visits the state ``visits`` or takes one of
    ``transitions`` (or any run, with ``always``), that B does not match (see the module's rule)."""

    def marked(flag: bool, source: str, target: str, action: str | None) -> bool:
        return flag or target == visits or (source, target, action) in transitions

    initial = a.machine.initial
    start = (initial, b.start(), always or initial == visits)
    seen: set = set()
    layer = {start: ()}
    order = lambda kv: (word_rank(kv[1]), kv[0][0], sorted(kv[0][1]), kv[0][2])  # noqa: E731
    while layer:
        closed: dict = {}
        for node, word in sorted(layer.items(), key=order):
            queue = deque([node])
            while queue:
                current = queue.popleft()
                if current in seen:
                    continue
                seen.add(current)
                closed[current] = word
                where, b_states, flag = current
                if flag and where not in b_states:
                    return Evidence(word, None, where, tuple(sorted(b_states, key=state_rank)))
                for target in a.autos.get(where, ()):
                    queue.append((target, b_states, marked(flag, where, target, None)))
        layer = {}
        for (where, b_states, flag), word in sorted(closed.items(), key=order):
            for action, target in a.moves.get(where, ()):
                flag2 = marked(flag, where, target, action)
                after = b.step(b_states, action)
                if not after:
                    if flag2:
                        return Evidence(word + (action,), action, where, tuple(sorted(b_states, key=state_rank)))
                    continue
                node = (target, after, flag2)
                if node not in seen and node not in layer:
                    layer[node] = word + (action,)
    return None


# ------------------------------------------------------------------ the diff

def diff(a: Machine, b: Machine, *, renamed: dict | None = None) -> Diff:
    """Every difference between ``a`` and ``b``: breaking changes first, each group in lifecycle order."""
    auto_a, auto_b = Automaton(a), Automaton(b)
    changes: list[Change] = []

    def add(kind: str, severity: str, message: str, state: str | None = None, a_side=None, b_side=None,
            **search) -> None:
        evidence = find_evidence(auto_a, auto_b, **search) if severity == BREAKING and search else None
        changes.append(Change(kind, severity, message, state, a_side, b_side, evidence))

    if a.initial != b.initial:
        add("initial-changed", BREAKING, f"the initial state is {a.initial} in A, {b.initial} in B",
            None, a.initial, b.initial, always=True)
    names_a, names_b = set(a.state_names), set(b.state_names)
    for name in sorted(names_a - names_b, key=state_rank):
        add("state-removed", BREAKING, f"state {name} is only in A", name, visits=name)
    for name in sorted(names_b - names_a, key=state_rank):
        add("state-added", COMPATIBLE, f"state {name} is only in B", name)
    for name in sorted((set(a.final) - set(b.final)) & names_b, key=state_rank):
        add("final-removed", BREAKING, f"{name} is final in A, not in B", name)
    for name in sorted((set(b.final) - set(a.final)) & names_a, key=state_rank):
        add("final-added", COMPATIBLE, f"{name} is final in B, not in A", name)

    for name in sorted(names_a & names_b, key=state_rank):
        for kind, ta, tb in transition_changes(a.outgoing(name), b.outgoing(name)):
            if kind == "transition-added":
                add(kind, COMPATIBLE, f"{name} -> {tb.target} ({tb.label}) is only in B", name, None, tb)
                continue
            key = frozenset([(ta.source, ta.target, ta.action)])
            if kind == "transition-removed":
                message = f"{name} -> {ta.target} ({ta.label}) is only in A"
            elif kind == "trigger-changed":
                message = f"{name} -> {ta.target}: {ta.label} in A, {tb.label} in B"
                if ta.auto:
                    message += f" (B needs the action {tb.action})"
                elif tb.auto:
                    message += f" (B does it by itself; {ta.action} is no longer accepted there)"
            else:
                message = (f"{name} moves by itself to {ta.target} in A, to {tb.target} in B" if ta.auto else
                           f"{ta.action} from {name} leads to {ta.target} in A, to {tb.target} in B")
            add(kind, BREAKING, message, name, ta, tb, transitions=key)

    order = {BREAKING: 0, COMPATIBLE: 1}
    kinds = list(KINDS)
    changes.sort(key=lambda c: (order[c.severity], kinds.index(c.kind) if c.kind.startswith(("initial", "state"))
                                else len(kinds), state_rank(c.state or ""),
                                _side_rank(c.a), _side_rank(c.b)))
    words_a, words_b = auto_a.shortest_words(), auto_b.shortest_words()
    reach = tuple(Reach(s, words_a.get(s), words_b.get(s))
                  for s in sorted(names_a | names_b, key=state_rank) if words_a.get(s) != words_b.get(s))
    overall = find_evidence(auto_a, auto_b, always=True) if changes else None
    hints = tuple(f"{old} (A) and {new} (B) are one state under --normalize"
                  for old in sorted(names_a - names_b, key=state_rank)
                  for new in sorted(names_b - names_a, key=state_rank)
                  if normal_state_name(old) == normal_state_name(new))
    if any(c.kind == "trigger-changed" and c.state == a.initial == b.initial
           and {getattr(c.a, "action", 0), getattr(c.b, "action", 0)} == {None, "create"} for c in changes):
        hints += (f"leaving {a.initial} is creating the instance whether a definition writes it as create or as "
                  "automatic; --canonical reads both as create",)
    return Diff(a, b, tuple(changes), overall, reach, renamed or {}, hints)


def _side_rank(side) -> tuple:
    if isinstance(side, Transition):
        return transition_rank(side)
    return ()


def transition_changes(a: Iterable[Transition], b: Iterable[Transition]) -> list[tuple]:
    """Pair one state's transitions: (kind, A's transition or None, B's transition or None).

    Same destination, other trigger: trigger-changed; then same trigger, other destination:
    target-changed; whatever is left is removed or added. Notes are ignored.
    """
    keys_a = {Transition(t.source, t.target, t.action) for t in a}
    keys_b = {Transition(t.source, t.target, t.action) for t in b}
    only_a = sorted(keys_a - keys_b, key=transition_rank)
    only_b = sorted(keys_b - keys_a, key=transition_rank)
    out = []
    for kind, same in (("trigger-changed", lambda x, y: x.target == y.target),
                       ("target-changed", lambda x, y: x.action == y.action)):
        for ta in list(only_a):
            match = next((tb for tb in only_b if same(ta, tb)), None)
            if match is not None:
                only_a.remove(ta)
                only_b.remove(match)
                out.append((kind, ta, match))
    out += [("transition-removed", ta, None) for ta in only_a]
    out += [("transition-added", None, tb) for tb in only_b]
    return out
