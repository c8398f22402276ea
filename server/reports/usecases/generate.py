"""`motcua demo generate`: a province-scale history, fast, as the service layer would write it.

Centers (like the demo ward center: same services, counters and links), their officers,
a kiosk each, then day by day: counters opened, paused at lunch and closed (counter_log),
tickets with their full log (issue, call, recall, start, complete, no-show, cancel) and the
times stored at the end (wait_s, walk_s, service_s), and dossiers with their status log
(1 → 2 / 3, 2 → 4 → 5 / 6 → 9 → 10, 7, 8) and stage moves, codes
`{agency}-{yymmdd}-{seq:04d}` from the same daily sequences, due dates from the working
calendar. Rows go in with SQLAlchemy Core executemany in chunks, ids assigned here (no
ORM objects, no RETURNING), one transaction per center.

Simplifications (documented, not hidden): no transfers or holds; staff of generated
centers get a locked password (no login until an administrator sets one); no portal
outbox rows (the history counts as synchronised); no personal data beyond fake names.
"""

from __future__ import annotations

import bisect
import contextlib
import json
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import JSON, Date, DateTime, Table, func, insert, select, text, update

from server.dossiers.models import Dossier, DossierEvent, Procedure
from server.dossiers.rules.calendar import WorkCalendar
from server.dossiers.rules.dossier import LOOKUP_ALPHABET, format_dossier_code
from server.dossiers.usecases.calendar_days import work_calendar
from server.dossiers.usecases.catalogue import load_demo_catalogue
from server.dossiers.usecases.common import fold
from server.kernel.db.base import UTCDateTime
from server.kernel.models import Center, DailySequence, Device, Staff
from server.kernel.runtime import Runtime
from server.queue.models import Counter, CounterLog, CounterService, Service, Ticket, TicketEvent
from server.queue.rules.schedule import local_day, office_hours
from server.queue.rules.states import format_number
from server.queue.usecases.demo import COUNTERS, SERVICES

Progress = Callable[[int, int, str], None]
_TRACK_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
LOCKED_PASSWORD = "!locked"  # check_password() refuses it: no login until reset

WARDS = [
    "Cam Đường", "Lào Cai", "Cốc Lếu", "Bắc Hà", "Bát Xát", "Mường Khương",
    "Si Ma Cai", "Phong Hải", "Bảo Thắng", "Bảo Yên", "Văn Bàn", "Tả Van", "Tả Phìn",
    "Ngũ Chỉ Sơn", "Bản Hồ", "Mường Bo", "Trịnh Tường", "Y Tý", "A Mú Sung", "Bản Xèo",
    "Pha Long", "Cao Sơn", "Bản Lầu", "Lùng Phình", "Tả Củ Tỷ", "Bảo Nhai", "Cốc Ly",
    "Gia Phú", "Xuân Quang", "Phong Niên", "Tằng Loỏng", "Phố Ràng", "Nghĩa Đô", "Xuân Hòa",
    "Khánh Yên", "Dương Quỳ", "Chiềng Ken", "Minh Lương", "Nậm Chày", "Yên Bái", "Nam Cường",
    "Văn Phú", "Nghĩa Lộ", "Trung Tâm", "Cầu Thia", "Mù Cang Chải", "Trạm Tấu", "Văn Chấn",
    "Lục Yên", "Yên Thế", "Thác Bà", "Yên Bình", "Cảm Nhân", "Trấn Yên", "Hưng Khánh",
    "Lâm Thượng", "Mậu A", "Văn Yên", "Đông Cuông",
]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô",
          "Giàng", "Sùng", "Thào", "Vàng", "Lò", "Tẩn", "Lý", "Hờ", "Ma", "Lồ"]
MIDDLE = ["Văn", "Thị", "A", "Seo", "Thị Mai", "Minh", "Đức", "Thu", "Quang", "Chá"]
GIVEN = ["Anh", "Bình", "Chi", "Dũng", "Hà", "Hùng", "Lan", "Mai", "Minh", "Nam", "Páo",
         "Sử", "Dế", "Mỷ", "Chài", "Tả", "Dín", "Sài", "Thảo", "Vân", "Hoa", "Lử"]

# How often each demo service is asked for, and its mean service time (seconds).
SERVICE_MIX = {"LAND": (0.17, 840), "CIVIL": (0.20, 420), "CERT": (0.22, 240),
               "BUSI": (0.06, 600), "BUILD": (0.04, 780), "SOCIAL": (0.08, 480),
               "RESID": (0.12, 360), "PROV": (0.11, 660)}
# Weekday weights (Mon..Sat): Monday mornings are the busiest.
WEEKDAY = (1.25, 1.1, 1.0, 1.0, 0.95, 0.45)
# Channel mix by level (the seed: commune 57 % online; provincial mostly at the counter).
CHANNELS = {"commune": (("in_person", 0.45), ("online", 0.54), ("postal", 0.01)),
            "provincial": (("in_person", 0.82), ("online", 0.15), ("postal", 0.03))}
STOP_NOTE = "Hồ sơ không đủ điều kiện giải quyết theo quy định"
REFUSE_NOTE = "Thành phần hồ sơ chưa đầy đủ"


@dataclass
class Options:
    """What to generate."""

    centers: int = 100
    days: int = 365
    tickets: int = 1_000_000
    dossiers: int = 300_000
    seed: int = 1
    prefix: str = "LC"
    include_existing: bool = False
    end_day: date | str | None = None  # last day of history; default yesterday
    chunk: int = 20_000


@dataclass
class _CenterPlan:
    id: int
    code: str
    agency: str
    tz: ZoneInfo
    weight: float
    services: list[tuple[int, str, str, str]]  # id, code, prefix, level
    counters: list[tuple[int, int, list[int]]]  # id, number, service ids by rank
    officers: list[int]  # officer ids by counter order (may be shorter)
    supervisor: int | None
    device: int | None


@dataclass
class _Proc:
    id: int
    code: str
    level: str
    agency: str
    days: int | None
    hours: float | None
    stages: int
    stage_names: list[str]
    fee: int
    land: bool
    documents: list[str]
    weight: float


@dataclass
class _Ids:
    """Next free primary key per table (ids are assigned here, no RETURNING needed)."""

    next: dict[str, int] = field(default_factory=dict)

    def take(self, table: str, n: int = 1) -> int:
        first = self.next[table]
        self.next[table] = first + n
        return first


class _Writer:
    """Buffer rows per table and flush them with executemany in chunks, parents first.

    The INSERT is SQLAlchemy Core's `insert(table)` compiled once per table, values
    converted the way the column types store them (UTC naive instants, ISO text on
    SQLite, JSON as text): the per-row parameter processing of `conn.execute(insert(t),
    dicts)` cost more than the inserts themselves at this size. SQLite takes the rows
    through the driver's executemany (one prepared statement, ~100 000 rows/s here);
    PostgreSQL through COPY in the same transaction (measured here on 100 000 rows:
    executemany 5.1 s, 1000-row multi-VALUES 7.0 s, COPY 0.75 s).
    """

    ORDER = ("centers", "services", "staff", "counters", "counter_services", "devices",
             "tickets", "ticket_events", "dossiers", "dossier_events", "counter_log")

    def __init__(self, conn, chunk: int):
        self.conn, self.chunk = conn, chunk
        self.sqlite = conn.dialect.name == "sqlite"
        self.rows: dict[str, list[dict]] = {t: [] for t in self.ORDER}
        self.counts: dict[str, int] = dict.fromkeys(self.ORDER, 0)
        self.plans = {name: self._plan(_TABLES[name]) for name in self.ORDER}

    def _plan(self, table: Table) -> tuple[list[str], str, list[int], list[int]]:
        cols = [c.name for c in table.columns]
        if self.sqlite:
            sql = str(insert(table).compile(dialect=self.conn.dialect, column_keys=cols))
        else:
            sql = f"COPY {table.name} ({', '.join(cols)}) FROM STDIN"
        when = [i for i, c in enumerate(table.columns)
                if isinstance(c.type, UTCDateTime | DateTime | Date)]
        blobs = [i for i, c in enumerate(table.columns) if isinstance(c.type, JSON)]
        return cols, sql, when, blobs

    def add(self, table: str, row: dict) -> None:
        buf = self.rows[table]
        buf.append(row)
        if len(buf) >= self.chunk:
            self.flush()

    def _convert(self, value):
        if isinstance(value, datetime):
            if value.tzinfo is not None:
                value = value.astimezone(UTC).replace(tzinfo=None)
            return value.isoformat(" ", "microseconds") if self.sqlite else value
        if isinstance(value, date):
            return value.isoformat() if self.sqlite else value
        return value

    def flush(self) -> None:
        for name in self.ORDER:
            buf = self.rows[name]
            if not buf:
                continue
            cols, sql, when, blobs = self.plans[name]
            data = []
            convert = self._convert
            for row in buf:
                values = [row.get(c) for c in cols]
                for i in when:
                    if values[i] is not None:
                        values[i] = convert(values[i])
                for i in blobs:
                    values[i] = json.dumps(values[i], ensure_ascii=False)
                data.append(tuple(values))
            if self.sqlite:
                self.conn.exec_driver_sql(sql, data)
            else:
                cursor = self.conn.connection.driver_connection.cursor()
                with cursor.copy(sql) as copy:
                    for row in data:
                        copy.write_row(row)
            self.counts[name] += len(buf)
            self.rows[name] = []


_TABLES: dict[str, Table] = {
    "centers": Center.__table__, "services": Service.__table__, "staff": Staff.__table__,
    "counters": Counter.__table__, "counter_services": CounterService.__table__,
    "devices": Device.__table__, "tickets": Ticket.__table__,
    "ticket_events": TicketEvent.__table__, "dossiers": Dossier.__table__,
    "dossier_events": DossierEvent.__table__, "counter_log": CounterLog.__table__,
}
_ID_TABLES = ("centers", "services", "staff", "counters", "devices", "tickets",
              "ticket_events", "dossiers", "dossier_events", "counter_log")


class _Days:
    """Working days as a sorted list: add_working_days by index arithmetic (fast)."""

    def __init__(self, cal: WorkCalendar, first: date, last: date):
        self.cal = cal
        d, days = first, []
        while d <= last:
            if cal.is_working_day(d):
                days.append(d)
            d += timedelta(days=1)
        self.days = days
        self.cutoff = cal.cutoff

    def index_after(self, d: date) -> int:
        """Index of the first working day strictly after d."""
        return bisect.bisect_right(self.days, d)

    def add(self, d: date, n: int) -> date:
        """Return the n-th working day after d (n >= 0; n = 0 gives d)."""
        if n == 0:
            return d
        i = self.index_after(d) + n - 1
        if i >= len(self.days):
            return self.cal.add_working_days(d, n)
        return self.days[i]

    def receipt_day(self, local: datetime) -> date:
        """The working day a dossier accepted at this local instant counts from."""
        d = local.date()
        late = self.cutoff is not None and local.time() > self.cutoff
        i = bisect.bisect_left(self.days, d)
        if i < len(self.days) and self.days[i] == d and not late:
            return d
        return self.add(d, 1)

    def between(self, a: date, b: date) -> int:
        """Working days in (a, b] (a <= b)."""
        return bisect.bisect_right(self.days, b) - bisect.bisect_right(self.days, a)


def _local_at(d: date, seconds: float, tz: ZoneInfo) -> datetime:
    return datetime.combine(d, time.min, tzinfo=tz) + timedelta(seconds=seconds)


def _sec(h: int, m: int = 0) -> int:
    return h * 3600 + m * 60


def generate(runtime: Runtime, opts: Options, progress: Progress | None = None) -> dict:
    """Generate the history; return how many rows of each kind were written."""
    rng = random.Random(opts.seed)
    db = runtime.db
    with runtime.uow() as ctx:
        if ctx.session.scalar(select(func.count()).select_from(Procedure)) == 0:
            load_demo_catalogue(ctx)
        cal = work_calendar(ctx)
        procs = _procedures(ctx)
        now = ctx.clock()
    end_day = opts.end_day
    if isinstance(end_day, str):
        end_day = date.fromisoformat(end_day)
    yesterday = local_day(now, runtime.settings.timezone) - timedelta(days=1)
    # History only: today belongs to the live queue (numbers restart there).
    end_day = min(end_day or yesterday, yesterday)
    first_day = end_day - timedelta(days=opts.days - 1)
    history_end = datetime.combine(end_day + timedelta(days=1), time.min,
                                   tzinfo=ZoneInfo(runtime.settings.timezone)).astimezone(UTC)
    history_end = min(history_end, now)
    days = _Days(cal, first_day - timedelta(days=60), end_day + timedelta(days=400))

    with db.engine.begin() as conn:
        ids = _Ids({t: (conn.execute(select(func.max(_TABLES[t].c.id))).scalar() or 0) + 1
                    for t in _ID_TABLES})
        sequences = {(scope, day): last for scope, day, last in conn.execute(
            select(DailySequence.scope, DailySequence.day, DailySequence.last)
            .where(DailySequence.day >= first_day, DailySequence.day <= end_day))}
        existing_seq = set(sequences)
        plans = _existing_centers(conn, runtime, rng) if opts.include_existing else []
        taken = set(conn.execute(select(Center.code)).scalars())
        taken_users = set(conn.execute(select(Staff.username)).scalars())

    new_plans = []
    with db.engine.begin() as conn:
        w = _Writer(conn, opts.chunk)
        for i in range(opts.centers):
            new_plans.append(_new_center(w, ids, rng, opts, i, taken, taken_users,
                                         runtime.settings.timezone))
        w.flush()
    plans += new_plans
    if not plans:
        return {"centers": 0}

    # Weighted sizes: a few big wards, many small communes (log-normal).
    total_w = sum(p.weight for p in plans)
    open_days = _open_days(cal, first_day, end_day)
    day_w = {d: WEEKDAY[d.weekday()] for d in open_days}
    sum_day_w = sum(day_w.values())
    working = [d for d in open_days if d.weekday() < 5]
    sum_work_w = sum(day_w[d] for d in working) or 1
    counts: dict[str, int] = {}
    gen = _Generator(rng, days, procs, history_end, sequences, ids)
    for n, plan in enumerate(plans):
        share = plan.weight / total_w
        with _bulk(db) as conn:
            w = _Writer(conn, opts.chunk)
            for d in open_days:
                t_mean = opts.tickets * share * day_w[d] / sum_day_w
                served = gen.tickets_day(w, plan, d, _poisson(rng, t_mean))
                if d.weekday() < 5:
                    d_mean = opts.dossiers * share * day_w[d] / sum_work_w
                    gen.dossiers_day(w, plan, d, _poisson(rng, d_mean), served)
            w.flush()
            for k, v in w.counts.items():
                counts[k] = counts.get(k, 0) + v
        if progress:
            progress(n + 1, len(plans), plan.code)
    with db.engine.begin() as conn:
        _write_sequences(conn, sequences, existing_seq)
        if conn.dialect.name == "postgresql":
            for t in _ID_TABLES:
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), "
                                  f"(SELECT COALESCE(MAX(id), 1) FROM {t}))"))
            # Fresh statistics: before autovacuum gets to it, the planner would take a
            # million-row table for an empty one (measured: the month report went from
            # 380 ms to 40 ms on PostgreSQL once analysed).
            conn.execute(text(f"ANALYZE {', '.join(_TABLES)}, daily_sequences"))
        else:
            conn.exec_driver_sql("PRAGMA analysis_limit=1000")
            conn.exec_driver_sql("ANALYZE")
    counts["centers"] = len(plans)
    counts["first_day"] = first_day.isoformat()
    counts["last_day"] = end_day.isoformat()
    return {k: v for k, v in counts.items() if v}


@contextlib.contextmanager
def _bulk(db):
    """A transaction for bulk loading: on SQLite without per-row foreign-key lookups.

    The rows are consistent by construction (parents are written first, in the same
    flush); the pragma is set back before the connection returns to the pool.
    """
    with db.engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            conn.exec_driver_sql("PRAGMA cache_size=-262144")
            conn.exec_driver_sql("PRAGMA synchronous=OFF")
            conn.commit()  # pysqlite opened no transaction for a pragma; SQLAlchemy did
        try:
            with conn.begin():
                yield conn
        finally:
            if sqlite:
                conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                conn.exec_driver_sql("PRAGMA cache_size=-2000")
                conn.exec_driver_sql("PRAGMA synchronous=NORMAL")
                conn.commit()


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


def _open_days(cal: WorkCalendar, first: date, last: date) -> list[date]:
    """Days the centers open: working days, plus Saturday mornings that are not holidays."""
    out, d = [], first
    while d <= last:
        if cal.is_working_day(d) or (d.weekday() == 5 and d not in cal.extra_days_off
                                     and _not_holiday(d)):
            out.append(d)
        d += timedelta(days=1)
    return out


def _not_holiday(d: date) -> bool:
    from server.dossiers.rules.calendar import _library_days_off

    return d not in _library_days_off(d.year)


def _procedures(ctx) -> list[_Proc]:
    rows = ctx.session.scalars(select(Procedure).where(Procedure.current)
                               .order_by(Procedure.code)).all()
    out = []
    for p in rows:
        # Everyday procedures (same-day civil status, certification) dominate the counts.
        weight = 3.0 if p.duration_days == 0 or p.duration_hours else 1.0
        weight *= 1.4 if p.level == "commune" else 1.0
        out.append(_Proc(p.id, p.code, p.level, p.agency_code, p.duration_days,
                         p.duration_hours, len(p.stages or []),
                         [s["name"] for s in (p.stages or [])], p.fee_vnd or 0,
                         (p.field_vi or "") == "Đất đai", list(p.documents or []), weight))
    return out


def _new_center(w: _Writer, ids: _Ids, rng: random.Random, opts: Options, i: int,
                taken: set[str], taken_users: set[str], tz: str) -> _CenterPlan:
    n = i + 1
    code = f"{opts.prefix}{n:03d}"
    while code in taken:
        n += 1000
        code = f"{opts.prefix}{n:03d}"
    taken.add(code)
    ward = WARDS[i % len(WARDS)] + (f" {i // len(WARDS) + 1}" if i >= len(WARDS) else "")
    kind = "phường" if i % 3 == 0 else "xã"
    agency = f"H15.{50 + i // 40:02d}.{(i % 40) + 1:02d}.{(i * 7) % 90 + 10:02d}"
    cid = ids.take("centers")
    w.add("centers", {"id": cid, "code": code, "name":
                      f"Trung tâm Phục vụ hành chính công {kind} {ward}",
                      "agency_code": agency, "timezone": tz, "event_seq": 0})
    hours = office_hours(saturday=True)
    services, by_code = [], {}
    for pos, (scode, prefix, icon, level, vi, en, cap) in enumerate(SERVICES):
        sid = ids.take("services")
        w.add("services", {"id": sid, "center_id": cid, "code": scode, "name_vi": vi,
                           "name_en": en, "prefix": prefix, "level": level, "icon": icon,
                           "hours": hours, "daily_cap": cap, "position": pos, "active": True})
        services.append((sid, scode, prefix, level))
        by_code[scode] = sid
    staff = []
    for role, name in [("supervisor", "supervisor")] + [
            ("officer", f"officer{k}") for k in range(1, len(COUNTERS) + 1)]:
        username = f"{code.lower()}.{name}"
        while username in taken_users:
            username += "x"
        taken_users.add(username)
        sid = ids.take("staff")
        full = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        w.add("staff", {"id": sid, "username": username, "full_name": full,
                        "password_hash": LOCKED_PASSWORD, "role": role, "center_id": cid,
                        "active": True})
        staff.append(sid)
    counters = []
    for number, label, codes in COUNTERS:
        kid = ids.take("counters")
        w.add("counters", {"id": kid, "center_id": cid, "number": number, "label": label,
                           "status": "closed", "officer_id": None, "pause_reason": None,
                           "priority_streak": 0})
        for rank, scode in enumerate(codes):
            w.add("counter_services", {"counter_id": kid, "service_id": by_code[scode],
                                       "rank": rank})
        counters.append((kid, number, [by_code[c] for c in codes]))
    did = ids.take("devices")
    w.add("devices", {"id": did, "center_id": cid, "kind": "kiosk", "name": "Kiosk sảnh",
                      "token_hash": f"locked-{rng.getrandbits(128):032x}", "config": {},
                      "active": True})
    weight = math.exp(rng.gauss(0, 0.55))
    return _CenterPlan(cid, code, agency, ZoneInfo(tz), weight, services, counters, staff[1:],
                       staff[0], did)


def _existing_centers(conn, runtime: Runtime, rng: random.Random) -> list[_CenterPlan]:
    plans = []
    for c in conn.execute(select(Center)).all():
        services = [(s.id, s.code, s.prefix, s.level) for s in conn.execute(
            select(Service).where(Service.center_id == c.id, Service.active)
            .order_by(Service.position)).all()]
        links: dict[int, list[int]] = {}
        for kid, sid in conn.execute(
                select(CounterService.counter_id, CounterService.service_id)
                .join(Counter, Counter.id == CounterService.counter_id)
                .where(Counter.center_id == c.id).order_by(CounterService.rank)):
            links.setdefault(kid, []).append(sid)
        counters = [(k.id, k.number, links.get(k.id, [])) for k in conn.execute(
            select(Counter).where(Counter.center_id == c.id).order_by(Counter.number)).all()]
        staff = conn.execute(select(Staff.id, Staff.role).where(Staff.center_id == c.id)
                             .order_by(Staff.id)).all()
        officers = [s.id for s in staff if s.role == "officer"] or [s.id for s in staff]
        supervisor = next((s.id for s in staff if s.role == "supervisor"), None)
        device = conn.execute(select(Device.id).where(Device.center_id == c.id,
                                                      Device.kind == "kiosk")).scalar()
        if services and counters:
            plans.append(_CenterPlan(c.id, c.code, c.agency_code or "H15.50.05.13",
                                     ZoneInfo(c.timezone), 1.5, services, counters, officers,
                                     supervisor, device))
    return plans


def _write_sequences(conn, sequences: dict, existing: set) -> None:
    new = [{"scope": s, "day": d, "last": n} for (s, d), n in sequences.items()
           if (s, d) not in existing]
    for i in range(0, len(new), 20_000):
        conn.execute(insert(DailySequence), new[i:i + 20_000])
    for (s, d) in existing:
        conn.execute(update(DailySequence).where(DailySequence.scope == s,
                                                 DailySequence.day == d)
                     .values(last=sequences[(s, d)]))


class _Generator:
    """Per center and day: the lobby (tickets, counters) and the back office (dossiers)."""

    def __init__(self, rng: random.Random, days: _Days, procs: list[_Proc],
                 history_end: datetime, sequences: dict, ids: _Ids):
        self.rng, self.days, self.procs = rng, days, procs
        self.history_end = history_end
        self.sequences, self.ids = sequences, ids
        self.tracking: set[str] = set()
        self.proc_levels = {lvl: [p for p in procs if p.level == lvl]
                            for lvl in ("commune", "provincial")}
        self.proc_weights = {lvl: [p.weight for p in ps] for lvl, ps in self.proc_levels.items()}

    # --- queue -------------------------------------------------------------------

    def _seq(self, scope: str, day: date) -> int:
        key = (scope, day)
        n = self.sequences.get(key, 0) + 1
        self.sequences[key] = n
        return n

    def _tracking_code(self) -> str:
        while True:
            code = "".join(self.rng.choices(_TRACK_ALPHABET, k=10))
            if code not in self.tracking:
                self.tracking.add(code)
                return code

    def _issue_second(self, saturday: bool) -> float:
        """A kiosk issue time (seconds after local midnight): morning rush, calmer afternoon."""
        r = self.rng
        if saturday or r.random() < 0.62:
            # 07:30-11:30, most before 09:30 (triangular, mode 08:15).
            return r.triangular(_sec(7, 30), _sec(11, 25), _sec(8, 15))
        return r.triangular(_sec(13, 30), _sec(16, 50), _sec(14, 15))

    def tickets_day(self, w: _Writer, plan: _CenterPlan, d: date, n: int) -> list[tuple]:
        """Simulate one day of the lobby; return served tickets (id, end instant, service)."""
        r = self.rng
        saturday = d.weekday() == 5
        tz = plan.tz
        midnight = datetime.combine(d, time.min, tzinfo=tz).astimezone(UTC)

        def at(seconds: float) -> datetime:
            return midnight + timedelta(seconds=seconds)

        close = _sec(11, 30) if saturday else _sec(17, 0)
        last_call = close + 15 * 60
        mix = [SERVICE_MIX.get(code, (0.05, 480)) for _sid, code, _p, _l in plan.services]
        weights = [m[0] for m in mix]
        # Enough counters to cover every service first, more on busy days.
        order = _cover_order(plan)
        k = min(len(order), max(_min_cover(plan, order), math.ceil(n / 22)))
        open_counters = order[:k]
        free = {c[0]: _sec(7, 30) + r.uniform(0, 600) for c in open_counters}
        first_act = dict(free)
        last_act = dict(free)
        officer = {c[0]: (plan.officers[i % len(plan.officers)] if plan.officers else None)
                   for i, c in enumerate(plan.counters)}
        serving: dict[int, list] = {}
        for c in open_counters:
            for rank, sid in enumerate(c[2]):
                serving.setdefault(sid, []).append((rank, c[0]))
        issues = sorted((self._issue_second(saturday),
                         r.choices(range(len(plan.services)), weights)[0]) for _ in range(n))
        served = []
        for issued_s, si in issues:
            sid, scode, prefix, _level = plan.services[si]
            tid = self.ids.take("tickets")
            seq = self._seq(f"ticket:{sid}", d)
            priority = r.choices((None, "elderly", "disability", "pregnant", "small_child"),
                                 (92, 4, 1.5, 1, 1.5))[0]
            issued = at(issued_s)
            events = [("issue", None, "waiting", None, None, issued)]
            row = {"id": tid, "center_id": plan.id, "service_id": sid, "origin_service_id": sid,
                   "day": d, "seq": seq, "transfers": 0, "number": format_number(prefix, seq),
                   "priority": priority, "tracking_code": self._tracking_code(),
                   "issued_at": issued, "device_id": plan.device, "counter_id": None,
                   "officer_id": None, "target_counter_id": None, "calls": 0,
                   "last_called_at": None, "ended_at": None, "wait_s": None, "walk_s": None,
                   "service_s": None, "status": "waiting"}
            choices = serving.get(sid)
            best = None
            if choices:
                best = min(choices, key=lambda rc: (max(free[rc[1]], issued_s), rc[0]))[1]
            call_s = max(free[best], issued_s) + r.uniform(3, 25) if best else None
            if call_s is not None and _sec(11, 45) <= call_s < _sec(13, 30) and not saturday:
                # Lunch (counters finish the morning queue until 11:45): after the break,
                # or the citizen gives up and comes back another day.
                call_s = _sec(13, 30) + r.uniform(0, 300) if r.random() < 0.5 else None
            if r.random() < 0.006 or call_s is None or call_s > last_call:
                # The citizen gave up (or the day ended first): cancelled while waiting.
                end_s = min(issued_s + r.uniform(600, 2400), last_call) \
                    if best is not None else last_call
                end_s = max(end_s, issued_s + 60)
                events.append(("cancel", "waiting", "cancelled", None, None, at(end_s)))
                row.update(status="cancelled", ended_at=at(end_s))
            else:
                off = officer[best]
                called = at(call_s)
                events.append(("call", "waiting", "called", best, off, called))
                row.update(counter_id=best, officer_id=off, calls=1, last_called_at=called,
                           wait_s=call_s - issued_s)
                if r.random() < 0.04:
                    recall_s = call_s + r.uniform(30, 90)
                    end_s = recall_s + r.uniform(40, 120)
                    events.append(("recall", "called", "called", best, off, at(recall_s)))
                    events.append(("no_show", "called", "no_show", best, off, at(end_s)))
                    row.update(status="no_show", calls=2, last_called_at=at(recall_s),
                               ended_at=at(end_s))
                else:
                    start_s = call_s + r.uniform(15, 80)
                    mean = mix[si][1]
                    length = min(max(r.lognormvariate(math.log(mean) - 0.125, 0.5), 45), 5400)
                    end_s = start_s + length
                    events.append(("start", "called", "serving", best, off, at(start_s)))
                    events.append(("complete", "serving", "done", best, off, at(end_s)))
                    row.update(status="done", ended_at=at(end_s), walk_s=start_s - call_s,
                               service_s=end_s - start_s)
                    served.append((tid, at(start_s + length * 0.6), sid, off))
                free[best] = end_s + r.uniform(5, 40)
                last_act[best] = end_s
            w.add("tickets", row)
            for action, frm, to, cid, off, when in events:
                w.add("ticket_events", {
                    "id": self.ids.take("ticket_events"), "ticket_id": tid,
                    "center_id": plan.id, "action": action, "from_status": frm,
                    "to_status": to, "service_id": sid, "counter_id": cid, "officer_id": off,
                    "at": when, "note": "auto: call limit" if action == "no_show" else None})
        for c in open_counters:
            kid = c[0]
            off = officer[kid]
            log = [("closed", "open", None, first_act[kid])]
            if not saturday:
                log += [("open", "paused", "Nghỉ trưa", _sec(11, 30) + r.uniform(0, 600)),
                        ("paused", "open", None, _sec(13, 30) + r.uniform(0, 300))]
            log.append(("open", "closed", None, max(close, last_act[kid]) + r.uniform(60, 600)))
            for frm, to, reason, s in log:
                w.add("counter_log", {"id": self.ids.take("counter_log"), "counter_id": kid,
                                      "officer_id": off, "from_status": frm, "to_status": to,
                                      "reason": reason, "at": at(s)})
        return served

    # --- dossiers ----------------------------------------------------------------

    def _applicant(self) -> tuple[str, str, str]:
        r = self.rng
        name = f"{r.choice(FAMILY)} {r.choice(MIDDLE)} {r.choice(GIVEN)}"
        phone = "09" + "".join(r.choices("0123456789", k=8))
        id_number = "0" + "".join(r.choices("0123456789", k=11))
        return name, phone, id_number

    def _work_second(self) -> float:
        """A time inside office hours (seconds after local midnight)."""
        r = self.rng
        if r.random() < 0.55:
            return r.uniform(_sec(7, 40), _sec(11, 20))
        return r.uniform(_sec(13, 40), _sec(16, 50))

    def _at_day(self, plan: _CenterPlan, d: date, seconds: float) -> datetime:
        return _local_at(d, seconds, plan.tz).astimezone(UTC)

    def dossiers_day(self, w: _Writer, plan: _CenterPlan, d: date, n: int,
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
            self._dossier(w, plan, proc, channel, created, officer,
                          ticket[0] if ticket else None)

    def _dossier(self, w: _Writer, plan: _CenterPlan, proc: _Proc, channel: str,
                 created: datetime, officer: int | None, ticket_id: int | None) -> None:
        r = self.rng
        days = self.days
        log: list[tuple[int, datetime, int | None, str | None]] = []  # status, at, stage, note
        stage = 0 if proc.stages else None
        if channel == "online":
            log.append((1, created, None, None))
            if r.random() < 0.03:
                log.append((3, created + timedelta(hours=r.uniform(2, 30)), None, REFUSE_NOTE))
                return self._write_dossier(w, plan, proc, channel, created, officer,
                                           ticket_id, log, None, None)
            local = created.astimezone(plan.tz)
            in_hours = _sec(7, 30) <= local.hour * 3600 + local.minute * 60 <= _sec(16, 30)
            day = local.date()
            if in_hours and days.between(day - timedelta(days=1), day) == 1:
                accepted = created + timedelta(minutes=r.uniform(20, 150))
            else:
                accepted = self._at_day(plan, days.add(day, 1), r.uniform(_sec(7, 35),
                                                                          _sec(10, 0)))
        else:
            if r.random() < 0.015:
                log.append((3, created, None, REFUSE_NOTE))
                return self._write_dossier(w, plan, proc, channel, created, officer,
                                           ticket_id, log, None, None)
            accepted = created
        log.append((2, accepted, stage, None))
        due = self._due(plan, accepted, proc)
        t = accepted + timedelta(minutes=r.uniform(10, 90))
        proc_stage = 1 if proc.stages > 1 else stage
        log.append((4, t, proc_stage, None))
        outcome = r.random()
        if outcome < 0.01:
            log.append((7, t + (due - t) * r.uniform(0.1, 0.8), proc_stage, None))
            return self._write_dossier(w, plan, proc, channel, created, officer, ticket_id,
                                       log, accepted, due)
        if outcome < 0.045:
            log.append((8, t + (due - t) * r.uniform(0.2, 0.9), proc_stage, STOP_NOTE))
            return self._write_dossier(w, plan, proc, channel, created, officer, ticket_id,
                                       log, accepted, due)
        pause = 0
        if r.random() < 0.08 and (due - t) > timedelta(hours=8):
            # A supplement request: the clock stops for the working days of the wait.
            asked = t + (due - t) * r.uniform(0.1, 0.5)
            wait_days = r.choice((1, 1, 2, 3, 5))
            back_day = days.add(asked.astimezone(plan.tz).date(), wait_days)
            back = self._at_day(plan, back_day, self._work_second())
            log.append((5, asked, proc_stage, "Đề nghị bổ sung giấy tờ"))
            if r.random() < 0.08:
                log.append((8, back + timedelta(days=10), proc_stage, STOP_NOTE))
                return self._write_dossier(w, plan, proc, channel, created, officer,
                                           ticket_id, log, accepted, due)
            log.append((4, back, proc_stage, None))
            pause = days.between(asked.astimezone(plan.tz).date(), back_day)
            t = back
            if r.random() < 0.1:
                again = t + timedelta(hours=r.uniform(3, 30))
                back2 = again + timedelta(days=r.choice((1, 2, 3)))
                log += [(5, again, proc_stage, "Đề nghị bổ sung lần 2"),
                        (4, back2, proc_stage, None)]
                t = back2
        effective_due = self._extend(plan, due, pause)
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
            collect_day = days.add(ready.astimezone(plan.tz).date(), r.choice((0, 0, 1, 1, 2, 4)))
            collected = max(self._at_day(plan, collect_day, self._work_second()),
                            ready + timedelta(minutes=5))
            log.append((10, collected, last_stage, None))
        return self._write_dossier(w, plan, proc, channel, created, officer, ticket_id, log,
                                   accepted, due)

    def _due(self, plan: _CenterPlan, accepted: datetime, proc: _Proc) -> datetime:
        local = accepted.astimezone(plan.tz)
        if proc.days is not None:
            day = self.days.add(self.days.receipt_day(local), proc.days)
            return _local_at(day, _sec(17), plan.tz).astimezone(UTC)
        return self.days.cal.due_at(accepted, None, proc.hours)

    def _extend(self, plan: _CenterPlan, due: datetime, pause: int) -> datetime:
        if not pause:
            return due
        local = due.astimezone(plan.tz)
        day = self.days.add(local.date(), pause)
        return datetime.combine(day, local.time(), tzinfo=plan.tz).astimezone(UTC)

    def _ready_at(self, plan: _CenterPlan, since: datetime, due: datetime) -> datetime:
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

    def _write_dossier(self, w: _Writer, plan: _CenterPlan, proc: _Proc, channel: str,
                       created: datetime, officer: int | None, ticket_id: int | None,
                       log: list, accepted: datetime | None, due: datetime | None) -> None:
        log = [e for e in log if e[1] < self.history_end]
        if not log:
            return
        log.sort(key=lambda e: e[1])
        r = self.rng
        agency = proc.agency or plan.agency
        day = created.astimezone(plan.tz).date()
        code = format_dossier_code(agency, day, self._seq(f"dossier:{agency}", day))
        did = self.ids.take("dossiers")
        name, phone, id_number = self._applicant()
        status, last_at, stage_idx, _note = log[-1]
        received = accepted if accepted is not None and any(s == 2 for s, *_ in log) else None
        returned = next((e[1] for e in log if e[0] == 10), None)
        processed = any(e[0] in (9, 10) for e in log)
        w.add("dossiers", {
            "id": did, "center_id": plan.id, "code": code,
            "secret": "".join(r.choices(LOOKUP_ALPHABET, k=6)), "procedure_id": proc.id,
            "procedure_code": proc.code, "agency_code": agency, "level": proc.level,
            "channel": channel, "source": "counter", "status": status,
            "stage_index": stage_idx if received else None,
            "stage_started_at": last_at if received else None, "ticket_id": ticket_id,
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
            "returned_at": returned})
        prev = None
        for status_, at, stage_, note in log:
            w.add("dossier_events", {
                "id": self.ids.take("dossier_events"), "dossier_id": did,
                "center_id": plan.id, "from_status": prev, "to_status": status_,
                "stage_index": stage_,
                "stage": proc.stage_names[stage_] if stage_ is not None and
                stage_ < len(proc.stage_names) else None,
                "officer_id": officer if status_ != 1 else None, "at": at, "note": note,
                "source": "local"})
            prev = status_


def _cover_order(plan: _CenterPlan) -> list[tuple[int, int, list[int]]]:
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


def _min_cover(plan: _CenterPlan, order: list) -> int:
    """How many counters of `order` it takes to cover every service that has a counter."""
    wanted = {sid for c in plan.counters for sid in c[2]}
    seen: set[int] = set()
    for i, c in enumerate(order):
        seen |= set(c[2])
        if seen >= wanted:
            return i + 1
    return len(order)
