"""Providers side by side: where each (state, action) leads, or in which states an action is allowed.

Pure: ``matrix(machines)`` returns a ``Matrix``; nothing is printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from cloudstates.analysis.diff import action_rank, state_rank
from cloudstates.model import Machine

Cell = tuple[str, ...] | None  # destinations (by state) or states (by action); None: no such state


@dataclass(frozen=True)
class Row:
    state: str | None  # the source state; None when the matrix is by action
    action: str | None  # None: automatic transitions
    cells: tuple[Cell, ...]  # one per column, in the order of Matrix.columns

    @property
    def auto(self) -> bool:
        return self.action is None

    @property
    def label(self) -> str:
        return "auto" if self.action is None else self.action

    @property
    def differs(self) -> bool:
        return len(set(self.cells)) > 1


@dataclass(frozen=True)
class Matrix:
    by: str  # "state": rows are (state, action), cells destinations; "action": rows actions, cells states
    columns: tuple[str, ...]
    rows: tuple[Row, ...]

    @property
    def differing(self) -> int:
        return sum(1 for r in self.rows if r.differs)


def column_names(machines: Sequence[Machine], sources: Sequence[str] | None = None) -> tuple[str, ...]:
    """Provider names, or the sources given for those that would otherwise share a name."""
    names = [m.provider for m in machines]
    out = []
    for i, name in enumerate(names):
        if names.count(name) > 1 and sources is not None:
            name = sources[i]
        while name in out:
            name += "'"
        out.append(name)
    return tuple(out)


def matrix(machines: Sequence[Machine], *, by: str = "state", action: str | None = None,
           only_differences: bool = False, columns: Sequence[str] | None = None) -> Matrix:
    """The matrix of ``machines``. ``action`` keeps one action's rows ("auto" for automatic moves)."""
    if by not in ("state", "action"):
        raise ValueError(f"by must be 'state' or 'action', not {by!r}")
    columns = tuple(columns) if columns is not None else column_names(machines)
    wanted = None if action is None else (None if action == "auto" else action)
    rows: list[Row] = []
    if by == "state":
        keys = {(t.source, t.action) for m in machines for t in m.transitions if t.source in m.by_name}
        for state, act in sorted(keys, key=lambda k: (state_rank(k[0]), action_rank(k[1]))):
            if action is not None and act != wanted:
                continue
            cells = []
            for m in machines:
                if state not in m.by_name:
                    cells.append(None)
                    continue
                targets = {t.target for t in m.outgoing(state) if t.action == act}
                cells.append(tuple(sorted(targets, key=state_rank)))
            rows.append(Row(state, act, tuple(cells)))
    else:
        acts = {t.action for m in machines for t in m.transitions}
        for act in sorted(acts, key=action_rank):
            if action is not None and act != wanted:
                continue
            cells = tuple(tuple(sorted({t.source for t in m.transitions if t.action == act}, key=state_rank))
                          for m in machines)
            rows.append(Row(None, act, cells))
    if only_differences:
        rows = [r for r in rows if r.differs]
    return Matrix(by, columns, tuple(rows))
