"""Waiting, walk and service times derived from a ticket's log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class LogEntry:
    """One row of the ticket log, as the derivation needs it."""

    action: str
    to_status: str
    at: datetime


@dataclass(frozen=True)
class TicketTimes:
    """Seconds, None when the phase never happened."""

    wait_s: float | None
    walk_s: float | None
    service_s: float | None


def derive_times(issued_at: datetime, log: list[LogEntry]) -> TicketTimes:
    """Derive the times from the log.

    wait = first call - issue; walk = first service start - the call before it;
    service = the sum of every serving segment (transfers and holds split it;
    a ticket completed without a start counts from its last call).
    """
    entries = sorted(log, key=lambda e: e.at)
    first_call = next((e.at for e in entries if e.action == "call"), None)
    wait = (first_call - issued_at).total_seconds() if first_call else None
    walk = None
    service = 0.0
    served = False
    last_call: datetime | None = None
    segment_start: datetime | None = None
    for e in entries:
        if e.action in ("call", "recall"):
            last_call = e.at
        if e.to_status == "serving":
            if walk is None and last_call is not None and e.action == "start":
                walk = (e.at - last_call).total_seconds()
            segment_start = e.at
        elif segment_start is not None:
            service += (e.at - segment_start).total_seconds()
            served = True
            segment_start = None
        elif e.action == "complete" and last_call is not None:
            service += (e.at - last_call).total_seconds()
            served = True
    return TicketTimes(wait, walk, service if served else None)
