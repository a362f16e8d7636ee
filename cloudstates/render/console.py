"""Rich consoles that honour the terminal: colour and Unicode boxes only on a terminal.

Rich is imported here, and this module only by commands that draw tables or trees.
"""

from __future__ import annotations

import os
import sys

from rich import box
from rich.console import Console


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
