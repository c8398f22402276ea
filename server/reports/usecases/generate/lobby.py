"""The lobby, day by day: counters opened, tickets issued, called and served, counters closed.

Each ticket gets its full log (issue, call, recall, start, complete, no-show, cancel) and
the times stored at the end (wait_s, walk_s, service_s); each open counter its
counter_log (opened, paused at lunch, closed).
"""

from __future__ import annotations

import math
import random
from datetime import UTC, date, datetime, time, timedelta

from server.queue.rules.states import format_number

from .plans import CenterPlan
from .province import PRIORITIES, PRIORITY_WEIGHTS, SERVICE_MIX, TRACK_ALPHABET
from .state import HistoryState
from .workdays import sec
from .writer import Writer


class LobbyDay:
    """One day of one center's lobby: which counters open, when each is free, who works it."""

    def __init__(self, rng: random.Random, plan: CenterPlan, d: date, n: int):
        self.plan, self.d = plan, d
        self.saturday = d.weekday() == 5
        self.midnight = datetime.combine(d, time.min, tzinfo=plan.tz).astimezone(UTC)
        self.close = sec(11, 30) if self.saturday else sec(17, 0)
        self.last_call = self.close + 15 * 60
        self.mix = [SERVICE_MIX.get(code, (0.05, 480)) for _sid, code, _p, _l in plan.services]
        self.weights = [m[0] for m in self.mix]
        # Enough counters to cover every service first, more on busy days.
        order = cover_order(plan)
        k = min(len(order), max(min_cover(plan, order), math.ceil(n / 22)))
        self.open_counters = order[:k]
        self.free = {c[0]: sec(7, 30) + rng.uniform(0, 600) for c in self.open_counters}
        self.first_act = dict(self.free)
        self.last_act = dict(self.free)
        self.officer = {c[0]: (plan.officers[i % len(plan.officers)] if plan.officers else None)
                        for i, c in enumerate(plan.counters)}
        self.serving: dict[int, list] = {}
        for c in self.open_counters:
            for rank, sid in enumerate(c[2]):
                self.serving.setdefault(sid, []).append((rank, c[0]))
        self.served: list[tuple] = []

    def at(self, seconds: float) -> datetime:
        """The instant `seconds` after the day's local midnight."""
        return self.midnight + timedelta(seconds=seconds)

    def best_counter(self, sid: int, issued_s: float) -> int | None:
        """The open counter that would call a ticket of this service first, if any serves it."""
        choices = self.serving.get(sid)
        if not choices:
            return None
        free = self.free
        return min(choices, key=lambda rc: (max(free[rc[1]], issued_s), rc[0]))[1]


class Lobby(HistoryState):
    """The queue side of a center's day: tickets and counters."""

    def _tracking_code(self) -> str:
        while True:
            code = "".join(self.rng.choices(TRACK_ALPHABET, k=10))
            if code not in self.tracking:
                self.tracking.add(code)
                return code

    def _issue_second(self, saturday: bool) -> float:
        """A kiosk issue time (seconds after local midnight): morning rush, calmer afternoon."""
        r = self.rng
        if saturday or r.random() < 0.62:
            # 07:30-11:30, most before 09:30 (triangular, mode 08:15).
            return r.triangular(sec(7, 30), sec(11, 25), sec(8, 15))
        return r.triangular(sec(13, 30), sec(16, 50), sec(14, 15))

    def tickets_day(self, w: Writer, plan: CenterPlan, d: date, n: int) -> list[tuple]:
        """Simulate one day of the lobby; return served tickets (id, end instant, service)."""
        r = self.rng
        day = LobbyDay(r, plan, d, n)
        issues = sorted((self._issue_second(day.saturday),
                         r.choices(range(len(plan.services)), day.weights)[0])
                        for _ in range(n))
        for issued_s, si in issues:
            self._ticket(w, day, issued_s, si)
        for c in day.open_counters:
            self._counter_log(w, day, c[0])
        return day.served

    def _ticket(self, w: Writer, day: LobbyDay, issued_s: float, si: int) -> None:
        """Issue one ticket and play it out: served, a no-show, or cancelled while waiting."""
        r = self.rng
        sid, _scode, prefix, _level = day.plan.services[si]
        tid = self.ids.take("tickets")
        seq = self._seq(f"ticket:{sid}", day.d)
        priority = r.choices(PRIORITIES, PRIORITY_WEIGHTS)[0]
        issued = day.at(issued_s)
        events = [("issue", None, "waiting", None, None, issued)]
        row = self._ticket_row(day, tid, sid, seq, prefix, priority, issued)
        best = day.best_counter(sid, issued_s)
        call_s = self._call_second(day, best, issued_s)
        if r.random() < 0.006 or best is None or call_s is None or call_s > day.last_call:
            self._cancel(day, row, events, best, issued_s)
        else:
            self._call(day, row, events, best, issued_s, call_s, day.mix[si][1])
        w.add("tickets", row)
        for action, frm, to, cid, off, when in events:
            w.add("ticket_events", {
                "id": self.ids.take("ticket_events"), "ticket_id": tid,
                "center_id": day.plan.id, "action": action, "from_status": frm,
                "to_status": to, "service_id": sid, "counter_id": cid, "officer_id": off,
                "at": when, "note": "auto: call limit" if action == "no_show" else None})

    def _ticket_row(self, day: LobbyDay, tid: int, sid: int, seq: int, prefix: str,
                    priority: str | None, issued: datetime) -> dict:
        """The ticket as issued, still waiting (its outcome updates it)."""
        return {"id": tid, "center_id": day.plan.id, "service_id": sid,
                "origin_service_id": sid, "day": day.d, "seq": seq, "transfers": 0,
                "number": format_number(prefix, seq), "priority": priority,
                "tracking_code": self._tracking_code(), "issued_at": issued,
                "device_id": day.plan.device, "counter_id": None, "officer_id": None,
                "target_counter_id": None, "calls": 0, "last_called_at": None,
                "ended_at": None, "wait_s": None, "walk_s": None, "service_s": None,
                "status": "waiting"}

    def _call_second(self, day: LobbyDay, best: int | None, issued_s: float) -> float | None:
        """When the best counter calls the ticket (seconds after midnight), None if never."""
        r = self.rng
        call_s = max(day.free[best], issued_s) + r.uniform(3, 25) if best else None
        if call_s is not None and sec(11, 45) <= call_s < sec(13, 30) and not day.saturday:
            # Lunch (counters finish the morning queue until 11:45): after the break,
            # or the citizen gives up and comes back another day.
            call_s = sec(13, 30) + r.uniform(0, 300) if r.random() < 0.5 else None
        return call_s

    def _cancel(self, day: LobbyDay, row: dict, events: list, best: int | None,
                issued_s: float) -> None:
        """The citizen gave up (or the day ended first): cancelled while waiting."""
        r = self.rng
        end_s = min(issued_s + r.uniform(600, 2400), day.last_call) \
            if best is not None else day.last_call
        end_s = max(end_s, issued_s + 60)
        events.append(("cancel", "waiting", "cancelled", None, None, day.at(end_s)))
        row.update(status="cancelled", ended_at=day.at(end_s))

    def _call(self, day: LobbyDay, row: dict, events: list, best: int, issued_s: float,
              call_s: float, mean: float) -> None:
        """Called at the best counter: then a no-show after a recall, or served."""
        r = self.rng
        off = day.officer[best]
        called = day.at(call_s)
        events.append(("call", "waiting", "called", best, off, called))
        row.update(counter_id=best, officer_id=off, calls=1, last_called_at=called,
                   wait_s=call_s - issued_s)
        if r.random() < 0.04:
            end_s = self._no_show(day, row, events, best, off, call_s)
        else:
            end_s = self._serve(day, row, events, best, off, call_s, mean)
        day.free[best] = end_s + r.uniform(5, 40)
        day.last_act[best] = end_s

    def _no_show(self, day: LobbyDay, row: dict, events: list, best: int, off: int | None,
                 call_s: float) -> float:
        """Recalled once, then marked a no-show; return when the counter is done with it."""
        r = self.rng
        recall_s = call_s + r.uniform(30, 90)
        end_s = recall_s + r.uniform(40, 120)
        events.append(("recall", "called", "called", best, off, day.at(recall_s)))
        events.append(("no_show", "called", "no_show", best, off, day.at(end_s)))
        row.update(status="no_show", calls=2, last_called_at=day.at(recall_s),
                   ended_at=day.at(end_s))
        return end_s

    def _serve(self, day: LobbyDay, row: dict, events: list, best: int, off: int | None,
               call_s: float, mean: float) -> float:
        """Walks up, is served and done; return when the service ends."""
        r = self.rng
        start_s = call_s + r.uniform(15, 80)
        length = min(max(r.lognormvariate(math.log(mean) - 0.125, 0.5), 45), 5400)
        end_s = start_s + length
        events.append(("start", "called", "serving", best, off, day.at(start_s)))
        events.append(("complete", "serving", "done", best, off, day.at(end_s)))
        row.update(status="done", ended_at=day.at(end_s), walk_s=start_s - call_s,
                   service_s=end_s - start_s)
        day.served.append((row["id"], day.at(start_s + length * 0.6), row["service_id"], off))
        return end_s

    def _counter_log(self, w: Writer, day: LobbyDay, kid: int) -> None:
        """The counter's day: opened, paused for lunch (not on Saturdays), closed."""
        r = self.rng
        off = day.officer[kid]
        log: list[tuple[str, str, str | None, float]] = [
            ("closed", "open", None, day.first_act[kid])]
        if not day.saturday:
            log += [("open", "paused", "Nghỉ trưa", sec(11, 30) + r.uniform(0, 600)),
                    ("paused", "open", None, sec(13, 30) + r.uniform(0, 300))]
        log.append(("open", "closed", None,
                    max(day.close, day.last_act[kid]) + r.uniform(60, 600)))
        for frm, to, reason, s in log:
            w.add("counter_log", {"id": self.ids.take("counter_log"), "counter_id": kid,
                                  "officer_id": off, "from_status": frm, "to_status": to,
                                  "reason": reason, "at": day.at(s)})


def cover_order(plan: CenterPlan) -> list[tuple[int, int, list[int]]]:
    """Counters ordered so that the first ones cover every service (greedy set cover)."""
    left = {s[0] for s in plan.services}
    rest = list(plan.counters)
    order = []
    while rest:
        best = max(rest, key=lambda c: (len(left & set(c[2])), -c[1]))
        if not left & set(best[2]):
            break
        order.append(best)
        rest.remove(best)
        left -= set(best[2])
    return order + sorted(rest, key=lambda c: c[1])


def min_cover(plan: CenterPlan, order: list) -> int:
    """How many counters of `order` it takes to cover every service that has a counter."""
    wanted = {sid for c in plan.counters for sid in c[2]}
    seen: set[int] = set()
    for i, c in enumerate(order):
        seen |= set(c[2])
        if seen >= wanted:
            return i + 1
    return len(order)
