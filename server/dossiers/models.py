"""Dossier tables: procedure catalogue (versioned), dossiers and their logs, portal outbox."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from server.kernel.db.base import Base, UTCDateTime


class Procedure(Base):
    """One version of an administrative procedure (TTHC); a change makes a new version."""

    __tablename__ = "procedures"
    __table_args__ = (
        UniqueConstraint("code", "version"),
        Index("ix_procedures_code_current", "code", "current"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer)
    # The version new dossiers are accepted under; older ones stay for their dossiers.
    current: Mapped[bool] = mapped_column(Boolean, default=True)
    name_vi: Mapped[str] = mapped_column(String(500))
    name_en: Mapped[str] = mapped_column(String(500), default="")
    field_vi: Mapped[str] = mapped_column(String(200), default="")
    field_en: Mapped[str] = mapped_column(String(200), default="")
    level: Mapped[str] = mapped_column(String(16))  # commune | provincial
    agency_code: Mapped[str] = mapped_column(String(32))
    duration_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    duration_hours: Mapped[float | None] = mapped_column(Float, nullable=True)
    duration_note: Mapped[str | None] = mapped_column(Text, nullable=True)
    fee_vnd: Mapped[int] = mapped_column(Integer, default=0)
    fee_note: Mapped[str | None] = mapped_column(Text, nullable=True)
    # [{name, name_en, budget_days | budget_hours, role}] in processing order.
    stages: Mapped[list] = mapped_column(JSON, default=list)
    documents: Mapped[list] = mapped_column(JSON, default=list)
    keywords: Mapped[list] = mapped_column(JSON, default=list)
    content_hash: Mapped[str] = mapped_column(String(64))
    valid_from: Mapped[date | None] = mapped_column(Date, nullable=True)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ProcedureGroup(Base):
    """Linked procedures (liên thông) filed together: one intake, several dossiers."""

    __tablename__ = "procedure_groups"
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name_vi: Mapped[str] = mapped_column(String(500))
    name_en: Mapped[str] = mapped_column(String(500), default="")
    procedure_codes: Mapped[list] = mapped_column(JSON, default=list)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CalendarDay(Base):
    """An administrator's exception to the working calendar: an extra day off or make-up day."""

    __tablename__ = "calendar_days"
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # off | work
    note: Mapped[str] = mapped_column(String(200), default="")
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Dossier(Base):
    """A dossier (hồ sơ): permanent, with its code, secret, status, stage and due date."""

    __tablename__ = "dossiers"
    __table_args__ = (
        Index("ix_dossiers_center_status", "center_id", "status"),
        Index("ix_dossiers_center_created", "center_id", "created_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"))
    code: Mapped[str] = mapped_column(String(64), unique=True)
    secret: Mapped[str] = mapped_column(String(16))
    # The procedure version the dossier was accepted under (never moves to a newer one).
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedures.id"))
    procedure_code: Mapped[str] = mapped_column(String(32), index=True)
    agency_code: Mapped[str] = mapped_column(String(32))
    level: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))  # in_person | online | postal
    source: Mapped[str] = mapped_column(String(16), default="counter")  # counter | portal
    status: Mapped[int] = mapped_column(Integer)
    stage_index: Mapped[int | None] = mapped_column(Integer, nullable=True)
    stage_started_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), nullable=True,
                                                  index=True)
    group_id: Mapped[str | None] = mapped_column(String(32), nullable=True, index=True)
    group_code: Mapped[str | None] = mapped_column(String(32), nullable=True)
    applicant_name: Mapped[str] = mapped_column(String(200))
    # Lower case without diacritics, for searches typed on any keyboard.
    applicant_name_folded: Mapped[str] = mapped_column(String(200), index=True)
    applicant_phone: Mapped[str] = mapped_column(String(32), default="", index=True)
    applicant_id_number: Mapped[str] = mapped_column(String(32), default="")
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    documents_received: Mapped[list] = mapped_column(JSON, default=list)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    received_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # Statutory due date fixed at acceptance (the report's measure).
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    # The new date promised in the latest apology letter, if any.
    promised_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    intake_officer_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    # The officer handling the dossier (alerts of "officer" stages go to this person).
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    portal_id: Mapped[str | None] = mapped_column(String(64), nullable=True, unique=True)
    fee_vnd: Mapped[int] = mapped_column(Integer, default=0)
    paid_vnd: Mapped[int] = mapped_column(Integer, default=0)
    result_method: Mapped[str | None] = mapped_column(String(16), nullable=True)
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class DossierEvent(Base):
    """One row per status or stage change: every dossier figure is a query over this log."""

    __tablename__ = "dossier_events"
    __table_args__ = (Index("ix_dossier_events_center_at", "center_id", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"))
    from_status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    to_status: Mapped[int] = mapped_column(Integer)
    stage_index: Mapped[int | None] = mapped_column(Integer, nullable=True)
    stage: Mapped[str | None] = mapped_column(String(200), nullable=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    source: Mapped[str] = mapped_column(String(16), default="local")  # local | portal


class DossierApology(Base):
    """An apology letter for a late dossier, with the new date promised to the citizen."""

    __tablename__ = "dossier_apologies"
    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    ref: Mapped[str] = mapped_column(String(100), default="")
    old_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    new_due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class DossierFile(Base):
    """A digitised document of a dossier (PDF, JPEG or PNG) stored on disk."""

    __tablename__ = "dossier_files"
    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    path: Mapped[str] = mapped_column(String(500))
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class DossierPayment(Base):
    """A fee payment (cash, bank transfer, online) recorded against a dossier."""

    __tablename__ = "dossier_payments"
    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"), index=True)
    amount_vnd: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(16))
    ref: Mapped[str] = mapped_column(String(100), default="")
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class PersonalDataAccess(Base):
    """Who looked at citizens' personal data, when and how (personal data protection law)."""

    __tablename__ = "personal_data_access"
    __table_args__ = (Index("ix_personal_data_access_staff_at", "staff_id", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff.id"))
    center_id: Mapped[int | None] = mapped_column(ForeignKey("centers.id"), nullable=True)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"), nullable=True,
                                                   index=True)
    action: Mapped[str] = mapped_column(String(32))  # search | view | view_id | file
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
    ip: Mapped[str | None] = mapped_column(String(64), nullable=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class TrackFailure(Base):
    """A failed public lookup (wrong secret or unknown code), for rate limiting."""

    __tablename__ = "track_failures"
    __table_args__ = (Index("ix_track_failures_key_at", "key", "at"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(128))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class DossierAlert(Base):
    """An alert already sent (nearly due / overdue, per stage), so each is sent once."""

    __tablename__ = "dossier_alerts"
    __table_args__ = (UniqueConstraint("dossier_id", "stage_index", "level"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"))
    stage_index: Mapped[int] = mapped_column(Integer)  # -1: the statutory due date
    level: Mapped[str] = mapped_column(String(16))  # nearly_due | overdue
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class PortalOutbox(Base):
    """A dossier change waiting for delivery to the provincial portal, in order per dossier."""

    __tablename__ = "portal_outbox"
    __table_args__ = (
        UniqueConstraint("dossier_id", "seq"),
        Index("ix_portal_outbox_pending", "delivered_at", "dossier_id", "seq"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    dossier_id: Mapped[int] = mapped_column(ForeignKey("dossiers.id"))
    seq: Mapped[int] = mapped_column(Integer)  # 1, 2, ... per dossier
    event: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # A deliverer leases a row before posting it, so two processes never send it twice.
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
