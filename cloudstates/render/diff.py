"""Views of a Diff: rich text for a terminal, JSON for scripts, Markdown for a pull-request comment.

Rich is imported only by the text view.
"""

from __future__ import annotations

import json

from cloudstates.analysis.diff import BREAKING, Diff, Evidence

JSON_VERSION = 1


def labels(result: Diff) -> tuple[str, str]:
    """What to call A and B in sentences: their provider names, or A and B when those are equal."""
    a, b = result.a.provider, result.b.provider
    return (a, b) if a != b else ("A", "B")


def _states(names) -> str:
    names = list(names)
    if not names:
        return "nothing"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]


def _word(actions, code=lambda s: s) -> str:
    return ", ".join(code(a) for a in actions)


def evidence_sentence(evidence: Evidence, a_label: str, b_label: str, code=lambda s: s) -> str:
    """One line: the sequence and what B does differently."""
    if evidence.rejected is not None:
        return (f"{_word(evidence.actions, code)}: {b_label} cannot do {code(evidence.rejected)} "
                f"(it may be in {_states(evidence.b_states)}); {a_label} does it from {evidence.a_state}")
    where = f"after {_word(evidence.actions, code)}" if evidence.actions else "before any action"
    return (f"{where}, {a_label} may be in {evidence.a_state}; {b_label} cannot "
            f"(it may be in {_states(evidence.b_states)})")


def reach_cell(word) -> str:
    if word is None:
        return "never"
    return ", ".join(word) if word else "no action"


# ------------------------------------------------------------------ json

def as_document(result: Diff, source_a: str, source_b: str, *, normalized: bool = False) -> dict:
    """The JSON document; its keys are listed in the README and do not change within JSON_VERSION."""
    return {
        "version": JSON_VERSION,
        "a": {"source": source_a, "provider": result.a.provider},
        "b": {"source": source_b, "provider": result.b.provider},
        "normalized": normalized,
        "renamed": {"a": dict(result.renamed.get("a", {})), "b": dict(result.renamed.get("b", {}))},
        "identical": result.identical,
        "summary": {"breaking": result.breaking, "compatible": result.compatible},
        "changes": [c.as_dict() for c in result.changes],
        "evidence": result.evidence.as_dict() if result.evidence else None,
        "reach": [r.as_dict() for r in result.reach],
        "hints": list(result.hints),
    }


def to_json(result: Diff, source_a: str, source_b: str, *, normalized: bool = False) -> str:
    return json.dumps(as_document(result, source_a, source_b, normalized=normalized), indent=2,
                      ensure_ascii=False) + "\n"


# ------------------------------------------------------------------ markdown

def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def to_markdown(result: Diff, source_a: str, source_b: str, *, normalized: bool = False) -> str:
    a_label, b_label = labels(result)
    code = lambda s: f"`{s}`"  # noqa: E731
    lines = [f"### cloudstates diff: `{_md(source_a)}` → `{_md(source_b)}`", ""]
    lines.append(f"A is `{_md(result.a.provider)}`, B is `{_md(result.b.provider)}`"
                 + (" (names normalized)" if normalized else "") + ".")
    lines.append("")
    lines.append(f"**{result.summary()}**")
    if result.identical:
        return "\n".join(lines) + "\n"
    lines += ["", "| class | change | evidence (shortest action sequence) |", "| --- | --- | --- |"]
    for change in result.changes:
        evidence = evidence_sentence(change.evidence, a_label, b_label, code) if change.evidence else ""
        cls = "**breaking**" if change.severity == BREAKING else "compatible"
        lines.append(f"| {cls} | {_md(change.message)} | {_md(evidence)} |")
    if result.reach:
        lines += ["", "Shortest action sequence after which an instance may be in each state (where they differ):",
                  "", f"| state | {_md(a_label)} | {_md(b_label)} |", "| --- | --- | --- |"]
        for r in result.reach:
            lines.append(f"| {_md(r.state)} | {_md(reach_cell(r.a))} | {_md(reach_cell(r.b))} |")
    renames = _renames(result)
    if renames:
        lines += ["", "Normalized names: " + _md(renames) + "."]
    for hint in result.hints:
        lines += ["", "Note: " + _md(hint) + "."]
    return "\n".join(lines) + "\n"


def _renames(result: Diff) -> str:
    parts = []
    a_label, b_label = labels(result)
    for side, label in (("a", a_label), ("b", b_label)):
        names = result.renamed.get(side) or {}
        if names:
            parts.append(f"{label}: " + ", ".join(f"{old} -> {new}" for old, new in names.items()))
    return "; ".join(parts)


# ------------------------------------------------------------------ text

def render_text(result: Diff, source_a: str, source_b: str, console, *, normalized: bool = False) -> None:
    """Print the diff grouped by class, with evidence, reach table and a one-line summary."""
    from rich.table import Table
    from rich.text import Text

    from rich import box

    a_label, b_label = labels(result)
    head = Text()
    head.append("A: ", style="bold red")
    head.append(f"{source_a} ({result.a.provider})")
    head.append("\nB: ", style="bold green")
    head.append(f"{source_b} ({result.b.provider})")
    renames = _renames(result)
    if renames:
        head.append(f"\nnormalized: {renames}", style="dim")
    console.print(head)
    groups = [(BREAKING, "Breaking", "!", "bold red"), ("compatible", "Compatible", "+", "green")]
    for severity, title, mark, style in groups:
        changes = [c for c in result.changes if c.severity == severity]
        if not changes:
            continue
        console.print(Text(f"\n{title} ({len(changes)})", style="bold"))
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for change in changes:
            grid.add_row(Text(f" {mark}", style=style), Text(change.message))
            if change.evidence:
                grid.add_row("", Text("evidence: " + evidence_sentence(change.evidence, a_label, b_label),
                                      style="dim"))
            elif change.severity == BREAKING and change.kind != "final-removed":
                grid.add_row("", Text("evidence: no action sequence shows this change on its own (every path "
                                      "to it differs earlier, or none reaches it)", style="dim"))
        console.print(grid)
    if result.reach:
        console.print(Text("\nShortest action sequence to each state (where they differ)", style="bold"))
        table = Table(box=box.ROUNDED)
        table.add_column("state", no_wrap=True)
        table.add_column(a_label, overflow="fold")
        table.add_column(b_label, overflow="fold")
        for r in result.reach:
            table.add_row(r.state, reach_cell(r.a), reach_cell(r.b))
        console.print(table)
    for hint in result.hints:
        console.print(Text(f"\nnote: {hint}", style="cyan"))
    if result.evidence and result.breaking:
        console.print(Text("\nShortest breaking sequence: ", style="bold")
                      + Text(evidence_sentence(result.evidence, a_label, b_label)))
    summary = Text("\n" + result.summary() if result.changes else result.summary(), style="bold")
    console.print(summary)
