"""Paths through a machine: shortest action paths, simple paths up to a bound, plan checking. Pure.

The moves are the simulator's (see :mod:`cloudstates.analysis.simulate`): a transient state
(automatic transitions, no actions) moves on by itself; a state with actions waits for one,
and its automatic transitions are moves it *may* make (taken on purpose with ``auto``).
A step *depends on the cloud* when it is one of several automatic destinations (or of an
action's), or an automatic move of a state that waits for actions. Paths are ranked by
(steps that depend on the cloud, actions, steps), so a sure path beats a hopeful one.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field
from typing import Iterator, Sequence

from cloudstates.analysis.simulate import AUTO, Graph, Step, gc_paused
from cloudstates.model import Machine

WAIT, CHOICE, EVENT = "wait", "choice", "event"


def moves(g: Graph, i: int) -> Iterator[tuple[str | None, int, tuple[int, ...], bool]]:
    """(action or None, destination, all destinations of that action, depends on the cloud) for state i."""
    events = g.events
    if g.transient[i]:
        autos = g.autos[i]
        for j in autos:
            yield None, j, autos, len(autos) > 1
        for action, targets in g.actions[i].items():  # only events here
            for j in targets:
                yield action, j, targets, True
        return
    for action, targets in g.actions[i].items():
        for j in targets:
            yield action, j, targets, len(targets) > 1 or action in events
    autos = g.autos[i]
    for j in autos:
        yield None, j, autos, True


def dependence(g: Graph, step: Step) -> str | None:
    """Why a step depends on the cloud: CHOICE (one of several destinations), WAIT (an automatic move
    of a state that waits for actions), EVENT (a provider event), or None."""
    if step.choices:
        return CHOICE
    if step.action is None and not g.transient[g.index[step.source]]:
        return WAIT
    if step.action in g.events:
        return EVENT
    return None


@dataclass(frozen=True)
class Path:
    source: str
    target: str
    steps: tuple[Step, ...]
    depends: tuple[tuple[int, str], ...] = ()  # (index into steps, CHOICE|WAIT)

    @property
    def actions(self) -> list[str]:
        return [s.action for s in self.steps if s.action is not None]

    @property
    def sure(self) -> bool:
        return not self.depends

    def as_dict(self) -> dict:
        return {"from": self.source, "to": self.target, "actions": self.actions, "sure": self.sure,
                "steps": [dict(s.as_dict(), depends_on_cloud=dict(self.depends).get(k))
                          for k, s in enumerate(self.steps)]}


def _path(g: Graph, src: int, dst: int, steps: list[Step]) -> Path:
    depends = tuple((k, why) for k, s in enumerate(steps) if (why := dependence(g, s)))
    return Path(g.names[src], g.names[dst], tuple(steps), depends)


def shortest_path(g: Graph, src: int, dst: int) -> Path | None:
    """The best path from src to dst (fewest steps that depend on the cloud, then actions, then steps)."""
    if src == dst:
        return _path(g, src, dst, [])
    with gc_paused():
        return _shortest(g, src, dst)


def _shortest(g: Graph, src: int, dst: int) -> Path | None:
    """Dijkstra over the moves of :func:`moves`, inlined; heap keys are single ints (cost * n + state)."""
    n = len(g.names)
    k = n + 1
    w_uncertain, w_action = k * k, k
    transient, autos, actions, events = g.transient, g.autos, g.actions, g.events
    dist: list = [None] * n
    dist[src] = 0
    parent = [-1] * n
    via: list = [None] * n
    heap = [src]
    pop, push = heapq.heappop, heapq.heappush
    found = False
    while heap:
        cost, i = divmod(pop(heap), n)
        if cost != dist[i]:
            continue
        if i == dst:
            found = True
            break
        here = autos[i]
        if here:
            w = cost + 1 + (w_uncertain if len(here) > 1 or not transient[i] else 0)
            for j in here:
                old = dist[j]
                if old is None or w < old:
                    dist[j] = w
                    parent[j] = i
                    via[j] = None
                    push(heap, w * n + j)
        for action, targets in actions[i].items():
            w = cost + 1 + w_action + (w_uncertain if len(targets) > 1 or action in events else 0)
            for j in targets:
                old = dist[j]
                if old is None or w < old:
                    dist[j] = w
                    parent[j] = i
                    via[j] = action
                    push(heap, w * n + j)
    if not found:
        return None
    steps = []
    j = dst
    while j != src:
        i, action = parent[j], via[j]
        steps.append(g.step(i, action, j, autos[i] if action is None else actions[i][action]))
        j = i
    steps.reverse()
    return _path(g, src, dst, steps)


def reachable_from(g: Graph, src: int) -> set[int]:
    seen = {src}
    stack = [src]
    while stack:
        for _, j, _, _ in moves(g, stack.pop()):
            if j not in seen:
                seen.add(j)
                stack.append(j)
    return seen


def no_path_reason(g: Graph, src: int, dst: int) -> str:
    """Why dst cannot be reached from src, in one sentence."""
    names = g.names
    if not g.allowed(src) and not g.transient[src]:
        return f"{names[src]} allows no action and does not move by itself"
    reach = sorted(reachable_from(g, src) - {src}, key=lambda i: i)
    if not reach:
        return f"nothing can be reached from {names[src]}"
    shown = ", ".join(names[i] for i in reach[:10]) + (", ..." if len(reach) > 10 else "")
    return f"{names[dst]} cannot be reached from {names[src]} (reachable from it: {shown})"


def simple_paths(g: Graph, src: int, dst: int, max_actions: int, limit: int = 1000) -> tuple[list[Path], bool]:
    """Paths that visit no state twice and take at most ``max_actions`` actions, best first; (paths, truncated)."""
    found: list[tuple[tuple, Path]] = []
    truncated = False
    if src == dst:
        return [_path(g, src, dst, [])], False
    on_path = {src}
    trail: list[tuple[int, str | None, int, tuple[int, ...]]] = []

    def visit(i: int, actions: int) -> None:
        nonlocal truncated
        for action, j, targets, _ in moves(g, i):
            if truncated:
                return
            spent = actions + (action is not None)
            if spent > max_actions or j in on_path:
                continue
            trail.append((i, action, j, targets))
            if j == dst:
                path = _path(g, src, dst, [g.step(a, b, c, d) for a, b, c, d in trail])
                key = (len(path.depends), len(path.actions), len(path.steps), [s.label for s in path.steps])
                found.append((key, path))
                if len(found) >= limit:
                    truncated = True
            else:
                on_path.add(j)
                visit(j, spent)
                on_path.discard(j)
            trail.pop()

    import sys

    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, len(g.names) + 100))
    try:
        visit(src, 0)
    finally:
        sys.setrecursionlimit(old)
    found.sort(key=lambda item: item[0])
    return [p for _, p in found], truncated


# ---------------------------------------------------------------------- plans

VALID, MAY_FAIL, INVALID = "valid", "may-fail", "invalid"


@dataclass(frozen=True)
class PlanFailure:
    """The plan cannot go on: at step ``index`` (1-based) ``action`` is not allowed in ``state``."""

    index: int  # for a cycle: the step it would have had to wait for (len(plan) + 1 after the last)
    action: str | None  # None: the instance never settled (an automatic cycle) before this step
    state: str
    allowed: tuple[str, ...]
    via: tuple[Step, ...]  # how the instance got there
    cycle: tuple[str, ...] | None = None

    @property
    def choices(self) -> list[Step]:
        """The steps of ``via`` that depended on the cloud's choice."""
        return [s for s in self.via if s.choices]

    def as_dict(self) -> dict:
        return {"step": self.index, "action": self.action, "state": self.state, "allowed": list(self.allowed),
                "cycle": list(self.cycle) if self.cycle else None,
                "if": [f"{s.source} -> {s.target}" for s in self.choices],
                "via": [s.as_dict() for s in self.via]}


@dataclass
class PlanResult:
    provider: str
    actions: tuple[str, ...]
    status: str = VALID
    failures: list[PlanFailure] = field(default_factory=list)
    ends: tuple[str, ...] = ()  # the states the instance may be in after the whole plan

    @property
    def ok(self) -> bool:
        return self.status != INVALID

    @property
    def decisive(self) -> list[PlanFailure]:
        """The failures to show: where an invalid plan fails on its last branch, or a plan's first risk."""
        if not self.failures:
            return []
        if self.status == INVALID:
            last = max(f.index for f in self.failures)
            return [f for f in self.failures if f.index == last]
        first = min(f.index for f in self.failures)
        return [f for f in self.failures if f.index == first]

    def as_dict(self) -> dict:
        return {"provider": self.provider, "plan": list(self.actions), "status": self.status, "valid": self.ok,
                "ends": list(self.ends), "failures": [f.as_dict() for f in self.failures]}


def _settled(g: Graph, i: int) -> list[tuple[int, tuple[Step, ...], tuple[str, ...] | None]]:
    """Every way the instance can come to rest from i: (state, automatic steps, cycle or None)."""
    out = []
    stack = [(i, (), (i,))]
    while stack:
        j, steps, path = stack.pop()
        if not g.transient[j]:
            out.append((j, steps, None))
            continue
        autos = g.autos[j]
        for k in reversed(autos):
            step = g.step(j, None, k, autos)
            if k in path:
                first = path.index(k)
                out.append((k, steps + (step,), tuple(g.names[x] for x in path[first:]) + (g.names[k],)))
            else:
                stack.append((k, steps + (step,), path + (k,)))
    return out


def check_plan(machine: Machine | Graph, actions: Sequence[str], *, literal: bool = False,
               start: str | None = None) -> PlanResult:
    """Run a plan from the initial state along every outcome of the automatic choices.

    ``valid``: it can be carried out whatever the cloud chooses; ``may-fail``: on some outcomes
    only; ``invalid``: on none. ``failures`` says where each failing outcome stops.
    """
    g = machine if isinstance(machine, Graph) else Graph(machine, literal)
    result = PlanResult(g.machine.provider, tuple(actions))
    begin = g.state(start) if start is not None else g.index[g.machine.initial]
    current: dict[int, tuple[Step, ...]] = {}
    for end, steps, cycle in _settled(g, begin):
        if cycle:
            result.failures.append(PlanFailure(1, None, g.names[end], (), steps, cycle))
        else:
            current.setdefault(end, steps)
    for index, action in enumerate(actions, 1):
        following: dict[int, tuple[Step, ...]] = {}
        work = [(i, via, (i,)) for i, via in current.items()]
        while work:
            i, via, waited = work.pop()
            label, targets = g.targets(i, action)
            if not targets:
                autos = g.autos[i]
                if action != AUTO and autos and not g.transient[i]:
                    # wait for the state to move by itself, then try again (as a script polling would)
                    for k in autos:
                        first = via + (g.step(i, None, k, autos),)
                        for end, steps, cycle in _settled(g, k):
                            if cycle or end in waited:
                                result.failures.append(PlanFailure(
                                    index, None, g.names[end], (), first + steps,
                                    cycle or tuple(g.names[x] for x in waited[waited.index(end):]) + (g.names[end],)))
                            else:
                                work.append((end, first + steps, waited + (end,)))
                    continue
                result.failures.append(PlanFailure(index, action, g.names[i], g.allowed(i), via))
                continue
            for j in targets:
                first = via + (g.step(i, label, j, targets),)
                for end, steps, cycle in _settled(g, j):
                    if cycle:
                        result.failures.append(PlanFailure(index + 1, None, g.names[end], (), first + steps, cycle))
                    else:
                        following.setdefault(end, first + steps)
        current = following
        if not current:
            break
    result.failures.sort(key=lambda f: (f.index, g.index.get(f.state, 0)))
    result.ends = tuple(g.names[i] for i in sorted(current))
    if result.failures:
        result.status = INVALID if not current else MAY_FAIL
    return result
