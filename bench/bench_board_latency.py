"""Call-to-board latency: 50 counters, 100 boards connected as python-socketio clients.

Latency = time a board receives `ticket.called` - time the counter's REST call was sent.
Boards and callers run in this process, the server (eventlet, SQLite) in another.
"""

from __future__ import annotations

import os
import platform
import statistics
import time

import requests
import socketio
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from bench.bench_http import pct
from bench.server import start_server

BOARDS = int(os.environ.get("BENCH_BOARDS", 100))
COUNTERS = int(os.environ.get("BENCH_COUNTERS", 50))
CALLS = int(os.environ.get("BENCH_CALLS", 200))
PROCESSES = int(os.environ.get("BENCH_BOARD_PROCESSES", 4))
PACE_S = float(os.environ.get("BENCH_PACE_S", 0.2))
VIA = os.environ.get("BENCH_VIA", "socket")  # socket (counter panel) | rest


def add_counters(instance: str, total: int) -> None:
    """Add counters 9..total serving every service (the demo has 8)."""
    from server.kernel.models import Center
    from server.queue.models import Counter, CounterService, Service

    engine = create_engine(f"sqlite:///{instance}/motcua.db")
    with Session(engine) as s:
        center = s.scalar(select(Center))
        services = s.scalars(select(Service)).all()
        for n in range(9, total + 1):
            counter = Counter(center_id=center.id, number=n, label=f"Quầy {n}", status="closed")
            counter.links = [CounterService(service_id=sv.id, rank=i)
                             for i, sv in enumerate(services)]
            s.add(counter)
        s.commit()
    engine.dispose()


def board_process(url: str, token: str, count: int, ready, out, stop) -> None:
    """Run `count` asyncio board clients in one loop; report (number, receive wall time)."""
    import asyncio

    async def run() -> list[tuple[str, float]]:
        received: list[tuple[str, float]] = []
        clients = []
        for _ in range(count):
            client = socketio.AsyncClient(reconnection=False)

            async def on_called(envelope):
                received.append((envelope["data"]["number"], time.time()))

            client.on("ticket.called", on_called, namespace="/board")
            await client.connect(url, namespaces=["/board"], transports=["websocket"],
                                 auth={"token": token})
            clients.append(client)
        ready.set()
        while not stop.is_set():
            await asyncio.sleep(0.1)
        for client in clients:
            await client.disconnect()
        return received

    out.put(asyncio.run(run()))


def main() -> None:
    """Connect the boards, make CALLS calls spread over the counters, print p50/p99."""
    import multiprocessing as mp

    server = _start_server()
    sent: dict[str, float] = {}
    procs: list = []
    out, stop = mp.Queue(), mp.Event()
    try:
        _start_boards(server, procs, out, stop)
        sup, http, ids, numbers = _open_and_issue(server)
        time.sleep(1)
        _call_all(server, sup, http, ids, numbers, sent)
        time.sleep(2)
        stop.set()
        received = [item for _ in procs for item in out.get(timeout=60)]
    finally:
        stop.set()
        for proc in procs:
            proc.join(10)
        server.stop()
    latencies = [at - sent[number] for number, at in received if number in sent]
    _print_latencies(latencies)


def _start_server():
    """Start a demo server with COUNTERS counters (the demo is loaded, then restarted)."""
    import tempfile

    instance = tempfile.mkdtemp(prefix="motcua-lat-")
    server = start_server(instance, demo=True)
    server.stop()
    add_counters(instance, COUNTERS)
    server2 = start_server(instance, demo=False)
    server2.passwords, server2.tokens = server.passwords, server.tokens
    return server2


def _start_boards(server, procs: list, out, stop) -> None:
    """Start PROCESSES board processes (added to procs) and wait until all are connected."""
    import multiprocessing as mp

    readies = []
    per_proc = BOARDS // PROCESSES
    for _ in range(PROCESSES):
        ready = mp.Event()
        proc = mp.Process(target=board_process,
                          args=(server.url, server.token("board"), per_proc, ready, out, stop))
        proc.start()
        procs.append(proc)
        readies.append(ready)
    for ready in readies:
        ready.wait(120)


def _open_and_issue(server) -> tuple[dict, requests.Session, list[int], list[str]]:
    """Open the counters and issue CALLS tickets; return what the calls need."""
    sup = server.login("supervisor")
    kiosk = {"Authorization": f"Bearer {server.token('kiosk')}"}
    http = requests.Session()
    counters = http.get(f"{server.url}/api/v1/counters", headers=sup).json()["counters"]
    ids = [c["id"] for c in counters][:COUNTERS]
    for cid in ids:
        http.post(f"{server.url}/api/v1/counters/{cid}/open", headers=sup).raise_for_status()
    numbers = [http.post(f"{server.url}/api/v1/tickets", json={"service": "CIVIL"},
                         headers=kiosk).json()["number"] for _ in range(CALLS)]
    return sup, http, ids, numbers


def _call_all(server, sup: dict, http: requests.Session, ids: list[int], numbers: list[str],
              sent: dict[str, float]) -> None:
    """Call every ticket in turn over the counters, noting when each call was sent."""
    panel = None
    if VIA == "socket":  # the counter panel's own path: a Socket.IO command with an ack
        panel = socketio.Client(reconnection=False)
        panel.connect(server.url, namespaces=["/counter"], transports=["websocket"],
                      auth={"token": sup["Authorization"][7:]})
    for i, number in enumerate(numbers):
        sent[number] = time.time()
        if panel is not None:
            ack = panel.call("command", {"action": "call", "ticket": number,
                                         "counter_id": ids[i % len(ids)]},
                             namespace="/counter", timeout=10)
            assert ack["ok"], ack
        else:
            http.post(f"{server.url}/api/v1/counters/{ids[i % len(ids)]}/call",
                      headers=sup, json={"ticket": number}).raise_for_status()
        time.sleep(PACE_S)  # a busy center calls about once a second; this is 5x that
    if panel is not None:
        panel.disconnect()


def _print_latencies(latencies: list[float]) -> None:
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores; server: one eventlet "
          f"process, SQLite; {BOARDS} boards in {PROCESSES} client processes, {COUNTERS} "
          f"counters, {CALLS} calls {PACE_S * 1000:.0f} ms apart, sent via {VIA}")
    print(f"deliveries {len(latencies)}/{CALLS * BOARDS}; call-to-board latency "
          f"p50 {pct(latencies, 50):.1f} ms, p99 {pct(latencies, 99):.1f} ms, "
          f"max {max(latencies) * 1000:.1f} ms, mean {statistics.mean(latencies) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
