"""Staff search over dossiers, and the log of every staff access to personal data."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, or_, select

from server.dossiers.models import Dossier, PersonalDataAccess
from server.dossiers.usecases.calendar_days import work_calendar
from server.dossiers.usecases.common import fold, get_dossier, parse_day, refuse_nul
from server.dossiers.usecases.lifecycle import parse_status
from server.dossiers.usecases.views import facts, staff_view
from server.kernel import centers
from server.kernel.errors import bad_request
from server.kernel.models import Center, Staff
from server.kernel.runtime import Ctx

MAX_LIMIT = 200


def log_access(ctx: Ctx, staff: Staff, action: str, dossier: Dossier | None = None,
               detail: dict | None = None, ip: str | None = None) -> None:
    """Append one row to the personal-data access log."""
    ctx.session.add(PersonalDataAccess(
        staff_id=staff.id, center_id=staff.center_id, dossier_id=dossier.id if dossier else None,
        action=action, detail=detail or {}, ip=(ip or "")[:64] or None, at=ctx.clock()))


def _int(raw: Any, key: str, default: int, high: int) -> int:
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except (TypeError, ValueError):
        raise bad_request(f"search.bad_{key}", f"{key} phải là số", f"{key} must be a number") \
            from None
    return max(0, min(value, high))


def search(ctx: Ctx, staff: Staff, params: dict, ip: str | None = None) -> dict:
    """Find dossiers by code/name (q), phone, status, procedure, intake date range."""
    refuse_nul(params)
    center = centers.center_of(ctx.session, staff.center_id) if staff.center_id else None
    query = select(Dossier)
    if center is not None:
        query = query.where(Dossier.center_id == center.id)
    q = str(params.get("q") or "").strip()
    if q:
        folded = fold(q)
        query = query.where(or_(Dossier.code.contains(q.upper(), autoescape=True),
                                Dossier.applicant_name_folded.contains(folded, autoescape=True),
                                Dossier.portal_id == q))
    phone = re.sub(r"[\s.\-()]", "", str(params.get("phone") or ""))
    if phone:
        query = query.where(Dossier.applicant_phone.contains(phone, autoescape=True))
    if params.get("status") not in (None, ""):
        codes = [parse_status(s) for s in str(params["status"]).split(",") if s.strip()]
        query = query.where(Dossier.status.in_([int(c) for c in codes]))
    if params.get("procedure"):
        query = query.where(Dossier.procedure_code == str(params["procedure"]).strip())
    tz_center = center or ctx.session.scalar(select(Center).limit(1))
    cal = work_calendar(ctx, tz_center)
    tz = tz_center.timezone if tz_center else ctx.settings.timezone
    if params.get("from"):
        start = parse_day(params["from"], "from")
        query = query.where(Dossier.created_at >= _midnight(start, tz))
    if params.get("to"):
        end = parse_day(params["to"], "to")
        query = query.where(Dossier.created_at < _midnight(end + timedelta(days=1), tz))
    total = ctx.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    limit = _int(params.get("limit"), "limit", 50, MAX_LIMIT)
    offset = _int(params.get("offset"), "offset", 0, 10**9)
    rows = ctx.session.scalars(query.order_by(Dossier.created_at.desc(), Dossier.id.desc())
                               .limit(limit).offset(offset)).all()
    items = [staff_view(ctx, d, facts(ctx, d, cal), brief=True) for d in rows]
    criteria = {k: str(v) for k, v in params.items()
                if k in ("q", "phone", "status", "procedure", "from", "to") and v}
    log_access(ctx, staff, "search", detail={"criteria": criteria, "results": len(items),
                                             "codes": [d.code for d in rows][:MAX_LIMIT]}, ip=ip)
    return {"total": total, "limit": limit, "offset": offset, "dossiers": items}


def view(ctx: Ctx, staff: Staff, code: str, ip: str | None = None) -> dict:
    """Show one dossier to staff (ID number masked) and log the access."""
    dossier = get_dossier(ctx, code, staff.center_id)
    log_access(ctx, staff, "view", dossier, ip=ip)
    return staff_view(ctx, dossier)


def reveal_applicant(ctx: Ctx, staff: Staff, code: str, reason: Any = None,
                     ip: str | None = None) -> dict:
    """Show the full applicant record (ID number unmasked): logged with the reason given."""
    dossier = get_dossier(ctx, code, staff.center_id)
    log_access(ctx, staff, "view_id", dossier,
               detail={"reason": str(reason or "")[:200]}, ip=ip)
    return {"code": dossier.code, "name": dossier.applicant_name,
            "phone": dossier.applicant_phone, "id_number": dossier.applicant_id_number,
            "consent": dossier.consent,
            "consent_at": dossier.consent_at.isoformat() if dossier.consent_at else None}


def access_log(ctx: Ctx, staff: Staff, limit: int = 100) -> list[dict]:
    """List the latest personal-data accesses of the center (for supervisors)."""
    query = select(PersonalDataAccess, Staff.username).join(
        Staff, Staff.id == PersonalDataAccess.staff_id)
    if staff.center_id:
        query = query.where(PersonalDataAccess.center_id == staff.center_id)
    rows = ctx.session.execute(query.order_by(PersonalDataAccess.id.desc()).limit(limit)).all()
    codes = dict(ctx.session.execute(select(Dossier.id, Dossier.code).where(
        Dossier.id.in_([r.dossier_id for r, _u in rows if r.dossier_id]))).all())
    return [{"at": r.at.isoformat(), "staff": username, "action": r.action,
             "dossier": codes.get(r.dossier_id) if r.dossier_id is not None else None,
             "detail": r.detail, "ip": r.ip}
            for r, username in rows]


def _midnight(day: date, tz: str) -> datetime:
    """Return the start of a local day as an aware UTC instant."""
    return datetime.combine(day, time.min, tzinfo=ZoneInfo(tz)).astimezone(UTC)
