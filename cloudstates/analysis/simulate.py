"""Step through a machine: the simulation engine. Pure: no printing, no files, no network.

Semantics (the README's ``simulate`` section says the same for users):

* A state is *transient* when it has automatic transitions and no actions: the instance does
  not wait there, it moves on by itself. After every action (and at the start) automatic
  transitions are applied one by one, each reported as a step, until a state is reached
  that waits for an action (or has no way out).
* A state with actions waits for one. Its automatic transitions (``running -> error``) are
  things that *may* happen; the pseudo-action ``auto`` takes one of them on purpose. Scripted
  runs and plans *wait*: an action such a state does not accept is tried again after its
  automatic move (``create,stop`` on a machine whose ``pending`` also accepts ``destroy``).
* When several automatic transitions compete (or one action leads to several states) the
  choice is explicit: a ``chooser`` callback decides, else a (seeded) ``random.Random``;
  with neither, :class:`ChoiceRequired` is raised. Never silently the first.
* Settling never loops forever: revisiting a state while settling is an automatic cycle;
  the simulation stops in that state and reports the cycle.
* A definition with native names maps them to Deltacloud's (``actions: {run: create}``): a
  Deltacloud action name then stands for the first native action mapped to it that the state
  allows. Native actions mapped to nothing are provider events (``host-event``): a state with
  automatic transitions and only events is still transient.
* Leaving the initial state is creating the instance. Unless ``literal``, automatic
  transitions out of the initial state are the ``create`` action, so one plan reads the
  same on every provider whether its driver wrote ``on(:create)`` or ``automatically``.
"""

from __future__ import annotations

import gc
import random as _random
from typing import Callable, NamedTuple, Sequence

from cloudstates.errors import CloudstatesError
from cloudstates.model import Machine

AUTO = "auto"  # the pseudo-action "let the automatic transition happen"
CREATE = "create"

# chooser(state, action or None for automatic, options) -> one of options
Chooser = Callable[[str, "str | None", Sequence[str]], str]


class gc_paused:
    """Pause the cyclic garbage collector around allocation-heavy loops that create no cycles.

    Without it, collections over a growing heap make long walks and large covers superlinear.
    """

    def __enter__(self):
        self.was = gc.isenabled()
        gc.disable()

    def __exit__(self, *exc):
        if self.was:
            gc.enable()


class Step(NamedTuple):
    """One transition taken: ``action`` None means automatic."""

    source: str
    action: str | None
    target: str
    choices: tuple[str, ...] = ()  # the destinations it was chosen among, when there was a choice
    written: str | None = None  # how the definition writes it, when the create rule renamed it ("auto")

    @property
    def label(self) -> str:
        return AUTO if self.action is None else self.action

    def as_dict(self) -> dict:
        out = {"from": self.source, "action": self.action, "auto": self.action is None, "to": self.target}
        if self.choices:
            out["chosen_from"] = list(self.choices)
        if self.written:
            out["as_written"] = self.written
        return out


class Move(NamedTuple):
    """One user move: the action (or ``auto``) and every step it caused."""

    before: str
    action: str
    steps: tuple[Step, ...]
    cycle: tuple[str, ...] | None = None  # an automatic cycle met while settling, e.g. (a, b, a)


class NotAllowed(CloudstatesError):
    """An action the current state does not accept (exit 1)."""

    def __init__(self, action: str, state: str, allowed: Sequence[str]):
        self.action, self.state, self.allowed = action, state, tuple(allowed)
        self.index: int | None = None
        what = ", ".join(self.allowed) if self.allowed else "none"
        super().__init__(f"{action} is not allowed in {state} (allowed: {what})")


class ChoiceRequired(CloudstatesError):
    """A nondeterministic step met with neither a chooser nor a random generator."""


class Graph:
    """A machine compiled for speed: integer states, per-state action -> targets maps.

    Transitions to undefined states lead to extra states with no way out.
    """

    __slots__ = ("machine", "literal", "names", "index", "actions", "action_names", "autos", "transient",
                 "written", "edges", "events", "aliases", "_steps", "_walk")

    def __init__(self, machine: Machine, literal: bool = False):
        self.machine = machine
        self.literal = literal
        names = list(dict.fromkeys(machine.named_states + (machine.initial,)))
        index = {name: i for i, name in enumerate(names)}
        count = len(names)
        actions: list[dict[str, tuple[int, ...]]] = [{} for _ in range(count)]
        autos: list[tuple[int, ...]] = [() for _ in range(count)]
        written: set[tuple[int, int]] = set()
        # edges[i]: every distinct (label, target) leaving i, in definition order; label None = automatic
        edges: list[list[tuple[str | None, int]]] = [[] for _ in range(count)]
        for state in machine.states:
            i = index[state.name]
            for t in state.transitions:
                j = index[t.target]
                action = t.action
                if action is None and not literal and state.name == machine.initial:
                    action = CREATE
                    written.add((i, j))
                if (action, j) in edges[i]:
                    continue  # a duplicate transition (validate reports it)
                edges[i].append((action, j))
                if action is None:
                    autos[i] += (j,)
                else:
                    actions[i][action] = actions[i].get(action, ()) + (j,)
        self.names = names
        self.index = index
        self.actions = actions
        self.action_names = [tuple(a) for a in actions]
        self.autos = autos
        # Named provider events (actions a mapped definition maps to no Deltacloud action) are not
        # something a user does: a state with automatic transitions and only events moves on by itself.
        self.events = frozenset(native for native, canonical in machine.actions if canonical is None)
        aliases: dict[str, tuple[str, ...]] = {}
        for native, canonical in machine.actions:
            if canonical is not None and canonical != native:
                aliases[canonical] = aliases.get(canonical, ()) + (native,)
        self.aliases = aliases
        events = self.events
        self.transient = [bool(autos[i]) and all(a in events for a in actions[i]) for i in range(count)]
        self.written = written
        self.edges = edges
        self._steps: dict = {}
        self._walk: list = [None] * count

    def state(self, name: str) -> int:
        """The index of a state named as the machine does, by an older/newer Deltacloud name, or by maps_to."""
        found = self.find(name)
        if found is None:
            raise UnknownState(self.machine, name)
        return found

    def find(self, name: str) -> int | None:
        from cloudstates.model import LEGACY_NAMES

        if name in self.index:
            return self.index[name]
        canonical = LEGACY_NAMES.get(name, name)
        same = [i for n, i in self.index.items() if LEGACY_NAMES.get(n, n) == canonical]
        if len(same) == 1:
            return same[0]
        mapped = [self.index[s.name] for s in self.machine.states if s.maps_to == canonical]
        return mapped[0] if len(mapped) == 1 else None

    def resolve(self, i: int, action: str) -> str | None:
        """The action state i takes for ``action``: itself, else the first native action mapped to it."""
        here = self.actions[i]
        if action in here:
            return action
        for native in self.aliases.get(action, ()):
            if native in here:
                return native
        return None

    def targets(self, i: int, action: str) -> tuple[str | None, tuple[int, ...]]:
        """(native action taken, destinations) for ``action`` in state i; ``auto`` takes the automatic
        moves of a state that waits for actions. A transient state takes no action."""
        if action == AUTO:
            return None, (() if self.transient[i] else self.autos[i])
        label = self.resolve(i, action) if not self.transient[i] else None
        return label, (self.actions[i][label] if label is not None else ())

    def known_actions(self) -> set[str]:
        """Every action some state takes, by its own name or a Deltacloud name mapped to it."""
        return {a for here in self.actions for a in here} | set(self.aliases)

    def step(self, i: int, action: str | None, j: int, choices: tuple[int, ...] = ()) -> Step:
        """The Step for i -action-> j (``choices``: all destinations of that action); built once, then shared."""
        key = (i, action, j)
        cached = self._steps.get(key)
        if cached is None:
            cached = self._steps[key] = self.make_step(i, action, j, choices)
        return cached

    def make_step(self, i: int, action: str | None, j: int, choices: tuple[int, ...] = ()) -> Step:
        """A new Step (no cache: for analyses that build each one once)."""
        names = self.names
        written = AUTO if action == CREATE and (i, j) in self.written else None
        return Step(names[i], action, names[j], tuple(names[c] for c in choices) if len(choices) > 1 else (),
                    written)

    def walk_options(self, i: int) -> tuple[tuple[str, tuple[int, ...], Step | None], ...]:
        """State i's actions as (action, destinations, the Step when there is one destination), cached."""
        options = self._walk[i]
        if options is None:
            options = self._walk[i] = tuple(
                (a, targets, self.step(i, a, targets[0], targets) if len(targets) == 1 else None)
                for a, targets in self.actions[i].items())
        return options

    def allowed(self, i: int) -> tuple[str, ...]:
        """What state i accepts: its actions, then ``auto`` if it may also move by itself."""
        if self.transient[i]:
            return ()
        return self.action_names[i] + ((AUTO,) if self.autos[i] else ())


class UnknownState(CloudstatesError):
    def __init__(self, machine: Machine, name: str):
        self.name = name
        super().__init__(f"{machine.provider}: no state {name!r}",
                         hint="its states: " + ", ".join(machine.state_names))


class Simulator:
    """Current state, allowed actions, apply, automatic steps, history, undo, reset."""

    def __init__(self, machine: Machine | Graph, *, literal: bool = False, start: str | None = None,
                 chooser: Chooser | None = None, rng: _random.Random | None = None):
        self.graph = machine if isinstance(machine, Graph) else Graph(machine, literal)
        self.machine = self.graph.machine
        self.chooser = chooser
        self.rng = rng
        g = self.graph
        begin = g.state(start) if start is not None else g.index[self.machine.initial]
        steps: list[Step] = []
        self._origin = begin
        self._home, self.opening_cycle = self._settle(begin, steps)
        self.opening: tuple[Step, ...] = tuple(steps)  # automatic steps before the first action
        self._state = self._home
        self.history: list[Move] = []
        self._befores: list[int] = []

    # ------------------------------------------------------------------ queries
    @property
    def state(self) -> str:
        return self.graph.names[self._state]

    @property
    def start(self) -> str:
        """Where the simulation began (before its opening automatic steps)."""
        return self.graph.names[self._origin]

    @property
    def cycle(self) -> tuple[str, ...] | None:
        """The automatic cycle the current state is caught in, if any."""
        if self.history:
            return self.history[-1].cycle
        return self.opening_cycle

    def allowed(self) -> tuple[str, ...]:
        """The actions allowed now, then ``auto`` if the state may also move by itself."""
        return self.graph.allowed(self._state)

    def destinations(self, action: str) -> tuple[str, ...]:
        g = self.graph
        if action == AUTO:
            targets = () if g.transient[self._state] else g.autos[self._state]
        else:
            native = g.resolve(self._state, action) if not g.transient[self._state] else None
            targets = g.actions[self._state][native] if native is not None else ()
        return tuple(g.names[j] for j in targets)

    @property
    def trace(self) -> tuple[Step, ...]:
        """Every step since the start: the opening automatic steps, then each move's."""
        out = list(self.opening)
        for move in self.history:
            out.extend(move.steps)
        return tuple(out)

    @property
    def at_rest(self) -> bool:
        """True when no action is allowed: a final state, a dead end, or an automatic cycle."""
        return not self.allowed()

    # ------------------------------------------------------------------ moves
    def apply(self, action: str, *, wait: bool = False) -> Move:
        """Take ``action`` (or ``auto``), then the automatic steps that follow; NotAllowed if it is not allowed.

        With ``wait``, an action the state does not accept, in a state that may move by itself,
        waits for its automatic moves (as a script polling the cloud would) and tries again there.
        """
        g = self.graph
        i = before = self._state
        steps: list[Step] = []
        seen = {i}
        while True:
            label, targets = g.targets(i, action)
            if targets:
                break
            autos = g.autos[i]
            if not (wait and autos and action != AUTO) or g.transient[i]:
                if steps:  # the waiting happened: keep it in the history
                    self._record(before, AUTO, steps, None, i)
                raise NotAllowed(action, g.names[i], g.allowed(i))
            j = autos[0] if len(autos) == 1 else self._choose(i, None, autos)
            steps.append(g.step(i, None, j, autos))
            i, cycle = self._settle(j, steps)
            if cycle or i in seen:
                if not cycle:
                    cycle = tuple(s.source for s in steps[[s.source for s in steps].index(g.names[i]):]) + (
                        g.names[i],)
                return self._record(before, action, steps, cycle, i)
            seen.add(i)
        j = targets[0] if len(targets) == 1 else self._choose(i, label, targets)
        steps.append(g.step(i, label, j, targets))
        end, cycle = self._settle(j, steps)
        return self._record(before, action, steps, cycle, end)

    def _record(self, before: int, action: str, steps: list[Step], cycle, end: int) -> Move:
        move = Move(self.graph.names[before], action, tuple(steps), cycle)
        self.history.append(move)
        self._befores.append(before)
        self._state = end
        return move

    def run(self, actions: Sequence[str], *, wait: bool = True) -> list[Move]:
        """Apply actions in order (waiting, as a script would); NotAllowed stops at the first one not allowed."""
        moves = []
        for index, action in enumerate(actions, 1):
            if self.cycle:
                break
            try:
                moves.append(self.apply(action, wait=wait))
            except NotAllowed as error:
                error.index = index  # 1-based position in ``actions``
                raise
        return moves

    def undo(self) -> Move | None:
        """Take back the last move (with its automatic steps); None when there is nothing to undo."""
        if not self.history:
            return None
        move = self.history.pop()
        self._state = self._befores.pop()
        return move

    def reset(self) -> None:
        """Back to where the simulation began, after its opening automatic steps."""
        self.history.clear()
        self._befores.clear()
        self._state = self._home

    def random_walk(self, count: int) -> int:
        """Take up to ``count`` random allowed actions (never ``auto``); the number taken.

        Stops early in a state that allows no action or in an automatic cycle. Needs ``rng``.
        """
        rng = self.rng
        if rng is None:
            raise ChoiceRequired("a random walk needs a random generator", hint="give a seed")
        g = self.graph
        names, transient, walk_options = g.names, g.transient, g.walk_options
        history, befores, settle, step = self.history, self._befores, self._settle, g.step
        uniform = rng.random
        new_move = tuple.__new__
        i = self._state
        taken = 0
        with gc_paused():
            while taken < count:
                if transient[i]:
                    break  # only reachable here after an automatic cycle
                options = walk_options(i)
                if not options:
                    break
                action, targets, single = options[int(uniform() * len(options))] if len(options) > 1 else options[0]
                if single is not None:
                    j = targets[0]
                else:
                    j = self._choose(i, action, targets)
                    single = step(i, action, j, targets)
                if transient[j]:
                    steps = [single]
                    end, cycle = settle(j, steps)
                    steps = tuple(steps)
                else:
                    end, cycle, steps = j, None, (single,)
                history.append(new_move(Move, (names[i], action, steps, cycle)))
                befores.append(i)
                i = end
                taken += 1
                if cycle:
                    break
        self._state = i
        return taken

    # ------------------------------------------------------------------ internals
    def _choose(self, i: int, action: str | None, targets: tuple[int, ...]) -> int:
        g = self.graph
        options = [g.names[j] for j in targets]
        if self.chooser is not None:
            picked = self.chooser(g.names[i], action, options)
            if picked not in options:
                raise ValueError(f"chooser picked {picked!r}, not one of {options}")
            return targets[options.index(picked)]
        if self.rng is not None:
            return targets[self.rng.randrange(len(targets))]
        what = "moves by itself" if action is None else f"on {action} moves"
        raise ChoiceRequired(f"{g.names[i]} {what} to {' or '.join(options)}: a choice is needed",
                             hint="give a seed or a chooser")

    def _settle(self, i: int, steps: list[Step]) -> tuple[int, tuple[str, ...] | None]:
        """Apply automatic steps from i while the state is transient; (where it rests, cycle or None)."""
        g = self.graph
        transient = g.transient
        if not transient[i]:
            return i, None
        autos = g.autos
        path = [i]
        seen = {i}
        while transient[i]:
            targets = autos[i]
            j = targets[0] if len(targets) == 1 else self._choose(i, None, targets)
            steps.append(g.step(i, None, j, targets))
            if j in seen:
                first = path.index(j)
                return j, tuple(g.names[k] for k in path[first:]) + (g.names[j],)
            seen.add(j)
            path.append(j)
            i = j
        return i, None
