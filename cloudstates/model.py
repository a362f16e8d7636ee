"""The immutable state-machine model and Deltacloud's vocabulary.

This module imports nothing else of ours: every other layer builds on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterator, Mapping

# Deltacloud's instance states and actions, in lifecycle order.
STATES = ("start", "pending", "running", "stopping", "stopped", "finish", "error")
ACTIONS = ("create", "start", "stop", "reboot", "destroy")
# Names used by older Deltacloud releases and its API documentation.
LEGACY_NAMES = {"shutting_down": "stopping", "shutting-down": "stopping", "finished": "finish"}


@dataclass(frozen=True)
class Transition:
    """An edge: taken on ``action``, or automatically when ``action`` is None."""

    source: str
    target: str
    action: str | None = None
    note: str | None = None

    @property
    def auto(self) -> bool:
        return self.action is None

    @property
    def label(self) -> str:
        return self.action if self.action is not None else "auto"

    def key(self) -> tuple[str, str, str | None]:
        """Identity without the note: two transitions with the same key are duplicates."""
        return (self.source, self.target, self.action)


@dataclass(frozen=True)
class State:
    name: str
    transitions: tuple[Transition, ...] = ()
    maps_to: str | None = None  # the Deltacloud state a native state corresponds to
    note: str | None = None


@dataclass(frozen=True)
class Source:
    """Where a definition's facts come from (a repository file, a documentation page, a live API)."""

    url: str
    title: str | None = None
    revision: str | None = None
    read: str | None = None  # date the page was read or the API fetched
    driver: str | None = None
    provider: str | None = None
    server: str | None = None
    etag: str | None = None

    def as_dict(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass(frozen=True)
class Machine:
    """A provider's instance lifecycle.

    States and transitions keep the order in which the source defines them.
    Transitions may name states that are not declared (``validate`` reports them).
    """

    provider: str
    states: tuple[State, ...]
    initial: str = "start"
    final: tuple[str, ...] = ("finish",)
    title: str | None = None
    description: str | None = None
    sources: tuple[Source, ...] = ()
    actions: tuple[tuple[str, str | None], ...] = ()  # native action -> Deltacloud action
    notes: str | None = None
    origin: str | None = field(default=None, compare=False)  # file or URL it was read from

    @cached_property
    def state_names(self) -> tuple[str, ...]:
        return tuple(s.name for s in self.states)

    @cached_property
    def by_name(self) -> Mapping[str, State]:
        return {s.name: s for s in self.states}

    @property
    def transitions(self) -> Iterator[Transition]:
        for state in self.states:
            yield from state.transitions

    @cached_property
    def transition_count(self) -> int:
        return sum(len(s.transitions) for s in self.states)

    def outgoing(self, name: str) -> tuple[Transition, ...]:
        state = self.by_name.get(name)
        return state.transitions if state else ()

    @cached_property
    def action_map(self) -> Mapping[str, str | None]:
        return dict(self.actions)

    @property
    def label(self) -> str:
        return self.provider
