"""REST contract: names integrators rely on, and every error path with its code."""

from __future__ import annotations

import pytest

from support import login


def test_healthz_reports_database(client):
    res = client.get("/healthz")
    assert res.status_code == 200
    body = res.get_json()
    assert body["status"] == "ok" and body["database"] == "ok"


def test_openapi_describes_every_api_route(app, client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.1")
    routes = {(r.rule, m.lower()) for r in app.url_map.iter_rules()
              if r.rule.startswith("/api/v1") for m in r.methods - {"HEAD", "OPTIONS"}}
    import re

    described = {(re.sub(r"\{(\w+)\}", r"<\1>", p), m) for p, ops in spec["paths"].items()
                 for m in ops}
    normalized = {(re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", r), m) for r, m in routes}
    assert normalized == described


def test_public_services_list(client):
    body = client.get("/api/v1/services").get_json()
    land = next(s for s in body["services"] if s["code"] == "LAND")
    assert land["prefix"] == "A" and land["level"] == "commune" and land["open"] is True
    assert {"waiting", "estimated_wait_s", "name_vi", "name_en"} <= set(land)


def test_issue_ticket_contract(client, kiosk_headers):
    res = client.post("/api/v1/tickets", json={"service": "LAND", "priority": None},
                      headers=kiosk_headers)
    assert res.status_code == 201
    body = res.get_json()
    for key in ("number", "service", "status", "issued_at", "waiting_ahead",
                "estimated_wait_s", "tracking_code", "tracking_url"):
        assert key in body
    assert body["number"] == "A001" and body["status"] == "waiting"
    assert body["tracking_url"].endswith(body["tracking_code"])
    public = client.get(f"/api/v1/tickets/{body['tracking_code']}").get_json()
    assert public["status"] == "waiting" and public["position"] == 1


def test_counter_flow_over_rest(client, kiosk_headers, officer_headers):
    counters = client.get("/api/v1/counters", headers=officer_headers).get_json()["counters"]
    c1 = next(c for c in counters if c["number"] == 1)
    assert {"id", "number", "label", "services", "status"} <= set(c1)
    assert client.post(f"/api/v1/counters/{c1['id']}/open",
                       headers=officer_headers).status_code == 200
    assert client.post(f"/api/v1/counters/{c1['id']}/call-next",
                       headers=officer_headers).status_code == 204
    ticket = client.post("/api/v1/tickets", json={"service": "LAND"},
                         headers=kiosk_headers).get_json()
    res = client.post(f"/api/v1/counters/{c1['id']}/call-next", headers=officer_headers)
    assert res.status_code == 200 and res.get_json()["number"] == ticket["number"]
    tracked = client.get(f"/api/v1/tickets/{ticket['tracking_code']}").get_json()
    assert tracked["status"] == "called" and tracked["counter"] == 1
    for action in ("start", "complete"):
        assert client.post(f"/api/v1/counters/{c1['id']}/{action}",
                           headers=officer_headers).status_code == 200
    assert client.post(f"/api/v1/counters/{c1['id']}/pause", json={"reason": "Nghỉ trưa"},
                       headers=officer_headers).get_json()["status"] == "paused"
    assert client.post(f"/api/v1/counters/{c1['id']}/resume",
                       headers=officer_headers).get_json()["status"] == "open"
    assert client.post(f"/api/v1/counters/{c1['id']}/close",
                       headers=officer_headers).get_json()["status"] == "closed"


def _code(res):
    return res.status_code, res.get_json()["error"]["code"]


@pytest.mark.parametrize("body,status,code", [
    (b"{not json", 400, "request.bad_json"),
    (b"[1, 2]", 400, "request.bad_json"),
    (b'{"priority": null}', 400, "ticket.service_required"),
    (b'{"service": 12}', 400, "ticket.service_required"),
    (b'{"service": "NOPE"}', 404, "service.not_found"),
    (b'{"service": "LAND", "priority": "vip"}', 400, "ticket.bad_priority"),
])
def test_ticket_errors(client, kiosk_headers, body, status, code):
    res = client.post("/api/v1/tickets", data=body, headers={
        **kiosk_headers, "Content-Type": "application/json"})
    assert _code(res) == (status, code)
    error = res.get_json()["error"]
    assert error["message_vi"] and error["message_en"]


def test_auth_errors(client, demo, officer_headers):
    assert _code(client.post("/api/v1/tickets", json={"service": "LAND"})) == (
        401, "auth.required")
    assert _code(client.post("/api/v1/tickets", json={"service": "LAND"},
                             headers={"Authorization": "Bearer nope"})) == (401, "auth.required")
    assert _code(client.post("/api/v1/tickets", json={"service": "LAND"},
                             headers=officer_headers)) == (403, "auth.forbidden")
    assert _code(client.get("/api/v1/counters")) == (401, "auth.required")
    assert _code(client.post("/api/v1/auth/login", json={"username": "officer1",
                                                         "password": "wrong-password"})) == (
        401, "auth.bad_credentials")
    assert _code(client.post("/api/v1/auth/login", json={"username": 1})) == (
        400, "auth.fields_required")
    board = [d["token"] for d in demo["devices"].values() if d["kind"] == "board"][0]
    assert _code(client.get("/api/v1/counters", headers={
        "Authorization": f"Bearer {board}"})) == (403, "auth.forbidden")


def test_counter_errors(client, demo, officer_headers):
    assert _code(client.post("/api/v1/counters/9999/open", headers=officer_headers)) == (
        404, "counter.not_found")
    counters = client.get("/api/v1/counters", headers=officer_headers).get_json()["counters"]
    cid = counters[0]["id"]
    assert _code(client.post(f"/api/v1/counters/{cid}/call-next",
                             headers=officer_headers)) == (409, "counter.closed")
    client.post(f"/api/v1/counters/{cid}/open", headers=officer_headers)
    assert _code(client.post(f"/api/v1/counters/{cid}/recall",
                             headers=officer_headers)) == (409, "counter.no_ticket")
    assert _code(client.post(f"/api/v1/counters/{cid}/pause", json={},
                             headers=officer_headers)) == (400, "counter.reason_required")
    assert _code(client.post(f"/api/v1/counters/{cid}/transfer", json={"counter": "two"},
                             headers=officer_headers)) == (400, "transfer.bad_counter")
    assert _code(client.post(f"/api/v1/counters/{cid}/call", json={"ticket": "Z999"},
                             headers=officer_headers)) == (404, "ticket.not_found")
    other = login(client, demo, "officer2")
    assert _code(client.post(f"/api/v1/counters/{cid}/call-next", headers=other)) == (
        403, "counter.not_yours")


def test_unknown_routes_and_tickets_are_json_errors(client):
    assert _code(client.get("/api/v1/nothing-here")) == (404, "http.not_found")
    assert _code(client.get("/api/v1/tickets/NOPE")) == (404, "ticket.not_found")
    assert _code(client.delete("/api/v1/services")) == (405, "http.method_not_allowed")


def test_public_ticket_view_holds_no_personal_data(client, kiosk_headers):
    body = client.post("/api/v1/tickets", json={"service": "CIVIL"},
                       headers=kiosk_headers).get_json()
    public = client.get(f"/api/v1/tickets/{body['tracking_code']}").get_json()
    assert not {"name", "phone", "id_number", "officer_id", "device_id"} & set(public)


def test_logout_revokes_the_token(client, officer_headers):
    assert client.get("/api/v1/counters", headers=officer_headers).status_code == 200
    assert client.post("/api/v1/auth/logout", headers=officer_headers).status_code == 204
    assert client.get("/api/v1/counters", headers=officer_headers).status_code == 401


def test_my_today_figures(client, kiosk_headers, officer_headers, clock):
    cid = client.get("/api/v1/counters", headers=officer_headers).get_json()["counters"][4]["id"]
    client.post(f"/api/v1/counters/{cid}/open", headers=officer_headers)
    for _ in range(2):
        client.post("/api/v1/tickets", json={"service": "CERT"}, headers=kiosk_headers)
    client.post(f"/api/v1/counters/{cid}/call-next", headers=officer_headers)
    client.post(f"/api/v1/counters/{cid}/start", headers=officer_headers)
    clock.advance(seconds=240)
    client.post(f"/api/v1/counters/{cid}/complete", headers=officer_headers)
    body = client.get("/api/v1/me/today", headers=officer_headers).get_json()
    assert body["served"] == 1 and body["avg_service_s"] == 240 and body["no_show"] == 0


def test_announcements_need_a_supervisor_and_reach_the_snapshot(client, demo, officer_headers):
    assert _code(client.post("/api/v1/announcements", json={"text_vi": "x"},
                             headers=officer_headers)) == (403, "auth.forbidden")
    sup = login(client, demo, "supervisor")
    res = client.post("/api/v1/announcements", json={"text_vi": "Nghỉ trưa", "text_en": "Lunch"},
                      headers=sup)
    assert res.get_json()["announcement"]["text_vi"] == "Nghỉ trưa"
    assert _code(client.post("/api/v1/announcements", json={"text_vi": "a" * 400},
                             headers=sup)) == (400, "announcement.too_long")


def test_nul_characters_are_refused_everywhere(client, kiosk_headers):
    assert _code(client.get("/api/v1/tickets/AB%00")) == (400, "request.bad_characters")
    assert _code(client.post("/api/v1/tickets", json={"service": "LA\x00ND"},
                             headers=kiosk_headers)) == (400, "request.bad_characters")


def test_openapi_marks_exactly_the_protected_routes(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert "security" not in paths["/api/v1/services"]["get"]
    assert "security" not in paths["/api/v1/tickets/{tracking_code}"]["get"]
    assert paths["/api/v1/tickets"]["post"]["x-motcua-auth"] == "device:kiosk"
    assert paths["/api/v1/counters/{counter_id}/call-next"]["post"]["security"]
    assert paths["/api/v1/announcements"]["post"]["x-motcua-auth"] == "staff:supervisor"
