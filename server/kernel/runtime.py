"""The unit of work every use case runs in: session, event sink, clock and settings."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy.orm import Session

from server.kernel.db.session import Database
from server.kernel.events import Event, EventSink, MemoryPublisher, Publisher
from server.kernel.settings import Settings

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """Return the current aware UTC time."""
    return datetime.now(UTC)


@dataclass
class Ctx:
    """What a use case may touch."""

    session: Session
    sink: EventSink
    clock: Clock
    settings: Settings
    # Rows this unit of work reuses (the session's identity map only holds weak references).
    memo: dict = field(default_factory=dict)

    def get(self, model, key):
        """Return a row by primary key, loaded at most once in this unit of work."""
        row = self.memo.get((model, key))
        if row is None:
            row = self.session.get(model, key)
            self.memo[(model, key)] = row
        return row

    def emit(self, type_: str, center_id: int | None, data: dict, **kw) -> None:
        """Queue an event; it leaves only after the commit."""
        self.sink.add(Event(type=type_, center_id=center_id, data=data, at=self.clock(), **kw))


@dataclass
class Runtime:
    """Database, publisher, clock and settings of one running server (or test)."""

    db: Database
    settings: Settings
    publisher: Publisher = field(default_factory=MemoryPublisher)
    # Adapters add theirs (Socket.IO); `publisher` stays the test's or CLI's own.
    more_publishers: list[Publisher] = field(default_factory=list)
    clock: Clock = system_clock
    hooks: dict[str, list[Callable]] = field(default_factory=dict)
    # Small per-process caches (token -> principal, ...): each owner documents its expiry.
    cache: dict = field(default_factory=dict)

    @contextlib.contextmanager
    def uow(self, write: bool = True) -> Iterator[Ctx]:
        """Run a unit of work: commit, then publish its events; roll back on any error."""
        lock = self.db.write_lock() if write else contextlib.nullcontext()
        with lock, self.db.sessions() as session:
            ctx = Ctx(session, EventSink(), self.clock, self.settings)
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
            for hook in self.hooks.get("before_publish", []):
                hook(events)  # e.g. attach the voice clip's URL to ticket.called
            self.publisher.publish(events)
            for publisher in self.more_publishers:
                publisher.publish(events)
            for hook in self.hooks.get("after_commit", []):
                hook(events)

    def on(self, name: str, hook: Callable) -> None:
        """Register a hook (e.g. after_commit for the voice pre-renderer)."""
        self.hooks.setdefault(name, []).append(hook)
