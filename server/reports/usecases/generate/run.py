"""The run: read what exists, seed the new centers, then each center's days in one transaction."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, select, text, update

from server.dossiers.models import Procedure
from server.dossiers.public import load_demo_catalogue, work_calendar
from server.dossiers.rules.calendar import WorkCalendar
from server.kernel.models import Center, DailySequence, Staff
from server.kernel.runtime import Runtime
from server.queue.rules.schedule import local_day

from .centers import existing_centers, new_center
from .dossiers import BackOffice
from .lobby import Lobby
from .options import Options, Progress
from .plans import CenterPlan, procedures
from .province import WEEKDAY
from .workdays import WorkingDays, open_days
from .writer import ID_TABLES, TABLES, Ids, Writer, bulk


class Generator(Lobby, BackOffice):
    """Per center and day: the lobby (tickets, counters) and the back office (dossiers)."""


@dataclass
class _Start:
    """What the database holds before the run."""

    ids: Ids
    sequences: dict  # (scope, day) -> last number, updated as numbers are taken
    existing_seq: set  # the (scope, day) rows already there (updated, not inserted)
    plans: list[CenterPlan]  # existing centers, when asked to include them
    taken: set[str]  # center codes
    taken_users: set[str]


@dataclass
class _DayWeights:
    """The days the centers open and how busy each one is."""

    open_days: list[date]
    weight: dict[date, float]
    total: float
    working_total: float  # Monday to Friday only: dossiers are filed on those

    @classmethod
    def of(cls, cal: WorkCalendar, first: date, last: date) -> _DayWeights:
        days = open_days(cal, first, last)
        day_w = {d: WEEKDAY[d.weekday()] for d in days}
        working = [d for d in days if d.weekday() < 5]
        return cls(days, day_w, sum(day_w.values()), sum(day_w[d] for d in working) or 1)


def generate(runtime: Runtime, opts: Options, progress: Progress | None = None) -> dict:
    """Generate the history; return how many rows of each kind were written."""
    rng = random.Random(opts.seed)
    cal, procs, now = _catalogue(runtime)
    first_day, end_day, history_end = _span(runtime, opts, now)
    days = WorkingDays(cal, first_day - timedelta(days=60), end_day + timedelta(days=400))
    start = _read_start(runtime, opts, first_day, end_day)
    plans = start.plans + _seed_centers(runtime, opts, rng, start)
    if not plans:
        return {"centers": 0}
    gen = Generator(rng, days, procs, history_end, start.sequences, start.ids)
    counts = _histories(runtime.db, opts, gen, plans, _DayWeights.of(cal, first_day, end_day),
                        progress)
    with runtime.db.engine.begin() as conn:
        _write_sequences(conn, start.sequences, start.existing_seq)
        _analyze(conn)
    counts["centers"] = len(plans)
    counts["first_day"] = first_day.isoformat()
    counts["last_day"] = end_day.isoformat()
    return {k: v for k, v in counts.items() if v}


def _catalogue(runtime: Runtime) -> tuple:
    """The working calendar, the procedures (the demo catalogue if none yet) and now."""
    with runtime.uow() as ctx:
        if ctx.session.scalar(select(func.count()).select_from(Procedure)) == 0:
            load_demo_catalogue(ctx)
        cal = work_calendar(ctx)
        procs = procedures(ctx)
        now = ctx.clock()
    return cal, procs, now


def _span(runtime: Runtime, opts: Options, now: datetime) -> tuple[date, date, datetime]:
    """First and last day of the history, and the instant it ends."""
    end_day = opts.end_day
    if isinstance(end_day, str):
        end_day = date.fromisoformat(end_day)
    yesterday = local_day(now, runtime.settings.timezone) - timedelta(days=1)
    # History only: today belongs to the live queue (numbers restart there).
    end_day = min(end_day or yesterday, yesterday)
    first_day = end_day - timedelta(days=opts.days - 1)
    history_end = datetime.combine(end_day + timedelta(days=1), time.min,
                                   tzinfo=ZoneInfo(runtime.settings.timezone)).astimezone(UTC)
    return first_day, end_day, min(history_end, now)


def _read_start(runtime: Runtime, opts: Options, first_day: date, end_day: date) -> _Start:
    """Next free ids, the day sequences of the period, existing centers and names taken."""
    with runtime.db.engine.begin() as conn:
        ids = Ids({t: (conn.execute(select(func.max(TABLES[t].c.id))).scalar() or 0) + 1
                   for t in ID_TABLES})
        sequences = {(scope, day): last for scope, day, last in conn.execute(
            select(DailySequence.scope, DailySequence.day, DailySequence.last)
            .where(DailySequence.day >= first_day, DailySequence.day <= end_day))}
        existing_seq = set(sequences)
        plans = existing_centers(conn) if opts.include_existing else []
        taken = set(conn.execute(select(Center.code)).scalars())
        taken_users = set(conn.execute(select(Staff.username)).scalars())
    return _Start(ids, sequences, existing_seq, plans, taken, taken_users)


def _seed_centers(runtime: Runtime, opts: Options, rng: random.Random,
                  start: _Start) -> list[CenterPlan]:
    """Write the new centers in one transaction; return their plans."""
    new_plans = []
    with runtime.db.engine.begin() as conn:
        w = Writer(conn, opts.chunk)
        for i in range(opts.centers):
            new_plans.append(new_center(w, start.ids, rng, opts, i, start.taken,
                                        start.taken_users, runtime.settings.timezone))
        w.flush()
    return new_plans


def _histories(db, opts: Options, gen: Generator, plans: list[CenterPlan],
               cal: _DayWeights, progress: Progress | None) -> dict:
    """Write every center's days; return how many rows of each table were written."""
    # Weighted sizes: a few big wards, many small communes (log-normal).
    total_w = sum(p.weight for p in plans)
    counts: dict[str, int] = {}
    for n, plan in enumerate(plans):
        written = _center_history(db, opts, gen, plan, plan.weight / total_w, cal)
        for k, v in written.items():
            counts[k] = counts.get(k, 0) + v
        if progress:
            progress(n + 1, len(plans), plan.code)
    return counts


def _center_history(db, opts: Options, gen: Generator, plan: CenterPlan, share: float,
                    cal: _DayWeights) -> dict[str, int]:
    """One center's days in one transaction: the lobby every open day, dossiers on weekdays."""
    rng = gen.rng
    with bulk(db) as conn:
        w = Writer(conn, opts.chunk)
        for d in cal.open_days:
            t_mean = opts.tickets * share * cal.weight[d] / cal.total
            served = gen.tickets_day(w, plan, d, _poisson(rng, t_mean))
            if d.weekday() < 5:
                d_mean = opts.dossiers * share * cal.weight[d] / cal.working_total
                gen.dossiers_day(w, plan, d, _poisson(rng, d_mean), served)
        w.flush()
    return w.counts


def _write_sequences(conn, sequences: dict, existing: set) -> None:
    new = [{"scope": s, "day": d, "last": n} for (s, d), n in sequences.items()
           if (s, d) not in existing]
    for i in range(0, len(new), 20_000):
        conn.execute(insert(DailySequence), new[i:i + 20_000])
    for (s, d) in existing:
        conn.execute(update(DailySequence).where(DailySequence.scope == s,
                                                 DailySequence.day == d)
                     .values(last=sequences[(s, d)]))


def _analyze(conn) -> None:
    """Move the id sequences past the ids taken here (PostgreSQL) and refresh statistics."""
    if conn.dialect.name == "postgresql":
        for t in ID_TABLES:
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), "
                              f"(SELECT COALESCE(MAX(id), 1) FROM {t}))"))
        # Fresh statistics: before autovacuum gets to it, the planner would take a
        # million-row table for an empty one (measured: the month report went from
        # 380 ms to 40 ms on PostgreSQL once analysed).
        conn.execute(text(f"ANALYZE {', '.join(TABLES)}, daily_sequences"))
    else:
        conn.exec_driver_sql("PRAGMA analysis_limit=1000")
        conn.exec_driver_sql("ANALYZE")


def _poisson(rng: random.Random, mean: float) -> int:
    """A Poisson-ish count (normal approximation above 30)."""
    if mean <= 0:
        return 0
    if mean > 30:
        return max(0, int(round(rng.gauss(mean, math.sqrt(mean)))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1
