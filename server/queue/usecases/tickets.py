"""Issue tickets and describe them: the kiosk's use cases."""

from __future__ import annotations

import secrets

from sqlalchemy import Table, select

from server.kernel.db.base import Base
from server.kernel.errors import DomainError
from server.kernel.models import Center
from server.kernel.numbering import next_in_sequence
from server.kernel.runtime import Ctx
from server.queue import events as ev
from server.queue.models import Service, Ticket, TicketEvent
from server.queue.rules.schedule import is_open, local_day
from server.queue.rules.states import Action, TicketStatus, format_number, parse_priority
from server.queue.usecases import lookup, queue_state
from server.queue.views import ServiceView, TicketView

# No 0/O/1/I/L: tracking codes are read aloud and typed from paper.
_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_tracking_code() -> str:
    """Return an unguessable 10-character public code for a ticket."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(10))


def _table(model: type[Base]) -> Table:
    """Return a model's Table (declarative classes type ``__table__`` as any FromClause)."""
    table = model.__table__
    if not isinstance(table, Table):
        raise TypeError(f"{model.__name__} is not mapped to a single table")
    return table


_INSERT_TICKET = _table(Ticket).insert().returning(_table(Ticket).c.id)
_INSERT_EVENT = _table(TicketEvent).insert()


def log_ticket(ctx: Ctx, ticket: Ticket, action: Action, from_status: str | None,
               counter_id: int | None = None, officer_id: int | None = None,
               note: str | None = None) -> None:
    """Append one row to the ticket log for a state change (a Core insert: no ORM flush)."""
    ctx.session.execute(_INSERT_EVENT, dict(
        ticket_id=ticket.id, center_id=ticket.center_id, action=action, from_status=from_status,
        to_status=ticket.status, service_id=ticket.service_id, counter_id=counter_id,
        officer_id=officer_id, at=ctx.clock(), note=note))


def queue_event(ctx: Ctx, center_id: int) -> dict[str, int]:
    """Queue the waiting counts per service, so every screen's totals stay exact."""
    waiting = queue_state.waiting_by_code(ctx.session, center_id)
    ctx.emit(ev.QUEUE_CHANGED, center_id, ev.QueueChangedData(waiting=waiting))
    return waiting


def issue_ticket(ctx: Ctx, center: Center, service_code: str, priority: object = None,
                 device_id: int | None = None) -> TicketView:
    """Issue the next number of a service for today, enforcing hours and the daily cap."""
    category = parse_priority(priority)
    service = lookup.get_service(ctx.session, center.id, service_code)
    now = ctx.clock()
    if not is_open(service.hours, now, center.timezone):
        raise DomainError("service.closed", f"Dịch vụ '{service.name_vi}' hiện ngoài giờ làm việc",
                          f"Service '{service.name_en}' is closed now", 409)
    day = local_day(now, center.timezone)
    seq = next_in_sequence(ctx.session, f"ticket:{service.id}", day)
    if service.daily_cap and seq > service.daily_cap:
        # Raising rolls the transaction back, so the number is not consumed.
        raise DomainError("service.daily_cap_reached",
                          f"Dịch vụ '{service.name_vi}' đã hết số trong ngày",
                          f"Service '{service.name_en}' has reached its daily cap", 409)
    values = dict(
        center_id=center.id, service_id=service.id, origin_service_id=service.id, day=day,
        seq=seq, number=format_number(service.prefix, seq),
        priority=category.value if category else None, status=TicketStatus.WAITING,
        tracking_code=new_tracking_code(), issued_at=now, device_id=device_id, calls=0,
        transfers=0,
    )
    # The kiosk's hot path: Core inserts skip the ORM unit of work (several times faster).
    ticket = Ticket(**values)
    ticket.id = ctx.session.execute(_INSERT_TICKET, values).scalar_one()
    ctx.session.execute(_INSERT_EVENT, dict(
        ticket_id=ticket.id, center_id=center.id, action=Action.ISSUE, from_status=None,
        to_status=TicketStatus.WAITING, service_id=service.id, counter_id=None, officer_id=None,
        at=now, note=None))
    ctx.emit(ev.TICKET_ISSUED, center.id, ev.TicketIssuedData(
        ticket_id=ticket.id, number=ticket.number, service=service.code,
        service_id=service.id, priority=ticket.priority, device_id=device_id,
    ))
    waiting = queue_event(ctx, center.id)
    # The newest ticket is last in its class: a normal one has everybody waiting ahead.
    ahead = None if ticket.priority else waiting.get(service.code, 1) - 1
    return queue_state.ticket_view(ctx.session, ctx.settings, ticket, service, ahead=ahead)


def ticket_status(ctx: Ctx, tracking_code: str) -> TicketView:
    """Describe a ticket for its holder: status, position, estimate, counter."""
    ticket = lookup.get_ticket(ctx.session, tracking_code)
    service = ctx.get(Service, ticket.service_id)
    return queue_state.ticket_view(ctx.session, ctx.settings, ticket, service)


def list_services(ctx: Ctx, center: Center) -> list[ServiceView]:
    """List a center's active services with open state, waiting and estimated wait."""
    services = ctx.session.scalars(
        select(Service).where(Service.center_id == center.id, Service.active)
        .order_by(Service.position, Service.code)
    ).all()
    counts = queue_state.waiting_counts(ctx.session, center.id)
    now = ctx.clock()
    return [queue_state.service_view(ctx.session, ctx.settings, s, counts.get(s.id, 0), now,
                                     center.timezone) for s in services]
