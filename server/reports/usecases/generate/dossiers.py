"""The back office, day by day: dossiers filed, accepted, processed and returned.

Each dossier gets its status log (1 → 2 / 3, 2 → 4 → 5 / 6 → 9 → 10, 7, 8) and stage
moves, a code `{agency}-{yymmdd}-{seq:04d}` from the same daily sequences, and a due date
from the working calendar.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from server.dossiers.public import fold
from server.dossiers.rules.dossier import LOOKUP_ALPHABET, format_dossier_code

from .plans import CenterPlan, ProcedurePlan
from .province import CHANNELS, REFUSE_NOTE, STOP_NOTE, fake_name
from .state import HistoryState
from .workdays import local_at, sec
from .writer import Writer

# A status log entry: (status, at, stage index, note).
Log = list[tuple[int, datetime, int | None, str | None]]


@dataclass
class Filing:
    """A dossier as it arrives: where, which procedure, through which channel, when, by whom."""

    plan: CenterPlan
    proc: ProcedurePlan
    channel: str
    created: datetime
    officer: int | None
    ticket_id: int | None


class BackOffice(HistoryState):
    """The dossier side of a center's day."""

    def _applicant(self) -> tuple[str, str, str]:
        r = self.rng
        name = fake_name(r)
        phone = "09" + "".join(r.choices("0123456789", k=8))
        id_number = "0" + "".join(r.choices("0123456789", k=11))
        return name, phone, id_number

    def _work_second(self) -> float:
        """A time inside office hours (seconds after local midnight)."""
        r = self.rng
        if r.random() < 0.55:
            return r.uniform(sec(7, 40), sec(11, 20))
        return r.uniform(sec(13, 40), sec(16, 50))

    def _at_day(self, plan: CenterPlan, d: date, seconds: float) -> datetime:
        return local_at(d, seconds, plan.tz).astimezone(UTC)

    def dossiers_day(self, w: Writer, plan: CenterPlan, d: date, n: int,
                     served: list[tuple]) -> None:
        """Dossiers filed at the center on a working day (and online the night before)."""
        r = self.rng
        tickets = list(served)
        r.shuffle(tickets)
        for _ in range(n):
            level = "commune" if r.random() < 0.58 else "provincial"
            proc = r.choices(self.proc_levels[level], self.proc_weights[level])[0]
            channel = r.choices([c for c, _ in CHANNELS[level]],
                                [p for _, p in CHANNELS[level]])[0]
            ticket = None
            officer = r.choice(plan.officers) if plan.officers else None
            if channel == "in_person" and tickets and r.random() < 0.85:
                ticket = tickets.pop()
                created = ticket[1]
                officer = ticket[3] or officer
            elif channel == "online":
                # Submitted any time since the previous working day's closing.
                created = self._at_day(plan, d, self._work_second()) - \
                    timedelta(hours=r.choice((0, 0, 2, 6, 14, 20)))
            else:
                created = self._at_day(plan, d, self._work_second())
            if created >= self.history_end:
                continue
            self._dossier(w, Filing(plan, proc, channel, created, officer,
                                    ticket[0] if ticket else None))

    def _dossier(self, w: Writer, f: Filing) -> None:
        """Play one dossier out, from filing to its last status, and write it."""
        r = self.rng
        log: Log = []
        accepted = self._accepted(f, log)
        if accepted is None:
            return self._write_dossier(w, f, log, None, None)
        stage = 0 if f.proc.stages else None
        log.append((2, accepted, stage, None))
        due = self._due(f.plan, accepted, f.proc)
        t = accepted + timedelta(minutes=r.uniform(10, 90))
        proc_stage = 1 if f.proc.stages > 1 else stage
        log.append((4, t, proc_stage, None))
        if not self._goes_on(log, t, due, proc_stage):
            return self._write_dossier(w, f, log, accepted, due)
        resumed = self._supplement(f.plan, log, t, due, proc_stage)
        if resumed is None:
            return self._write_dossier(w, f, log, accepted, due)
        t, pause = resumed
        self._result(f, log, t, self._extend(f.plan, due, pause), proc_stage)
        return self._write_dossier(w, f, log, accepted, due)

    def _accepted(self, f: Filing, log: Log) -> datetime | None:
        """When the dossier is accepted (status 2), or None if it is refused (3)."""
        r = self.rng
        if f.channel != "online":
            if r.random() < 0.015:
                log.append((3, f.created, None, REFUSE_NOTE))
                return None
            return f.created
        log.append((1, f.created, None, None))
        if r.random() < 0.03:
            log.append((3, f.created + timedelta(hours=r.uniform(2, 30)), None, REFUSE_NOTE))
            return None
        local = f.created.astimezone(f.plan.tz)
        in_hours = sec(7, 30) <= local.hour * 3600 + local.minute * 60 <= sec(16, 30)
        day = local.date()
        if in_hours and self.days.between(day - timedelta(days=1), day) == 1:
            return f.created + timedelta(minutes=r.uniform(20, 150))
        return self._at_day(f.plan, self.days.add(day, 1), r.uniform(sec(7, 35), sec(10, 0)))

    def _goes_on(self, log: Log, t: datetime, due: datetime, proc_stage: int | None) -> bool:
        """False when the dossier ends early: withdrawn (7) or stopped (8)."""
        r = self.rng
        outcome = r.random()
        if outcome < 0.01:
            log.append((7, t + (due - t) * r.uniform(0.1, 0.8), proc_stage, None))
            return False
        if outcome < 0.045:
            log.append((8, t + (due - t) * r.uniform(0.2, 0.9), proc_stage, STOP_NOTE))
            return False
        return True

    def _supplement(self, plan: CenterPlan, log: Log, t: datetime, due: datetime,
                    proc_stage: int | None) -> tuple[datetime, int] | None:
        """Maybe ask for documents; return when work resumes and the working days paused
        (None if the dossier is stopped while waiting)."""
        r = self.rng
        days = self.days
        if not (r.random() < 0.08 and (due - t) > timedelta(hours=8)):
            return t, 0
        # A supplement request: the clock stops for the working days of the wait.
        asked = t + (due - t) * r.uniform(0.1, 0.5)
        wait_days = r.choice((1, 1, 2, 3, 5))
        back_day = days.add(asked.astimezone(plan.tz).date(), wait_days)
        back = self._at_day(plan, back_day, self._work_second())
        log.append((5, asked, proc_stage, "Đề nghị bổ sung giấy tờ"))
        if r.random() < 0.08:
            log.append((8, back + timedelta(days=10), proc_stage, STOP_NOTE))
            return None
        log.append((4, back, proc_stage, None))
        pause = days.between(asked.astimezone(plan.tz).date(), back_day)
        t = back
        if r.random() < 0.1:
            again = t + timedelta(hours=r.uniform(3, 30))
            back2 = again + timedelta(days=r.choice((1, 2, 3)))
            log += [(5, again, proc_stage, "Đề nghị bổ sung lần 2"),
                    (4, back2, proc_stage, None)]
            t = back2
        return t, pause

    def _result(self, f: Filing, log: Log, t: datetime, effective_due: datetime,
                proc_stage: int | None) -> None:
        """The end of processing: fees, the last stage, result ready (9), mostly collected (10)."""
        r = self.rng
        plan, proc = f.plan, f.proc
        ready = self._ready_at(plan, t, effective_due)
        if proc.land and proc.fee and r.random() < 0.5:
            money = t + (ready - t) * r.uniform(0.3, 0.7)
            log.append((6, money, proc_stage, "Thông báo nghĩa vụ tài chính"))
            t = money + (ready - money) * 0.5
        if proc.stages >= 3 and ready - t > timedelta(hours=1):
            log.append((4, t + (ready - t) * r.uniform(0.5, 0.9), proc.stages - 2, None))
        last_stage = proc.stages - 1 if proc.stages else None
        log.append((9, ready, last_stage, None))
        if r.random() < 0.96:
            collect_day = self.days.add(ready.astimezone(plan.tz).date(),
                                        r.choice((0, 0, 1, 1, 2, 4)))
            collected = max(self._at_day(plan, collect_day, self._work_second()),
                            ready + timedelta(minutes=5))
            log.append((10, collected, last_stage, None))

    def _due(self, plan: CenterPlan, accepted: datetime, proc: ProcedurePlan) -> datetime:
        local = accepted.astimezone(plan.tz)
        if proc.days is not None:
            day = self.days.add(self.days.receipt_day(local), proc.days)
            return local_at(day, sec(17), plan.tz).astimezone(UTC)
        return self.days.cal.due_at(accepted, None, proc.hours)

    def _extend(self, plan: CenterPlan, due: datetime, pause: int) -> datetime:
        if not pause:
            return due
        local = due.astimezone(plan.tz)
        day = self.days.add(local.date(), pause)
        return datetime.combine(day, local.time(), tzinfo=plan.tz).astimezone(UTC)

    def _ready_at(self, plan: CenterPlan, since: datetime, due: datetime) -> datetime:
        """When the result is ready: mostly early, often on the due day, sometimes late."""
        r = self.rng
        days = self.days
        start_day = since.astimezone(plan.tz).date()
        due_day = due.astimezone(plan.tz).date()
        roll = r.random()
        if roll < 0.075:
            late_day = days.add(due_day, r.choice((1, 1, 2, 3, 5)))
            return self._at_day(plan, late_day, self._work_second())
        span = days.between(start_day, due_day)
        if roll < 0.3 or span <= 1:
            # On the due day itself (before closing).
            at = self._at_day(plan, due_day, self._work_second())
            return max(min(at, due - timedelta(minutes=5)), since + timedelta(minutes=20))
        offset = r.randint(0, span - 2)
        day = days.add(start_day, offset) if offset else start_day
        at = self._at_day(plan, day, self._work_second())
        return max(at, since + timedelta(minutes=30))

    def _write_dossier(self, w: Writer, f: Filing, log: Log, accepted: datetime | None,
                       due: datetime | None) -> None:
        """Write the dossier and its status log, up to the end of the history."""
        log = [e for e in log if e[1] < self.history_end]
        if not log:
            return
        log.sort(key=lambda e: e[1])
        agency = f.proc.agency or f.plan.agency
        day = f.created.astimezone(f.plan.tz).date()
        code = format_dossier_code(agency, day, self._seq(f"dossier:{agency}", day))
        did = self.ids.take("dossiers")
        w.add("dossiers", self._dossier_row(f, did, code, agency, log, accepted, due))
        prev = None
        for status, at, stage, note in log:
            w.add("dossier_events", {
                "id": self.ids.take("dossier_events"), "dossier_id": did,
                "center_id": f.plan.id, "from_status": prev, "to_status": status,
                "stage_index": stage,
                "stage": f.proc.stage_names[stage] if stage is not None and
                stage < len(f.proc.stage_names) else None,
                "officer_id": f.officer if status != 1 else None, "at": at, "note": note,
                "source": "local"})
            prev = status

    def _dossier_row(self, f: Filing, did: int, code: str, agency: str, log: Log,
                     accepted: datetime | None, due: datetime | None) -> dict:
        """The dossier as it stands after the last entry of its log."""
        r = self.rng
        proc, channel, created, officer = f.proc, f.channel, f.created, f.officer
        name, phone, id_number = self._applicant()
        status, last_at, stage_idx, _note = log[-1]
        received = accepted if accepted is not None and any(s == 2 for s, *_ in log) else None
        returned = next((e[1] for e in log if e[0] == 10), None)
        processed = any(e[0] in (9, 10) for e in log)
        return {
            "id": did, "center_id": f.plan.id, "code": code,
            "secret": "".join(r.choices(LOOKUP_ALPHABET, k=6)), "procedure_id": proc.id,
            "procedure_code": proc.code, "agency_code": agency, "level": proc.level,
            "channel": channel, "source": "counter", "status": status,
            "stage_index": stage_idx if received else None,
            "stage_started_at": last_at if received else None, "ticket_id": f.ticket_id,
            "group_id": None, "group_code": None, "applicant_name": name,
            "applicant_name_folded": fold(name)[:200], "applicant_phone": phone,
            "applicant_id_number": id_number, "consent": True, "consent_at": created,
            "documents_received": proc.documents, "note": None, "created_at": created,
            "updated_at": last_at, "received_at": received,
            "due_at": due if received else None, "promised_at": None,
            "intake_officer_id": officer if channel != "online" else None,
            "officer_id": officer, "portal_id": None, "fee_vnd": proc.fee,
            "paid_vnd": proc.fee if processed else 0,
            "result_method": ("online" if channel == "online" else "in_person")
            if returned else None,
            "returned_at": returned}
