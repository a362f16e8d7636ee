"""Transition cover: a few action sequences from the initial state that take every transition. Pure.

Each sequence is a test: run its actions on a fresh instance and check each state on the way.
Moves follow the simulator (see :mod:`cloudstates.analysis.simulate`), so a transient state only
moves by itself, and an automatic transition of a state that waits for actions appears as an
``auto`` step (wait for it). Steps that depend on the cloud's choice are marked by
:func:`cloudstates.analysis.paths.dependence`.

The algorithm is greedy and linear in the size of the machine for machines whose transitions
can be walked in long runs: from the current state take an uncovered transition if there is
one, else walk the shortest way (breadth first) to the nearest state that has one, else end
the sequence and start a new one from the initial state.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from cloudstates.analysis.simulate import Graph, Step, gc_paused
from cloudstates.model import Machine


@dataclass(frozen=True)
class Cover:
    provider: str
    sequences: tuple[tuple[Step, ...], ...]
    uncovered: tuple[Step, ...]  # transitions no sequence can take (their state cannot be reached)
    total: int  # distinct transitions

    @property
    def covered(self) -> int:
        return self.total - len(self.uncovered)

    @staticmethod
    def actions(sequence: tuple[Step, ...]) -> list[str]:
        return [s.action for s in sequence if s.action is not None]

    def as_dict(self) -> dict:
        return {"provider": self.provider, "transitions": self.total, "covered": self.covered,
                "sequences": [{"actions": self.actions(seq), "steps": [s.as_dict() for s in seq]}
                              for seq in self.sequences],
                "uncovered": [{"from": s.source, "action": s.action, "auto": s.action is None, "to": s.target}
                              for s in self.uncovered]}


def transition_cover(machine: Machine | Graph, *, literal: bool = False, start: str | None = None) -> Cover:
    with gc_paused():
        return _cover(machine, literal, start)


def _cover(machine: Machine | Graph, literal: bool, start: str | None) -> Cover:
    g = machine if isinstance(machine, Graph) else Graph(machine, literal)
    count = len(g.names)
    begin = g.state(start) if start is not None else g.index[g.machine.initial]
    # out[i]: (action, target, all targets of that action) for every transition leaving i
    out = []
    for i in range(count):
        edges = [(action, j, targets) for action, targets in g.actions[i].items() for j in targets]
        autos = g.autos[i]
        if g.transient[i]:
            edges = [(None, j, autos) for j in autos] + edges  # only events are left among the actions
        else:
            edges += [(None, j, autos) for j in autos]
        out.append(edges)
    # each transition's position: edge id = offset[i] + position in out[i]
    offset = [0] * (count + 1)
    for i in range(count):
        offset[i + 1] = offset[i] + len(out[i])
    total = offset[count]
    covered = bytearray(total)
    cursor = [0] * count  # out[i][:cursor[i]] are all covered
    pending = [0] * count  # uncovered transitions leaving i

    reach = [False] * count
    reach[begin] = True
    stack = [begin]
    while stack:
        i = stack.pop()
        for _, j, _ in out[i]:
            if not reach[j]:
                reach[j] = True
                stack.append(j)
    remaining = 0
    for i in range(count):
        if reach[i]:
            pending[i] = len(out[i])
            remaining += pending[i]

    def first_uncovered(i: int) -> int:
        k = cursor[i]
        edges = out[i]
        base = offset[i]
        while k < len(edges) and covered[base + k]:
            k += 1
        cursor[i] = k
        return k if k < len(edges) else -1

    def nearest(i: int) -> list[tuple[int, int]] | None:
        """Shortest walk (state, position) pairs from i to a state with an uncovered transition."""
        parent = {i: None}
        queue = deque([i])
        while queue:
            x = queue.popleft()
            if pending[x]:
                walk = []
                while parent[x] is not None:
                    px, k = parent[x]
                    walk.append((px, k))
                    x = px
                walk.reverse()
                return walk
            for k, (_, j, _) in enumerate(out[x]):
                if j not in parent:
                    parent[j] = (x, k)
                    queue.append(j)
        return None

    sequences = []
    while remaining:
        seq: list[Step] = []
        i = begin
        while remaining:
            k = first_uncovered(i) if pending[i] else -1
            if k >= 0:
                walk = [(i, k)]
            else:
                walk = nearest(i)
                if not walk:
                    break
            for x, k in walk:
                action, j, targets = out[x][k]
                seq.append(g.make_step(x, action, j, targets))
                e = offset[x] + k
                if not covered[e]:
                    covered[e] = 1
                    pending[x] -= 1
                    remaining -= 1
                i = j
        if not seq:
            break  # cannot happen: every uncovered transition left is reachable from begin
        sequences.append(tuple(seq))

    uncovered = tuple(g.step(i, action, j, targets) for i in range(count) if not reach[i]
                      for action, j, targets in out[i])
    return Cover(g.machine.provider, tuple(sequences), uncovered, total)
