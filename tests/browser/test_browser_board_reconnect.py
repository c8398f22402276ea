"""A board that loses the network catches up exactly: calls it missed, then gaps in seq."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

MAIN_BOARD = "Bảng sảnh chính"


def _recent_numbers(page) -> list[str]:
    return page.evaluate(
        "[...document.querySelectorAll('#recent li[data-number]')].map(li => li.dataset.number)")


def test_board_shows_calls_made_while_it_was_offline(live_server, new_page):
    token, counter_id = live_server.open_counter("officer3", 3)  # Hộ tịch – Cư trú
    page = new_page(1920, 1080)
    page.goto(f"{live_server.base}/board?token={live_server.board_tokens[MAIN_BOARD]}")
    page.wait_for_function("window.motcuaLive && motcuaLive.connected && motcuaLive.snapshots > 0")
    banner = page.locator("#offline-banner")

    # The network goes away: the browser is offline and the open connection drops.
    page.context.set_offline(True)
    page.evaluate("motcuaLive.socket.io.engine.close()")
    banner.wait_for(state="visible")
    assert "Mất kết nối" in banner.inner_text()

    first, second = live_server.issue("CIVIL"), live_server.issue("CIVIL")
    for _ in range(2):
        status, body = live_server.api("POST", f"/api/v1/counters/{counter_id}/call-next", token)
        assert status == 200, body
    page.wait_for_timeout(600)  # (nothing can arrive: the board is offline)
    assert first["number"] not in _recent_numbers(page)
    assert banner.is_visible()

    # Back online: the client reconnects with backoff and gets a fresh snapshot.
    page.context.set_offline(False)
    banner.wait_for(state="hidden", timeout=15000)
    page.wait_for_function(
        f"(() => {{ const n = [...document.querySelectorAll('#recent li')]"
        f".map(li => li.dataset.number); return n.includes('{first['number']}') && "
        f"n.includes('{second['number']}'); }})()", timeout=5000)
    numbers = _recent_numbers(page)
    assert numbers.index(second["number"]) < numbers.index(first["number"])  # newest first
    assert page.locator("#latest-number").inner_text().strip() == second["number"]
    assert page.locator("#latest-counter").inner_text().strip() == "3"
    # Calls missed while offline are shown but not announced: no sound for stale calls.
    assert page.evaluate("motcuaBoard.sound.log.length") == 0

    # A gap in the event numbers (an event lost in transit) asks for a fresh snapshot.
    snapshots = page.evaluate("motcuaLive.snapshots")
    page.evaluate("motcuaLive.state = {...motcuaLive.state, seq: motcuaLive.state.seq - 3}")
    live_server.issue("RESID")
    status, body = live_server.api("POST", f"/api/v1/counters/{counter_id}/call-next", token)
    assert status == 200 and body, body
    page.wait_for_function(f"motcuaLive.snapshots > {snapshots}")
    page.locator("#latest-number").filter(has_text=body["number"]).wait_for()
