"""Socket.IO /rating: a rating screen joins by its token and hears the visit after Complete."""

from __future__ import annotations

from ratings_support import rating_device

from support import token_of


def _events(client):
    return [(m["name"], m["args"][0]) for m in client.get_received("/rating")]


def test_the_rating_screen_hears_the_completed_visit(app, client, runtime, demo,
                                                    officer_headers, kiosk_headers):
    socketio = app.extensions["motcua.socketio"]
    _, token = rating_device(runtime, "R1", 1)
    _, other_token = rating_device(runtime, "R2", 2)
    screen = socketio.test_client(app, namespace="/rating", auth={"token": token})
    other = socketio.test_client(app, namespace="/rating", auth={"token": other_token})
    assert screen.is_connected("/rating")
    (name, snap), = _events(screen)
    assert name == "snapshot" and snap["device"]["counter"] == 1
    assert [lv["score"] for lv in snap["levels"]] == [5, 4, 3, 2, 1]
    assert len(snap["reasons"]) == 5
    other.get_received("/rating")

    counters = client.get("/api/v1/counters", headers=officer_headers).get_json()["counters"]
    cid = next(c["id"] for c in counters if c["number"] == 1)
    client.post(f"/api/v1/counters/{cid}/open", headers=officer_headers)
    ticket = client.post("/api/v1/tickets", json={"service": "LAND"},
                         headers=kiosk_headers).get_json()
    client.post(f"/api/v1/counters/{cid}/call-next", headers=officer_headers)
    assert _events(screen) == []  # nothing to rate before the visit is completed
    assert client.post(f"/api/v1/counters/{cid}/complete",
                       headers=officer_headers).status_code == 200
    (name, envelope), = _events(screen)
    assert name == "rating.ask"
    data = envelope["data"]
    assert data["number"] == ticket["number"]
    assert data["tracking_code"] == ticket["tracking_code"]
    assert data["officer_name"] == "Officer1" and data["counter"] == 1
    assert set(data) == {"number", "tracking_code", "officer_name", "counter", "service_name",
                         "service_name_en", "scale", "ask_s", "thanks_s"}
    assert _events(other) == []


def test_other_tokens_cannot_open_the_rating_namespace(app, demo, officer_headers):
    socketio = app.extensions["motcua.socketio"]
    for token in ("", "forged", token_of(demo, "board"), token_of(demo, "kiosk"),
                  officer_headers["Authorization"][7:]):
        assert not socketio.test_client(app, namespace="/rating",
                                        auth={"token": token}).is_connected("/rating")
