"""The supervisor's dashboard snapshot (`GET /api/v1/dashboard`) and pages."""

from __future__ import annotations

import re

from report_helpers import file_dossier, load_catalogue, move, vn

from server.queue.usecases import counters
from support import act, issue, login, open_counter


def _lobby(runtime, clock):
    """A morning: tickets waiting, counters calling, serving, paused; a dossier overdue."""
    load_catalogue(runtime)
    clock.now = vn(2026, 11, 23, 10)  # Mon 23/11; 3 working days (24/11 is a holiday)
    with runtime.uow() as ctx:
        code = file_dossier(ctx, "1.004873")["code"]  # due Fri 27/11 17:00
        move(ctx, code, 4)
    clock.now = vn(2026, 11, 30, 8)
    for service in ("LAND", "LAND", "LAND", "CIVIL", "CERT"):
        issue(runtime, service)
        clock.advance(minutes=2)
    one = open_counter(runtime, 1)
    act(runtime, counters.call_next, one)  # A001 called at counter 1
    clock.advance(minutes=1)
    three = open_counter(runtime, 3, "officer3")
    act(runtime, counters.call_next, three, "officer3")  # B001
    act(runtime, counters.start, three, "officer3")
    five = open_counter(runtime, 5, "officer5")
    act(runtime, counters.pause_counter, five, "officer5", reason="Họp giao ban")
    clock.now = vn(2026, 11, 30, 8, 37)  # A002 has waited 35 min, A003 33, C001 29


def test_dashboard_snapshot(runtime, demo, clock):
    _lobby(runtime, clock)
    from server.app import create_app

    client = create_app(runtime=runtime).test_client()
    headers = login(client, demo, "supervisor")
    res = client.get("/api/v1/dashboard", headers=headers)
    assert res.status_code == 200, res.get_json()
    d = res.get_json()
    assert d["today"] == "2026-11-30" and d["wait_alert_s"] == 1800
    waiting = {w["service"]: w for w in d["waiting"]}
    assert (waiting["LAND"]["waiting"], waiting["CERT"]["waiting"]) == (2, 1)
    assert waiting["CIVIL"]["waiting"] == 0 and waiting["CIVIL"]["longest_wait_s"] is None
    assert waiting["LAND"]["longest_wait_s"] == 35 * 60
    assert d["waiting_total"] == 3
    assert d["longest_wait"] == {"service": "LAND", "wait_s": 35 * 60,
                                 "since": vn(2026, 11, 30, 8, 2).isoformat()}
    s = d["counters"]["summary"]
    assert (s["open"], s["paused"], s["closed"], s["serving"], s["calling"]) == (2, 1, 5, 1, 1)
    by_number = {c["number"]: c for c in d["counters"]["list"]}
    assert by_number[1]["current"]["number"] == "A001"
    assert by_number[3]["current"]["status"] == "serving"
    assert by_number[5]["pause_reason"] == "Họp giao ban"
    today = d["today_figures"]
    assert (today["issued"], today["served"]) == (5, 0)
    assert today["wait_s"]["count"] == 2  # A001 and B001 were called: their waits count
    hour8 = next(h for h in today["per_hour"] if h["hour"] == 8)
    assert hour8["issued"] == 5 and [h["hour"] for h in today["per_hour"]][:2] == [7, 8]
    kinds = [(a["kind"], a.get("service") or a.get("code")) for a in d["alerts"]]
    assert ("wait", "LAND") in kinds  # two LAND tickets over 30 min
    assert not any(k == ("wait", "CERT") for k in kinds)  # C001 has waited 29 min only
    land = next(a for a in d["alerts"] if a["kind"] == "wait")
    assert land["count"] == 2 and land["number"] == "A002"
    overdue = [a for a in d["alerts"] if a["kind"] == "dossier_overdue"]
    assert len(overdue) == 1 and d["dossiers"]["overdue"] == 1
    assert d["dossiers"]["pending"] == 1

    assert client.get("/api/v1/dashboard", headers=login(client, demo, "officer1")) \
        .status_code == 403


def test_wait_alert_threshold_is_a_setting(runtime, demo, clock):
    runtime.settings.extra["wait_alert_s"] = 600
    clock.now = vn(2026, 11, 30, 9)
    issue(runtime, "CERT")
    clock.advance(minutes=11)
    from server.app import create_app

    client = create_app(runtime=runtime).test_client()
    d = client.get("/api/v1/dashboard", headers=login(client, demo, "supervisor")).get_json()
    assert d["wait_alert_s"] == 600
    assert [a["service"] for a in d["alerts"] if a["kind"] == "wait"] == ["CERT"]
    assert d["dossiers"]["overdue"] == 0


def test_pages_load_vendored_scripts_only(runtime, demo):
    from server.app import create_app

    client = create_app(runtime=runtime).test_client()
    for url in ("/dashboard", "/dashboard/reports"):
        res = client.get(url)
        assert res.status_code == 200
        html = res.data.decode()
        sources = re.findall(r'<script[^>]+src="([^"]+)"', html)
        assert sources and all(s.startswith("/") for s in sources), sources
        assert "/dashboard/static/vendor/chart.umd.min.js" in sources
        assert client.get("/dashboard/static/vendor/chart.umd.min.js").status_code == 200
    assert "/web/static/vendor/socket.io.min.js" in client.get("/dashboard").data.decode()
