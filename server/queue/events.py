"""Every event the server sends: one typed constant per name, rooms in one place."""

from __future__ import annotations

from typing import Final, TypedDict

# Ticket lifecycle (boards, counters, kiosks, trackers listen).
TICKET_ISSUED: Final = "ticket.issued"
TICKET_CALLED: Final = "ticket.called"
TICKET_RECALLED: Final = "ticket.recalled"
TICKET_STARTED: Final = "ticket.started"
TICKET_COMPLETED: Final = "ticket.completed"
TICKET_NO_SHOW: Final = "ticket.no_show"
TICKET_TRANSFERRED: Final = "ticket.transferred"
TICKET_HELD: Final = "ticket.held"
TICKET_RESUMED: Final = "ticket.resumed"
TICKET_CANCELLED: Final = "ticket.cancelled"
# What a public tracker sees of its own ticket (no other ticket, no personal data).
TICKET_CHANGED_PUBLIC: Final = "ticket.changed"
# Counters.
COUNTER_CHANGED: Final = "counter.changed"
# Queue totals (waiting per service), sent with every queue change.
QUEUE_CHANGED: Final = "queue.changed"
ANNOUNCEMENT: Final = "board.announcement"


class TicketCalledData(TypedDict):
    """Payload of ticket.called / ticket.recalled as boards see it (no personal data)."""

    ticket_id: int
    number: str
    service: str
    service_id: int
    counter: int
    counter_id: int
    counter_label: str
    calls: int
    audio_url: str | None


class QueueChangedData(TypedDict):
    """Waiting count per service code."""

    waiting: dict[str, int]


def ticket_room(tracking_code: str) -> str:
    """Room of a public tracker following one ticket or dossier."""
    return f"track:{tracking_code}"


