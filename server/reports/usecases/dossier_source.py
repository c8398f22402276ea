"""Dossier figures for the dashboard: received today, pending, overdue (with alerts).

Overdue uses the same clock rules as the report (`assess`): a pending dossier whose due
date, moved by the first supplement wait, has passed; or one with two supplement requests.
Only pending dossiers whose statutory due date has passed are candidates (a pause only
moves the due date later), so the work is bounded by the overdue backlog, not the history.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import BindParameter, bindparam, func, or_, select

from server.dossiers.models import Dossier, DossierEvent, Procedure
from server.dossiers.public import work_calendar
from server.dossiers.rules.dossier import PENDING, Transition, assess
from server.kernel.models import Center
from server.kernel.runtime import Ctx
from server.queue.rules.schedule import local_day

MAX_ALERTS = 20
_PENDING = sorted(int(s) for s in PENDING)


_C: BindParameter[int] = bindparam("center_id")
# Received today = accepted today (status 2 in the log; ix_dossier_events_center_at).
_RECEIVED_TODAY = (select(func.count()).select_from(DossierEvent)
                   .where(DossierEvent.center_id == _C, DossierEvent.at >= bindparam("since"),
                          DossierEvent.to_status == 2,
                          or_(DossierEvent.from_status.is_(None),
                              DossierEvent.from_status != 2)))
_PENDING_COUNT = (select(func.count()).select_from(Dossier)
                  .where(Dossier.center_id == _C, Dossier.status.in_(_PENDING)))
_CANDIDATES = (select(Dossier.id, Dossier.code, Dossier.due_at, Dossier.status,
                      Procedure.name_vi, Procedure.name_en)
               .join(Procedure, Procedure.id == Dossier.procedure_id)
               .where(Dossier.center_id == _C, Dossier.status.in_(_PENDING),
                      Dossier.due_at < bindparam("now"))
               .order_by(Dossier.due_at))


def dashboard_figures(ctx: Ctx, center: Center, now: datetime) -> dict:
    """Return {received_today, pending, overdue, alerts} for a center at `now`."""
    tz = ZoneInfo(center.timezone)
    day_start = datetime.combine(local_day(now, center.timezone), time.min, tzinfo=tz)
    run = ctx.session.execute
    params = {"center_id": center.id}
    received_today = run(_RECEIVED_TODAY, {**params, "since": day_start}).scalar() or 0
    pending = run(_PENDING_COUNT, params).scalar() or 0
    candidates = run(_CANDIDATES, {**params, "now": now}).all()
    overdue = []
    if candidates:
        logs: dict[int, list[Transition]] = defaultdict(list)
        for did, status, at in ctx.session.execute(
                select(DossierEvent.dossier_id, DossierEvent.to_status, DossierEvent.at)
                .where(DossierEvent.dossier_id.in_([c.id for c in candidates]),
                       or_(DossierEvent.from_status.is_(None),
                           DossierEvent.from_status != DossierEvent.to_status))
                .order_by(DossierEvent.dossier_id, DossierEvent.at, DossierEvent.id)):
            logs[did].append(Transition(status, at))
        calendar = work_calendar(ctx, center)
        for c in candidates:
            a = assess(logs.get(c.id, ()), c.due_at, now, calendar)
            if a.outcome == "pending_overdue":
                overdue.append((c, a.effective_due))
    alerts = []
    for c, due in overdue[:MAX_ALERTS]:
        late_min = int((now - due).total_seconds() // 60) if due else 0
        alerts.append({
            "kind": "dossier_overdue", "severity": "high", "code": c.code,
            "due_at": due.isoformat() if due else None,
            "message_vi": f"Hồ sơ {c.code} ({c.name_vi}) đã quá hạn {_ago_vi(late_min)}",
            "message_en": f"Dossier {c.code} ({c.name_en or c.name_vi}) overdue by "
                          f"{_ago_en(late_min)}"})
    return {"received_today": received_today, "pending": pending, "overdue": len(overdue),
            "alerts": alerts}


def _ago_vi(minutes: int) -> str:
    if minutes >= 24 * 60:
        return f"{minutes // (24 * 60)} ngày"
    return f"{minutes // 60} giờ" if minutes >= 60 else f"{max(minutes, 1)} phút"


def _ago_en(minutes: int) -> str:
    if minutes >= 24 * 60:
        return f"{minutes // (24 * 60)} d"
    return f"{minutes // 60} h" if minutes >= 60 else f"{max(minutes, 1)} min"
