"""Center report edge cases, built through the service layer with the clock moving.

Procedure 1.004873 (marital status certificate, commune, 3 working days): accepted on a
morning, it is due at 17:00 on the third working day after. October 2026 has no holiday.
"""

from __future__ import annotations

import csv
import io

from report_helpers import file_dossier, load_catalogue, move, vn

from support import login

THREE = "1.004873"


def _step(runtime, clock, when, fn, *args, **kw):
    clock.now = vn(*when)
    with runtime.uow() as ctx:
        return fn(ctx, *args, **kw)


def _story(runtime, clock) -> dict:
    """Every case of the report, in the order things happen."""
    load_catalogue(runtime)
    codes = {}

    def intake(name, when, **kw):
        codes[name] = _step(runtime, clock, when, file_dossier, THREE, **kw)["code"]

    def to(name, when, status, **kw):
        _step(runtime, clock, when, move, codes[name], status, **kw)

    intake("done_in_september", (2026, 9, 21, 10))
    to("done_in_september", (2026, 9, 21, 10, 30), 4)
    to("done_in_september", (2026, 9, 22, 10), 9)  # due 24/9: early, reported in September
    intake("carried_on_time", (2026, 9, 28, 10))  # due Thu 1/10 17:00
    to("carried_on_time", (2026, 9, 28, 10, 30), 4)
    intake("carried_returned", (2026, 9, 30, 9))
    to("carried_returned", (2026, 9, 30, 9, 30), 4)
    intake("overdue", (2026, 10, 1, 9))  # due Tue 6/10, still processing on 31/10
    to("overdue", (2026, 10, 1, 9, 30), 4)
    to("carried_on_time", (2026, 10, 1, 10), 9)  # ready on its due day: on time
    to("carried_returned", (2026, 10, 2, 9), 8)  # stopped: returned, requirements not met
    intake("late", (2026, 10, 5, 10))  # due Thu 8/10
    to("late", (2026, 10, 5, 10, 30), 4)
    intake("withdrawn", (2026, 10, 6, 10))
    to("withdrawn", (2026, 10, 6, 10, 30), 4)
    to("withdrawn", (2026, 10, 7, 9), 7)
    intake("refused", (2026, 10, 8, 9), status=3, note="Thiếu giấy tờ")  # status 3
    to("late", (2026, 10, 12, 9), 9)  # ready Mon 12/10, due was 8/10: late
    intake("early", (2026, 10, 12, 10))  # due Thu 15/10
    to("early", (2026, 10, 12, 10, 30), 4)
    to("early", (2026, 10, 13, 10), 9)  # two working days ahead: early
    to("early", (2026, 10, 14, 10), 10)  # collecting the result changes nothing
    intake("supplement", (2026, 10, 20, 10))  # due Fri 23/10, clock paused from 21/10
    to("supplement", (2026, 10, 20, 10, 30), 4)
    to("supplement", (2026, 10, 21, 9), 5, note="Bổ sung bản sao")
    intake("online_unaccepted", (2026, 10, 30, 20), channel="online")  # status 1 only
    intake("online_november", (2026, 10, 31, 21), channel="online")
    to("online_november", (2026, 11, 2, 8), 2)  # accepted in November: due Thu 5/11
    to("online_november", (2026, 11, 2, 8, 30), 4)
    to("online_november", (2026, 11, 4, 9), 9)  # early
    clock.now = vn(2026, 12, 1, 9)
    return codes


def _levels(client, headers, a, b) -> dict:
    res = client.get(f"/api/v1/reports/center?from={a}&to={b}", headers=headers)
    assert res.status_code == 200, res.get_json()
    return res.get_json()


def _identity(counts: dict) -> bool:
    return counts["received_total"] == (counts["processed_total"] + counts["pending_total"]
                                        + counts["returned"] + counts["withdrawn"])


def test_edges_of_a_period(runtime, demo, clock):
    _story(runtime, clock)
    from server.app import create_app

    client = create_app(runtime=runtime).test_client()
    headers = login(client, demo, "supervisor")

    october = _levels(client, headers, "2026-10-01", "2026-10-31")
    c = october["levels"][0]
    assert c["level"] == "commune"
    assert (c["received_carried_over"], c["received_new_in_person"], c["received_new_online"],
            c["received_new_postal"]) == (2, 5, 0, 0)
    assert (c["processed_early"], c["processed_on_time"], c["processed_late"]) == (1, 1, 1)
    assert (c["pending_in_time"], c["pending_overdue"]) == (1, 1)  # paused one is in time
    assert (c["returned"], c["withdrawn"]) == (1, 1)
    assert c["received_total"] == 7 and _identity(c)
    assert abs(c["on_time_rate"] - 2 / 3) < 1e-9 and c["online_share"] == 0.0
    assert october["levels"][1]["received_total"] == 0
    proc = {p["code"]: p for p in october["procedures"]}[THREE]
    assert proc["received_total"] == 7 and proc["name_vi"]

    september = _levels(client, headers, "2026-09-01", "2026-09-30")["levels"][0]
    assert (september["received_new_in_person"], september["processed_early"],
            september["pending_in_time"]) == (3, 1, 2)

    november = _levels(client, headers, "2026-11-01", "2026-11-30")["levels"][0]
    assert (november["received_carried_over"], november["received_new_online"]) == (2, 1)
    assert (november["processed_early"], november["pending_in_time"],
            november["pending_overdue"]) == (1, 1, 1)
    assert november["online_share"] == 1.0 and _identity(november)

    # Two months at once: nothing counted twice (carried over = before 1/10 only).
    both = _levels(client, headers, "2026-10-01", "2026-11-30")["levels"][0]
    assert (both["received_carried_over"], both["received_new"]) == (2, 6)
    assert both["processed_total"] == 4 and _identity(both)

    # CSV: the same numbers as the JSON.
    res = client.get("/api/v1/reports/center?from=2026-10-01&to=2026-10-31&format=csv",
                     headers=headers)
    assert res.status_code == 200 and res.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(res.data.decode("utf-8-sig"))))
    line = next(r for r in rows if r["scope"] == "level" and r["level"] == "commune")
    for key in ("received_total", "received_carried_over", "processed_late",
                "pending_overdue", "returned", "withdrawn"):
        assert int(line[key]) == c[key], key
    assert abs(float(line["on_time_rate"]) - c["on_time_rate"]) < 1e-9


def test_report_requests_are_checked(runtime, demo, clock):
    from server.app import create_app

    client = create_app(runtime=runtime).test_client()
    url = "/api/v1/reports/center?from=2026-10-01&to=2026-10-31"
    assert client.get(url).status_code == 401
    assert client.get(url, headers=login(client, demo, "officer1")).status_code == 403
    headers = login(client, demo, "supervisor")
    for query, code in (("from=2026-10-31&to=2026-10-01", "report.bad_period"),
                        ("from=yesterday&to=2026-10-01", "report.bad_date"),
                        ("from=2026-10-01", "report.bad_date"),
                        ("from=2020-01-01&to=2026-10-01", "report.period_too_long"),
                        ("from=2026-10-01&to=2026-10-31&format=pdf", "report.bad_format"),
                        ("from=2026-10-01&to=2026-10-31&center=OTHER", "auth.forbidden")):
        res = client.get(f"/api/v1/reports/center?{query}", headers=headers)
        assert res.status_code in (400, 403), query
        assert res.get_json()["error"]["code"] == code, query
    # An administrator (no center of their own) gets the only center, or names it.
    admin = login(client, demo, "admin")
    assert client.get(url, headers=admin).status_code == 200
    assert client.get(url + "&center=SAPA", headers=admin).status_code == 200
