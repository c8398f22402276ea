"""Tables every area shares: centers, staff and their sessions, devices, settings, sequences."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from server.kernel.db.base import Base, UTCDateTime


class Center(Base):
    """A public administration service center (one server may host a province)."""

    __tablename__ = "centers"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    agency_code: Mapped[str] = mapped_column(String(32), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Ho_Chi_Minh")
    # Last event sequence number published for this center (see server/kernel/events.py).
    event_seq: Mapped[int] = mapped_column(Integer, default=0)
    # The boards' ticker: {"text_vi", "text_en", "until"} or None.
    announcement: Mapped[dict | None] = mapped_column(JSON, nullable=True)


class Staff(Base):
    """An officer, supervisor or administrator."""

    __tablename__ = "staff"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    full_name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(16))
    center_id: Mapped[int | None] = mapped_column(ForeignKey("centers.id"), nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Device(Base):
    """A kiosk, lobby board or counter tablet; it authenticates with a long-lived token."""

    __tablename__ = "devices"
    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    config: Mapped[dict] = mapped_column(JSON, default=dict)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class StaffSession(Base):
    """A staff login: the bearer token is shown once, only its hash is kept."""

    __tablename__ = "staff_sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())


class DailySequence(Base):
    """Last number handed out per scope (a service's tickets, an agency's dossiers) per day."""

    __tablename__ = "daily_sequences"
    scope: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last: Mapped[int] = mapped_column(Integer, default=0)


class AppSetting(Base):
    """An option an administrator changes at run time (voice phrases, ...), as JSON."""

    __tablename__ = "app_settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict] = mapped_column(JSON)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)


class AuditEntry(Base):
    """One staff action or read of personal data: who, what, on what, from where (append-only)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    center_id: Mapped[int | None] = mapped_column(ForeignKey("centers.id"), nullable=True,
                                                  index=True)
    # "staff" | "device" | "system" (a CLI command, a nightly task).
    actor_kind: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # The username or device name at the time (kept even if the account is renamed).
    actor_name: Mapped[str] = mapped_column(String(100), default="")
    # What was done, in the area's words: "service.create", "counter.call_next", "dossier.read".
    action: Mapped[str] = mapped_column(String(64), index=True)
    # On what: its kind ("service", "staff", "counter", "dossier", ...) and its person-facing
    # key (the service code, the username, the counter number, the dossier code).
    target_kind: Mapped[str] = mapped_column(String(32), default="")
    target: Mapped[str] = mapped_column(String(100), default="")
    before: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    address: Mapped[str] = mapped_column(String(64), default="")
