"""Read side of the queue: waiting counts, people ahead, estimates, ticket views."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import and_, bindparam, func, or_, select
from sqlalchemy.orm import Session

from server.kernel.settings import Settings
from server.queue.models import Counter, CounterService, Service, Ticket
from server.queue.rules.estimate import average_service_s, estimated_wait_s
from server.queue.rules.schedule import is_open, local_day
from server.queue.rules.states import CounterStatus, TicketStatus
from server.queue.settings import queue_settings
from server.queue.views import ServiceView, TicketView

# Hot-path statements are built once: building a select() costs more than running it.
_WAITING = (
    select(Ticket.service_id, func.count())
    .where(Ticket.center_id == bindparam("center_id"), Ticket.status == TicketStatus.WAITING)
    .group_by(Ticket.service_id)
)
_OPEN_COUNTERS = (
    select(func.count())
    .select_from(Counter)
    .join(CounterService, CounterService.counter_id == Counter.id)
    .where(CounterService.service_id == bindparam("service_id"),
           Counter.status == CounterStatus.OPEN)
)
_RECENT = (
    select(Ticket.service_s)
    .where(Ticket.service_id == bindparam("service_id"), Ticket.status == TicketStatus.DONE,
           Ticket.service_s.is_not(None))
    .order_by(Ticket.ended_at.desc())
    .limit(bindparam("window"))
)


def waiting_counts(session: Session, center_id: int) -> dict[int, int]:
    """Return waiting tickets per service id."""
    return {sid: n for sid, n in session.execute(_WAITING, {"center_id": center_id})}


_CODES = select(Service.id, Service.code).where(Service.center_id == bindparam("center_id"),
                                                Service.active)


def waiting_by_code(session: Session, center_id: int) -> dict[str, int]:
    """Return waiting tickets per active service code (zeros included)."""
    counts = waiting_counts(session, center_id)
    return {code: counts.get(sid, 0)
            for sid, code in session.execute(_CODES, {"center_id": center_id})}


def open_counters_for(session: Session, service_id: int) -> int:
    """Count open counters that serve a service."""
    return session.execute(_OPEN_COUNTERS, {"service_id": service_id}).scalar() or 0


def recent_service_s(session: Session, service_id: int, window: int) -> list[float]:
    """Return the service times of the last `window` tickets done for a service."""
    rows = session.execute(_RECENT, {"service_id": service_id, "window": window}).scalars()
    return [s for s in rows if s is not None]  # the query already skips NULL times


def people_ahead(session: Session, ticket: Ticket) -> int:
    """Count waiting tickets of the same service that the policy would call first."""
    earlier = and_(Ticket.issued_at < ticket.issued_at)
    if ticket.priority:
        ahead = and_(Ticket.priority.is_not(None), earlier)
    else:
        ahead = or_(Ticket.priority.is_not(None), earlier)
    return session.scalar(
        select(func.count()).select_from(Ticket).where(
            Ticket.service_id == ticket.service_id,
            Ticket.status == TicketStatus.WAITING,
            Ticket.id != ticket.id,
            ahead,
        )
    ) or 0


def estimate_for(session: Session, settings: Settings, service_id: int, ahead: int) -> int | None:
    """Estimate seconds of wait for someone with `ahead` people before them."""
    options = queue_settings(settings)
    avg = average_service_s(
        recent_service_s(session, service_id, options.estimate_window),
        options.default_service_s,
    )
    return estimated_wait_s(ahead, avg, open_counters_for(session, service_id))


def issued_today(session: Session, service: Service, now: datetime, tz: str) -> int:
    """Count tickets issued today for a service (for the daily cap display)."""
    return session.scalar(
        select(func.count()).select_from(Ticket).where(
            Ticket.origin_service_id == service.id, Ticket.day == local_day(now, tz)
        )
    ) or 0


def service_view(session: Session, settings: Settings, service: Service, waiting: int,
                 now: datetime, tz: str) -> ServiceView:
    """Describe a service for the kiosk and the public API."""
    cap_reached = bool(service.daily_cap) and issued_today(session, service, now, tz) >= (
        service.daily_cap or 0
    )
    return {
        "code": service.code,
        "name": service.name_vi,
        "name_vi": service.name_vi,
        "name_en": service.name_en,
        "prefix": service.prefix,
        "level": service.level,
        "icon": service.icon,
        "open": is_open(service.hours, now, tz) and not cap_reached,
        "in_hours": is_open(service.hours, now, tz),
        "cap_reached": cap_reached,
        "daily_cap": service.daily_cap,
        "waiting": waiting,
        "estimated_wait_s": estimate_for(session, settings, service.id, waiting),
    }


def ticket_view(session: Session, settings: Settings, ticket: Ticket, service: Service,
                counter: Counter | None = None, ahead: int | None = None) -> TicketView:
    """Describe a ticket with no personal data (public API, kiosk screen, tracker)."""
    waiting = ticket.status == TicketStatus.WAITING
    if ahead is None:
        ahead = people_ahead(session, ticket) if waiting else 0
    if counter is None and ticket.counter_id is not None:
        counter = session.get(Counter, ticket.counter_id)
    return {
        "number": ticket.number,
        "service": service.code,
        "service_name": service.name_vi,
        "service_name_en": service.name_en,
        "status": ticket.status,
        "priority": ticket.priority,
        "issued_at": ticket.issued_at.isoformat(),
        "waiting_ahead": ahead,
        "position": ahead + 1 if waiting else None,
        "estimated_wait_s": estimate_for(session, settings, service.id, ahead) if waiting else 0,
        "tracking_code": ticket.tracking_code,
        "tracking_url": f"{settings.public_url.rstrip('/')}/track/t/{ticket.tracking_code}",
        "counter": counter.number if counter and ticket.status != TicketStatus.WAITING else None,
        "counter_label": counter.label if counter and ticket.status != TicketStatus.WAITING
        else None,
        "calls": ticket.calls,
    }
