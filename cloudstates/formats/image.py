"""PNG and SVG drawn by Graphviz's ``dot`` program from our DOT output."""

from __future__ import annotations

import shutil
import subprocess

from cloudstates.errors import OutputError
from cloudstates.formats import dot
from cloudstates.model import Machine

INSTALL_HINT = "install Graphviz: 'apt-get install graphviz', 'dnf install graphviz' or 'brew install graphviz'"


def render(machine: Machine, kind: str) -> bytes:
    program = shutil.which("dot")
    if program is None:
        raise OutputError(f"--format {kind} needs Graphviz's 'dot' program, which is not on PATH", hint=INSTALL_HINT)
    try:
        done = subprocess.run([program, f"-T{kind}"], input=dot.emit(machine).encode(), capture_output=True,
                              timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise OutputError(f"Graphviz's dot failed: {exc}") from None
    if done.returncode != 0:
        message = done.stderr.decode(errors="replace").strip().splitlines()
        raise OutputError(f"Graphviz's dot failed: {message[0] if message else f'exit {done.returncode}'}")
    return done.stdout
