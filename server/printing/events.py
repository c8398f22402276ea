"""Events of the printing area: jobs for print agents, job outcomes, printer alerts."""

from __future__ import annotations

from typing import Final, TypedDict

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
