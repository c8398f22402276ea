"""Printing tables: print jobs (an outbox written with the ticket) and last printer status."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from server.kernel.db.base import Base, UTCDateTime


class PrintJobRecord(Base):
    """One slip to print on one kiosk's printer; its state follows ``printers.jobs``."""

    __tablename__ = "print_jobs"
    __table_args__ = (
        Index("ix_print_jobs_due", "state", "next_attempt_at"),
        Index("ix_print_jobs_device_state", "device_id", "state"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    # Random public key: the print agent's journal remembers keys, never reused ids.
    key: Mapped[str] = mapped_column(String(32), unique=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"))
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), nullable=True,
                                                  index=True)
    kind: Mapped[str] = mapped_column(String(16))  # ticket | receipt | test
    mode: Mapped[str] = mapped_column(String(16))  # server | agent: who delivers
    # What to print as data (a TicketSlip, receipt blocks), rendered at delivery time.
    slip: Mapped[dict] = mapped_column(JSON)
    requested_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    state: Mapped[str] = mapped_column(String(16))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_error: Mapped[str | None] = mapped_column(String(64), nullable=True)
    printer_status: Mapped[str | None] = mapped_column(String(16), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class PrinterState(Base):
    """The last known status of a kiosk's printer, and when its print agent was last heard."""

    __tablename__ = "printer_states"
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id"), primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    detail: Mapped[str | None] = mapped_column(String(200), nullable=True)
    source: Mapped[str] = mapped_column(String(16))  # server | agent
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    agent_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
