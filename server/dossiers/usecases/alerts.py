"""Warn each responsible person of nearly-due and overdue dossiers, per stage.

Rules: docs/domain.md, "Dossiers" (Stages).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from server.dossiers.events import DOSSIER_ALERT, DossierAlertData
from server.dossiers.models import Dossier, DossierAlert
from server.dossiers.rules.calendar import WorkCalendar
from server.dossiers.rules.dossier import DossierStatus, stage_alert
from server.dossiers.settings import dossier_settings
from server.dossiers.usecases.calendar_days import work_calendar
from server.dossiers.usecases.views import Facts, facts, local_text
from server.kernel.events import staff_room
from server.kernel.models import Center, Staff
from server.kernel.runtime import Ctx

S = DossierStatus
# A dossier waiting for the citizen's supplement is paused: nobody is late meanwhile.
WATCHED = (S.ACCEPTED, S.PROCESSING, S.FINANCIAL_OBLIGATION)
OVERALL = -1  # stage_index of the statutory due date's alert


class Alert(DossierAlertData):
    """An alert's event payload and the staff it goes to (the API lists both)."""

    recipients: list[int]


def _supervisors(ctx: Ctx, center_id: int, cache: dict[int, list[int]]) -> list[int]:
    if center_id not in cache:
        cache[center_id] = list(ctx.session.scalars(
            select(Staff.id).where(Staff.center_id == center_id, Staff.active,
                                   Staff.role == "supervisor").order_by(Staff.id)))
    return cache[center_id]


def _recipients(ctx: Ctx, f: Facts, role: str, cache: dict[int, list[int]]) -> list[int]:
    """Officer stages warn the handling officer; supervisor and leader stages the supervisors."""
    d = f.dossier
    handler = d.officer_id or d.intake_officer_id
    officer = [handler] if handler else []
    if role == "officer":
        return officer or _supervisors(ctx, d.center_id, cache)
    if role == "all":
        return list(dict.fromkeys(officer + _supervisors(ctx, d.center_id, cache)))
    return _supervisors(ctx, d.center_id, cache) or officer


def _alert(f: Facts, stage_index: int, level: str, due: datetime,
           recipients: list[int]) -> Alert:
    d = f.dossier
    stage = f.stage(stage_index) if stage_index != OVERALL else None
    return {
        "code": d.code, "center_id": d.center_id, "status_code": d.status,
        "procedure": {"code": d.procedure_code, "name": f.procedure.name_vi,
                      "name_en": f.procedure.name_en},
        "stage_index": stage_index,
        "stage": stage["name"] if stage else None,
        "stage_en": stage["name_en"] if stage else None,
        "scope": "due_date" if stage_index == OVERALL else "stage",
        "level": level, "due_at": due.isoformat(), "due_text": local_text(f.calendar, due),
        "officer_id": d.officer_id, "recipients": recipients,
    }


def _payload(alert: Alert) -> DossierAlertData:
    """The event's data: the alert without its recipients (each gets it in their own room)."""
    return {
        "code": alert["code"], "center_id": alert["center_id"],
        "status_code": alert["status_code"], "procedure": alert["procedure"],
        "stage_index": alert["stage_index"], "stage": alert["stage"],
        "stage_en": alert["stage_en"], "scope": alert["scope"], "level": alert["level"],
        "due_at": alert["due_at"], "due_text": alert["due_text"],
        "officer_id": alert["officer_id"],
    }


def current_alerts(ctx: Ctx, center_id: int | None = None,
                   now: datetime | None = None) -> list[Alert]:
    """Return every nearly-due or overdue stage and due date of watched dossiers."""
    now = now or ctx.clock()
    hours = float(dossier_settings(ctx.settings).nearly_due_hours)
    query = select(Dossier).where(Dossier.status.in_([int(s) for s in WATCHED]))
    if center_id is not None:
        query = query.where(Dossier.center_id == center_id)
    calendars: dict[int, WorkCalendar] = {}
    cache: dict[int, list[int]] = {}
    out: list[Alert] = []
    for d in ctx.session.scalars(query.order_by(Dossier.due_at, Dossier.id)):
        if d.center_id not in calendars:
            calendars[d.center_id] = work_calendar(ctx, ctx.session.get(Center, d.center_id))
        f = facts(ctx, d, calendars[d.center_id], now)
        due = f.promised_due
        if due is not None:
            level = "overdue" if f.assessment.overdue_by_rule else \
                stage_alert(due, now, hours, f.calendar)
            if level != "ok":
                out.append(_alert(f, OVERALL, level, due, _recipients(ctx, f, "all", cache)))
        index = d.stage_index
        stage = f.stage(index)
        if stage is not None and index is not None and index < len(f.stage_due):
            stage_due = f.stage_due[index]
            if d.promised_at and d.promised_at > stage_due:
                stage_due = d.promised_at  # an apology moved every deadline to the new date
            level = stage_alert(stage_due, now, hours, f.calendar)
            if level != "ok":
                out.append(_alert(f, index, level, stage_due,
                                  _recipients(ctx, f, stage["role"], cache)))
    return out


def _claim(ctx: Ctx, dossier_id: int, stage_index: int, level: str) -> bool:
    """Insert the sent-mark once (ON CONFLICT DO NOTHING): True for the first sender only."""
    dialect = ctx.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    mark = insert(DossierAlert).values(dossier_id=dossier_id, stage_index=stage_index,
                                       level=level, at=ctx.clock())
    stmt = mark.on_conflict_do_nothing(
        index_elements=["dossier_id", "stage_index", "level"]).returning(DossierAlert.id)
    return ctx.session.execute(stmt).scalar() is not None


def scan_alerts(ctx: Ctx) -> list[Alert]:
    """Send each new alert once to its recipients' rooms (namespace /counter); return them."""
    sent: list[Alert] = []
    ids = dict(ctx.session.execute(select(Dossier.code, Dossier.id)
                                   .where(Dossier.status.in_([int(s) for s in WATCHED]))).all())
    for alert in current_alerts(ctx):
        if not _claim(ctx, ids[alert["code"]], alert["stage_index"], alert["level"]):
            continue
        data = _payload(alert)
        for staff_id in alert["recipients"]:
            ctx.emit(DOSSIER_ALERT, alert["center_id"], data, room=staff_room(staff_id),
                     namespaces=("/counter",))
        sent.append(alert)
    return sent
