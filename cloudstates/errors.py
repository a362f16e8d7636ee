"""The project's error types; each carries the exit code DESIGN.md documents."""

from __future__ import annotations


class CloudstatesError(Exception):
    """A failure the user can act on: one line on stderr, never a traceback."""

    exit_code = 1

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class DefinitionError(CloudstatesError):
    """A source could not be read or is not a valid definition (exit 3)."""

    exit_code = 3

    def __init__(self, origin: str, message: str, *, line: int | None = None, hint: str | None = None):
        where = f"{origin}:{line}" if line is not None else origin
        super().__init__(f"{where}: {message}", hint=hint)
        self.origin = origin
        self.line = line


class RemoteError(CloudstatesError):
    """A remote failure: connection, timeout, HTTP error, authentication (exit 4)."""

    exit_code = 4


class OutputError(CloudstatesError):
    """Output cannot be produced as asked (an existing file without --force, no Graphviz): exit 2, like a usage error."""

    exit_code = 2


def report(message: object, *, kind: str = "error") -> None:
    """The one line a failure (or a warning) gets on stderr: ``cloudstates: error: …``."""
    import sys

    print(f"cloudstates: {kind}: {message}", file=sys.stderr)
