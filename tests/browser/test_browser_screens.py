"""A busy lobby on every screen shape: landscape, portrait, one counter, filtered; pictures."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

MAIN_BOARD, HALL_BOARD = "Bảng sảnh chính", "Bảng hành lang"


def _busy_lobby(server) -> dict[int, str]:
    """Issue tickets and have counters 4-8 call some; return counter number -> called number."""
    for code, priority in [("LAND", None), ("LAND", "elderly"), ("CIVIL", None),
                           ("CERT", None), ("CERT", "pregnant"), ("CERT", None), ("BUSI", None),
                           ("SOCIAL", None), ("RESID", None), ("PROV", None), ("PROV", None),
                           ("BUILD", None), ("CIVIL", "small_child"), ("LAND", None)]:
        server.issue(code, priority)
    called = {}
    for number in (4, 5, 6, 7, 8):
        token, counter_id = server.open_counter(f"officer{number}", number)
        status, body = server.api("POST", f"/api/v1/counters/{counter_id}/call-next", token)
        assert status == 200 and body, body
        called[number] = body["number"]
        if number == 5:
            server.api("POST", f"/api/v1/counters/{counter_id}/start", token)
    token, counter_id = server.open_counter("officer2", 2)
    server.api("POST", f"/api/v1/counters/{counter_id}/pause", token, {"reason": "Họp giao ban"})
    return called


def _board(new_page, server, query: str, width: int, height: int, name: str = MAIN_BOARD):
    page = new_page(width, height)
    page.goto(f"{server.base}/board?token={server.board_tokens[name]}{query}")
    page.wait_for_function("window.motcuaLive && motcuaLive.snapshots > 0")
    return page


def test_screens_of_a_busy_lobby(live_server, new_page, screenshot):
    called = _busy_lobby(live_server)

    kiosk = new_page(1920, 1080)
    kiosk.goto(f"{live_server.base}/kiosk?token={live_server.kiosk_token}")
    kiosk.locator("[data-service=PROV] .k-svc-wait").wait_for()
    screenshot(kiosk, "kiosk.png", docs=True)
    # Priority path: a category, then a service (two taps), in English.
    kiosk.click("#lang")
    kiosk.click("[data-priority=elderly]")
    kiosk.locator("#prio-hint").filter(has_text="Now choose a service").wait_for()
    kiosk.click("[data-service=CIVIL]")
    kiosk.locator(".k-ticket-prio").filter(has_text="Elderly").wait_for()
    assert kiosk.locator("#ticket-number").inner_text().startswith("B")

    board = _board(new_page, live_server, "", 1920, 1080)
    board.locator("#latest-number").filter(has_text=called[8]).wait_for()
    assert board.locator("#latest-counter").inner_text().strip() == "8"
    assert board.locator(".b-ctr[data-counter='5'] .b-ctr-number").inner_text() == called[5]
    assert board.locator("body[data-layout=landscape]").count() == 1
    board.wait_for_timeout(300)
    screenshot(board, "board.png", docs=True)

    # The hall board's device settings say portrait.
    portrait = _board(new_page, live_server, "", 1080, 1920, HALL_BOARD)
    portrait.wait_for_selector("body[data-layout=portrait]")
    portrait.locator("#latest-number").filter(has_text=called[8]).wait_for()
    screenshot(portrait, "board-portrait.png", docs=True)

    # The small screen above counter 4: its number only, huge.
    compact = _board(new_page, live_server, "&counter=4", 1280, 720)
    compact.wait_for_selector("body[data-layout=compact]")
    assert compact.locator("#compact-number").inner_text().strip() == called[4]
    screenshot(compact, "board-counter.png", docs=True)

    # ?services= keeps only those services' calls and queues.
    filtered = _board(new_page, live_server, "&services=CERT", 1920, 1080)
    filtered.locator("#recent li[data-number]").first.wait_for()
    services = filtered.evaluate(
        "[...document.querySelectorAll('#recent li[data-number]')].map(li => li.dataset.service)")
    assert services and set(services) == {"CERT"}
    assert filtered.evaluate(
        "[...document.querySelectorAll('#waiting [data-service]')].map(e => e.dataset.service)"
    ) == ["CERT"]
