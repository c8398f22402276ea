"""The administrators' calendar exceptions and the WorkCalendar built from them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from server.dossiers.models import CalendarDay
from server.dossiers.rules.calendar import WorkCalendar
from server.dossiers.usecases.common import cutoff, parse_day
from server.kernel.errors import bad_request
from server.kernel.models import Center, Staff
from server.kernel.runtime import Ctx

KINDS = ("off", "work")


def work_calendar(ctx: Ctx, center: Center | None = None) -> WorkCalendar:
    """Return the working calendar: library holidays, the admin table, the intake cutoff."""
    rows = ctx.session.execute(select(CalendarDay.day, CalendarDay.kind)).all()
    tz = center.timezone if center is not None else ctx.settings.timezone
    return WorkCalendar(
        extra_days_off=[d for d, kind in rows if kind == "off"],
        makeup_workdays=[d for d, kind in rows if kind == "work"],
        tz=tz,
        cutoff=cutoff(ctx.settings),
    )


def _view(row: CalendarDay) -> dict:
    return {"day": row.day.isoformat(), "kind": row.kind, "note": row.note,
            "updated_at": row.updated_at.isoformat()}


def list_days(ctx: Ctx, year: int | None = None, center: Center | None = None) -> dict:
    """List the admin table's days (of a year) and the year's holidays as the calendar sees them."""
    query = select(CalendarDay).order_by(CalendarDay.day)
    if year is not None:
        query = query.where(CalendarDay.day >= date(year, 1, 1),
                            CalendarDay.day <= date(year, 12, 31))
    days = [_view(r) for r in ctx.session.scalars(query)]
    out: dict = {"days": days}
    if year is not None:
        cal = work_calendar(ctx, center)
        out["year"] = year
        out["days_off"] = [{"day": d.isoformat(), "name": name}
                           for d, name in cal.days_off(year).items()]
    return out


def set_day(ctx: Ctx, staff: Staff | None, day: object, kind: object, note: object = "") -> dict:
    """Add or change an exception: kind "off" (extra day off), "work" (make-up day), "none"."""
    when = parse_day(day)
    if kind not in (*KINDS, "none"):
        raise bad_request("calendar.bad_kind", "Loại ngày phải là off, work hoặc none",
                          "kind must be off, work or none")
    row = ctx.session.get(CalendarDay, when)
    if kind == "none":
        if row is not None:
            ctx.session.delete(row)
        return {"day": when.isoformat(), "kind": "none"}
    note = str(note or "").strip()[:200]
    if row is None:
        row = CalendarDay(day=when)
        ctx.session.add(row)
    row.kind, row.note = str(kind), note
    row.updated_by = staff.id if staff else None
    row.updated_at = ctx.clock()
    ctx.session.flush()
    return _view(row)
