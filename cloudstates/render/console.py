"""Rich consoles that honour the terminal: colour and Unicode boxes only on a terminal.

Rich is imported here, and this module only by commands that draw tables or trees.
"""

from __future__ import annotations

import os
import sys

import rich.text
from rich import box
from rich.console import Console


def escape_controls(text: str) -> str:
    """Text with terminal control characters made visible (ESC as \\x1b), so a name read from a file or a
    server cannot move the cursor, retitle the window or reorder a line (bidi overrides) on the user's terminal.
    Line breaks and tabs are kept."""
    if text.isprintable():
        return text
    out = []
    for ch in text:
        if ch in "\n\t" or ch.isprintable() or ch == " ":
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    return "".join(out)


# Rich builds every Text (our cells, rendered markup) through this function; by default it removes only a few
# controls and lets ESC through. Escaping here covers every table, tree and panel the commands draw.
rich.text.strip_control_codes = escape_controls


def _plain(stream) -> bool:
    return not stream.isatty() or bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"


def stdout_console() -> Console:
    plain = _plain(sys.stdout)
    return Console(no_color=plain, highlight=False, emoji=False, soft_wrap=False,
                   color_system=None if plain else "auto")


def stderr_console() -> Console:
    plain = _plain(sys.stderr)
    return Console(stderr=True, no_color=plain, highlight=False, emoji=False, color_system=None if plain else "auto")


def table_box(console: Console):
    """Unicode rounded boxes on a colour terminal, ASCII elsewhere (pipes, files, NO_COLOR, dumb terminals)."""
    return box.ROUNDED if console.color_system and console.is_terminal else box.ASCII
