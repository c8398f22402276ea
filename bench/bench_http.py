"""Ticket issuance and call-next over HTTP against the real eventlet server (SQLite)."""

from __future__ import annotations

import os
import platform
import statistics
import threading
import time

import requests

from bench.server import start_server


def pct(values: list[float], p: float) -> float:
    """Return the p-th percentile (nearest rank) in milliseconds."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))] * 1000


def timed_posts(session: requests.Session, url: str, n: int, **kw) -> list[float]:
    """POST n times, return each latency in seconds."""
    out = []
    for _ in range(n):
        t = time.perf_counter()
        res = session.post(url, **kw)
        out.append(time.perf_counter() - t)
        assert res.status_code in (200, 201, 204), res.text
    return out


def service_layer() -> tuple[list[float], list[float]]:
    """Time issue_ticket and call_next in-process (no HTTP), on a fresh SQLite file."""
    import tempfile

    from sqlalchemy import select

    from server.bootstrap import build_runtime
    from server.kernel.db.session import Database
    from server.kernel.models import Center, Staff
    from server.kernel.settings import Settings
    from server.migrations.migrate import upgrade
    from server.queue.models import Counter
    from server.queue.usecases import counters, tickets
    from server.queue.usecases.demo import load_demo

    folder = tempfile.mkdtemp(prefix="motcua-svc-")
    url = f"sqlite:///{folder}/bench.db"
    upgrade(url)
    rt = build_runtime(Settings(instance_path=folder, database_url=url,
                               extra={"voice_engine": "none"}), db=Database(url))
    with rt.uow() as ctx:
        load_demo(ctx, always_open=True)
        center_id = ctx.session.scalar(select(Center.id))
        officer_id = ctx.session.scalar(select(Staff.id).where(Staff.username == "officer3"))
        counter_id = ctx.session.scalar(select(Counter.id).where(Counter.number == 3))
        counters.open_counter(ctx, counter_id, ctx.session.get(Staff, officer_id))
    issue, call = [], []
    for _ in range(500):
        t = time.perf_counter()
        with rt.uow() as ctx:
            tickets.issue_ticket(ctx, ctx.session.get(Center, center_id), "CIVIL")
        issue.append(time.perf_counter() - t)
    for _ in range(500):
        t = time.perf_counter()
        with rt.uow() as ctx:
            counters.call_next(ctx, counter_id, ctx.session.get(Staff, officer_id))
        call.append(time.perf_counter() - t)
    rt.db.dispose()
    return issue, call


def wrk_runs(server, officer: dict, cid: int) -> list[str]:
    """Measure with wrk (a C load generator: the Python client above costs CPU too)."""
    import re
    import shutil
    import subprocess
    import tempfile

    if shutil.which("wrk") is None:
        return ["(install Debian's wrk for the C load generator figures)"]
    lines = []

    def run(path: str, body: str | None, token: str, conns: int, label: str) -> None:
        script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
        script.write('wrk.method = "POST"\n'
                     f'wrk.headers["Authorization"] = "Bearer {token}"\n'
                     'wrk.headers["Content-Type"] = "application/json"\n'
                     + (f"wrk.body = '{body}'\n" if body else ""))
        script.close()
        out = subprocess.run(["wrk", "-t1", f"-c{conns}", "-d6s", "--latency", "-s", script.name,
                              f"{server.url}{path}"], capture_output=True, text=True).stdout
        p50 = re.search(r"50%\s+(\S+)", out).group(1)
        p99 = re.search(r"99%\s+(\S+)", out).group(1)
        rps = re.search(r"Requests/sec:\s+(\S+)", out).group(1)
        lines.append(f"{label:<34}{p50:>9}{p99:>9}{float(rps):9.0f}")

    kiosk = server.token("kiosk")
    run("/api/v1/tickets", '{"service": "CIVIL"}', kiosk, 1, "wrk: issue ticket, 1 conn")
    run("/api/v1/tickets", '{"service": "RESID"}', kiosk, 8, "wrk: issue ticket, 8 conns")
    token = officer["Authorization"][7:]
    run(f"/api/v1/counters/{cid}/call-next", None, token, 1, "wrk: call-next, 1 conn")
    return lines


def main() -> None:
    """Run the scenarios and print a table."""
    svc_issue, svc_call = service_layer()
    server = start_server()
    try:
        time.sleep(1)
        idle_rss = server.rss_kb()
        kiosk = {"Authorization": f"Bearer {server.token('kiosk')}"}
        tickets = f"{server.url}/api/v1/tickets"
        s = requests.Session()
        timed_posts(s, tickets, 50, json={"service": "CERT"}, headers=kiosk)  # warm up
        single = timed_posts(s, tickets, 500, json={"service": "CIVIL"}, headers=kiosk)

        results: list[float] = []
        lock = threading.Lock()
        per_client = 250

        def client(code: str):
            sess = requests.Session()
            lat = timed_posts(sess, tickets, per_client, json={"service": code}, headers=kiosk)
            with lock:
                results.extend(lat)

        codes = ["LAND", "CIVIL", "CERT", "BUSI", "BUILD", "SOCIAL", "RESID", "PROV"]
        threads = [threading.Thread(target=client, args=(c,)) for c in codes]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        throughput = len(results) / wall

        officer = server.login("officer3")
        counters = s.get(f"{server.url}/api/v1/counters", headers=officer).json()["counters"]
        cid = next(c["id"] for c in counters if c["number"] == 3)
        s.post(f"{server.url}/api/v1/counters/{cid}/open", headers=officer).raise_for_status()
        calls = timed_posts(s, f"{server.url}/api/v1/counters/{cid}/call-next", 500,
                            headers=officer)
        wrk_lines = wrk_runs(server, officer, cid)
        loaded_rss = server.rss_kb()
    finally:
        server.stop()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, SQLite, one eventlet process")
    print(f"{'scenario':<34}{'p50 ms':>9}{'p99 ms':>9}{'req/s':>9}")
    print(f"{'issue ticket, 1 client':<34}{pct(single, 50):9.2f}{pct(single, 99):9.2f}"
          f"{len(single) / sum(single):9.0f}")
    print(f"{'issue ticket, 8 clients':<34}{pct(results, 50):9.2f}{pct(results, 99):9.2f}"
          f"{throughput:9.0f}")
    print(f"{'call-next, 1 client':<34}{pct(calls, 50):9.2f}{pct(calls, 99):9.2f}"
          f"{len(calls) / sum(calls):9.0f}")
    for line in wrk_lines:
        print(line)
    print(f"{'service layer only: issue':<34}{pct(svc_issue, 50):9.2f}{pct(svc_issue, 99):9.2f}")
    print(f"{'service layer only: call-next':<34}{pct(svc_call, 50):9.2f}{pct(svc_call, 99):9.2f}")
    print(f"server RSS idle {idle_rss / 1024:.1f} MB, after load {loaded_rss / 1024:.1f} MB"
          f" (median of single {statistics.median(single) * 1000:.2f} ms)")


if __name__ == "__main__":
    main()
