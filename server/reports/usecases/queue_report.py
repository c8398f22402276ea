"""Queue report: tickets, served, no-shows, waiting and service times per service, counter,
officer, day and hour of day, and the longest waits; from the stored times of `tickets` and
the `ticket_events` log.

Definitions (docs/domain.md, "Queue figures"):
- issued = tickets whose local day is in the period, grouped by the service that last held
  the ticket (a transfer moves the ticket, the number stays);
- served = status done; no-show = status no_show; cancelled = status cancelled; open =
  anything else (still waiting, called or on hold when the day ended);
- waiting time = first call − issue (`tickets.wait_s`, stored when the ticket ends, so only
  called tickets have one); service time = the serving segments (`tickets.service_s`, done
  tickets only);
- per counter / officer the ticket counts where it ended (the last counter and officer that
  handled it); calls (first calls and recalls) and transfers come from `ticket_events`;
- hour of day = local hour of issue in the center's time zone;
- average, median and 90th percentile: see `server.reports.rules.stats.summary`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from server.kernel.models import Center, Staff
from server.kernel.runtime import Ctx
from server.queue.models import Counter, Service, Ticket, TicketEvent
from server.queue.rules.states import TicketStatus
from server.reports.rules.period import Period
from server.reports.rules.stats import summary
from server.reports.usecases.ratings_report import ratings_section

LONGEST = 10
Progress = Callable[[int, int, str], None]

_TICKETS = (
    select(Ticket.id, Ticket.number, Ticket.service_id, Ticket.counter_id, Ticket.officer_id,
           Ticket.day, Ticket.issued_at, Ticket.status, Ticket.wait_s, Ticket.service_s,
           Ticket.transfers, Ticket.priority)
)


class _Group:
    """Running figures of one line of the queue report."""

    __slots__ = ("issued", "served", "no_show", "cancelled", "open", "waits", "services",
                 "calls", "transfers", "priority")

    def __init__(self) -> None:
        self.issued = self.served = self.no_show = self.cancelled = self.open = 0
        self.calls = self.transfers = self.priority = 0
        self.waits: list[float] = []
        self.services: list[float] = []

    def add(self, status: str, wait_s: float | None, service_s: float | None,
            priority: str | None) -> None:
        self.issued += 1
        if status == TicketStatus.DONE:
            self.served += 1
        elif status == TicketStatus.NO_SHOW:
            self.no_show += 1
        elif status == TicketStatus.CANCELLED:
            self.cancelled += 1
        else:
            self.open += 1
        if priority:
            self.priority += 1
        if wait_s is not None:
            self.waits.append(wait_s)
        if service_s is not None and status == TicketStatus.DONE:
            self.services.append(service_s)

    def as_dict(self) -> dict:
        # No-show rate = no-shows / tickets that were called (served + no-show).
        called = self.served + self.no_show
        return {"issued": self.issued, "served": self.served, "no_show": self.no_show,
                "cancelled": self.cancelled, "open": self.open, "priority": self.priority,
                "calls": self.calls, "transfers": self.transfers,
                "no_show_rate": round(self.no_show / called, 4) if called else None,
                "wait_s": summary(self.waits), "service_s": summary(self.services)}


def queue_report(ctx: Ctx, center: Center, period: Period,
                 on_progress: Progress | None = None) -> dict:
    """Return the queue report of a center for a period (month by month for progress)."""
    tz = ZoneInfo(center.timezone)
    total = _Group()
    groups: dict[str, dict] = {k: defaultdict(_Group)
                               for k in ("service", "counter", "officer", "day", "hour")}
    longest: list[tuple] = []
    months = period.months()
    for i, piece in enumerate(months):
        rows = ctx.session.execute(_TICKETS.where(
            Ticket.center_id == center.id, Ticket.day >= piece.first, Ticket.day <= piece.last))
        for (tid, number, service_id, counter_id, officer_id, day, issued_at, status, wait_s,
             service_s, _transfers, priority) in rows:
            args = (status, wait_s, service_s, priority)
            total.add(*args)
            groups["service"][service_id].add(*args)
            groups["day"][day].add(*args)
            groups["hour"][issued_at.astimezone(tz).hour].add(*args)
            if counter_id is not None:
                groups["counter"][counter_id].add(*args)
            if officer_id is not None:
                groups["officer"][officer_id].add(*args)
            if wait_s is not None:
                longest.append((wait_s, tid, number, service_id, counter_id, day, issued_at))
        longest = sorted(longest, key=lambda r: (-r[0], r[1]))[:LONGEST]
        _count_events(ctx, center, piece, total, groups)
        if on_progress:
            on_progress(i + 1, len(months), piece.first.strftime("%Y-%m"))
    report = _assemble(ctx, center, period, total, groups, longest)
    report["ratings"] = ratings_section(ctx, center, period)
    return report


def _count_events(ctx: Ctx, center: Center, piece: Period, total: _Group,
                  groups: dict[str, dict]) -> None:
    """Add calls (call + recall) and transfers from the log, by counter, officer, service."""
    rows = ctx.session.execute(
        select(TicketEvent.action, TicketEvent.service_id, TicketEvent.counter_id,
               TicketEvent.officer_id, func.count())
        .where(TicketEvent.center_id == center.id, TicketEvent.at >= piece.start,
               TicketEvent.at < piece.end,
               TicketEvent.action.in_(("call", "recall", "transfer")))
        .group_by(TicketEvent.action, TicketEvent.service_id, TicketEvent.counter_id,
                  TicketEvent.officer_id))
    for action, service_id, counter_id, officer_id, n in rows:
        field = "transfers" if action == "transfer" else "calls"
        targets = [total, groups["service"][service_id]]
        if counter_id is not None:
            targets.append(groups["counter"][counter_id])
        if officer_id is not None:
            targets.append(groups["officer"][officer_id])
        for g in targets:
            setattr(g, field, getattr(g, field) + n)


def _assemble(ctx: Ctx, center: Center, period: Period, total: _Group,
              groups: dict[str, dict], longest: list[tuple]) -> dict:
    services = {s.id: s for s in ctx.session.scalars(
        select(Service).where(Service.center_id == center.id))}
    counters = {c.id: c for c in ctx.session.scalars(
        select(Counter).where(Counter.center_id == center.id))}
    officer_ids = [k for k in groups["officer"] if k is not None]
    staff = {s.id: s for s in ctx.session.scalars(
        select(Staff).where(Staff.id.in_(officer_ids)))} if officer_ids else {}

    def service_key(sid):
        s = services.get(sid)
        return (s.position, s.code) if s else (10**6, str(sid))

    by_service = [{"service": services[sid].code if sid in services else str(sid),
                   "name_vi": services[sid].name_vi if sid in services else "",
                   "name_en": services[sid].name_en if sid in services else "",
                   **g.as_dict()}
                  for sid, g in sorted(groups["service"].items(),
                                       key=lambda kv: service_key(kv[0])) if g.issued or g.calls]
    by_counter = [{"counter": counters[cid].number if cid in counters else None,
                   "label": counters[cid].label if cid in counters else "", **g.as_dict()}
                  for cid, g in sorted(groups["counter"].items(),
                                       key=lambda kv: counters[kv[0]].number
                                       if kv[0] in counters else 10**6)]
    by_officer = [{"officer_id": oid,
                   "username": staff[oid].username if oid in staff else str(oid),
                   "full_name": staff[oid].full_name if oid in staff else "", **g.as_dict()}
                  for oid, g in sorted(groups["officer"].items(),
                                       key=lambda kv: staff[kv[0]].username
                                       if kv[0] in staff else str(kv[0]))]
    # Calls and transfers are counted from the log per service, counter and officer only.
    untimed = {"calls": None, "transfers": None}
    by_day = [{"day": d.isoformat(), **g.as_dict(), **untimed}
              for d, g in sorted(groups["day"].items(), key=lambda kv: kv[0])
              if isinstance(d, date)]
    by_hour = [{"hour": h, **g.as_dict(), **untimed}
               for h, g in sorted(groups["hour"].items())]
    tz = ZoneInfo(center.timezone)
    longest_waits = [{
        "number": number, "day": day.isoformat(),
        "service": services[sid].code if sid in services else str(sid),
        "counter": counters[cid].number if cid in counters else None,
        "issued_at": issued_at.isoformat(),
        "issued_local": issued_at.astimezone(tz).strftime("%H:%M"),
        "wait_s": round(wait_s, 1),
    } for wait_s, _tid, number, sid, cid, day, issued_at in longest]
    return {
        "kind": "queue",
        "center": {"code": center.code, "name": center.name, "timezone": center.timezone},
        "period": period.as_dict(),
        "total": total.as_dict(),
        "by_service": by_service,
        "by_counter": by_counter,
        "by_officer": by_officer,
        "by_day": by_day,
        "by_hour": by_hour,
        "longest_waits": longest_waits,
    }
