"""Import dossiers from the provincial portal (docs/portal.md), idempotent by portal id."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from server.dossiers.models import Dossier
from server.dossiers.rules.dossier import TRANSITIONS, DossierStatus
from server.dossiers.usecases.catalogue import current_procedure
from server.dossiers.usecases.common import parse_instant, procedure_of, refuse_nul
from server.dossiers.usecases.intake import Applicant, create_dossier, parse_applicant
from server.dossiers.usecases.lifecycle import parse_status, record_change
from server.kernel import centers
from server.kernel.errors import DomainError, bad_request
from server.kernel.models import Center, Staff
from server.kernel.runtime import Ctx

S = DossierStatus
CHANNELS = {1: "in_person", 2: "online", 3: "postal", "1": "in_person", "2": "online",
            "3": "postal", "in_person": "in_person", "online": "online", "postal": "postal",
            "truc_tiep": "in_person", "truc_tuyen": "online", "buu_chinh": "postal"}


def _records(payload: Any) -> list:
    if isinstance(payload, dict) and "dossiers" in payload:
        payload = payload["dossiers"]
    elif isinstance(payload, dict):
        payload = [payload]
    if not isinstance(payload, list):
        raise bad_request("portal.bad_payload", "Dữ liệu phải là danh sách hồ sơ",
                          "The body must be a dossier, a list, or {\"dossiers\": [...]}")
    return payload


def _parse(ctx: Ctx, raw: Any, default_center: Center | None) -> dict:
    """Check one portal record fully before anything is written."""
    if not isinstance(raw, dict):
        raise bad_request("portal.bad_record", "Hồ sơ phải là một đối tượng",
                          "Each dossier must be an object")
    portal_id = str(raw.get("MaHoSo") or "").strip()
    if not portal_id or len(portal_id) > 64:
        raise bad_request("portal.portal_id_required", "Thiếu MaHoSo (mã hồ sơ trên Cổng)",
                          "MaHoSo (the portal's dossier id) is required")
    status = parse_status(raw.get("TrangThai", 1))
    center = centers.get_center(ctx.session, str(raw["MaDonVi"])) if raw.get("MaDonVi") \
        else default_center
    if center is None:
        raise bad_request("portal.center_required", "Cần MaDonVi (mã trung tâm)",
                          "MaDonVi (center code) is required when several centers exist")
    kenh = raw.get("KenhNop", 2)
    channel = CHANNELS.get(kenh) if isinstance(kenh, int | str) and \
        not isinstance(kenh, bool) else None
    if channel is None:
        raise bad_request("portal.bad_channel", "KenhNop phải là 1, 2 hoặc 3",
                          "KenhNop must be 1 (in person), 2 (online) or 3 (postal)")
    owner = raw.get("ChuHoSo")
    if not isinstance(owner, dict):
        raise bad_request("portal.owner_required", "Thiếu ChuHoSo", "ChuHoSo is required")
    applicant = parse_applicant({"name": owner.get("HoTen"), "phone": owner.get("SoDienThoai"),
                                 "id_number": owner.get("SoGiayTo"),
                                 "consent": owner.get("DongY", True)}, "online", strict=False)
    received = None
    if status != S.NEW:
        received = parse_instant(raw.get("NgayTiepNhan") or ctx.clock().isoformat(),
                                 "NgayTiepNhan", center.timezone)
    documents = raw.get("GiayToNop")
    if documents is not None and (not isinstance(documents, list) or
                                  not all(isinstance(x, str) for x in documents)):
        raise bad_request("portal.bad_documents", "GiayToNop phải là danh sách chuỗi",
                          "GiayToNop must be a list of text")
    return {"portal_id": portal_id, "status": status, "center": center, "channel": channel,
            "applicant": applicant, "received": received, "documents": documents,
            "procedure": current_procedure(ctx, str(raw.get("MaTTHC") or "")),
            "note": str(raw.get("TrichYeu") or "").strip()[:2000] or None}


def _create(ctx: Ctx, rec: dict) -> Dossier:
    status: DossierStatus = rec["status"]
    initial = status if status in (S.NEW, S.ACCEPTED, S.NOT_ACCEPTED) else S.ACCEPTED
    applicant: Applicant = rec["applicant"]
    dossier = create_dossier(
        ctx, rec["center"], rec["procedure"], applicant, channel=rec["channel"], officer=None,
        status=initial, documents=rec["documents"], note=rec["note"], source="portal",
        portal_id=rec["portal_id"], received_at=rec["received"], log_note="portal import")
    # No officer yet: the portal's dossiers wait for one to take them (first transition).
    if status != initial:
        _force(ctx, dossier, status)
    return dossier


def _force(ctx: Ctx, dossier: Dossier, status: DossierStatus) -> None:
    """Take the portal's word for a status (its own log is the authority for that move)."""
    before = dossier.status
    dossier.status = int(status)
    stages = len(procedure_of(ctx, dossier).stages or [])
    if status in (S.RESULT_READY, S.RETURNED) and stages:
        dossier.stage_index = stages - 1
    ctx.session.flush()
    record_change(ctx, dossier, before, None, "portal sync", source="portal")


def import_portal(ctx: Ctx, payload: Any, officer: Staff | None = None) -> dict:
    """Create dossiers the portal sent; a known MaHoSo is updated (status) or left alone."""
    refuse_nul(payload)
    records = _records(payload)
    default_center = centers.center_of(ctx.session, officer.center_id) if officer is not None and \
        officer.center_id else _only_center(ctx)
    result: dict = {"created": 0, "updated": 0, "unchanged": 0, "errors": [], "dossiers": []}
    for index, raw in enumerate(records):
        try:
            rec = _parse(ctx, raw, default_center)
        except DomainError as err:
            mid = raw.get("MaHoSo") if isinstance(raw, dict) else None
            result["errors"].append({"index": index, "MaHoSo": mid, **err.to_dict()})
            continue
        existing = ctx.session.scalar(select(Dossier).where(Dossier.portal_id ==
                                                            rec["portal_id"]).with_for_update())
        if existing is None:
            dossier = _create(ctx, rec)
            outcome = "created"
        elif existing.status == rec["status"]:
            dossier, outcome = existing, "unchanged"
        elif rec["status"] in TRANSITIONS[S(existing.status)]:
            before = existing.status
            existing.status = int(rec["status"])
            ctx.session.flush()
            record_change(ctx, existing, before, None, "portal sync", source="portal")
            dossier, outcome = existing, "updated"
        else:
            result["errors"].append({
                "index": index, "MaHoSo": rec["portal_id"], "code": "portal.status_conflict",
                "message_vi": f"Không thể chuyển từ trạng thái {existing.status} sang "
                              f"{int(rec['status'])}",
                "message_en": f"Cannot move from status {existing.status} to "
                              f"{int(rec['status'])}"})
            continue
        result[outcome] += 1
        result["dossiers"].append({"MaHoSo": rec["portal_id"], "code": dossier.code,
                                   "secret": dossier.secret, "status_code": dossier.status,
                                   "result": outcome})
    ctx.session.flush()
    return result


def _only_center(ctx: Ctx) -> Center | None:
    centers = ctx.session.scalars(select(Center).limit(2)).all()
    return centers[0] if len(centers) == 1 else None
