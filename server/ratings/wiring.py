"""How ratings plug into the runtime: a completed visit goes to its counter's rating screen."""

from __future__ import annotations

from server.kernel.runtime import Runtime
from server.queue.events import TICKET_CALLED, TICKET_COMPLETED
from server.ratings.usecases.ask import on_ticket_called, on_ticket_completed


def wire(runtime: Runtime) -> None:
    """Ask for a rating in the transaction that completes the ticket (Complete, or Call next)."""
    runtime.react(TICKET_COMPLETED, on_ticket_completed)
    runtime.react(TICKET_CALLED, on_ticket_called)
