"""How printing plugs into the runtime: a job in the transaction of each kiosk ticket."""

from __future__ import annotations

from server.kernel.runtime import Key, Runtime
from server.printing.usecases.dispatch import Dispatcher
from server.printing.usecases.jobs import on_ticket_issued
from server.queue.events import TICKET_ISSUED

DISPATCHER: Key[Dispatcher] = Key("printing.dispatcher")


def wire(runtime: Runtime) -> None:
    """Print kiosk tickets (its job outbox is written with the ticket); one dispatcher."""
    runtime.react(TICKET_ISSUED, on_ticket_issued)
    runtime.provided.set(DISPATCHER, Dispatcher(runtime))
