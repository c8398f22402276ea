"""The supervisor's live dashboard in one read: queues, counters, today's figures, alerts.

Every query is bounded by the center and either the live statuses (index
ix_tickets_queue: center_id, status, service_id) or today's day (ix_tickets_day:
center_id, day; ix_ticket_events_center_at: center_id, at), so the cost does not grow with
the history.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import BindParameter, bindparam, func, select

from server.kernel.models import Center, Staff
from server.kernel.runtime import Ctx
from server.queue.models import Counter, Service, Ticket, TicketEvent
from server.queue.rules.schedule import local_day
from server.queue.rules.states import CounterStatus, TicketStatus
from server.ratings.public import low_score_alerts
from server.reports.rules.stats import summary
from server.reports.settings import report_settings
from server.reports.usecases import dossier_source

ACTIVE = (TicketStatus.CALLED, TicketStatus.SERVING)
MAX_WAIT_ALERTS = 20
# Hours always drawn on today's charts (office hours); data outside widens the range.
DAY_HOURS = range(7, 18)


def wait_alert_s(ctx: Ctx) -> int:
    """Return the waiting time (seconds) past which a waiting ticket raises an alert."""
    return report_settings(ctx.settings).wait_alert_s


# Statements are built once (building a select() costs more than running it here).
_C: BindParameter[int] = bindparam("center_id")
_SERVICES = (select(Service.id, Service.code, Service.name_vi, Service.name_en, Service.prefix,
                    Service.level, Service.active)
             .where(Service.center_id == _C).order_by(Service.position))
_WAITING = (select(Ticket.service_id, func.count(), func.min(Ticket.issued_at))
            .where(Ticket.center_id == _C, Ticket.status == TicketStatus.WAITING)
            .group_by(Ticket.service_id))
_OVER = (select(Ticket.number, Ticket.service_id, Ticket.issued_at, Ticket.priority)
         .where(Ticket.center_id == _C, Ticket.status == TicketStatus.WAITING,
                Ticket.issued_at <= bindparam("before"))
         .order_by(Ticket.issued_at).limit(MAX_WAIT_ALERTS))
_COUNTERS = (select(Counter.id, Counter.number, Counter.label, Counter.status,
                    Counter.pause_reason, Counter.officer_id, Staff.full_name)
             .outerjoin(Staff, Staff.id == Counter.officer_id)
             .where(Counter.center_id == _C).order_by(Counter.number))
_CURRENT = (select(Ticket.counter_id, Ticket.number, Ticket.status, Ticket.service_id,
                   Ticket.last_called_at)
            .where(Ticket.center_id == _C, Ticket.status.in_(ACTIVE)))
_TODAY = (select(Ticket.id, Ticket.service_id, Ticket.issued_at, Ticket.status, Ticket.wait_s,
                 Ticket.service_s)
          .where(Ticket.center_id == _C, Ticket.day == bindparam("day")))
_FIRST_CALLS = (select(TicketEvent.ticket_id, func.min(TicketEvent.at))
                .where(TicketEvent.center_id == _C, TicketEvent.at >= bindparam("since"),
                       TicketEvent.action == "call")
                .group_by(TicketEvent.ticket_id))
_SEQ = select(Center.event_seq).where(Center.id == _C)


def dashboard(ctx: Ctx, center: Center) -> dict:
    """Return everything the supervisor's dashboard shows, as of the clock's now."""
    now = ctx.clock()
    today = local_day(now, center.timezone)
    threshold = wait_alert_s(ctx)
    rows = _read(ctx, center, now, today, threshold)
    by_id = {s.id: s for s in rows.services}
    waiting_list, longest = _waiting_now(rows.services, rows.waiting, now)
    tally, counter_list = _counters_now(rows.counters, rows.current, by_id)
    figures = _today_figures(rows.services, rows.today_rows, rows.first_calls,
                             ZoneInfo(center.timezone))
    alerts = _wait_alerts(rows.overdue, by_id, now, threshold)
    dossiers = dossier_source.dashboard_figures(ctx, center, now)
    if dossiers:
        alerts.extend(dossiers.pop("alerts", []))
    # A counter whose share of low ratings passed the threshold (docs/ratings.md).
    alerts.extend(dict(a) for a in low_score_alerts(ctx, center))
    return {
        "generated_at": now.isoformat(),
        "seq": rows.seq,
        "center": {"code": center.code, "name": center.name, "timezone": center.timezone},
        "today": today.isoformat(),
        "wait_alert_s": threshold,
        "waiting": waiting_list,
        "waiting_total": sum(w["waiting"] for w in waiting_list),
        "longest_wait": longest,
        "counters": {"summary": tally, "list": counter_list},
        "today_figures": figures,
        "dossiers": dossiers,
        "alerts": alerts,
    }


@dataclass
class _Rows:
    """What the dashboard reads from the database, before any arithmetic."""

    seq: int | None
    services: Sequence[Any]
    waiting: dict[Any, Any]  # service id -> (waiting, oldest issued_at)
    overdue: Sequence[Any]
    counters: Sequence[Any]
    current: dict[Any, Any]  # counter id -> its called or serving ticket
    today_rows: Sequence[Any]
    first_calls: dict[Any, Any]  # ticket id -> first call instant


def _read(ctx: Ctx, center: Center, now: datetime, today: date, threshold: int) -> _Rows:
    """Run the dashboard's queries, each bounded by the center and the live or today's rows."""
    run = ctx.session.execute
    c = {"center_id": center.id}
    day_start = datetime.combine(today, time.min, tzinfo=ZoneInfo(center.timezone))
    seq = run(_SEQ, c).scalar()
    services = run(_SERVICES, c).all()

    # 1. Waiting now, per service: how many, and since when the oldest waits.
    waiting = {sid: (n, oldest) for sid, n, oldest in run(_WAITING, c)}
    overdue = run(_OVER, {**c, "before": now - timedelta(seconds=threshold)}).all()

    # 2. Counters, who works them and what they are doing.
    counters = run(_COUNTERS, c).all()
    current = {t.counter_id: t for t in run(_CURRENT, c)}

    # 3. Today: every ticket of the day and its first call (waits of tickets still in
    # progress are not stored yet, the log has them).
    today_rows = run(_TODAY, {**c, "day": today}).all()
    first_calls = dict(run(_FIRST_CALLS, {**c, "since": day_start}).all())
    return _Rows(seq, services, waiting, overdue, counters, current, today_rows, first_calls)


def _waiting_now(services: Sequence[Any], waiting: dict,
                 now: datetime) -> tuple[list[dict], dict | None]:
    """The queue per service (inactive ones only while tickets wait) and the longest wait."""
    waiting_list = []
    longest = None
    for s in services:
        n, oldest = waiting.get(s.id, (0, None))
        wait = (now - oldest).total_seconds() if oldest else None
        if not s.active and not n:
            continue
        waiting_list.append({"service": s.code, "name_vi": s.name_vi, "name_en": s.name_en,
                             "prefix": s.prefix, "level": s.level, "waiting": n,
                             "oldest_issued_at": oldest.isoformat() if oldest else None,
                             "longest_wait_s": round(wait) if wait is not None else None})
        if wait is not None and (longest is None or wait > longest["wait_s"]):
            longest = {"service": s.code, "wait_s": round(wait),
                       "since": oldest.isoformat()}
    return waiting_list, longest


def _counters_now(counters: Sequence[Any], current: dict, by_id: dict) -> tuple[dict, list[dict]]:
    """Each counter with its officer and ticket, and how many are in each state."""
    counter_list, tally = [], {"open": 0, "paused": 0, "closed": 0, "serving": 0, "calling": 0,
                               "idle": 0}
    for c in counters:
        tally[c.status] = tally.get(c.status, 0) + 1
        cur = current.get(c.id)
        if c.status == CounterStatus.OPEN:
            state = ("serving" if cur.status == TicketStatus.SERVING else "calling") if cur \
                else "idle"
            tally[state] += 1
        counter_list.append({
            "id": c.id, "number": c.number, "label": c.label, "status": c.status,
            "pause_reason": c.pause_reason, "officer": c.full_name if c.officer_id else None,
            "current": None if cur is None else {
                "number": cur.number, "status": cur.status,
                "service": by_id[cur.service_id].code if cur.service_id in by_id else None,
                "called_at": cur.last_called_at.isoformat() if cur.last_called_at else None},
        })
    return tally, counter_list


def _today_figures(services: Sequence[Any], today_rows: Sequence[Any], first_calls: dict,
                   tz: ZoneInfo) -> dict:
    """Today's tickets: issued, served, no-shows, waits, service times; per hour, per service."""
    day = _DayTally()
    for tid, sid, issued_at, status, wait_s, service_s in today_rows:
        day.add(sid, issued_at, status, wait_s, service_s, first_calls.get(tid), tz)
    hours, per_service = day.hours, day.per_service
    span = sorted(set(DAY_HOURS) | set(hours))
    per_hour = [{"hour": hr, "issued": hours[hr]["issued"], "served": hours[hr]["served"],
                 "no_show": hours[hr]["no_show"], "wait_s": summary(hours[hr]["waits"])}
                for hr in range(span[0], span[-1] + 1)]
    today_services = [{"service": s.code, "name_vi": s.name_vi, "name_en": s.name_en,
                       "issued": per_service[s.id]["issued"],
                       "served": per_service[s.id]["served"],
                       "wait_s": summary(per_service[s.id]["waits"]),
                       "service_s": summary(per_service[s.id]["services"])}
                      for s in services if s.id in per_service]
    return {"issued": day.issued, "served": day.served, "no_show": day.no_show,
            "wait_s": summary(day.waits), "service_s": summary(day.service_times),
            "per_hour": per_hour, "per_service": today_services}


class _DayTally:
    """Counts and samples of today's tickets: for the day, per hour of issue, per service."""

    def __init__(self) -> None:
        self.hours: dict[int, dict] = defaultdict(lambda: {"issued": 0, "served": 0,
                                                           "no_show": 0, "waits": []})
        self.per_service: dict[int, dict] = defaultdict(lambda: {"issued": 0, "served": 0,
                                                                 "waits": [], "services": []})
        self.waits: list[float] = []
        self.service_times: list[float] = []
        self.issued = self.served = self.no_show = 0

    def add(self, sid, issued_at, status, wait_s, service_s, call, tz: ZoneInfo) -> None:
        """Count one ticket of the day (`call`: its first call, if any)."""
        # Waiting time = first call − issue (stored once the ticket ends; the log before).
        wait = wait_s if wait_s is not None else (
            (call - issued_at).total_seconds() if call else None)
        h = self.hours[issued_at.astimezone(tz).hour]
        ps = self.per_service[sid]
        self.issued += 1
        h["issued"] += 1
        ps["issued"] += 1
        if status == TicketStatus.DONE:
            self.served += 1
            h["served"] += 1
            ps["served"] += 1
            if service_s is not None:
                self.service_times.append(service_s)
                ps["services"].append(service_s)
        elif status == TicketStatus.NO_SHOW:
            self.no_show += 1
            h["no_show"] += 1
        if wait is not None:
            self.waits.append(wait)
            h["waits"].append(wait)
            ps["waits"].append(wait)


def _wait_alerts(overdue: Sequence[Any], by_id: dict, now: datetime, threshold: int) -> list[dict]:
    """A wait alert per service: tickets waiting longer than the threshold right now."""
    alerts = []
    grouped: dict[int, list] = defaultdict(list)
    for number, sid, issued_at, priority in overdue:
        grouped[sid].append((number, issued_at, priority))
    for sid, items in grouped.items():
        s = by_id.get(sid)
        number, issued_at, _priority = items[0]
        minutes = int((now - issued_at).total_seconds() // 60)
        code = s.code if s else str(sid)
        alerts.append({
            "kind": "wait", "severity": "high" if minutes * 60 >= 2 * threshold else "medium",
            "service": code, "count": len(items), "number": number, "wait_s":
            round((now - issued_at).total_seconds()),
            "message_vi": f"{s.name_vi if s else code}: {len(items)} người chờ quá "
                          f"{threshold // 60} phút, lâu nhất số {number} ({minutes} phút)",
            "message_en": f"{s.name_en if s else code}: {len(items)} waiting over "
                          f"{threshold // 60} min, longest {number} ({minutes} min)"})
    return alerts
