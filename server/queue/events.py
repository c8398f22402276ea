"""Events of the queue: each declared once with its payload (boards, counters, kiosks, trackers).

No payload carries personal data: boards and trackers are public screens.
"""

from __future__ import annotations

from typing import Final, NotRequired

from typing_extensions import TypedDict

from server.kernel.events import EventType


class CurrentTicket(TypedDict):
    """The ticket called to or served at a counter."""

    ticket_id: int
    number: str
    status: str
    service: str | None
    tracking_code: str
    called_at: str | None
    calls: int


class CounterView(TypedDict):
    """A counter as panels and boards see it."""

    id: int
    number: int
    label: str
    status: str
    pause_reason: str | None
    officer_id: int | None
    services: list[str]
    current: CurrentTicket | None
    held: list[str]


class TicketData(TypedDict):
    """A ticket acted on at a counter (started, completed, no-show, held, ...)."""

    ticket_id: int
    number: str
    service: str
    service_id: int
    service_name: str
    service_name_en: str
    counter: int
    counter_id: int
    counter_label: str
    status: str
    calls: int
    audio_url: str | None


class CompletedTicket(TypedDict):
    """The ticket a call completed on its way (folded into the call's message)."""

    ticket_id: int
    number: str


class TicketCalledData(TicketData):
    """ticket.called / ticket.recalled: one lobby message carrying the counter and the totals."""

    counter_state: CounterView
    waiting: dict[str, int]
    completed: NotRequired[CompletedTicket]
    # Added after the commit by the voice area (see server/voice/wiring.py).
    announcement: NotRequired[str]


class TicketIssuedData(TypedDict):
    """A new number at a kiosk (the kiosk's device id lets printing find its printer)."""

    ticket_id: int
    number: str
    service: str
    service_id: int
    priority: str | None
    device_id: int | None


class TicketChangedData(TypedDict):
    """What a public tracker sees of its own ticket."""

    tracking_code: str
    status: str
    counter: int | None


class QueueChangedData(TypedDict):
    """Waiting count per service code."""

    waiting: dict[str, int]


class AnnouncementData(TypedDict, total=False):
    """The boards' ticker; empty when cleared."""

    text_vi: str
    text_en: str
    until: str | None


TICKET_ISSUED: Final = EventType("ticket.issued", TicketIssuedData)
TICKET_CALLED: Final = EventType("ticket.called", TicketCalledData, urgent=True)
TICKET_RECALLED: Final = EventType("ticket.recalled", TicketCalledData, urgent=True)
TICKET_STARTED: Final = EventType("ticket.started", TicketData)
TICKET_COMPLETED: Final = EventType("ticket.completed", TicketData)
TICKET_NO_SHOW: Final = EventType("ticket.no_show", TicketData)
TICKET_TRANSFERRED: Final = EventType("ticket.transferred", TicketData)
TICKET_HELD: Final = EventType("ticket.held", TicketData)
TICKET_RESUMED: Final = EventType("ticket.resumed", TicketData)
TICKET_CANCELLED: Final = EventType("ticket.cancelled", TicketData)
# What a public tracker sees of its own ticket (no other ticket, no personal data).
TICKET_CHANGED_PUBLIC: Final = EventType("ticket.changed", TicketChangedData, ("/track",))
COUNTER_CHANGED: Final = EventType("counter.changed", CounterView)
# Queue totals (waiting per service), sent with every queue change.
QUEUE_CHANGED: Final = EventType("queue.changed", QueueChangedData)
ANNOUNCEMENT: Final = EventType("board.announcement", AnnouncementData)

CALLS: Final = (TICKET_CALLED, TICKET_RECALLED)


def ticket_room(tracking_code: str) -> str:
    """Room of a public tracker following one ticket (and the dossiers of its visit)."""
    return f"track:{tracking_code}"
