"""Intake: record one dossier, or a linked group of dossiers, for a visit (or online, by post)."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from server.dossiers.models import Dossier, Procedure
from server.dossiers.rules.dossier import (
    DossierStatus,
    check_transition,
    format_dossier_code,
    new_lookup_secret,
)
from server.dossiers.usecases.catalogue import current_procedure, get_group
from server.dossiers.usecases.common import CHANNELS, fold, refuse_nul, text_field
from server.dossiers.usecases.lifecycle import accept, parse_status, record_change
from server.dossiers.usecases.views import staff_view
from server.kernel.errors import DomainError, bad_request, not_found
from server.kernel.models import Center, Staff
from server.kernel.numbering import next_in_sequence
from server.kernel.runtime import Ctx
from server.queue.models import Ticket
from server.queue.public import get_ticket
from server.queue.rules.schedule import local_day

S = DossierStatus


@dataclass(frozen=True)
class Applicant:
    """The minimum the center keeps about the person filing: name, phone, ID number, consent."""

    name: str
    phone: str
    id_number: str
    consent: bool


def parse_applicant(raw: Any, channel: str, strict: bool = True) -> Applicant:
    """Check the applicant block; in-person intake needs the citizen's recorded consent."""
    if not isinstance(raw, dict):
        raise bad_request("dossier.applicant_required", "Cần thông tin người nộp hồ sơ",
                          "applicant {name, phone, id_number, consent} is required")
    name = text_field(raw, "name", required=True, label=("họ tên người nộp", "applicant name"))
    phone = re.sub(r"[\s.\-()]", "", text_field(raw, "phone", required=strict, max_len=32,
                                                label=("số điện thoại", "phone")))
    if phone and not re.fullmatch(r"\+?\d{8,15}", phone):
        raise bad_request("dossier.bad_phone", "Số điện thoại không hợp lệ",
                          "phone must be 8 to 15 digits")
    id_number = re.sub(r"\s", "", text_field(raw, "id_number", required=strict, max_len=32,
                                             label=("số giấy tờ tùy thân", "ID number"))).upper()
    if id_number and not re.fullmatch(r"[0-9A-Z]{6,20}", id_number):
        raise bad_request("dossier.bad_id_number", "Số giấy tờ tùy thân không hợp lệ",
                          "id_number must be 6 to 20 letters or digits")
    consent = raw.get("consent")
    if consent is not None and not isinstance(consent, bool):
        raise bad_request("dossier.bad_consent", "consent phải là true hoặc false",
                          "consent must be true or false")
    if channel == "in_person" and consent is not True:
        raise bad_request("dossier.consent_required",
                          "Công dân chưa đồng ý cho xử lý dữ liệu cá nhân: không thể tiếp nhận",
                          "The citizen has not consented to the processing of personal data: "
                          "intake refused")
    return Applicant(name, phone, id_number, bool(consent))


def parse_channel(raw: Any) -> str:
    """Read the intake channel: in_person (default), online or postal."""
    channel = raw or "in_person"
    if channel not in CHANNELS:
        raise bad_request("dossier.bad_channel", "Kênh nộp phải là in_person, online hoặc postal",
                          "channel must be in_person, online or postal")
    return channel


def find_ticket(ctx: Ctx, center: Center, tracking_code: Any) -> Ticket | None:
    """Return the visit's ticket by tracking code (same center), None when not given."""
    if tracking_code in (None, ""):
        return None
    refuse_nul(tracking_code)
    ticket = get_ticket(ctx.session, str(tracking_code).strip())
    if ticket.center_id != center.id:
        raise not_found("ticket", "số thứ tự", tracking_code)
    return ticket


def allocate_code(ctx: Ctx, center: Center, agency: str, at: datetime) -> str:
    """Allocate `{agency}-{yymmdd}-{seq:04d}` in the caller's transaction (never max+1)."""
    day = local_day(at, center.timezone)
    seq = next_in_sequence(ctx.session, f"dossier:{agency}", day)
    return format_dossier_code(agency, day, seq)


def create_dossier(ctx: Ctx, center: Center, procedure: Procedure, applicant: Applicant, *,
                   channel: str, officer: Staff | None, ticket: Ticket | None = None,
                   status: DossierStatus = S.ACCEPTED, documents: list[str] | None = None,
                   note: str | None = None, group: tuple[str, str] | None = None,
                   secret: str | None = None, source: str = "local",
                   portal_id: str | None = None, received_at: datetime | None = None,
                   log_note: str | None = None) -> Dossier:
    """Create one dossier: code, secret, log row, portal outbox row and, once accepted, clock."""
    check_transition(None, status)
    now = ctx.clock()
    at = received_at or now
    agency = procedure.agency_code or center.agency_code
    dossier = Dossier(
        center_id=center.id, code=allocate_code(ctx, center, agency, at),
        secret=secret or new_lookup_secret(), procedure_id=procedure.id,
        procedure_code=procedure.code, agency_code=agency, level=procedure.level,
        channel=channel, source="portal" if source == "portal" else "counter",
        status=int(status), ticket_id=ticket.id if ticket else None,
        group_id=group[0] if group else None, group_code=group[1] if group else None,
        applicant_name=applicant.name, applicant_name_folded=fold(applicant.name)[:200],
        applicant_phone=applicant.phone, applicant_id_number=applicant.id_number,
        consent=applicant.consent, consent_at=now if applicant.consent else None,
        documents_received=list(procedure.documents or []) if documents is None else documents,
        note=note, created_at=now, updated_at=now,
        intake_officer_id=officer.id if officer else None,
        officer_id=officer.id if officer else None, portal_id=portal_id,
        fee_vnd=procedure.fee_vnd or 0, paid_vnd=0,
    )
    ctx.session.add(dossier)
    if status == S.ACCEPTED:
        accept(ctx, dossier, at)
    ctx.session.flush()
    record_change(ctx, dossier, None, officer.id if officer else None, log_note or note,
                  source=source, at=at, with_applicant=True)
    return dossier


def _documents(raw: Any) -> list[str] | None:
    if raw is None:
        return None
    if not isinstance(raw, list) or not all(isinstance(x, str) for x in raw):
        raise bad_request("dossier.bad_documents", "Danh sách giấy tờ không hợp lệ",
                          "documents must be a list of text")
    return [x.strip()[:300] for x in raw if x.strip()][:50]


def intake(ctx: Ctx, center: Center, officer: Staff | None, body: dict) -> dict:
    """Record what a citizen files: `procedure` (one dossier) or `group` (linked dossiers)."""
    refuse_nul(body)
    channel = parse_channel(body.get("channel"))
    applicant = parse_applicant(body.get("applicant"), channel)
    ticket = find_ticket(ctx, center, body.get("ticket"))
    status = parse_status(body.get("status_code", S.ACCEPTED))
    if status not in (S.NEW, S.ACCEPTED, S.NOT_ACCEPTED):
        check_transition(None, status)
    note = text_field(body, "note", max_len=2000, label=("ghi chú", "note")) or None
    if status == S.NOT_ACCEPTED and not note:
        raise bad_request("dossier.reason_required", "Cần nêu lý do không tiếp nhận",
                          "A reason (note) is required to refuse a dossier")
    documents = _documents(body.get("documents"))
    if body.get("group"):
        group = get_group(ctx, str(body["group"]))
        procedures = [current_procedure(ctx, c) for c in group.procedure_codes]
        group_key = (secrets.token_hex(6).upper(), group.code)
        # One secret for the whole group: one receipt, one tracking page.
        secret = new_lookup_secret()
        rows = [create_dossier(ctx, center, p, applicant, channel=channel, officer=officer,
                               ticket=ticket, status=status, note=note, group=group_key,
                               secret=secret) for p in procedures]
        views = [staff_view(ctx, d) for d in rows]
        dues = [v["due_at"] for v in views if v["due_at"]]
        last = max(range(len(views)), key=lambda i: views[i]["due_at"] or "") if dues else 0
        return {**views[0], **{k: views[last][k] for k in ("due_date", "due_at", "due_text")},
                "group": {"id": group_key[0], "code": group.code, "name": group.name_vi,
                          "name_en": group.name_en},
                "dossiers": views}
    if not body.get("procedure"):
        raise bad_request("dossier.procedure_required", "Cần chọn thủ tục hành chính",
                          "procedure (a procedure code) or group is required")
    procedure = current_procedure(ctx, str(body["procedure"]))
    dossier = create_dossier(ctx, center, procedure, applicant, channel=channel, officer=officer,
                             ticket=ticket, status=status, documents=documents, note=note)
    view = staff_view(ctx, dossier)
    return {**view, "dossiers": [view]}


def ticket_dossiers(ctx: Ctx, tracking_code: str) -> dict:
    """List the dossiers made from one visit: codes and status only (public)."""
    from sqlalchemy import select

    from server.dossiers.usecases.views import status_words

    refuse_nul(tracking_code)
    ticket = get_ticket(ctx.session, tracking_code)
    rows = ctx.session.execute(select(Dossier.code, Dossier.status)
                               .where(Dossier.ticket_id == ticket.id).order_by(Dossier.id)).all()
    return {"ticket": ticket.tracking_code, "number": ticket.number,
            "dossiers": [{"code": code, "status_code": st, "status": status_words(st)}
                         for code, st in rows]}


def ensure_officer_center(officer: Staff | None, center: Center) -> None:
    """Refuse staff of another center."""
    if officer is not None and officer.center_id not in (None, center.id):
        raise DomainError("auth.forbidden", "Bạn không thuộc trung tâm này",
                          "You do not belong to this center", 403)
