"""Views of simulations, paths, plans and covers.

Plain-text traces need no rich (scripted runs stay light); the interactive panel and the plan
table import rich inside the functions that draw them.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from cloudstates.analysis.simulate import AUTO, Simulator, Step
from cloudstates.render import plural


def step_note(step: Step, depends: str | None = None) -> str:
    notes = []
    if step.written:
        notes.append(f"written as {step.written}")
    if step.choices:
        notes.append("one of " + ", ".join(step.choices))
    if depends == "wait":
        notes.append("waits for it to happen by itself")
    elif depends == "event":
        notes.append("a provider event")
    return "; ".join(notes)


def columns(rows: Sequence[Sequence[str]], indent: str = "  ") -> list[str]:
    """Rows of cells aligned in columns (the last cell is not padded)."""
    if not rows:
        return []
    widths = [max(len(r[k]) for r in rows) for k in range(len(rows[0]))]
    out = []
    for row in rows:
        cells = [c.ljust(widths[k]) for k, c in enumerate(row[:-1])] + [row[-1]]
        out.append((indent + "  ".join(cells)).rstrip())
    return out


def step_rows(numbered: Iterable[tuple[str, Step, str | None]]) -> list[list[str]]:
    rows = []
    for number, step, depends in numbered:
        note = step_note(step, depends)
        rows.append([number, step.source, step.label, "-> " + step.target, f"({note})" if note else ""])
    return rows


def move_rows(sim: Simulator, opening: bool = True) -> list[list[str]]:
    """The trace of a simulator: its opening automatic steps, then each move numbered."""
    items = []
    if opening:
        items += [("", s, None) for s in sim.opening]
    for n, move in enumerate(sim.history, 1):
        items += [(str(n) if k == 0 else "", s, _depends(sim, s)) for k, s in enumerate(move.steps)]
    return step_rows(items)


def _depends(sim: Simulator, step: Step) -> str | None:
    from cloudstates.analysis.paths import dependence

    why = dependence(sim.graph, step)
    return why if why != "choice" else None  # choices show their options already


def trace_text(sim: Simulator, *, title: str, outcome: str) -> str:
    lines = [title]
    lines += columns(move_rows(sim)) or ["  (no steps)"]
    lines.append(outcome)
    return "\n".join(lines) + "\n"


def chain(steps: Sequence[Step], first: str) -> str:
    """start -create-> pending -auto-> stopped"""
    out = [first]
    for s in steps:
        out.append(f"-{s.label}-> {s.target}")
    return " ".join(out)


def summary(sim: Simulator) -> str:
    actions = [m.action for m in sim.history]
    if not sim.trace:
        return f"trace: {sim.state} (no steps)"
    return (f"trace: {chain(sim.trace, sim.start)}\n"
            f"{plural(len(actions), 'move')}" + (f": {','.join(actions)}" if actions else "")
            + f"; ended in {sim.state}")


# ---------------------------------------------------------------------- interactive

def panel(sim: Simulator):
    """The rich panel: provider, current state, numbered allowed actions with destinations, commands."""
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    from rich import box

    m = sim.machine
    body = Table.grid(padding=(0, 2))
    body.add_column(justify="right")
    body.add_column()
    body.add_column()
    head = Text("state: ", style="dim")
    head.append(sim.state, style="bold cyan")
    if sim.state in m.final:
        head.append("  (final)", style="dim")
    allowed = sim.allowed()
    lines = [head]
    if sim.cycle:
        lines.append(Text("automatic cycle: " + " -> ".join(sim.cycle) + " (it never settles)", style="red"))
    for n, action in enumerate(allowed, 1):
        targets = " or ".join(sim.destinations(action))
        label = Text(action, style="italic" if action == AUTO else "bold green")
        note = Text("may happen by itself" if action == AUTO else "", style="dim")
        body.add_row(Text(str(n), style="bold"), label, Text("-> " + targets).append("  ").append(note))
    from rich.console import Group

    parts = [*lines]
    if allowed:
        parts += [Text("actions:", style="dim"), body]
    else:
        parts.append(Text("no action is allowed here", style="yellow"))
    parts.append(Text("type a number or name; undo, reset, history, path STATE, show, help, quit", style="dim"))
    title = m.provider + (f" - {m.title}" if m.title else "")
    return Panel(Group(*parts), title=title, title_align="left", box=box.ROUNDED, expand=False)


# ---------------------------------------------------------------------- path / cover / plans

def path_text(g, path, *, title: str) -> str:
    from cloudstates.analysis.paths import dependence

    lines = [title]
    rows = step_rows((("" if s.action is None else str(n), s, dependence(g, s))
                      for n, s in _numbered(path.steps)))
    lines += columns(rows)
    lines.append("actions: " + (",".join(path.actions) or "(none)"))
    risky = [s for s in path.steps if dependence(g, s) in ("choice", "event")]
    if risky:
        lines.append("depends on the cloud: " + "; ".join(
            f"{s.source} -> {s.target}" + (f" (it may go to {', '.join(c for c in s.choices if c != s.target)})"
                                           if s.choices else " (an event)") for s in risky))
    return "\n".join(lines) + "\n"


def _numbered(steps: Sequence[Step]):
    n = 0
    for s in steps:
        if s.action is not None:
            n += 1
        yield n, s


def cover_text(g, cover) -> str:
    lines = [f"{cover.provider}: {plural(len(cover.sequences), 'sequence')} "
             f"{'cover' if len(cover.sequences) != 1 else 'covers'} {cover.covered} of {cover.total} transitions"]
    initial = g.machine.initial
    for n, seq in enumerate(cover.sequences, 1):
        lines.append(f"{n}. {','.join(cover.actions(seq)) or '(no actions: wait)'}")
        lines.append("   " + chain(seq, seq[0].source if seq else initial))
    if cover.uncovered:
        lines.append(f"cannot be covered ({len(cover.uncovered)}, their states cannot be reached from {initial}):")
        lines += [f"  {s.source} -{s.label}-> {s.target}" for s in cover.uncovered]
    return "\n".join(lines) + "\n"


def failure_text(f) -> str:
    """Where a plan fails, in words."""
    if f.action is None:
        where = f"never settles: automatic cycle {' -> '.join(f.cycle)}"
    else:
        where = f"{f.action} not allowed in {f.state} (allowed: {', '.join(f.allowed) or 'none'})"
    cond = [f"{s.source} -> {s.target}" for s in f.choices]
    return where + (f" if {' and '.join(cond)}" if cond else "")


def plan_table(results):
    from rich.table import Table
    from rich.text import Text

    from rich import box

    style = {"valid": "green", "may-fail": "yellow", "invalid": "bold red"}
    table = Table(box=box.ROUNDED)
    for header in ("provider", "result", "step", "where it fails"):
        table.add_column(header, overflow="fold", no_wrap=header in ("provider", "result", "step"))
    for r in results:
        shown = r.decisive
        if not shown:
            table.add_row(r.provider, Text(r.status, style=style[r.status]), "", "")
            continue
        for k, f in enumerate(shown):
            step = str(f.index) if f.index <= len(r.actions) else "end"
            table.add_row(r.provider if k == 0 else "", Text(r.status, style=style[r.status]) if k == 0 else "",
                          step, failure_text(f))
    return table
