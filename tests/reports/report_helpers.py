"""Helpers of the report tests: dossiers and tickets made through the service layer."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from server.dossiers.usecases import catalogue, intake, lifecycle
from server.kernel.models import Center, Staff

VN = ZoneInfo("Asia/Ho_Chi_Minh")
APPLICANT = {"name": "Giàng Thị Mỷ", "phone": "0912345678", "id_number": "001234567890",
             "consent": True}


def vn(y, m, d, hh=0, mm=0, ss=0) -> datetime:
    """Return a local Vietnamese instant as aware UTC."""
    return datetime(y, m, d, hh, mm, ss, tzinfo=VN).astimezone(UTC)


def staff(ctx, username: str = "officer1") -> Staff:
    return ctx.session.scalar(select(Staff).where(Staff.username == username))


def center(ctx) -> Center:
    return ctx.session.scalar(select(Center))


def load_catalogue(runtime) -> None:
    with runtime.uow() as ctx:
        catalogue.load_demo_catalogue(ctx, center(ctx))


def file_dossier(ctx, procedure: str, channel: str = "in_person", status: int | None = None,
                 note: str | None = None) -> dict:
    """Intake through the service layer (online submissions start as status 1)."""
    body = {"procedure": procedure, "channel": channel, "applicant": dict(APPLICANT),
            "status_code": status or (1 if channel == "online" else 2)}
    if note:
        body["note"] = note
    return intake.intake(ctx, center(ctx), staff(ctx), body)


def move(ctx, code: str, status: int, **kw) -> dict:
    """Transition a dossier through the service layer."""
    if status == 10:
        kw.setdefault("result_method", "in_person")
    if status in (3, 8):
        kw.setdefault("note", "Không đủ điều kiện")
    return lifecycle.transition(ctx, code, staff(ctx), status, **kw)
