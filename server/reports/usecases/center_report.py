"""The center's dossier report (Biểu II.06a) for a period, from the dossier tables.

SQL fetches only the dossiers that can appear in the period, in two set-based queries
(the dossiers with their procedure's field, then the status log of exactly those
dossiers, by id in chunks of 5000); `server.dossiers.rules.dossier.assess` turns each log into
the dossier's state as of the period end, and `server.reports.rules.dossier_report.build_report`
counts. The formulas (docs/domain.md, "The center report"), as computed there:

- received = carried over (accepted before the period, still pending at its start)
  + new in the period by channel (in person, online, postal); a status-3 (not accepted)
  or status-1 (online, never accepted) dossier was never received and counts nowhere;
- processed = result ready (9) or returned (10) by the period end, split early (at least
  one working day left before the due day), on time (by the due date, moved later by the
  working days of the first supplement wait) and late (after it, or two supplement
  requests or more);
- pending at the period end = in time (due not passed) or overdue;
- returned = processing stopped, handed back because requirements were not met (8);
  withdrawn = withdrawn by the citizen (7);
- received total = processed + pending + returned + withdrawn, on every line;
- on-time rate = (early + on time) ÷ processed; online share = online ÷ newly received.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import datetime

from sqlalchemy import and_, bindparam, or_, select

from server.dossiers.models import Dossier, DossierEvent, Procedure
from server.dossiers.public import work_calendar
from server.dossiers.rules.calendar import WorkCalendar
from server.dossiers.rules.dossier import PENDING, Transition, assess
from server.kernel.models import Center
from server.kernel.runtime import Ctx
from server.reports.rules.dossier_report import LEVELS, Report, ReportRow, build_report
from server.reports.rules.period import Period

LEVEL_LABELS = {"commune": ("Cấp xã", "Commune level"),
                "provincial": ("Cấp tỉnh", "Provincial level")}
Progress = Callable[[int, int, str], None]
_PENDING = sorted(int(s) for s in PENDING)


ID_CHUNK = 5000
_EVENTS = (
    select(DossierEvent.dossier_id, DossierEvent.to_status, DossierEvent.at)
    .where(DossierEvent.dossier_id.in_(bindparam("ids", expanding=True)),
           DossierEvent.at <= bindparam("end"),
           or_(DossierEvent.from_status.is_(None),
               DossierEvent.from_status != DossierEvent.to_status))
    .order_by(DossierEvent.dossier_id, DossierEvent.at, DossierEvent.id))


def relevant(center_id: int, start: datetime, end: datetime, received_from: datetime | None,
             received_to: datetime):
    """Return the WHERE clause of the dossiers that can count in [start, end).

    Received before the period end, and either received in the period or not finished by
    its start. "Not finished by the start" is narrowed without the log: a dossier still in
    a pending status now, or changed after the start (`updated_at` moves on every
    transition, so a dossier whose last change is before the start finished before it).
    The few dossiers finished before the start but touched after it (a result collected
    later) are dropped by `classify`.
    """
    conds = [Dossier.center_id == center_id, Dossier.received_at.is_not(None),
             Dossier.received_at < received_to,
             # Acceptance never precedes creation: lets ix_dossiers_center_created bound it.
             Dossier.created_at < received_to,
             or_(Dossier.received_at >= start, Dossier.status.in_(_PENDING),
                 Dossier.updated_at > start)]
    if received_from is not None:
        conds.append(Dossier.received_at >= received_from)
    return and_(*conds)


def fetch_rows(ctx: Ctx, center: Center, start: datetime, end: datetime,
               calendar: WorkCalendar, received_from: datetime | None = None,
               received_to: datetime | None = None) -> tuple[list[ReportRow], dict]:
    """Return one ReportRow per relevant dossier (assessed as of `end`) and procedure names."""
    where = relevant(center.id, start, end, received_from, received_to or end)
    dossiers = ctx.session.execute(
        select(Dossier.id, Dossier.level, Procedure.field_vi, Dossier.procedure_code,
               Dossier.channel, Dossier.received_at, Dossier.due_at, Procedure.name_vi,
               Procedure.name_en, Procedure.field_en)
        .join(Procedure, Procedure.id == Dossier.procedure_id)
        .where(where)).all()
    if not dossiers:
        return [], {}
    # The status log of exactly those dossiers (by id, through ix_dossier_events_dossier_id:
    # a join let PostgreSQL pick a hash join over the whole log), up to the period end
    # included (assess counts rows at `now`); stage-only rows (same status) are skipped.
    logs: dict[int, list[Transition]] = defaultdict(list)
    ids = [row[0] for row in dossiers]
    for i in range(0, len(ids), ID_CHUNK):
        events = ctx.session.execute(_EVENTS, {"ids": ids[i:i + ID_CHUNK], "end": end})
        for dossier_id, status, at in events:
            logs[dossier_id].append(Transition(status, at))
    rows: list[ReportRow] = []
    names: dict[tuple[str, str], tuple[str, str, str, str]] = {}
    for (did, level, field, code, channel, received_at, due_at, name_vi, name_en,
         field_en) in dossiers:
        a = assess(logs.get(did, ()), due_at, end, calendar)
        rows.append(ReportRow(level=level, field=field or "", procedure_code=code,
                              channel=channel, received_at=a.accepted_at or received_at,
                              accepted=a.accepted_at is not None, outcome=a.outcome,
                              closed_at=a.finished_at))
        names.setdefault((level, code), (name_vi, name_en, field or "", field_en or ""))
    return rows, names


def center_report(ctx: Ctx, center: Center, period: Period,
                  on_progress: Progress | None = None) -> dict:
    """Return the dossier report of a center for a period, ready for JSON and exports.

    With `on_progress`, the dossiers are fetched in pieces (those carried over, then
    those received in each month of the period) and the callback hears of each piece; the
    counts are the same either way, since every dossier is assessed against the whole
    period.
    """
    start, end = period.start, period.end
    calendar = work_calendar(ctx, center)
    if on_progress is None:
        rows, names = fetch_rows(ctx, center, start, end, calendar)
    else:
        pieces = [(None, start, "carried over")] + [
            (m.start, m.end, m.first.strftime("%Y-%m")) for m in period.months()]
        rows, names = [], {}
        for i, (lo, hi, label) in enumerate(pieces):
            part, part_names = fetch_rows(ctx, center, start, end, calendar, lo, hi)
            rows += part
            names.update(part_names)
            on_progress(i + 1, len(pieces), label)
    return report_dict(build_report(rows, start, end), center, period, names)


def report_dict(report: Report, center: Center, period: Period, names: dict) -> dict:
    """Lay a Report out for JSON: total, levels, then fields and procedures per level."""
    fields_en = {(lvl, f): fe for (lvl, _c), (_n, _ne, f, fe) in names.items()}
    procs = sorted(report.by_procedure.items(),
                   key=lambda kv: (LEVELS.index(kv[0][0]), names.get(kv[0], ("", "", ""))[2],
                                   kv[0][1]))
    return {
        "kind": "center",
        "center": {"code": center.code, "name": center.name, "timezone": center.timezone,
                   "agency_code": center.agency_code},
        "period": period.as_dict(),
        "total": report.total.as_dict(),
        "levels": [{"level": lvl, "label_vi": LEVEL_LABELS[lvl][0],
                    "label_en": LEVEL_LABELS[lvl][1], **report.by_level[lvl].as_dict()}
                   for lvl in LEVELS],
        "fields": [{"level": lvl, "field": f, "field_en": fields_en.get((lvl, f), ""),
                    **c.as_dict()}
                   for (lvl, f), c in sorted(report.by_field.items(),
                                             key=lambda kv: (LEVELS.index(kv[0][0]), kv[0][1]))],
        "procedures": [{"level": lvl, "code": code,
                        "name_vi": names.get((lvl, code), ("",))[0],
                        "name_en": names.get((lvl, code), ("", ""))[1],
                        "field": names.get((lvl, code), ("", "", ""))[2],
                        **c.as_dict()}
                       for (lvl, code), c in procs],
    }
