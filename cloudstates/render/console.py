"""Rich consoles that honour the terminal: colour and Unicode only on a terminal.

Elsewhere the console writes to a PlainFile that says it is ASCII-only, and rich then draws
ASCII boxes and tree guides by itself, so renderers can always ask for ``box.ROUNDED``.

Rich is imported here, and this module only by commands that draw tables or trees.
"""

from __future__ import annotations

import re
import sys

import rich.text
from rich.console import Console

from cloudstates.render import plain_output


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
    return console_for(sys.stderr)


_COMMON = dict(highlight=False, emoji=False, markup=False, soft_wrap=False)


def console_for(stream) -> Console:
    """A console for ``stream``: colour and Unicode on a terminal, plain ASCII elsewhere.

    Markup is off everywhere: every string we print is data (a state may be called ``a[/]b``).
    """
    if plain_output(stream):
        return Console(file=PlainFile(stream), no_color=True, color_system=None, **_COMMON)
    return Console(file=stream, **_COMMON)


def plain_text(draw, width: int = 100) -> str:
    """What ``draw(console)`` prints, as plain ASCII text (for a table or trace written to a file)."""
    import io

    buffer = io.StringIO()
    draw(Console(file=PlainFile(buffer), no_color=True, color_system=None, width=width, **_COMMON))
    return buffer.getvalue()

