"""Socket.IO contract: rooms from tokens, snapshot + seq, event order, resync."""

from __future__ import annotations

import pytest

from server.kernel import auth
from server.kernel.models import Center
from support import token_of


@pytest.fixture
def socketio(app):
    return app.extensions["motcua.socketio"]


def _connect(socketio, app, namespace, token):
    return socketio.test_client(app, namespace=namespace, auth={"token": token})


def _events(client, namespace):
    return [(m["name"], m["args"][0]) for m in client.get_received(namespace)]


def _open_and_call(client, headers, number=1):
    counters = client.get("/api/v1/counters", headers=headers).get_json()["counters"]
    cid = next(c["id"] for c in counters if c["number"] == number)
    client.post(f"/api/v1/counters/{cid}/open", headers=headers)
    return cid


def test_connections_without_a_fitting_token_are_refused(socketio, app, demo, officer_headers):
    assert not _connect(socketio, app, "/board", "").is_connected("/board")
    assert not _connect(socketio, app, "/board", "forged").is_connected("/board")
    assert not _connect(socketio, app, "/board", token_of(demo, "kiosk")).is_connected("/board")
    assert not _connect(socketio, app, "/counter", token_of(demo, "board")).is_connected(
        "/counter")
    assert not _connect(socketio, app, "/kiosk", token_of(demo, "board")).is_connected("/kiosk")
    staff = officer_headers["Authorization"][7:]
    assert _connect(socketio, app, "/counter", staff).is_connected("/counter")


def test_board_gets_a_snapshot_then_numbered_events_in_order(
        socketio, app, client, demo, officer_headers, kiosk_headers):
    board = _connect(socketio, app, "/board", token_of(demo, "board"))
    (name, snap), = _events(board, "/board")
    assert name == "snapshot"
    assert {"seq", "counters", "recent", "waiting"} <= set(snap)
    cid = _open_and_call(client, officer_headers)
    client.post("/api/v1/tickets", json={"service": "LAND"}, headers=kiosk_headers)
    client.post(f"/api/v1/counters/{cid}/call-next", headers=officer_headers)
    events = _events(board, "/board")
    seqs = [data["seq"] for _, data in events]
    assert seqs == list(range(snap["seq"] + 1, snap["seq"] + 1 + len(events)))
    called = [data for name, data in events if name == "ticket.called"]
    assert len(called) == 1
    assert called[0]["type"] == "ticket.called"
    assert {"number": "A001", "counter": 1, "service": "LAND"}.items() <= called[0][
        "data"].items()
    assert "at" in called[0]
    # Called after open; the queue change after the issue; the call after both.
    names = [n for n, _ in events]
    assert names.index("ticket.issued") < names.index("ticket.called")


def test_a_board_never_hears_another_center(socketio, app, client, runtime, demo,
                                            officer_headers, kiosk_headers):
    with runtime.uow() as ctx:
        other = Center(code="BACHA", name="Trung tâm xã Bắc Hà", timezone="Asia/Ho_Chi_Minh")
        ctx.session.add(other)
        ctx.session.flush()
        _device, other_token = auth.create_device(ctx, other, "board", "Bảng Bắc Hà")
    foreign = _connect(socketio, app, "/board", other_token)
    assert foreign.is_connected("/board")
    assert _events(foreign, "/board")[0][1]["center"]["code"] == "BACHA"
    cid = _open_and_call(client, officer_headers)
    client.post("/api/v1/tickets", json={"service": "LAND"}, headers=kiosk_headers)
    client.post(f"/api/v1/counters/{cid}/call-next", headers=officer_headers)
    assert _events(foreign, "/board") == []


def test_resync_after_a_gap_returns_the_current_state(socketio, app, client, demo,
                                                      officer_headers, kiosk_headers):
    board = _connect(socketio, app, "/board", token_of(demo, "board"))
    _events(board, "/board")
    cid = _open_and_call(client, officer_headers)
    for _ in range(2):
        client.post("/api/v1/tickets", json={"service": "LAND"}, headers=kiosk_headers)
    client.post(f"/api/v1/counters/{cid}/call-next", headers=officer_headers)
    missed = _events(board, "/board")  # pretend these were lost on the network
    ack = board.emit("resync", namespace="/board", callback=True)
    assert ack == {"ok": True}
    (name, snap), = _events(board, "/board")
    assert name == "snapshot"
    assert snap["seq"] == missed[-1][1]["seq"]
    assert snap["recent"][0]["number"] == "A001"
    assert snap["waiting"]["LAND"] == 1


def test_counter_commands_over_the_socket_reach_boards_like_rest(
        socketio, app, client, demo, officer_headers, kiosk_headers):
    staff = officer_headers["Authorization"][7:]
    panel = _connect(socketio, app, "/counter", staff)
    board = _connect(socketio, app, "/board", token_of(demo, "board"))
    _events(board, "/board")
    cid = _open_and_call(client, officer_headers, number=5)
    client.post("/api/v1/tickets", json={"service": "CERT"}, headers=kiosk_headers)
    ack = panel.emit("command", {"action": "call_next", "counter_id": cid},
                     namespace="/counter", callback=True)
    assert ack["ok"] is True and ack["result"]["number"] == "C001"
    called = [d for n, d in _events(board, "/board") if n == "ticket.called"]
    assert called[0]["data"]["counter"] == 5
    bad = panel.emit("command", {"action": "recall", "counter_id": cid},
                     namespace="/counter", callback=True)
    assert bad["ok"] is False and bad["error"]["code"] == "ticket.recall_too_soon"
    assert bad["error"]["message_vi"] and bad["error"]["message_en"]
    unknown = panel.emit("command", {"action": "dance", "counter_id": cid},
                         namespace="/counter", callback=True)
    assert unknown["error"]["code"] == "command.unknown"
    malformed = panel.emit("command", "call", namespace="/counter", callback=True)
    assert malformed["error"]["code"] == "command.bad_payload"


def test_tracker_follows_only_its_ticket(socketio, app, client, demo, officer_headers,
                                         kiosk_headers):
    mine = client.post("/api/v1/tickets", json={"service": "CERT"},
                       headers=kiosk_headers).get_json()
    client.post("/api/v1/tickets", json={"service": "CERT"}, headers=kiosk_headers)
    tracker = socketio.test_client(app, namespace="/track",
                                   auth={"ticket": mine["tracking_code"]})
    (name, snap), = _events(tracker, "/track")
    assert name == "snapshot" and snap["ticket"]["position"] == 1
    cid = _open_and_call(client, officer_headers, number=5)
    client.post(f"/api/v1/counters/{cid}/call-next", headers=officer_headers)
    client.post(f"/api/v1/counters/{cid}/call-next", headers=officer_headers)
    updates = [d["data"] for n, d in _events(tracker, "/track")]
    assert [u["status"] for u in updates] == ["called", "done"]
    assert all(u["tracking_code"] == mine["tracking_code"] for u in updates)
    assert not socketio.test_client(app, namespace="/track",
                                    auth={"ticket": "NOPE"}).is_connected("/track")


def test_a_board_learns_its_configured_layout_from_the_server(socketio, app, runtime, demo):
    from sqlalchemy import update

    from server.kernel.models import Device

    with runtime.uow() as ctx:
        ctx.session.execute(update(Device).where(Device.name == "Bảng sảnh chính").values(
            config={"layout": "compact", "counters": [5]}))
    board = _connect(socketio, app, "/board", token_of(demo, "board"))
    (name, snap), = _events(board, "/board")
    assert snap["device"]["config"] == {"layout": "compact", "counters": [5]}
