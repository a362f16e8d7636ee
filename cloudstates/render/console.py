"""Rich consoles that honour the terminal: colour and Unicode boxes only on a terminal.

Rich is imported here, and this module only by commands that draw tables or trees.
"""

from __future__ import annotations

import os
import re
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


class PlainFile:
    """A text stream as rich should see it for plain output: ASCII only (so rich picks ASCII boxes and
    tree guides by itself) and no trailing spaces (rich pads grid cells to the column width)."""

    encoding = "ascii"

    def __init__(self, stream):
        self._stream = stream

    def write(self, text: str) -> int:
        return self._stream.write(_TRAILING.sub("\n", text))

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return False


_TRAILING = re.compile(r"[ \t]+\n")


def stdout_console() -> Console:
    return console_for(sys.stdout)


def stderr_console() -> Console:
    return console_for(sys.stderr, stderr=True)


def console_for(stream, *, stderr: bool = False) -> Console:
    if _plain(stream):
        return Console(file=PlainFile(stream), no_color=True, color_system=None, highlight=False, emoji=False,
                       soft_wrap=False, stderr=stderr)
    return Console(file=stream, highlight=False, emoji=False, soft_wrap=False, stderr=stderr)


def plain_text(draw, width: int = 100) -> str:
    """What ``draw(console)`` prints, as plain ASCII text (for a table or trace written to a file)."""
    import io

    buffer = io.StringIO()
    draw(Console(file=PlainFile(buffer), no_color=True, color_system=None, highlight=False, emoji=False,
                 soft_wrap=False, width=width))
    return buffer.getvalue()


def table_box(console: Console):
    """Unicode rounded boxes on a colour terminal, ASCII elsewhere (pipes, files, NO_COLOR, dumb terminals)."""
    return box.ROUNDED if console.color_system and console.is_terminal else box.ASCII
