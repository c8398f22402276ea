"""Two calls in a row: the board plays chime + voice for each, one after the other."""

from __future__ import annotations

import json
import urllib.request

import pytest

pytestmark = pytest.mark.browser

MAIN_BOARD = "Bảng sảnh chính"


def _post(base: str, path: str, token: str, body: dict | None = None) -> dict:
    req = urllib.request.Request(base + path, method="POST",
                                 data=json.dumps(body or {}).encode(),
                                 headers={"Authorization": f"Bearer {token}",
                                          "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as res:
        return json.loads(res.read() or b"{}")


def test_the_board_plays_two_calls_one_after_the_other(live_server, new_page):
    health = json.loads(urllib.request.urlopen(live_server.base + "/healthz").read())
    assert health["voice"]["available"], health["voice"]  # CI installs espeak-ng
    board = new_page(1920, 1080)
    board.goto(f"{live_server.base}/board?token={live_server.board_tokens[MAIN_BOARD]}")
    board.wait_for_function("window.motcuaLive && window.motcuaLive.snapshots > 0")
    staff = _post(live_server.base, "/api/v1/auth/login", "", {
        "username": "officer6", "password": live_server.passwords["officer6"]})["token"]
    counters = json.loads(urllib.request.urlopen(urllib.request.Request(
        live_server.base + "/api/v1/counters", headers={"Authorization": f"Bearer {staff}"}),
        timeout=10).read())["counters"]
    cid = next(c["id"] for c in counters if c["number"] == 6)
    _post(live_server.base, f"/api/v1/counters/{cid}/open", staff)
    for _ in range(2):
        _post(live_server.base, "/api/v1/tickets", live_server.kiosk_token, {"service": "BUSI"})
    first = _post(live_server.base, f"/api/v1/counters/{cid}/call-next", staff)["number"]
    second = _post(live_server.base, f"/api/v1/counters/{cid}/call-next", staff)["number"]
    # chime, voice, chime, voice: four clips ended, in that order.
    board.wait_for_function(
        "motcuaBoard.sound.log.filter(e => e.event === 'ended').length >= 4", timeout=30000)
    log = board.evaluate("motcuaBoard.sound.log")
    ended = [e for e in log if e["event"] == "ended"]
    kinds = ["chime" if e["url"].endswith("/chime.wav") else "voice" for e in ended[:4]]
    assert kinds == ["chime", "voice", "chime", "voice"], log
    voices = [e["url"] for e in ended if "/audio/" in e["url"]]
    assert len(set(voices[:2])) == 2  # two different clips (two numbers)
    # Never over each other: each clip starts after the previous one ended.
    starts = [e for e in log if e["event"] == "start"]
    for prev_end, nxt in zip(ended, starts[1:], strict=False):
        assert nxt["at"] >= prev_end["at"], log
    assert first != second
