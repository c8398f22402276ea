"""Queue report figures against medians and 90th percentiles worked out by hand.

Five LAND tickets issued 100 s apart from 09:00 (local), served one by one at counter 1:

ticket  issued  called  wait   start  end    service
A001      0       60     60     70    130      60
A002    100      220    120    230    350     120
A003    200      380    180    390    480      90
A004    300      540    240    550    850     300
A005    400     1000    600    (no-show at 1100)

and one CIVIL ticket still waiting. Waits 60, 120, 180, 240, 600: average 240, median
180, p90 at rank 0.9·4 = 3.6 → 240 + 0.6·(600 − 240) = 456. Service 60, 90, 120, 300:
average 142.5, median (90 + 120) / 2 = 105, p90 at rank 2.7 → 120 + 0.7·180 = 246.
"""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from openpyxl import load_workbook
from report_helpers import vn

from server.queue.usecases import counters
from server.reports.rules.stats import percentile, summary
from support import act, issue, login, open_counter


def test_percentiles_by_hand():
    assert percentile([1, 2, 3, 4], 0.5) == 2.5
    assert abs(percentile(list(range(1, 11)), 0.9) - 9.1) < 1e-9
    assert percentile([7], 0.9) == 7 and percentile([], 0.5) is None
    assert summary([None, 60, 600, 120, 240, 180]) == {
        "count": 5, "avg": 240.0, "median": 180.0, "p90": 456.0, "max": 600.0}


def _day(runtime, clock):
    """Play the table above in time order (FIFO calls pick the tickets of the table)."""
    t0 = vn(2026, 11, 30, 9)
    cid = open_counter(runtime, 1)  # counter 1 serves LAND and BUILD, not CIVIL
    call, start, done = counters.call_next, counters.start, counters.complete
    timeline = [
        (0, "LAND"), (60, call), (70, start), (100, "LAND"), (130, done), (200, "LAND"),
        (220, call), (230, start), (300, "LAND"), (350, done), (380, call), (390, start),
        (400, "LAND"), (450, "CIVIL"), (480, done), (540, call), (550, start), (850, done),
        (1000, call), (1100, counters.mark_no_show),
    ]
    for seconds, what in timeline:
        clock.now = t0 + timedelta(seconds=seconds)
        if isinstance(what, str):
            issue(runtime, what)
        else:
            act(runtime, what, cid)
    clock.now = vn(2026, 12, 1, 9)


def test_queue_report_by_hand(runtime, demo, clock):
    _day(runtime, clock)
    from server.app import create_app

    client = create_app(runtime=runtime).test_client()
    headers = login(client, demo, "supervisor")
    res = client.get("/api/v1/reports/queue?from=2026-11-30&to=2026-11-30", headers=headers)
    assert res.status_code == 200, res.get_json()
    q = res.get_json()
    total = q["total"]
    assert (total["issued"], total["served"], total["no_show"], total["open"]) == (6, 4, 1, 1)
    assert total["wait_s"] == {"count": 5, "avg": 240.0, "median": 180.0, "p90": 456.0,
                               "max": 600.0}
    assert total["service_s"] == {"count": 4, "avg": 142.5, "median": 105.0, "p90": 246.0,
                                  "max": 300.0}
    assert total["calls"] == 5 and total["no_show_rate"] == 0.2
    land = next(s for s in q["by_service"] if s["service"] == "LAND")
    assert land["issued"] == 5 and land["wait_s"]["median"] == 180.0
    civil = next(s for s in q["by_service"] if s["service"] == "CIVIL")
    assert (civil["issued"], civil["open"], civil["wait_s"]["count"]) == (1, 1, 0)
    assert [(c["counter"], c["issued"], c["served"], c["calls"]) for c in q["by_counter"]] == \
        [(1, 5, 4, 5)]
    assert [(o["username"], o["served"]) for o in q["by_officer"]] == [("officer1", 4)]
    assert [(d["day"], d["issued"]) for d in q["by_day"]] == [("2026-11-30", 6)]
    assert [(h["hour"], h["issued"]) for h in q["by_hour"]] == [(9, 6)]
    assert [(w["number"], w["wait_s"]) for w in q["longest_waits"]][:2] == \
        [("A005", 600.0), ("A004", 240.0)]

    res = client.get("/api/v1/reports/queue?from=2026-11-30&to=2026-11-30&format=csv",
                     headers=headers)
    rows = list(csv.reader(io.StringIO(res.data.decode("utf-8-sig"))))
    head = rows[0]
    total_row = dict(zip(head, rows[1], strict=False))
    assert total_row["wait_s.p90"] == "456.0" and total_row["service_s.median"] == "105.0"

    res = client.get("/api/v1/reports/queue?from=2026-11-30&to=2026-11-30&format=xlsx",
                     headers=headers)
    ws = load_workbook(io.BytesIO(res.data))["Hàng đợi"]
    values = [[c.value for c in row] for row in ws.iter_rows()]
    line = next(r for r in values if r[0] == "Tổng cộng")
    assert line[2:5] == [6, 4, 1] and 456.0 in line and 105.0 in line


def test_queue_report_is_empty_without_tickets(runtime, demo, clock):
    from server.app import create_app

    client = create_app(runtime=runtime).test_client()
    res = client.get("/api/v1/reports/queue?from=2026-01-01&to=2026-01-31",
                     headers=login(client, demo, "supervisor"))
    q = res.get_json()
    assert q["total"]["issued"] == 0 and q["total"]["wait_s"]["median"] is None
    assert q["by_service"] == [] and q["longest_waits"] == []
