"""Views of a Matrix: a terminal table (split into blocks that fit the width), Markdown, CSV, JSON.

Rich is imported only by the table view.
"""

from __future__ import annotations

import csv
import io
import json

from cloudstates.analysis.matrix import Cell, Matrix, Row

JSON_VERSION = 1
HEADER_WIDTH = 12  # longer provider names are folded at hyphens in the table
NONE, ABSENT = "-", ""  # table/markdown: no such transition; the provider has no such state


def cell_text(cell: Cell, sep: str = ", ") -> str:
    if cell is None:
        return ABSENT
    return sep.join(cell) if cell else NONE


def key_headers(m: Matrix) -> list[str]:
    return ["state", "on"] if m.by == "state" else ["action"]


def key_cells(m: Matrix, row: Row) -> list[str]:
    return [row.state, row.label] if m.by == "state" else [row.label]


# ------------------------------------------------------------------ machine formats

def as_document(m: Matrix, sources: list[str], *, action: str | None = None,
                only_differences: bool = False) -> dict:
    return {
        "version": JSON_VERSION,
        "by": m.by,
        "action": action,
        "only_differences": only_differences,
        "providers": [{"name": name, "source": source} for name, source in zip(m.columns, sources)],
        "rows": [{"state": r.state, "action": r.action, "auto": r.auto,
                  "cells": {name: None if c is None else list(c) for name, c in zip(m.columns, r.cells)},
                  "differs": r.differs} for r in m.rows],
    }


def to_json(m: Matrix, sources: list[str], **kwargs) -> str:
    return json.dumps(as_document(m, sources, **kwargs), indent=2, ensure_ascii=False) + "\n"


def to_csv(m: Matrix) -> str:
    """One line per row; cells list destinations (or states) separated by spaces, empty for none,
    ``n/a`` when the provider has no such state."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow((["state", "action"] if m.by == "state" else ["action"]) + list(m.columns) + ["differs"])
    for r in m.rows:
        cells = ["n/a" if c is None else " ".join(c) for c in r.cells]
        writer.writerow(key_cells(m, r) + cells + ["yes" if r.differs else "no"])
    return buffer.getvalue()


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|")


def to_markdown(m: Matrix) -> str:
    keys = key_headers(m)
    lines = ["| " + " | ".join(keys + [_md(c) for c in m.columns]) + " |",
             "| " + " | ".join(["---"] * (len(keys) + len(m.columns))) + " |"]
    for r in m.rows:
        key = [_md(k) for k in key_cells(m, r)]
        if r.auto:
            key[-1] = "*auto*"
        if r.differs:
            key = [f"**{k}**" for k in key]
        lines.append("| " + " | ".join(key + [_md(cell_text(c)) or " " for c in r.cells]) + " |")
    lines += ["", _legend(m, markdown=True)]
    return "\n".join(lines) + "\n"


def _legend(m: Matrix, *, markdown: bool = False) -> str:
    what = "destination" if m.by == "state" else "states where the action is allowed"
    mark = "bold" if markdown else "*"
    parts = [f"cells: {what}", f"{NONE}: none", "blank: no such state" if m.by == "state" else None,
             f"{mark}: providers disagree ({m.differing} of {len(m.rows)} rows)"]
    return "; ".join(p for p in parts if p) + "."


# ------------------------------------------------------------------ table

def _header(name: str, width: int) -> str:
    """A provider name folded at hyphens or underscores to fit ``width``."""
    if len(name) <= width:
        return name
    lines, line = [], ""
    for part in name.replace("_", "_\0").replace("-", "-\0").split("\0"):
        if line and len(line) + len(part) > width:
            lines.append(line)
            line = ""
        line += part
    lines.append(line)
    return "\n".join(lines)


def _width(texts) -> int:
    return max((len(word) for t in texts for word in t.replace("\n", " ").split(" ")), default=1)


def blocks(m: Matrix, total: int, key_width: int) -> list[list[int]]:
    """Column indexes split into groups whose tables fit in ``total`` characters."""
    groups: list[list[int]] = [[]]
    used = key_width
    for i, name in enumerate(m.columns):
        cells = [cell_text(r.cells[i]) for r in m.rows]
        width = max(_width(cells), min(len(name), HEADER_WIDTH), 1) + 3
        if groups[-1] and used + width > total:
            groups.append([])
            used = key_width
        groups[-1].append(i)
        used += width
    return groups


def render_table(m: Matrix, console) -> None:
    from rich.table import Table
    from rich.text import Text

    from rich import box

    keys = key_headers(m)
    key_texts = [[k] + [key_cells(m, r)[j] for r in m.rows] for j, k in enumerate(keys)]
    key_width = 4 + sum(_width(t) + 3 for t in key_texts) + 1
    groups = blocks(m, console.width, key_width)
    for n, group in enumerate(groups):
        title = None
        if len(groups) > 1:
            title = f"providers {group[0] + 1}-{group[-1] + 1} of {len(m.columns)}"
        table = Table(box=box.ROUNDED, title=title, title_justify="left", pad_edge=True)
        table.add_column("", no_wrap=True, width=1)
        for k in keys:
            table.add_column(k, no_wrap=True)
        for i in group:
            cells = [cell_text(r.cells[i]) for r in m.rows]
            width = max(_width(cells), min(len(m.columns[i]), HEADER_WIDTH), 1)
            table.add_column(_header(m.columns[i], width), overflow="fold", width=width)
        for r in m.rows:
            style = "bold yellow" if r.differs else None
            key = [Text(k) for k in key_cells(m, r)]
            if r.auto:
                key[-1].stylize("italic dim")
            cells = [Text(cell_text(r.cells[i]), style="dim" if not r.cells[i] else "") for i in group]
            table.add_row(Text("*" if r.differs else " "), *key, *cells, style=style)
        if n:
            console.print()
        console.print(table)
    console.print(Text(_legend(m), style="dim"))
