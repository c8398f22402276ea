"""How the queue plugs into the runtime: the ticket tracker of /track."""

from __future__ import annotations

from functools import partial
from typing import Any

from server.kernel.realtime import TRACKERS
from server.kernel.runtime import Runtime
from server.queue.events import ticket_room
from server.queue.usecases import tickets


def track_ticket(runtime: Runtime, given: dict[str, Any],
                 _remote: str | None) -> tuple[str, dict[str, Any]]:
    """Follow one ticket on /track: its room and its current status (no personal data)."""
    with runtime.uow(write=False) as ctx:
        status = tickets.ticket_status(ctx, str(given.get("ticket") or ""))
    return ticket_room(status["tracking_code"]), {"ticket": status}


def wire(runtime: Runtime) -> None:
    """Let citizens follow a ticket on /track."""
    runtime.provided.get(TRACKERS).add("ticket", partial(track_ticket, runtime), default=True)
