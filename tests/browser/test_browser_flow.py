"""A citizen takes a number at the kiosk, an officer calls it, the board shows it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

MAIN_BOARD = "Bảng sảnh chính"


def test_kiosk_ticket_is_called_at_the_counter_and_shown_on_the_board(
        live_server, new_page, screenshot):
    board = new_page(1920, 1080)
    board.goto(f"{live_server.base}/board?token={live_server.board_tokens[MAIN_BOARD]}")
    board.wait_for_function("window.motcuaLive && window.motcuaLive.snapshots > 0")
    assert "token" not in board.url  # the token went to localStorage

    # Kiosk: one tap on a service.
    kiosk = new_page(1920, 1080)
    kiosk.goto(f"{live_server.base}/kiosk?token={live_server.kiosk_token}")
    land = kiosk.locator("[data-service=LAND]")
    land.wait_for()
    assert "is-closed" not in (land.get_attribute("class") or "")
    assert land.bounding_box()["height"] >= 120
    kiosk.wait_for_function("window.motcuaLive && window.motcuaLive.connected")
    screenshot(kiosk, "kiosk-start.png")
    land.click()
    number = kiosk.locator("#ticket-number").inner_text(timeout=5000).strip()
    assert number.startswith("A")
    qr_ok = kiosk.locator(".k-qr").evaluate(
        "img => img.complete ? img.naturalWidth > 0 : new Promise(ok => {"
        " img.onload = () => ok(true); img.onerror = () => ok(false); })")
    assert qr_ok, "the QR code of the tracking URL did not load"
    assert "token" not in kiosk.url
    screenshot(kiosk, "kiosk-ticket.png", docs=True)

    # Counter panel: log in, pick counter 1 (Land), call next with the keyboard.
    panel = new_page(1600, 900)
    panel.goto(f"{live_server.base}/counter")
    panel.fill("#username", "officer1")
    panel.fill("#password", live_server.passwords["officer1"])
    panel.click("#login-submit")
    panel.click(".cp-counter[data-number='1']")
    panel.locator("#view-panel").wait_for()
    panel.wait_for_function("window.motcuaLive && window.motcuaLive.connected")
    panel.keyboard.press("F1")
    panel.locator("#current-number").filter(has_text=number).wait_for(timeout=5000)
    panel.locator(".toast-ok").filter(has_text=number).wait_for()
    panel.wait_for_timeout(1200)  # let the elapsed-time clock tick once for the picture
    panel.add_style_tag(content=".toasts { display: none !important; }")  # (picture only)
    screenshot(panel, "counter.png", docs=True)

    # Board: the call is the latest one, with its counter number.
    board.locator("#latest-number").filter(has_text=number).wait_for(timeout=5000)
    assert board.locator("#latest-counter").inner_text().strip() == "1"
    row = board.locator(f"#recent li[data-number='{number}']")
    assert row.get_attribute("data-counter") == "1"
    # The chime was started for the live call (and the queue is drained afterwards).
    board.wait_for_function(
        "motcuaBoard.sound.log.some(e => e.url.endsWith('/chime.wav') && e.event === 'start')")
