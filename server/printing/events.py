"""Events of printing: jobs for print agents, job outcomes, printer alerts; agent commands."""

from __future__ import annotations

from typing import Any, Final

from typing_extensions import TypedDict

from server.kernel.events import EventType


class PrintJobData(TypedDict):
    """print.job: what a print agent renders and prints, then acknowledges."""

    job_id: int
    key: str  # unique forever: the agent's journal of printed jobs keeps keys
    kind: str  # ticket | receipt | test
    slip: dict[str, Any]
    paper: int  # 58 | 80
    attempt: int


class PrintQueuedData(TypedDict):
    """print.queued: a server-mode job is waiting for the dispatcher."""

    job_id: int


class AlertJob(TypedDict):
    """The job a printer alert is about (a ticket that will not print)."""

    job_id: int
    state: str
    error: str | None
    number: str | None
    tracking_code: str | None


class PrinterAlertData(TypedDict):
    """printer.alert (center room): a printer problem, its end, or a lost job."""

    device_id: int
    device: str
    status: str
    previous: str | None
    level: str  # error | warning | ok
    photo: bool  # the kiosk should suggest a photo of the on-screen ticket
    message_vi: str
    message_en: str
    job: AlertJob | None


class PrintJobChangedData(TypedDict):
    """print.job.changed: a job's outcome, to its kiosk (printed, or take a photo)."""

    job_id: int
    state: str
    kind: str
    error: str | None
    attempts: int
    tracking_code: str | None


PRINT_JOB: Final = EventType("print.job", PrintJobData, ("/kiosk",))
PRINTER_ALERT: Final = EventType("printer.alert", PrinterAlertData)
PRINT_JOB_CHANGED: Final = EventType("print.job.changed", PrintJobChangedData, ("/kiosk",))
# Internal, sent to no namespace: wakes the server's print dispatcher after the commit.
PRINT_QUEUED: Final = EventType("print.queued", PrintQueuedData, ())

# What a kiosk's print agent sends on /kiosk (acknowledged with {ok, ...}).
PRINT_HELLO: Final = "print.hello"
PRINT_ACK: Final = "print.ack"
PRINTER_STATUS: Final = "printer.status"
