"""Events: declared once with their payload type, numbered in the transaction, sent after it.

An area declares each event it sends as an ``EventType`` constant (its wire name and the
``TypedDict`` of its payload) in its own ``events.py``. ``Ctx.emit`` takes that constant and a
payload the type checker holds to the declaration; tests also check every payload at run
time (``check_payload``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Final, Generic, Protocol, TypedDict, TypeVar, get_args, get_type_hints

from pydantic import ConfigDict, TypeAdapter, ValidationError
from sqlalchemy import bindparam, update
from sqlalchemy.orm import Session
from typing_extensions import is_typeddict

from server.kernel.models import Center

# Where a center-room event goes unless its declaration says otherwise.
LOBBY: Final = ("/board", "/counter", "/kiosk")

P = TypeVar("P", bound=Mapping[str, Any])


@dataclass(frozen=True)
class EventType(Generic[P]):
    """One kind of event: its wire name, its payload's declaration, its default namespaces."""

    name: str
    payload: type[P]
    namespaces: tuple[str, ...] = LOBBY
    # Sent at once, before the rest of its unit of work's events (a call on the boards).
    urgent: bool = False

    def __post_init__(self) -> None:
        _close_shape(self.payload, set())

    def __str__(self) -> str:
        return self.name


@dataclass
class Event:
    """An event bound for a room, numbered with its center's sequence."""

    type: str
    center_id: int | None
    data: Any  # the payload declared by its EventType (a TypedDict, a plain dict at run time)
    at: datetime
    room: str | None = None  # default: the center's room
    namespaces: tuple[str, ...] = LOBBY
    seq: int = 0
    urgent: bool = False

    def envelope(self) -> Envelope:
        """Return the wire form {type, seq, at, data}."""
        return {"type": self.type, "seq": self.seq, "at": self.at.isoformat(), "data": self.data}

    def is_a(self, kind: EventType[Any]) -> bool:
        """Tell whether this event is of the given declared kind."""
        return self.type == kind.name


class Publisher(Protocol):
    """Sends committed events to clients (Socket.IO, Redis, a test list)."""

    def publish(self, events: list[Event]) -> None:
        """Deliver events in order."""


class MemoryPublisher:
    """Keeps published events in a list: for tests and CLI runs."""

    def __init__(self) -> None:
        self.events: list[Event] = []

    def publish(self, events: list[Event]) -> None:
        """Append events."""
        self.events.extend(events)


_CENTERS: Any = Center.__table__
_BUMP = (
    update(_CENTERS)
    .where(_CENTERS.c.id == bindparam("center_id"))
    .values(event_seq=_CENTERS.c.event_seq + bindparam("n"))
    .returning(_CENTERS.c.event_seq)
)


@dataclass
class EventSink:
    """Events of one unit of work; nothing leaves before the commit succeeds."""

    pending: list[Event] = field(default_factory=list)

    def add(self, event: Event) -> None:
        """Queue an event for after the commit."""
        self.pending.append(event)

    def number(self, session: Session) -> None:
        """Give each center event the next seq, inside the transaction (so seq follows commits)."""
        per_center: dict[int, list[Event]] = {}
        for ev in self.pending:
            # Only the center room's stream is numbered: a tracker or one officer's room
            # gets other events, and numbering those would open gaps on the boards.
            if ev.center_id is not None and ev.room is None:
                per_center.setdefault(ev.center_id, []).append(ev)
        for center_id, events in sorted(per_center.items()):
            last = session.execute(_BUMP, {"center_id": center_id, "n": len(events)}).scalar_one()
            for offset, ev in enumerate(events):
                ev.seq = last - len(events) + 1 + offset

    def drain(self) -> list[Event]:
        """Hand over the numbered events and forget them."""
        events, self.pending = self.pending, []
        return events


class PayloadError(TypeError):
    """An emitted payload does not match its event's declaration (a bug, caught in tests)."""


_CHECKERS: dict[type, Any] = {}


def _close_shape(declared: Any, seen: set[int]) -> None:
    """Mark a payload's TypedDicts (nested ones too) as closed: a key nobody declared is an error.

    Done once, when the event is declared, so the shape is the same for the payload check in
    tests and for the API document that reuses these TypedDicts.
    """
    if is_typeddict(declared):
        if id(declared) in seen:
            return
        seen.add(id(declared))
        declared.__pydantic_config__ = ConfigDict(extra="forbid")
        for hint in get_type_hints(declared, include_extras=True).values():
            _close_shape(hint, seen)
        return
    for arg in get_args(declared):
        _close_shape(arg, seen)


def check_payload(kind: EventType[Any], data: object) -> None:
    """Validate a payload against its declaration: keys, no extra keys, value types."""
    checker = _CHECKERS.get(kind.payload)
    if checker is None:
        checker = _CHECKERS[kind.payload] = TypeAdapter(kind.payload)
    try:
        checker.validate_python(data)
    except ValidationError as exc:
        raise PayloadError(f"{kind.name}: payload does not match its declaration: {exc}") from exc


# The name clients receive for a full state; data carries `seq` it reflects.
SNAPSHOT: Final = "snapshot"


class Envelope(TypedDict):
    """What goes on the wire for every event."""

    type: str
    seq: int
    at: str
    data: Any


def center_room(center_id: int) -> str:
    """Room of every screen of a center (boards, counters, kiosks)."""
    return f"center:{center_id}"


def device_room(device_id: int) -> str:
    """Room of one device (a kiosk's print agent)."""
    return f"device:{device_id}"


def staff_room(staff_id: int) -> str:
    """Room of one officer's panels (dossier alerts)."""
    return f"staff:{staff_id}"
