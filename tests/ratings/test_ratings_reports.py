"""Ratings in the queue report and its Excel export, the dashboard's alert, the dossier page."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from ratings_support import serve_one

from support import login


def _rate(client, code, score, **kw):
    body = {"ticket": code, "score": score, **kw}
    res = client.post("/api/v1/ratings", json=body)
    assert res.status_code == 201, res.get_json()


def test_queue_report_has_ratings_by_officer_counter_service_and_month(client, runtime, demo):
    _rate(client, serve_one(runtime, 1, "LAND", "officer1")["tracking_code"], 5)
    _rate(client, serve_one(runtime, 3, "CIVIL", "officer2")["tracking_code"], 1,
          reasons=["waited_too_long"], comment="riêng tư")
    sup = login(client, demo, "supervisor")
    res = client.get("/api/v1/reports/queue?from=2026-11-01&to=2026-11-30", headers=sup)
    assert res.status_code == 200
    ratings = res.get_json()["ratings"]
    assert ratings["total"] == {"ratings": 2, "average_score": 3.0, "satisfied_share": 0.5,
                                "low": 1}
    assert [(r["key"], r["average_score"]) for r in ratings["by_officer"]] == [
        ("officer1", 5.0), ("officer2", 1.0)]
    assert [r["key"] for r in ratings["by_counter"]] == [1, 3]
    assert {r["key"] for r in ratings["by_service"]} == {"LAND", "CIVIL"}
    assert [r["key"] for r in ratings["by_month"]] == ["2026-11"]
    assert "riêng tư" not in res.get_data(as_text=True)

    xlsx = client.get("/api/v1/reports/queue?from=2026-11-01&to=2026-11-30&format=xlsx",
                      headers=sup)
    assert xlsx.status_code == 200
    wb = load_workbook(io.BytesIO(xlsx.data))
    assert "Đánh giá" in wb.sheetnames
    values = [c for row in wb["Đánh giá"].iter_rows(values_only=True) for c in row]
    assert "officer2" in values and "Theo quầy" in values and 3.0 in values


def test_the_dashboard_shows_a_low_score_alert(client, runtime, demo):
    runtime.settings.areas["ratings"] = {"alert_min_ratings": 2, "alert_threshold": 0.4}
    for score in (1, 2):
        _rate(client, serve_one(runtime)["tracking_code"], score, reasons=["unfriendly"])
    sup = login(client, demo, "supervisor")
    alerts = client.get("/api/v1/dashboard", headers=sup).get_json()["alerts"]
    (alert,) = [a for a in alerts if a["kind"] == "rating_low"]
    assert alert["counter"] == 1 and "Quầy 1" in alert["message_vi"]


def test_the_ticket_tracking_page_carries_the_rate_block(client, runtime, demo):
    code = serve_one(runtime)["tracking_code"]
    page = client.get(f"/track/t/{code}").get_data(as_text=True)
    assert f'data-ticket="{code}"' in page and "rate_later.js" in page
