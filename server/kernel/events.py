"""Collect events during a unit of work; number them in it; publish after commit."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Final, Protocol, TypedDict

from sqlalchemy import bindparam, update
from sqlalchemy.orm import Session

from server.kernel.models import Center


@dataclass
class Event:
    """An event bound for a room, numbered with its center's sequence."""

    type: str
    center_id: int | None
    data: dict
    at: datetime
    room: str | None = None  # default: the center's room
    namespaces: tuple[str, ...] = ("/board", "/counter", "/kiosk")
    seq: int = 0

    def envelope(self) -> dict:
        """Return the wire form {type, seq, at, data}."""
        return {"type": self.type, "seq": self.seq, "at": self.at.isoformat(), "data": self.data}


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


_CENTERS = Center.__table__
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


# The name clients receive for a full state; data carries `seq` it reflects.
SNAPSHOT: Final = "snapshot"


class Envelope(TypedDict):
    """What goes on the wire for every event."""

    type: str
    seq: int
    at: str
    data: dict


def center_room(center_id: int) -> str:
    """Room of every screen of a center (boards, counters, kiosks)."""
    return f"center:{center_id}"


def device_room(device_id: int) -> str:
    """Room of one device (a kiosk's print agent)."""
    return f"device:{device_id}"


def staff_room(staff_id: int) -> str:
    """Room of one officer's panels (dossier alerts)."""
    return f"staff:{staff_id}"
