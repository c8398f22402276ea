"""Fetch rows by their public keys or fail with a stable not-found error."""

from __future__ import annotations

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from server.kernel.errors import not_found
from server.queue.models import Counter, Service, Ticket

_SERVICE_BY_CODE = select(Service).where(Service.center_id == bindparam("center_id"),
                                         Service.code == bindparam("code"))


def get_service(session: Session, center_id: int, code: str) -> Service:
    """Return an active service of a center by its code."""
    service = session.scalars(_SERVICE_BY_CODE, {"center_id": center_id, "code": code}).first()
    if service is None or not service.active:
        raise not_found("service", "dịch vụ", code)
    return service


def get_counter(session: Session, counter_id: int, center_id: int | None = None) -> Counter:
    """Return a counter by id (restricted to a center when given)."""
    counter = session.get(Counter, counter_id)
    if counter is None or (center_id is not None and counter.center_id != center_id):
        raise not_found("counter", "quầy", counter_id)
    return counter


def get_ticket(session: Session, tracking_code: str) -> Ticket:
    """Return a ticket by its public tracking code."""
    ticket = session.scalar(select(Ticket).where(Ticket.tracking_code == tracking_code))
    if ticket is None:
        raise not_found("ticket", "số thứ tự", tracking_code)
    return ticket


_SERVICE_CODES = select(Service.id, Service.code).where(
    Service.center_id == bindparam("center_id"), Service.active)


def service_codes(session: Session, center_id: int) -> dict[int, str]:
    """Map service id to code for a center's active services (labels events cheaply)."""
    return dict(session.execute(_SERVICE_CODES, {"center_id": center_id}).all())
