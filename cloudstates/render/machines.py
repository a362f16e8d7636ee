"""Rich views of machines: the provider list, one machine as a table or a tree, validation findings."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from rich.tree import Tree

from cloudstates.model import Machine
from rich import box

AUTO_STYLE = "italic dim"
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def short_source(url: str | None) -> str:
    """'apache/deltacloud@64c62c2' for a GitHub file, else the host: enough to tell sources apart in a table."""
    if not url:
        return ""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    path = parts.path.strip("/").split("/")
    if parts.netloc == "github.com" and len(path) >= 4 and path[2] in ("blob", "tree"):
        return f"{path[0]}/{path[1]}@{path[3][:7]}"
    return parts.netloc or url


def provider_table(rows: list[dict]) -> Table:
    table = Table(box=box.ROUNDED, title="Providers", title_justify="left")
    table.add_column("name", style="bold", no_wrap=True)
    table.add_column("states", justify="right", no_wrap=True)
    table.add_column("transitions", justify="right", no_wrap=True)
    table.add_column("title and source", overflow="fold")
    for row in rows:
        if row.get("error"):
            table.add_row(Text(row["name"]), "-", "-", Text(row["error"], style="red"))
            continue
        about = Text(row["title"] or "")
        about.append("\n" + (short_source(row["source"]) if row["bundled"] else row["path"]), style="dim")
        if row["shadows"]:
            about.append("\n(hides " + ", ".join(row["shadows"]) + ")", style="dim")
        table.add_row(Text(row["name"]), str(row["states"]), str(row["transitions"]), about)
    return table


def machine_heading(machine: Machine) -> Text:
    text = Text(machine.title or machine.provider, style="bold")
    if machine.title:
        text.append(f" ({machine.provider})", style="dim")
    if machine.description:
        text.append("\n" + machine.description)
    for source in machine.sources:
        text.append("\nsource: ", style="dim")
        text.append(source.url + (f" ({source.read})" if source.read else ""))
    return text


def _state_label(machine: Machine, name: str) -> Text:
    text = Text(name, style="bold")
    marks = []
    if name == machine.initial:
        marks.append("initial")
    if name in machine.final:
        marks.append("final")
    state = machine.by_name.get(name)
    if state is not None and state.maps_to and state.maps_to != name:
        marks.append(f"= {state.maps_to}")
    if marks:
        text.append(" (" + ", ".join(marks) + ")", style="dim")
    return text


def machine_table(machine: Machine) -> Table:
    table = Table(box=box.ROUNDED, show_lines=False)
    table.add_column("state", no_wrap=True)
    table.add_column("on", no_wrap=True)
    table.add_column("to", no_wrap=True)
    for state in machine.states:
        if not state.transitions:
            table.add_row(_state_label(machine, state.name), Text("-", style="dim"), Text("-", style="dim"))
        for i, t in enumerate(state.transitions):
            label = _state_label(machine, state.name) if i == 0 else ""
            on = Text("auto", style=AUTO_STYLE) if t.auto else Text(t.action, style="green")
            table.add_row(label, on, Text(t.target))
        if state is not machine.states[-1]:
            table.add_section()
    return table


def machine_tree(machine: Machine) -> Tree:
    tree = Tree(Text(machine.provider, style="bold"))
    for state in machine.states:
        branch = tree.add(_state_label(machine, state.name))
        for t in state.transitions:
            line = Text("auto", style=AUTO_STYLE) if t.auto else Text(t.action, style="green")
            line.append(" -> " + t.target)
            branch.add(line)
    return tree


def findings_table(results: list[tuple[Machine | str, list]]) -> Table:
    """One row per finding (the message names its state; JSON output has it as a field)."""
    table = Table(box=box.ROUNDED)
    for header in ("provider", "severity", "code", "finding"):
        table.add_column(header, overflow="fold", no_wrap=header != "finding")
    for machine, findings in results:
        name = machine if isinstance(machine, str) else machine.provider
        if not findings:
            table.add_row(Text(name), Text("ok", style="green"), "", "")
        for f in findings:
            table.add_row(Text(name), Text(f.severity, style=SEVERITY_STYLE[f.severity]), f.code, Text(f.message))
    return table
