"""Ratings over HTTP and Socket.IO: the contract of issue 14 as written."""

from __future__ import annotations

from ratings_support import rating_device, serve_one

from support import login


def _post(client, body, token=None):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.post("/api/v1/ratings", json=body, headers=headers)


def test_rate_with_the_counters_screen_or_later_without_a_token(client, runtime, demo):
    _, token = rating_device(runtime, "R1", 1)
    first = serve_one(runtime)["tracking_code"]
    res = _post(client, {"ticket": first, "score": 5}, token)
    assert res.status_code == 201, res.get_json()
    assert res.get_json()["source"] == "device"
    assert _post(client, {"ticket": first, "score": 4}).status_code == 409
    second = serve_one(runtime)["tracking_code"]
    res = _post(client, {"ticket": second, "score": 4, "comment": "Nhanh"})
    assert res.status_code == 201 and res.get_json()["source"] == "later"
    assert "comment" not in res.get_json()


def test_contract_errors(client, runtime, demo, officer_headers, kiosk_headers):
    _, other = rating_device(runtime, "R3", 3)
    code = serve_one(runtime)["tracking_code"]
    cases = [
        ({"ticket": code, "score": 2}, None, 400, "rating.reason_required"),
        ({"ticket": code, "score": 1, "reasons": ["nope"]}, None, 400, "rating.unknown_reason"),
        ({"ticket": code, "score": 0}, None, 400, "rating.bad_score"),
        ({"ticket": code, "score": "5"}, None, 400, "rating.bad_score"),
        ({"score": 5}, None, 400, "rating.bad_ticket"),
        ({"ticket": "NOPE", "score": 5}, None, 404, "ticket.not_found"),
        ({"ticket": code, "score": 5}, other, 403, "rating.wrong_counter"),
    ]
    for body, token, status, error in cases:
        res = _post(client, body, token)
        assert (res.status_code, res.get_json()["error"]["code"]) == (status, error), body
    staff = officer_headers["Authorization"][7:]
    assert _post(client, {"ticket": code, "score": 5}, staff).status_code == 403
    assert _post(client, {"ticket": code, "score": 5},
                 kiosk_headers["Authorization"][7:]).status_code == 403
    assert _post(client, {"ticket": code, "score": 5}, "forged").status_code == 401
    res = client.post("/api/v1/ratings", data="x", content_type="application/json")
    assert res.status_code == 400
    res = _post(client, {"ticket": code, "score": 1, "reasons": ["unfriendly"]})
    assert res.status_code == 201


def test_reasons_list(client, demo):
    res = client.get("/api/v1/ratings/reasons")
    assert res.status_code == 200
    reasons = res.get_json()
    assert [r["code"] for r in reasons] == ["waited_too_long", "unfriendly", "extra_papers",
                                             "unclear", "other"]
    assert all(set(r) == {"code", "label_vi", "label_en"} for r in reasons)


def test_open_status_for_tracking_pages(client, runtime, demo, clock):
    code = serve_one(runtime)["tracking_code"]
    body = client.get(f"/api/v1/ratings/open/{code}").get_json()
    assert body["open"] is True and body["closes_at"]
    clock.advance(days=4)
    assert client.get(f"/api/v1/ratings/open/{code}").get_json()["reason"] == "window_closed"
    assert client.get("/api/v1/ratings/open/NOPE").status_code == 404


def test_officers_see_their_own_without_comments_supervisors_all_with(client, runtime, demo):
    mine = serve_one(runtime, 1, "LAND", "officer1")["tracking_code"]
    theirs = serve_one(runtime, 3, "CIVIL", "officer2")["tracking_code"]
    _post(client, {"ticket": mine, "score": 2, "reasons": ["unclear"], "comment": "Khó hiểu"})
    _post(client, {"ticket": theirs, "score": 5, "comment": "Tốt"})
    assert client.get("/api/v1/ratings").status_code == 401
    own = client.get("/api/v1/ratings", headers=login(client, demo, "officer1")).get_json()
    assert [r["ticket"] for r in own["ratings"]] == [mine]
    assert own["ratings"][0]["comment"] is None and own["comments_shown"] is False
    sup = login(client, demo, "supervisor")
    every = client.get("/api/v1/ratings", headers=sup).get_json()
    assert {r["comment"] for r in every["ratings"]} == {"Khó hiểu", "Tốt"}
    assert every["average_score"] == 3.5
    only = client.get("/api/v1/ratings?counter=3&service=civil&officer=officer2",
                      headers=sup).get_json()
    assert [r["ticket"] for r in only["ratings"]] == [theirs]
    month = client.get("/api/v1/ratings?month=2026-11", headers=sup).get_json()
    assert month["count"] == 2
    assert client.get("/api/v1/ratings?month=2026-10", headers=sup).get_json()["count"] == 0
    assert client.get("/api/v1/ratings?month=nov", headers=sup).status_code == 400


def test_public_scoreboard_averages_and_hides_comments_and_names(client, runtime, demo):
    for score in (5, 1, 4):
        code = serve_one(runtime)["tracking_code"]
        body = {"ticket": code, "score": score, "comment": "BÍ MẬT riêng tư"}
        if score <= 2:
            body["reasons"] = ["unfriendly"]
        assert _post(client, body).status_code == 201
    res = client.get("/api/v1/scoreboard")
    assert res.status_code == 200
    board = res.get_json()
    (counter,) = board["counters"]
    assert counter["key"] == "1" and counter["served"] == 3
    assert counter["average_score"] == 3.33
    assert round(counter["satisfied_share"], 4) == 0.6667
    (land,) = [s for s in board["services"] if s["key"] == "LAND"]
    assert land["average_score"] == 3.33 and land["ratings"] == 3
    raw = res.get_data(as_text=True)
    assert "BÍ MẬT" not in raw and "officer1" not in raw.lower()
    assert client.get("/api/v1/scoreboard?month=2026-10").get_json()["counters"] == []
    assert client.get("/api/v1/scoreboard?month=bad").status_code == 400


def test_pages_are_served(client, demo):
    for path in ("/rate", "/scoreboard"):
        res = client.get(path)
        assert res.status_code == 200
        assert "<script>" not in res.get_data(as_text=True)  # script files only (CSP)
