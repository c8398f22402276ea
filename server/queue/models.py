"""Queue tables: centers, services, counters, staff, devices, tickets and their log."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from server.kernel.db.base import Base, UTCDateTime


class Service(Base):
    """A service citizens take a number for (land, civil status, ...)."""

    __tablename__ = "services"
    __table_args__ = (UniqueConstraint("center_id", "code"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    name_vi: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    prefix: Mapped[str] = mapped_column(String(2))
    level: Mapped[str] = mapped_column(String(16), default="commune")
    icon: Mapped[str] = mapped_column(String(32), default="")
    hours: Mapped[dict | None] = mapped_column(JSON, nullable=True)  # None: always open
    daily_cap: Mapped[int | None] = mapped_column(Integer, nullable=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The console's colour for its kiosk button ("#1b5e20"); "" lets the screen choose.
    color: Mapped[str] = mapped_column(String(16), default="")
    # What else the service offers, read by the areas that use it: {"remote": bool,
    # "appointments": {"slot_minutes", "capacity", "window_days"}, "kind": "counter" |
    # "video_call" | "home_visit"}. Absent keys mean "not offered" / "counter".
    options: Mapped[dict] = mapped_column(JSON, default=dict)


class Counter(Base):
    """A numbered counter (quầy) serving some services in an order of preference."""

    __tablename__ = "counters"
    __table_args__ = (UniqueConstraint("center_id", "number"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(100), default="")
    status: Mapped[str] = mapped_column(String(16), default="closed")
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    pause_reason: Mapped[str | None] = mapped_column(String(200), nullable=True)
    priority_streak: Mapped[int] = mapped_column(Integer, default=0)
    links: Mapped[list[CounterService]] = relationship(
        order_by="CounterService.rank", cascade="all, delete-orphan", lazy="selectin"
    )


class CounterService(Base):
    """A service a counter serves, with its rank (0 = preferred)."""

    __tablename__ = "counter_services"
    counter_id: Mapped[int] = mapped_column(ForeignKey("counters.id"), primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"), primary_key=True)
    rank: Mapped[int] = mapped_column(Integer, default=0)


class CounterLog(Base):
    """One row per counter state change: open, pause (with reason), resume, close."""

    __tablename__ = "counter_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    counter_id: Mapped[int] = mapped_column(ForeignKey("counters.id"), index=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    from_status: Mapped[str] = mapped_column(String(16))
    to_status: Mapped[str] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(String(200), nullable=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class Ticket(Base):
    """A numbered visit. Times are derived from the log and stored when it ends."""

    __tablename__ = "tickets"
    __table_args__ = (
        # The number stays with the citizen through transfers: unique by its first service.
        UniqueConstraint("origin_service_id", "day", "seq"),
        Index("ix_tickets_queue", "center_id", "status", "service_id"),
        # call-next walks this in order: first waiting normal / priority ticket of a service.
        Index("ix_tickets_service_queue", "service_id", "status", "priority", "issued_at"),
        Index("ix_tickets_directed", "target_counter_id", "status"),
        Index("ix_tickets_counter", "counter_id", "status"),
        Index("ix_tickets_number", "center_id", "number"),  # "call A012" at the counter
        Index("ix_tickets_service_ended", "service_id", "status", "ended_at"),
        Index("ix_tickets_day", "center_id", "day"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    origin_service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    day: Mapped[date] = mapped_column(Date)
    seq: Mapped[int] = mapped_column(Integer)
    transfers: Mapped[int] = mapped_column(Integer, default=0)
    number: Mapped[str] = mapped_column(String(16))
    priority: Mapped[str | None] = mapped_column(String(16), nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="waiting")
    tracking_code: Mapped[str] = mapped_column(String(16), unique=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime())
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"), nullable=True)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), nullable=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    target_counter_id: Mapped[int | None] = mapped_column(
        ForeignKey("counters.id"), nullable=True
    )
    calls: Mapped[int] = mapped_column(Integer, default=0)
    last_called_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    wait_s: Mapped[float | None] = mapped_column(nullable=True)
    walk_s: Mapped[float | None] = mapped_column(nullable=True)
    service_s: Mapped[float | None] = mapped_column(nullable=True)


class TicketEvent(Base):
    """One row per ticket state change: every queue figure is a query over this log."""

    __tablename__ = "ticket_events"
    __table_args__ = (Index("ix_ticket_events_center_at", "center_id", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), index=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"))
    action: Mapped[str] = mapped_column(String(16))
    from_status: Mapped[str | None] = mapped_column(String(16), nullable=True)
    to_status: Mapped[str] = mapped_column(String(16))
    service_id: Mapped[int] = mapped_column(ForeignKey("services.id"))
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), nullable=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    note: Mapped[str | None] = mapped_column(Text, nullable=True)


