"""Rendering for people: rich views (imported by the commands that draw) and small text helpers."""


def plural(count: int, word: str) -> str:
    """``1 action``, ``2 actions``."""
    return f"{count} {word}{'' if count == 1 else 's'}"
