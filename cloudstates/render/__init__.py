"""Rendering for people: rich views (imported by the commands that draw) and small text helpers."""


def plural(count: int, word: str) -> str:
    """``1 action``, ``2 actions``."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def plain_output(stream) -> bool:
    """No colour, no Unicode drawing: the stream is not a terminal, or NO_COLOR or TERM=dumb says so."""
    import os

    return not stream.isatty() or bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"
