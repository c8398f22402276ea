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
# Printing and dossiers (later issues plug in here).
PRINT_JOB: Final = "print.job"
PRINTER_ALERT: Final = "printer.alert"
# A print job's outcome, to its kiosk's room (the kiosk shows "printed" or "take a photo").
PRINT_JOB_CHANGED: Final = "print.job.changed"
# Internal, sent to no namespace: wakes the server's print dispatcher after the commit.
PRINT_QUEUED: Final = "print.queued"
# What a kiosk's print agent sends on /kiosk (acknowledged with {ok, ...}).
PRINT_HELLO: Final = "print.hello"
PRINT_ACK: Final = "print.ack"
PRINTER_STATUS: Final = "printer.status"
DOSSIER_CHANGED: Final = "dossier.changed"
DOSSIER_ALERT: Final = "dossier.alert"
ANNOUNCEMENT: Final = "board.announcement"

# The name clients receive for a full state; data carries `seq` it reflects.
SNAPSHOT: Final = "snapshot"


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


class PrintJobData(TypedDict):
    """Payload of print.job: what a print agent renders and prints, then acknowledges."""

    job_id: int
    key: str  # unique forever: the agent's journal of printed jobs keeps keys
    kind: str  # ticket | receipt | test
    slip: dict
    paper: int  # 58 | 80
    attempt: int


class PrinterAlertData(TypedDict):
    """Payload of printer.alert (center room): a printer problem, its end, or a lost job."""

    device_id: int
    device: str
    status: str
    previous: str | None
    level: str  # error | warning | ok
    photo: bool  # the kiosk should suggest a photo of the on-screen ticket
    message_vi: str
    message_en: str
    job: dict | None


class Envelope(TypedDict):
    """What goes on the wire for every event."""

    type: str
    seq: int
    at: str
    data: dict


def center_room(center_id: int) -> str:
    """Room of every screen of a center (boards, counters, kiosks)."""
    return f"center:{center_id}"


def ticket_room(tracking_code: str) -> str:
    """Room of a public tracker following one ticket or dossier."""
    return f"track:{tracking_code}"


def dossier_room(code: str) -> str:
    """Room of a public tracker following one dossier (joined with code + secret)."""
    return f"track:dossier:{code}"


def device_room(device_id: int) -> str:
    """Room of one device (a kiosk's print agent)."""
    return f"device:{device_id}"


def staff_room(staff_id: int) -> str:
    """Room of one officer's panels (dossier alerts)."""
    return f"staff:{staff_id}"
