"""Reports on a province-scale history: generate it, then time the month report and the
dashboard snapshot on SQLite and (when given) PostgreSQL.

    python -m bench.bench_reports                       # full size, SQLite
    python -m bench.bench_reports --postgres URL        # and PostgreSQL (a scratch database
                                                        # is created next to URL's, then dropped)
    python -m bench.bench_reports --scale 0.1           # a tenth of the size

Targets: the month center report < 300 ms, the dashboard snapshot < 50 ms. Timings are the
median of 5 runs after one warm-up, in-process (the use case) and through the Flask app
(the HTTP handler: auth, JSON), for a center of median size and for the largest one.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

BIN = Path(sys.executable).parent / "motcua"
TARGET_REPORT_MS, TARGET_DASHBOARD_MS = 300, 50


def median_ms(fn, runs: int = 5) -> float:
    """Run fn once to warm up, then `runs` times; return the median in milliseconds."""
    fn()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def generate(env: dict, args) -> float:
    """Migrate and run `motcua demo generate`; return its wall time in seconds."""
    subprocess.run([str(BIN), "db", "upgrade"], env=env, check=True, capture_output=True)
    started = time.monotonic()
    cmd = [str(BIN), "demo", "generate", "--centers", str(args.centers), "--days",
           str(args.days), "--tickets", str(int(args.tickets * args.scale)), "--dossiers",
           str(int(args.dossiers * args.scale)), "--seed", str(args.seed), "--end-day",
           args.end_day]
    subprocess.run(cmd, env=env, check=True, stderr=sys.stderr if args.progress else
                   subprocess.DEVNULL)
    return time.monotonic() - started


def measure(url: str, instance: str, end_day: date) -> dict:
    """Time the reports on a generated database."""
    from server.app import create_app

    runtime = _runtime(url, instance, end_day)
    month_last = end_day.replace(day=1) - timedelta(days=1)
    month = (month_last.replace(day=1), month_last)
    out, picks = _sizes(runtime)
    client = create_app(runtime=runtime).test_client()
    for label, center_id in picks.items():
        out[label] = _time_center(runtime, client, center_id, month)
    out["month"] = f"{month[0]}..{month[1]}"
    runtime.db.dispose()
    return out


def _runtime(url: str, instance: str, end_day: date):
    """A runtime on the database whose clock stands on the last day of history."""
    from server.kernel.db.session import Database
    from server.kernel.runtime import Runtime
    from server.kernel.settings import load_settings

    settings = load_settings(instance_path=instance, database_url=url, async_mode="threading")
    # The dossier alert scan and portal outbox loops would run beside the timings.
    settings.extra["dossier_background"] = False
    tz = ZoneInfo(settings.timezone)
    # "Now" is the last day of history, mid-morning: today's figures have a day of tickets.
    now = datetime.combine(end_day, dtime(10, 30), tzinfo=tz).astimezone(UTC)
    return Runtime(db=Database(url), settings=settings, clock=lambda: now)


def _sizes(runtime) -> tuple[dict, dict[str, int]]:
    """Row counts of the history, and the centers to time (median and largest by dossiers)."""
    from server.dossiers.models import Dossier, DossierEvent
    from server.queue.models import Ticket

    out: dict = {}
    with runtime.uow(write=False) as ctx:
        s = ctx.session
        out["tickets"] = s.scalar(select(func.count()).select_from(Ticket))
        out["dossiers"] = s.scalar(select(func.count()).select_from(Dossier))
        out["dossier_events"] = s.scalar(select(func.count()).select_from(DossierEvent))
        sizes = sorted(s.execute(select(Dossier.center_id, func.count())
                                 .group_by(Dossier.center_id)).all(), key=lambda r: r[1])
    return out, {"median center": sizes[len(sizes) // 2][0], "largest center": sizes[-1][0]}


def _time_center(runtime, client, center_id: int, month: tuple[date, date]) -> dict:
    """Time the use cases and the HTTP handlers for one center as its supervisor."""
    from server.kernel import auth
    from server.kernel.models import Center
    from server.reports.rules.period import Period
    from server.reports.usecases.center_report import center_report
    from server.reports.usecases.dashboard import dashboard
    from server.reports.usecases.exports import center_xlsx
    from server.reports.usecases.queue_report import queue_report

    password = "bench-password-123"
    with runtime.uow() as ctx:
        center = ctx.session.get(Center, center_id)
        name = f"bench.{center.code.lower()}"
        auth.create_staff(ctx, name, "supervisor", password, center.id)
        token = auth.login(ctx, name, password)["token"]
    headers = {"Authorization": f"Bearer {token}"}
    with runtime.uow(write=False) as ctx:
        center = ctx.session.get(Center, center_id)
        period = Period.of(month[0], month[1], center.timezone)
        rows = {}
        rows["center report (use case)"] = median_ms(
            lambda c=center, p=period, x=ctx: center_report(x, c, p))
        rows["queue report (use case)"] = median_ms(
            lambda c=center, p=period, x=ctx: queue_report(x, c, p))
        rows["dashboard (use case)"] = median_ms(lambda c=center, x=ctx: dashboard(x, c))
        report = center_report(ctx, center, period)
        queue = queue_report(ctx, center, period)
        rows["xlsx export"] = median_ms(lambda r=report, q=queue: center_xlsx(r, q))
        received = report["total"]["received_total"]
    q = f"from={month[0]}&to={month[1]}"
    rows["GET /reports/center (HTTP)"] = median_ms(
        lambda q=q, h=headers: _ok(client.get(f"/api/v1/reports/center?{q}", headers=h)))
    rows["GET /dashboard (HTTP)"] = median_ms(
        lambda h=headers: _ok(client.get("/api/v1/dashboard", headers=h)))
    return {"code": center.code, "received": received, "timings": rows}


def _ok(res):
    assert res.status_code == 200, res.get_json()
    return res


def scratch_postgres(url: str) -> tuple[str, callable]:
    """Create a scratch database on the same server; return its URL and a dropper."""
    base = make_url(url)
    name = f"motcua_bench_{os.getpid()}"
    admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return base.set(database=name).render_as_string(hide_password=False), drop


def run_backend(backend: str, url: str | None, args) -> dict:
    instance = tempfile.mkdtemp(prefix=f"motcua-bench-{backend}-")
    drop = None
    if backend == "postgresql":
        url, drop = scratch_postgres(url)
    else:
        url = f"sqlite:///{Path(instance) / 'motcua.db'}"
    env = {**os.environ, "QMS_INSTANCE_PATH": instance, "QMS_DATABASE_URL": url}
    try:
        took = generate(env, args)
        result = measure(url, instance, date.fromisoformat(args.end_day))
        result["generate_s"] = took
        if backend == "sqlite":
            result["size_mb"] = (Path(instance) / "motcua.db").stat().st_size / 2**20
        return result
    finally:
        if drop is not None:
            drop()


def main() -> None:
    args = _arguments()
    backends = ([] if args.no_sqlite else [("sqlite", None)]) + (
        [("postgresql", args.postgres)] if args.postgres else [])
    results = {}
    for backend, url in backends:
        print(f"generating on {backend} ...", flush=True)
        results[backend] = run_backend(backend, url, args)
    print()
    _print_results(results)


def _arguments() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--centers", type=int, default=100)
    p.add_argument("--days", type=int, default=365)
    p.add_argument("--tickets", type=int, default=1_000_000)
    p.add_argument("--dossiers", type=int, default=300_000)
    p.add_argument("--scale", type=float, default=1.0, help="multiply tickets and dossiers")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--end-day", default=(date.today() - timedelta(days=1)).isoformat())
    p.add_argument("--postgres", default=os.environ.get("QMS_TEST_POSTGRES_URL", ""),
                   help="PostgreSQL server URL (also QMS_TEST_POSTGRES_URL)")
    p.add_argument("--no-sqlite", action="store_true")
    p.add_argument("--progress", action="store_true", help="show the generator's progress")
    return p.parse_args()


def _print_results(results: dict) -> None:
    """Print the sizes, the timings table (median and largest center per backend), targets."""
    for backend, r in results.items():
        print(f"{backend}: {r['tickets']:,} tickets, {r['dossiers']:,} dossiers "
              f"({r['dossier_events']:,} dossier events), generated in {r['generate_s']:.0f} s"
              + (f", {r['size_mb']:.0f} MB" if "size_mb" in r else "")
              + f"; month {r['month']}")
    labels = list(next(iter(results.values()))["median center"]["timings"])
    header = f"{'median of 5, ms':<30}" + "".join(
        f"{b[:6] + ' ' + which:>18}" for b in results for which in ("median", "largest"))
    print(header)
    print("-" * len(header))
    for label in labels:
        line = f"{label:<30}"
        for r in results.values():
            for which in ("median center", "largest center"):
                line += f"{r[which]['timings'][label]:>18.1f}"
        print(line)
    print(f"{'dossiers in the month report':<30}" + "".join(
        f"{r[w]['received']:>18}" for r in results.values()
        for w in ("median center", "largest center")))
    _print_targets(results)


def _print_targets(results: dict) -> None:
    worst_report = max(r[w]["timings"]["center report (use case)"]
                       for r in results.values() for w in ("median center", "largest center"))
    worst_dash = max(r[w]["timings"]["dashboard (use case)"]
                     for r in results.values() for w in ("median center", "largest center"))
    print(f"\ntargets: month report < {TARGET_REPORT_MS} ms: "
          f"{'OK' if worst_report < TARGET_REPORT_MS else 'MISSED'} ({worst_report:.0f}); "
          f"dashboard < {TARGET_DASHBOARD_MS} ms: "
          f"{'OK' if worst_dash < TARGET_DASHBOARD_MS else 'MISSED'} ({worst_dash:.0f})")


if __name__ == "__main__":
    main()
