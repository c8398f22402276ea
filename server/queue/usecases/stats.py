"""Small live figures for one officer or counter (the panel's 'today' box)."""

from __future__ import annotations

from sqlalchemy import func, select

from server.kernel.models import Center
from server.kernel.runtime import Ctx
from server.queue.models import Ticket
from server.queue.rules.schedule import local_day
from server.queue.rules.states import TicketStatus
from server.queue.views import OfficerToday


def officer_today(ctx: Ctx, officer_id: int, center: Center) -> OfficerToday:
    """Return today's served, no-show counts and average service/wait time of an officer."""
    day = local_day(ctx.clock(), center.timezone)
    rows = dict(ctx.session.execute(
        select(Ticket.status, func.count())
        .where(Ticket.center_id == center.id, Ticket.day == day, Ticket.officer_id == officer_id,
               Ticket.status.in_((TicketStatus.DONE, TicketStatus.NO_SHOW)))
        .group_by(Ticket.status)).all())
    avg_service, avg_wait = ctx.session.execute(
        select(func.avg(Ticket.service_s), func.avg(Ticket.wait_s))
        .where(Ticket.center_id == center.id, Ticket.day == day, Ticket.officer_id == officer_id,
               Ticket.status == TicketStatus.DONE)).one()
    return {
        "day": day.isoformat(),
        "served": rows.get(TicketStatus.DONE, 0),
        "no_show": rows.get(TicketStatus.NO_SHOW, 0),
        "avg_service_s": round(avg_service) if avg_service is not None else None,
        "avg_wait_s": round(avg_wait) if avg_wait is not None else None,
    }
