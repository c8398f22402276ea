"""Dossiers of counter visits finished in a period, each on time or late (for scoreboards).

The same clock rules as the report (`assess`): on time = finished by the due date (moved by
the first supplement wait); "early" counts as on time.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from sqlalchemy import select

from server.dossiers.models import Dossier, DossierEvent
from server.dossiers.rules.dossier import Transition, assess
from server.dossiers.usecases.calendar_days import work_calendar
from server.kernel.models import Center
from server.kernel.runtime import Ctx

FINISHED = ("early", "on_time", "late")


def visit_outcomes(ctx: Ctx, center: Center, start: datetime,
                   end: datetime) -> list[tuple[int, bool]]:
    """Return (ticket id, on time) of each visit's dossier finished in [start, end)."""
    # A dossier finished in the period was last changed at or after its finishing.
    rows = ctx.session.execute(
        select(Dossier.id, Dossier.ticket_id, Dossier.due_at)
        .where(Dossier.center_id == center.id, Dossier.ticket_id.is_not(None),
               Dossier.updated_at >= start)).all()
    if not rows:
        return []
    logs: dict[int, list[Transition]] = defaultdict(list)
    for did, status, at in ctx.session.execute(
            select(DossierEvent.dossier_id, DossierEvent.to_status, DossierEvent.at)
            .where(DossierEvent.dossier_id.in_([r.id for r in rows]))
            .order_by(DossierEvent.dossier_id, DossierEvent.at, DossierEvent.id)):
        logs[did].append(Transition(status, at))
    calendar = work_calendar(ctx, center)
    as_of = min(end, ctx.clock())
    out = []
    for r in rows:
        a = assess(logs.get(r.id, ()), r.due_at, as_of, calendar)
        if a.outcome in FINISHED and a.finished_at is not None and start <= a.finished_at < end:
            out.append((r.ticket_id, a.outcome != "late"))
    return out
