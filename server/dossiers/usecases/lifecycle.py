"""Dossier lifecycle: status and stage moves (each logged), apology, payments, documents."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime
from typing import Any

from server.dossiers.events import DOSSIER_CHANGED, DossierChangedData, dossier_room
from server.dossiers.models import (
    Dossier,
    DossierApology,
    DossierEvent,
    DossierFile,
    DossierPayment,
)
from server.dossiers.rules.dossier import PENDING, DossierStatus, check_transition
from server.dossiers.settings import dossier_settings
from server.dossiers.usecases import outbox
from server.dossiers.usecases.calendar_days import work_calendar
from server.dossiers.usecases.common import (
    PAYMENT_METHODS,
    RESULT_METHODS,
    files_dir,
    get_dossier,
    parse_instant,
    procedure_of,
    text_field,
)
from server.dossiers.usecases.views import facts, staff_view, status_words
from server.kernel import centers
from server.kernel.errors import DomainError, bad_request
from server.kernel.events import center_room
from server.kernel.models import Center, Staff
from server.kernel.runtime import Ctx
from server.queue import events as ev
from server.queue.models import Ticket

S = DossierStatus
# Statuses in which the dossier is worked on, so its stage may move.
_STAGE_MOVABLE = frozenset({S.ACCEPTED, S.PROCESSING, S.FINANCIAL_OBLIGATION})


def parse_status(raw: Any) -> DossierStatus:
    """Read a status code 1..10 with a clear 400."""
    try:
        if isinstance(raw, bool):
            raise ValueError
        return DossierStatus(int(raw))
    except (TypeError, ValueError):
        raise bad_request("dossier.bad_status", f"Mã trạng thái không hợp lệ: {raw}",
                          f"status_code must be 1..10, got {raw!r}") from None


def parse_stage(raw: Any, stages: list[dict]) -> int | None:
    """Read a stage given by index (0-based) or name; None when absent."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, int) and not isinstance(raw, bool):
        index = raw
    elif isinstance(raw, str) and raw.strip().isdigit():
        index = int(raw.strip())
    else:
        names = [s["name"] for s in stages] + [s.get("name_en") or "" for s in stages]
        wanted = str(raw).strip().lower()
        matches = [i % len(stages) for i, n in enumerate(names) if n.lower() == wanted]
        if not matches:
            raise bad_request("dossier.bad_stage", f"Không có bước xử lý: {raw}",
                              f"Unknown stage: {raw}")
        index = matches[0]
    if not 0 <= index < len(stages):
        raise bad_request("dossier.bad_stage", f"Bước xử lý không hợp lệ: {raw}",
                          f"stage must be 0..{len(stages) - 1}, got {raw}")
    return index


def record_change(ctx: Ctx, dossier: Dossier, from_status: int | None, officer_id: int | None,
                  note: str | None = None, source: str = "local", at: datetime | None = None,
                  with_applicant: bool = False) -> DossierEvent:
    """Log a status/stage change, queue it for the portal and tell the screens."""
    at = at or ctx.clock()
    stages = procedure_of(ctx, dossier).stages or []
    stage = stages[dossier.stage_index] if dossier.stage_index is not None and \
        0 <= dossier.stage_index < len(stages) else None
    event = DossierEvent(dossier_id=dossier.id, center_id=dossier.center_id,
                         from_status=from_status, to_status=dossier.status,
                         stage_index=dossier.stage_index, stage=stage["name"] if stage else None,
                         officer_id=officer_id, at=at, note=note, source=source)
    ctx.session.add(event)
    dossier.updated_at = ctx.clock()
    if source == "local":
        # Changes that came from the portal are not echoed back to it.
        outbox.enqueue(ctx, dossier, "dossier.created" if from_status is None
                       else "dossier.status", outbox.status_payload(
                           dossier, from_status, at, event.stage, note, with_applicant))
    public: DossierChangedData = {"code": dossier.code, "status_code": dossier.status,
                                  "status": status_words(dossier.status),
                                  "stage": event.stage, "at": at.isoformat()}
    staff: DossierChangedData = {**public, "procedure": dossier.procedure_code,
                                 "officer_id": dossier.officer_id, "from_status": from_status}
    # Officers' panels (not the lobby boards: the room is named, so the event is unnumbered).
    ctx.emit(DOSSIER_CHANGED, dossier.center_id, staff,
             room=center_room(dossier.center_id), namespaces=("/counter",))
    # The citizen's dossier page (joined with code + secret) updates at once.
    ctx.emit(DOSSIER_CHANGED, None, public, room=dossier_room(dossier.code),
             namespaces=("/track",))
    ticket = ctx.session.get(Ticket, dossier.ticket_id) if dossier.ticket_id else None
    if ticket is not None:
        # The citizen's own ticket page lists the dossiers of the visit (codes, status only).
        ctx.emit(DOSSIER_CHANGED, None, public, room=ev.ticket_room(ticket.tracking_code),
                 namespaces=("/track",))
    return event


def accept(ctx: Ctx, dossier: Dossier, at: datetime) -> None:
    """Start the clock: receipt instant, statutory due date, first stage."""
    center = ctx.session.get(Center, dossier.center_id)
    procedure = procedure_of(ctx, dossier)
    cal = work_calendar(ctx, center)
    dossier.received_at = at
    dossier.due_at = cal.due_at(at, procedure.duration_days, procedure.duration_hours)
    dossier.stage_index = 0 if procedure.stages else None
    dossier.stage_started_at = at


def transition(ctx: Ctx, code: str, officer: Staff | None, status_code: Any, *,
               note: Any = None, stage: Any = None, result_method: Any = None,
               center_id: int | None = None) -> dict:
    """Move a dossier to another status (or, same status + `stage`, to another stage)."""
    dossier = get_dossier(ctx, code, center_id, for_update=True)
    target = parse_status(status_code)
    stages = procedure_of(ctx, dossier).stages or []
    wanted_stage = parse_stage(stage, stages)
    note_text = text_field({"note": note}, "note", max_len=2000, label=("ghi chú", "note")) or None
    before = dossier.status
    now = ctx.clock()
    if target == before:
        if wanted_stage is None or wanted_stage == dossier.stage_index:
            raise DomainError("dossier.no_change", "Hồ sơ đã ở trạng thái và bước này",
                              "The dossier is already in this status and stage", 409)
        if before not in _STAGE_MOVABLE:
            raise DomainError("dossier.stage_locked",
                              f"Không chuyển bước khi hồ sơ “{S(before).label_vi}”",
                              f"The stage cannot move while '{S(before).label_en}'", 409)
    else:
        check_transition(before, target)
        if target == S.RETURNED:
            if result_method not in RESULT_METHODS:
                raise bad_request("dossier.result_method_required",
                                  "Cần chọn hình thức trả kết quả: in_person, post, online",
                                  "result_method is required: in_person, post or online")
            dossier.result_method = str(result_method)
            dossier.returned_at = now
        if target in (S.NOT_ACCEPTED, S.STOPPED) and not note_text:
            raise bad_request("dossier.reason_required", "Cần nêu lý do",
                              "A reason (note) is required")
        if target == S.ACCEPTED and before == S.NEW:
            accept(ctx, dossier, now)
        elif wanted_stage is None and stages:
            wanted_stage = _default_stage(dossier.stage_index, target, len(stages))
    dossier.status = int(target)
    if wanted_stage is not None and wanted_stage != dossier.stage_index:
        dossier.stage_index = wanted_stage
        dossier.stage_started_at = now
    if officer is not None and dossier.officer_id is None:
        dossier.officer_id = officer.id
    ctx.session.flush()
    record_change(ctx, dossier, before, officer.id if officer else None, note_text)
    ctx.session.flush()
    return staff_view(ctx, dossier)


def _default_stage(current: int | None, target: DossierStatus, count: int) -> int | None:
    """Where a status change moves the stage when the officer does not say."""
    if target == S.PROCESSING and (current is None or current == 0) and count > 1:
        return 1  # intake done: processing (appraisal) starts
    if target == S.RESULT_READY:
        return count - 1  # returning the result is the last stage
    return current


def record_apology(ctx: Ctx, code: str, officer: Staff | None, body: dict,
                   center_id: int | None = None) -> dict:
    """Record the apology letter of a late dossier and the new date promised."""
    dossier = get_dossier(ctx, code, center_id, for_update=True)
    if dossier.status not in PENDING:
        raise DomainError("dossier.not_pending", "Chỉ hồ sơ đang giải quyết mới cần thư xin lỗi",
                          "Only a pending dossier can get an apology letter", 409)
    text = text_field(body, "text", required=True, max_len=5000,
                      label=("nội dung thư xin lỗi", "apology text"))
    ref = text_field(body, "ref", max_len=100, label=("số văn bản", "letter reference"))
    center = centers.center_of(ctx.session, dossier.center_id)
    new_due = parse_instant(body.get("new_due_date") or body.get("new_due_at"), "new_due_date",
                            center.timezone)
    f = facts(ctx, dossier)
    current = f.promised_due
    now = ctx.clock()
    if new_due <= now or (current is not None and new_due <= current):
        raise bad_request("dossier.bad_new_due_date",
                          "Ngày hẹn mới phải sau ngày hẹn hiện tại và sau hôm nay",
                          "The new date must be later than the current due date and now")
    if f.assessment.outcome != "pending_overdue" and not body.get("anticipated"):
        # A letter is owed once the dossier is late; before that only when the officer
        # says the delay is certain ("anticipated": true).
        raise DomainError("dossier.not_late", "Hồ sơ chưa quá hạn",
                          "The dossier is not late (send anticipated=true if the delay is certain)",
                          409)
    ctx.session.add(DossierApology(dossier_id=dossier.id, text=text, ref=ref, old_due_at=current,
                                   new_due_at=new_due, officer_id=officer.id if officer else None,
                                   at=now))
    dossier.promised_at = new_due
    dossier.updated_at = now
    outbox.enqueue(ctx, dossier, "dossier.apology", {
        **outbox.status_payload(dossier, dossier.status, now, None, None),
        "ThuXinLoi": {"SoVanBan": ref, "NgayHenMoi": new_due.isoformat()}})
    ctx.session.flush()
    return staff_view(ctx, dossier)


def record_payment(ctx: Ctx, code: str, officer: Staff | None, body: dict,
                   center_id: int | None = None) -> dict:
    """Record a fee payment: method cash, transfer or online (providers are out of reach)."""
    dossier = get_dossier(ctx, code, center_id, for_update=True)
    method = body.get("method")
    if method not in PAYMENT_METHODS:
        raise bad_request("payment.bad_method",
                          "Hình thức thanh toán phải là cash, transfer hoặc online",
                          "method must be cash, transfer or online")
    amount = body.get("amount_vnd", dossier.fee_vnd - dossier.paid_vnd)
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise bad_request("payment.bad_amount", "Số tiền phải là số nguyên dương (VNĐ)",
                          "amount_vnd must be a positive integer")
    ref = text_field(body, "ref", max_len=100, label=("mã giao dịch", "reference"))
    ctx.session.add(DossierPayment(dossier_id=dossier.id, amount_vnd=amount, method=method,
                                   ref=ref, officer_id=officer.id if officer else None,
                                   at=ctx.clock()))
    dossier.paid_vnd += amount
    dossier.updated_at = ctx.clock()
    ctx.session.flush()
    return {"code": dossier.code, "fee_vnd": dossier.fee_vnd, "paid_vnd": dossier.paid_vnd,
            "method": method, "amount_vnd": amount}


# --- Digitised documents -----------------------------------------------------------

_MAGIC = ((b"%PDF-", "application/pdf", "pdf"),
          (b"\xff\xd8\xff", "image/jpeg", "jpg"),
          (b"\x89PNG\r\n\x1a\n", "image/png", "png"))


def sniff(data: bytes) -> tuple[str, str] | None:
    """Return (content type, extension) from magic bytes: PDF, JPEG or PNG only."""
    for magic, ctype, ext in _MAGIC:
        if data.startswith(magic):
            return ctype, ext
    return None


def max_file_bytes(settings) -> int:
    """Return the upload size limit in bytes (settings extra dossier_max_file_mb)."""
    return int(float(dossier_settings(settings).max_file_mb) * 1024 * 1024)


def add_document(ctx: Ctx, code: str, officer: Staff | None, filename: str | None,
                 data: bytes, center_id: int | None = None) -> dict:
    """Store a digitised document (checked by size and magic bytes) under the files folder."""
    dossier = get_dossier(ctx, code, center_id)
    limit = max_file_bytes(ctx.settings)
    if len(data) > limit:
        raise DomainError("file.too_large", f"Tệp quá lớn (tối đa {limit // 1024 // 1024} MB)",
                          f"The file is too large (at most {limit // 1024 // 1024} MB)", 413)
    if not data:
        raise bad_request("file.empty", "Tệp rỗng", "The file is empty")
    kind = sniff(data)
    if kind is None:
        raise DomainError("file.bad_type", "Chỉ nhận tệp PDF, JPEG hoặc PNG",
                          "Only PDF, JPEG or PNG files are accepted", 415)
    ctype, ext = kind
    digest = hashlib.sha256(data).hexdigest()
    folder = files_dir(ctx.settings) / re.sub(r"[^0-9A-Za-z.\-]", "_", dossier.code)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{digest[:32]}.{ext}"
    if not path.exists():
        tmp = path.with_suffix(".part")
        tmp.write_bytes(data)
        tmp.replace(path)
    name = re.sub(r"[\x00-\x1f/\\]", "_", (filename or f"document.{ext}").strip())[:255] or \
        f"document.{ext}"
    row = DossierFile(dossier_id=dossier.id, name=name, content_type=ctype, size=len(data),
                      sha256=digest, path=str(path), officer_id=officer.id if officer else None,
                      at=ctx.clock())
    ctx.session.add(row)
    ctx.session.flush()
    return {"id": row.id, "code": dossier.code, "name": row.name, "content_type": ctype,
            "size": row.size, "sha256": digest, "at": row.at.isoformat()}


def get_document(ctx: Ctx, code: str, file_id: int, center_id: int | None = None) -> DossierFile:
    """Return a stored document of a dossier."""
    dossier = get_dossier(ctx, code, center_id)
    row = ctx.session.get(DossierFile, file_id)
    if row is None or row.dossier_id != dossier.id:
        raise DomainError("file.not_found", "Không tìm thấy tệp", "Unknown file", 404)
    return row
