"""What other areas may use of the queue (besides its events, models and rules)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from typing_extensions import TypedDict

from server.kernel.runtime import Ctx, Key
from server.queue.models import Counter, CounterService, Service, Ticket
from server.queue.rules.states import CounterStatus
from server.queue.usecases.demo import COUNTERS, SERVICES, center_exists, load_demo
from server.queue.usecases.lookup import get_service, get_ticket
from server.queue.usecases.queue_state import ticket_view
from server.queue.usecases.tickets import ticket_status
from server.queue.views import TicketView


class TicketPrint(TypedDict):
    """What the kiosk learns about the printing of the ticket it just issued."""

    print: dict[str, Any] | None
    printed: bool | None


# Left by printing in the unit of work that issues a ticket (see printing's reaction).
TICKET_PRINT: Key[TicketPrint] = Key("queue.ticket_print")


def open_counter_numbers(ctx: Ctx, service_id: int) -> list[int]:
    """Return the numbers of the open counters serving a service."""
    return list(ctx.session.scalars(
        select(Counter.number).join(CounterService, CounterService.counter_id == Counter.id)
        .where(CounterService.service_id == service_id, Counter.status == CounterStatus.OPEN)))


def view_of_ticket(ctx: Ctx, ticket: Ticket) -> TicketView:
    """Describe a ticket as its holder sees it (status, position, estimate)."""
    return ticket_view(ctx.session, ctx.settings, ticket, ctx.get(Service, ticket.service_id))


__all__ = ["COUNTERS", "SERVICES", "TICKET_PRINT", "TicketPrint", "TicketView", "center_exists",
           "get_service", "get_ticket", "load_demo", "open_counter_numbers", "ticket_status",
           "view_of_ticket"]
