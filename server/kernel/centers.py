"""Find a center by code (or the only one)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from server.kernel.errors import DomainError, not_found
from server.kernel.models import Center


def get_center(session: Session, code: str | None = None) -> Center:
    """Return the center by code, or the only center when code is None."""
    if code:
        center = session.scalar(select(Center).where(Center.code == code))
        if center is None:
            raise not_found("center", "trung tâm", code)
        return center
    centers = session.scalars(select(Center).limit(2)).all()
    if len(centers) != 1:
        raise DomainError("center.ambiguous", "Cần chỉ rõ mã trung tâm",
                          "Several or no centers: give the center code", 400)
    return centers[0]



def center_of(session: Session, center_id: int | None) -> Center:
    """Return a center by id, or the only one when None (an administrator of one center)."""
    if center_id is not None:
        center = session.get(Center, center_id)
        if center is None:
            raise DomainError("center.not_found", "Không tìm thấy trung tâm", "Unknown center", 404)
        return center
    return get_center(session)
