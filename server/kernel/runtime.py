"""The runtime of one server (or test) and the unit of work every use case runs in.

What areas provide to each other is held under typed keys (``Key[T]``), and what they do
around events is registered per declared event type: no string keys, so a typo is a type
error or an import error, never a feature silently switched off. ``server/bootstrap.py``
fills both, once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Generic, TypeVar

from sqlalchemy.orm import Session

from server.kernel.db.session import Database
from server.kernel.events import (
    Event,
    EventSink,
    EventType,
    MemoryPublisher,
    P,
    Publisher,
    check_payload,
)
from server.kernel.principals import Principal, TokenCache
from server.kernel.settings import Settings

Clock = Callable[[], datetime]
T = TypeVar("T")


def system_clock() -> datetime:
    """Return the current aware UTC time."""
    return datetime.now(UTC)


@dataclass(frozen=True)
class Key(Generic[T]):
    """A typed name for something an area provides (like Home Assistant's ``HassKey``)."""

    name: str


class Provided:
    """What areas provide, each under its typed key (a voice service, a dispatcher, ...)."""

    def __init__(self) -> None:
        self._values: dict[Key[Any], Any] = {}

    def set(self, key: Key[T], value: T) -> None:
        """Provide a value under its key (once; providing twice is a wiring bug)."""
        if key in self._values:
            raise RuntimeError(f"{key.name} is already provided")
        self._values[key] = value

    def get(self, key: Key[T]) -> T:
        """Return the value under a key; raise a clear error if no area provided it."""
        try:
            return self._values[key]  # type: ignore[no-any-return]
        except KeyError:
            raise LookupError(f"nothing provides {key.name}: is its area wired?") from None

    def find(self, key: Key[T]) -> T | None:
        """Return the value under a key, or None when nothing provides it."""
        return self._values.get(key)


@dataclass(frozen=True)
class HealthProbe:
    """A named part of ``/healthz`` (voice, printers, ...) and how to read it."""

    name: str
    probe: Callable[[], dict[str, Any]]


Reaction = Callable[["Ctx", Any], None]
PayloadHook = Callable[[Any], None]
EventsHook = Callable[[list[Event]], None]


@dataclass
class Hooks:
    """What areas do around events; each registered through a typed method of Runtime."""

    # Inside the transaction, when an event is emitted (e.g. printing writes its job).
    reactions: dict[str, list[Reaction]] = field(default_factory=dict)
    # After the commit, before sending: may complete a payload (e.g. the call's voice clip).
    before_publish: dict[str, list[PayloadHook]] = field(default_factory=dict)
    # After sending (e.g. pre-render voice clips, wake the print dispatcher).
    after_publish: list[EventsHook] = field(default_factory=list)
    health: list[HealthProbe] = field(default_factory=list)


@dataclass
class Ctx:
    """What a use case may touch."""

    session: Session
    sink: EventSink
    clock: Clock
    settings: Settings
    hooks: Hooks = field(default_factory=Hooks)
    check_events: bool = False
    # Rows this unit of work reuses (the session's identity map only holds weak references).
    memo: dict[Any, Any] = field(default_factory=dict)
    # Answers areas leave for the adapter of this unit of work, under typed keys.
    answers: dict[Key[Any], Any] = field(default_factory=dict)
    # Who asked for this unit of work (the kiosk issuing a ticket, ...), when an adapter says.
    actor: Principal | None = None
    # The network address the request came from (for the audit log), when an adapter says.
    address: str = ""

    def find(self, model: type[T], key: object) -> T | None:
        """Return a row by primary key (None if absent), loaded once per unit of work."""
        memo_key = (model, key)
        if memo_key not in self.memo:
            self.memo[memo_key] = self.session.get(model, key)
        return self.memo[memo_key]  # type: ignore[no-any-return]  # rows of any model

    def get(self, model: type[T], key: object) -> T:
        """Return a row that must exist (a ticket's service, ...); a missing one is a bug."""
        row = self.find(model, key)
        if row is None:
            raise LookupError(f"{model.__name__} {key!r} does not exist")
        return row

    def emit(self, kind: EventType[P], center_id: int | None, data: P, *,
             room: str | None = None, namespaces: tuple[str, ...] | None = None) -> None:
        """Queue an event (it leaves only after the commit) and run its reactions now."""
        if self.check_events:
            check_payload(kind, data)
        self.sink.add(Event(type=kind.name, center_id=center_id, data=data, at=self.clock(),
                            room=room, namespaces=kind.namespaces if namespaces is None
                            else namespaces, urgent=kind.urgent))
        for reaction in self.hooks.reactions.get(kind.name, ()):
            reaction(self, data)

    def answer(self, key: Key[T], value: T) -> None:
        """Leave an answer for the adapter running this unit of work."""
        self.answers[key] = value

    def answered(self, key: Key[T]) -> T | None:
        """Return the answer left under a key in this unit of work, if any."""
        return self.answers.get(key)


@dataclass
class Runtime:
    """Database, publishers, clock, settings and what the areas wired into them."""

    db: Database
    settings: Settings
    publisher: Publisher = field(default_factory=MemoryPublisher)
    # Adapters add theirs (Socket.IO); `publisher` stays the test's or CLI's own.
    more_publishers: list[Publisher] = field(default_factory=list)
    clock: Clock = system_clock
    hooks: Hooks = field(default_factory=Hooks)
    provided: Provided = field(default_factory=Provided)
    # Resolved bearer tokens (see server/kernel/auth.py for how long one is trusted).
    tokens: TokenCache = field(default_factory=TokenCache)
    # Tests turn this on: every emitted payload is checked against its declaration.
    check_events: bool = False

    @contextlib.contextmanager
    def uow(self, write: bool = True, actor: Principal | None = None,
            address: str = "") -> Iterator[Ctx]:
        """Run a unit of work: commit, then publish its events; roll back on any error."""
        lock = self.db.write_lock() if write else contextlib.nullcontext()
        with lock, self.db.sessions() as session:
            ctx = Ctx(session, EventSink(), self.clock, self.settings, self.hooks,
                      self.check_events, actor=actor, address=address)
            try:
                yield ctx
                if write:
                    ctx.sink.number(session)
                    session.commit()
            except BaseException:
                session.rollback()
                raise
        events = ctx.sink.drain()
        if events:
            self._publish(events)

    def _publish(self, events: list[Event]) -> None:
        for event in events:
            for complete in self.hooks.before_publish.get(event.type, ()):
                complete(event.data)
        self.publisher.publish(events)
        for publisher in self.more_publishers:
            publisher.publish(events)
        for hook in self.hooks.after_publish:
            hook(events)

    def react(self, kind: EventType[P], reaction: Callable[[Ctx, P], None]) -> None:
        """Run `reaction(ctx, payload)` inside the transaction whenever `kind` is emitted."""
        self.hooks.reactions.setdefault(kind.name, []).append(reaction)

    def before_publish(self, kind: EventType[P], complete: Callable[[P], None]) -> None:
        """Let an area complete a payload of `kind` after the commit, before it is sent."""
        self.hooks.before_publish.setdefault(kind.name, []).append(complete)

    def after_publish(self, hook: EventsHook) -> None:
        """Run `hook(events)` after each unit of work's events are sent."""
        self.hooks.after_publish.append(hook)

    def add_health(self, name: str, probe: Callable[[], dict[str, Any]]) -> None:
        """Add a named part to /healthz."""
        self.hooks.health.append(HealthProbe(name, probe))
