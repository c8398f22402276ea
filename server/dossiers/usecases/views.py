"""Read side of dossiers: clock facts, stage deadlines, staff and public descriptions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from server.dossiers.events import StatusWords
from server.dossiers.models import (
    Dossier,
    DossierApology,
    DossierEvent,
    DossierFile,
    DossierPayment,
    Procedure,
)
from server.dossiers.rules.calendar import WorkCalendar
from server.dossiers.rules.dossier import (
    PENDING,
    Assessment,
    DossierStatus,
    Stage,
    allowed_next,
    assess,
    mask_id_number,
    stage_deadlines,
)
from server.dossiers.usecases.calendar_days import work_calendar
from server.dossiers.usecases.common import procedure_of
from server.kernel.models import Center
from server.kernel.runtime import Ctx
from server.queue.models import Ticket


def status_words(code: int) -> StatusWords:
    """Return a status code's words: {"vi", "en"}."""
    status = DossierStatus(code)
    return {"vi": status.label_vi, "en": status.label_en}


def local_text(cal: WorkCalendar, at: datetime | None) -> str | None:
    """Return an instant as the center shows it: "17:00 03/12/2026"."""
    return cal.local(at).strftime("%H:%M %d/%m/%Y") if at else None


def local_date(cal: WorkCalendar, at: datetime | None) -> str | None:
    """Return the local calendar day of an instant (ISO), e.g. the ngày hẹn trả."""
    return cal.local(at).date().isoformat() if at else None


@dataclass
class Facts:
    """Everything derived from a dossier's log at one instant."""

    dossier: Dossier
    procedure: Procedure
    calendar: WorkCalendar
    events: list[DossierEvent]
    assessment: Assessment
    stage_due: list[datetime]  # per stage, moved by the supplement pause

    @property
    def effective_due(self) -> datetime | None:
        """Return the due instant after the supplement pause."""
        return self.assessment.effective_due

    @property
    def promised_due(self) -> datetime | None:
        """Return the date the citizen was told last: the apology's new date, else the due."""
        d = self.dossier
        if d.promised_at and (self.effective_due is None or d.promised_at > self.effective_due):
            return d.promised_at
        return self.effective_due

    def stage(self, index: int | None) -> dict | None:
        """Return a stage of the dossier's procedure version with its deadline."""
        stages = self.procedure.stages or []
        if index is None or not 0 <= index < len(stages):
            return None
        s = stages[index]
        due = self.stage_due[index] if index < len(self.stage_due) else None
        return {"index": index, "name": s["name"], "name_en": s.get("name_en") or s["name"],
                "role": s.get("role", "officer"), "due_at": due.isoformat() if due else None,
                "due_text": local_text(self.calendar, due)}


def status_log(events: list[DossierEvent]) -> list[tuple[int, datetime]]:
    """Return the status changes of a log (stage-only moves left out) for the clock rules."""
    return [(e.to_status, e.at) for e in events if e.from_status != e.to_status]


def events_of(ctx: Ctx, dossier: Dossier) -> list[DossierEvent]:
    """Return a dossier's log in order."""
    return list(ctx.session.scalars(select(DossierEvent).where(DossierEvent.dossier_id ==
                                                                dossier.id)
                                    .order_by(DossierEvent.at, DossierEvent.id)))


def facts(ctx: Ctx, dossier: Dossier, cal: WorkCalendar | None = None,
          now: datetime | None = None) -> Facts:
    """Assess a dossier against its due date and stage budgets."""
    center = ctx.session.get(Center, dossier.center_id)
    cal = cal or work_calendar(ctx, center)
    now = now or ctx.clock()
    procedure = procedure_of(ctx, dossier)
    events = events_of(ctx, dossier)
    assessment = assess(status_log(events), dossier.due_at, now, cal)
    stage_due: list[datetime] = []
    if dossier.received_at is not None and dossier.due_at is not None:
        stages = [Stage.from_dict(s) for s in procedure.stages or []]
        planned = stage_deadlines(dossier.received_at, stages, cal, dossier.due_at)
        pause = assessment.paused_working_days
        stage_due = [cal.extend_for_pause(d, pause) if pause else d for d in planned]
    return Facts(dossier, procedure, cal, events, assessment, stage_due)


def _timeline(f: Facts, public: bool) -> list[dict]:
    stages = f.procedure.stages or []
    out = []
    for e in f.events:
        stage = stages[e.stage_index] if e.stage_index is not None and \
            0 <= e.stage_index < len(stages) else None
        item = {
            "status_code": e.to_status, "status": status_words(e.to_status),
            "from_status": e.from_status,
            "stage": stage["name"] if stage else None,
            "stage_en": (stage.get("name_en") or stage["name"]) if stage else None,
            "at": e.at.isoformat(), "at_text": local_text(f.calendar, e.at),
        }
        if not public:
            # Notes may name people: staff only.
            item |= {"note": e.note, "officer_id": e.officer_id, "source": e.source}
        out.append(item)
    return out


def _due_fields(f: Facts) -> dict:
    d, cal = f.dossier, f.calendar
    due = f.promised_due
    return {
        "received_at": d.received_at.isoformat() if d.received_at else None,
        "received_text": local_text(cal, d.received_at),
        # The date the citizen holds: after an apology, its new date.
        "due_date": local_date(cal, due), "due_at": due.isoformat() if due else None,
        "due_text": local_text(cal, due),
        "statutory_due_at": d.due_at.isoformat() if d.due_at else None,
        "apology": d.promised_at is not None,
    }


def _linked(ctx: Ctx, dossier: Dossier) -> list[dict]:
    if not dossier.group_id:
        return []
    rows = ctx.session.execute(
        select(Dossier.code, Dossier.status, Procedure.name_vi, Procedure.name_en)
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .where(Dossier.group_id == dossier.group_id).order_by(Dossier.id)).all()
    return [{"code": code, "status_code": status, "status": status_words(status),
             "procedure": {"name": vi, "name_en": en}}
            for code, status, vi, en in rows]


def public_view(ctx: Ctx, dossier: Dossier, f: Facts | None = None) -> dict:
    """Describe a dossier for its holder: status, dates, stage, timeline. No personal data."""
    f = f or facts(ctx, dossier)
    d = dossier
    return {
        "code": d.code,
        "status_code": d.status, "status": status_words(d.status),
        "procedure": {"code": d.procedure_code, "name": f.procedure.name_vi,
                      "name_en": f.procedure.name_en, "level": f.procedure.level},
        "channel": d.channel,
        **_due_fields(f),
        "stage": f.stage(d.stage_index) if d.status in PENDING else None,
        "stages": [{"index": i, "name": s["name"], "name_en": s.get("name_en") or s["name"]}
                   for i, s in enumerate(f.procedure.stages or [])],
        "paused": d.status == DossierStatus.SUPPLEMENT,
        "result_method": d.result_method,
        "timeline": _timeline(f, public=True),
        "linked": _linked(ctx, d),
    }


def staff_view(ctx: Ctx, dossier: Dossier, f: Facts | None = None, brief: bool = False) -> dict:
    """Describe a dossier for officers: the public view plus applicant (ID masked) and records."""
    f = f or facts(ctx, dossier)
    d = dossier
    a = f.assessment
    ticket = ctx.session.get(Ticket, d.ticket_id) if d.ticket_id else None
    view = {
        "code": d.code, "secret": d.secret,
        "status_code": d.status, "status": status_words(d.status),
        "procedure": {"code": d.procedure_code, "version": f.procedure.version,
                      "name": f.procedure.name_vi, "name_en": f.procedure.name_en,
                      "level": f.procedure.level, "field": f.procedure.field_vi},
        "agency_code": d.agency_code, "channel": d.channel, "source": d.source,
        "ticket": ticket.tracking_code if ticket else None,
        "ticket_number": ticket.number if ticket else None,
        "group": {"id": d.group_id, "code": d.group_code} if d.group_id else None,
        "applicant": {"name": d.applicant_name, "phone": d.applicant_phone,
                      "id_number": mask_id_number(d.applicant_id_number),
                      "consent": d.consent},
        **_due_fields(f),
        "outcome": a.outcome,
        "overdue": a.outcome in ("pending_overdue", "late"),
        "supplement_count": a.supplement_count,
        "paused_working_days": a.paused_working_days,
        "stage": f.stage(d.stage_index),
        "next_statuses": [{"status_code": int(s), **status_words(s)}
                          for s in sorted(allowed_next(d.status))],
        "officer_id": d.officer_id, "intake_officer_id": d.intake_officer_id,
        "portal_id": d.portal_id,
        "fee_vnd": d.fee_vnd, "paid_vnd": d.paid_vnd,
        "result_method": d.result_method,
        "created_at": d.created_at.isoformat(),
    }
    if brief:
        return view
    view |= {
        "documents_received": list(d.documents_received or []),
        "note": d.note,
        "stages": [f.stage(i) for i in range(len(f.procedure.stages or []))],
        "timeline": _timeline(f, public=False),
        "linked": _linked(ctx, d),
        "files": [{"id": x.id, "name": x.name, "content_type": x.content_type, "size": x.size,
                   "sha256": x.sha256, "at": x.at.isoformat()}
                  for x in ctx.session.scalars(select(DossierFile)
                                               .where(DossierFile.dossier_id == d.id)
                                               .order_by(DossierFile.id))],
        "payments": [{"amount_vnd": p.amount_vnd, "method": p.method, "ref": p.ref,
                      "at": p.at.isoformat()}
                     for p in ctx.session.scalars(select(DossierPayment)
                                                  .where(DossierPayment.dossier_id == d.id)
                                                  .order_by(DossierPayment.id))],
        "apologies": [{"text": x.text, "ref": x.ref,
                       "old_due_at": x.old_due_at.isoformat() if x.old_due_at else None,
                       "new_due_at": x.new_due_at.isoformat(), "at": x.at.isoformat()}
                      for x in ctx.session.scalars(select(DossierApology)
                                                   .where(DossierApology.dossier_id == d.id)
                                                   .order_by(DossierApology.id))],
    }
    return view
