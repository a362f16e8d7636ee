"""The immutable state-machine model and Deltacloud's vocabulary.

This module imports nothing else of ours: every other layer builds on it.

The classes are small hand-written value objects rather than dataclasses: every command
builds them at start-up, where generating four frozen dataclasses cost ~4 ms a run
(benchmarks/startup.py). ``replace(obj, **changes)`` plays ``dataclasses.replace``.
"""

from __future__ import annotations

from typing import Any, Iterator, Mapping, TypeVar

# Deltacloud's instance states and actions, in lifecycle order.
STATES = ("start", "pending", "running", "stopping", "stopped", "finish", "error")
ACTIONS = ("create", "start", "stop", "reboot", "destroy")
# Names used by older Deltacloud releases and its API documentation.
LEGACY_NAMES = {"shutting_down": "stopping", "shutting-down": "stopping", "finished": "finish"}

_set = object.__setattr__


class _Value:
    """Immutable, compared and hashed by the fields in ``_compare``; ``_fields`` in constructor order."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()
    _compare: tuple[str, ...] = ()

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is immutable (use cloudstates.model.replace)")

    __delattr__ = __setattr__

    def _key(self) -> tuple:
        return tuple(getattr(self, f) for f in self._compare)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._key() == other._key()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._key())

    def __repr__(self) -> str:
        return f"{type(self).__name__}(" + ", ".join(f"{f}={getattr(self, f)!r}" for f in self._fields) + ")"

    def __reduce__(self):
        return (self.__class__, tuple(getattr(self, f) for f in self._fields))


V = TypeVar("V", bound=_Value)


def replace(obj: V, **changes: Any) -> V:
    """A copy of ``obj`` with some fields changed (like ``dataclasses.replace``)."""
    unknown = set(changes) - set(obj._fields)
    if unknown:
        raise TypeError(f"{type(obj).__name__} has no field {', '.join(sorted(unknown))}")
    return obj.__class__(**{f: changes[f] if f in changes else getattr(obj, f) for f in obj._fields})


class Transition(_Value):
    """An edge: taken on ``action``, or automatically when ``action`` is None."""

    __slots__ = _fields = _compare = ("source", "target", "action", "note")

    def __init__(self, source: str, target: str, action: str | None = None, note: str | None = None):
        _set(self, "source", source)
        _set(self, "target", target)
        _set(self, "action", action)
        _set(self, "note", note)

    @property
    def auto(self) -> bool:
        return self.action is None

    @property
    def label(self) -> str:
        return self.action if self.action is not None else "auto"

    def key(self) -> tuple[str, str, str | None]:
        """Identity without the note: two transitions with the same key are duplicates."""
        return (self.source, self.target, self.action)


class State(_Value):
    __slots__ = _fields = _compare = ("name", "transitions", "maps_to", "note")

    def __init__(self, name: str, transitions: tuple[Transition, ...] = (), maps_to: str | None = None,
                 note: str | None = None):
        _set(self, "name", name)
        _set(self, "transitions", transitions)
        _set(self, "maps_to", maps_to)  # the Deltacloud state a native state corresponds to
        _set(self, "note", note)


class Source(_Value):
    """Where a definition's facts come from (a repository file, a documentation page, a live API)."""

    __slots__ = _fields = _compare = ("url", "title", "revision", "read", "driver", "provider", "server", "etag")

    def __init__(self, url: str, title: str | None = None, revision: str | None = None, read: str | None = None,
                 driver: str | None = None, provider: str | None = None, server: str | None = None,
                 etag: str | None = None):
        for name, value in zip(self._fields, (url, title, revision, read, driver, provider, server, etag)):
            _set(self, name, value)  # ``read``: date the page was read or the API fetched

    def as_dict(self) -> dict[str, str]:
        return {f: getattr(self, f) for f in self._fields if getattr(self, f) is not None}


class Machine(_Value):
    """A provider's instance lifecycle.

    States and transitions keep the order in which the source defines them.
    Transitions may name states that are not declared (``validate`` reports them).
    ``origin`` (the file or URL it was read from) takes no part in equality.
    """

    _fields = ("provider", "states", "initial", "final", "title", "description", "sources", "actions", "notes",
               "origin")
    _compare = _fields[:-1]
    __slots__ = _fields + ("_by_name", "_action_map")

    def __init__(self, provider: str, states: tuple[State, ...], initial: str = "start",
                 final: tuple[str, ...] = ("finish",), title: str | None = None, description: str | None = None,
                 sources: tuple[Source, ...] = (), actions: tuple[tuple[str, str | None], ...] = (),
                 notes: str | None = None, origin: str | None = None):
        for name, value in zip(self._fields, (provider, states, initial, final, title, description, sources,
                                              actions, notes, origin)):
            _set(self, name, value)  # ``actions``: native action -> Deltacloud action pairs
        _set(self, "_by_name", None)
        _set(self, "_action_map", None)

    @property
    def state_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.states)

    @property
    def by_name(self) -> Mapping[str, State]:
        if self._by_name is None:
            _set(self, "_by_name", {s.name: s for s in self.states})
        return self._by_name

    @property
    def mapped(self) -> bool:
        """A definition in a cloud's own vocabulary: it maps its states or actions onto Deltacloud's."""
        return bool(self.actions) or any(s.maps_to for s in self.states)

    @property
    def named_states(self) -> tuple[str, ...]:
        """The declared states, then any state a transition names without declaring it."""
        names = dict.fromkeys(self.state_names)
        names.update(dict.fromkeys(t.target for t in self.transitions))
        return tuple(names)

    @property
    def transitions(self) -> Iterator[Transition]:
        for state in self.states:
            yield from state.transitions

    @property
    def transition_count(self) -> int:
        return sum(len(s.transitions) for s in self.states)

    def outgoing(self, name: str) -> tuple[Transition, ...]:
        state = self.by_name.get(name)
        return state.transitions if state else ()

    @property
    def action_map(self) -> Mapping[str, str | None]:
        if self._action_map is None:
            _set(self, "_action_map", dict(self.actions))
        return self._action_map

    @property
    def label(self) -> str:
        return self.provider
