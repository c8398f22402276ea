"""Complete a visit at the counter panel; the rating screen asks; a tap records it; the
scoreboard shows it. Pictures of /rate (idle, asking, reasons, thanks) and /scoreboard."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

COUNTER = 7  # Xã hội: SOCIAL first, then CIVIL
SCREEN = "Đánh giá quầy 7"
ROOT = Path(__file__).resolve().parents[2]


def _motcua() -> list[str]:
    """The `motcua` command of this interpreter's environment (as the live server runs it)."""
    script = Path(sys.executable).parent / "motcua"
    return [str(script)] if script.exists() else [sys.executable, "-m", "server"]


def _rating_screen_token(live_server) -> str:
    """Register the counter's rating screen with the command line, as an administrator would."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("QMS_")}
    env["QMS_INSTANCE_PATH"] = str(live_server.log.parent)
    run = dict(env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    done = subprocess.run([*_motcua(), "device", "create", "rating", SCREEN], **run)
    assert done.returncode == 0, done.stderr
    token = done.stdout.strip().splitlines()[-1]
    done = subprocess.run([*_motcua(), "device", "configure", SCREEN, f"counter={COUNTER}"],
                          **run)
    assert done.returncode == 0, done.stderr
    return token


def _call(live_server, token: str, counter_id: int, number: str) -> None:
    status, body = live_server.api("POST", f"/api/v1/counters/{counter_id}/call", token,
                                   {"ticket": number})
    assert status == 200, body


def test_rating_after_complete_at_the_counter_panel(live_server, new_page, screenshot):
    rating_token = _rating_screen_token(live_server)
    officer, counter_id = live_server.open_counter(f"officer{COUNTER}", COUNTER)
    ticket = live_server.issue("SOCIAL")

    screen = new_page(1280, 800)
    screen.goto(f"{live_server.base}/rate?token={rating_token}")
    screen.wait_for_function("window.motcuaRate && motcuaRate.connected && motcuaRate.config")
    assert "token" not in screen.url
    screen.locator("#counter-line").filter(has_text=f"Quầy {COUNTER}").wait_for()
    screenshot(screen, "rate-idle.png", docs=True)
    screen.click("#lang")  # English for a foreign visitor, then back to Vietnamese
    screen.locator("#counter-line").filter(has_text=f"Counter {COUNTER}").wait_for()
    assert "better" in screen.locator("#screen-idle .r-title").inner_text()
    screen.click("#lang")
    screen.locator("#counter-line").filter(has_text=f"Quầy {COUNTER}").wait_for()

    # The counter panel: the officer's current visit, completed with the panel's button.
    _call(live_server, officer, counter_id, ticket["number"])
    panel = new_page(1600, 900)
    panel.goto(f"{live_server.base}/counter")
    panel.fill("#username", f"officer{COUNTER}")
    panel.fill("#password", live_server.passwords[f"officer{COUNTER}"])
    panel.click("#login-submit")
    panel.click(f".cp-counter[data-number='{COUNTER}']")
    panel.wait_for_function("window.motcuaLive && window.motcuaLive.connected")
    panel.locator("#current-number").filter(has_text=ticket["number"]).wait_for(timeout=5000)
    panel.click("#act-complete")

    # The rating screen asks about that visit: number, officer, counter, service.
    screen.wait_for_function(
        f"motcuaRate.state === 'ask' && motcuaRate.visit.number === '{ticket['number']}'")
    visit = screen.locator("#visit").inner_text()
    assert ticket["number"] in visit and f"Officer{COUNTER}" in visit
    faces = screen.locator(".r-face")
    assert faces.count() == 5
    for i in range(5):
        box = faces.nth(i).bounding_box()
        assert box["width"] >= 64 and box["height"] >= 64
    screen.wait_for_timeout(600)  # one countdown tick for the picture
    screenshot(screen, "rate-asking.png", docs=True)
    screen.click(".r-face[data-score='5']")
    screen.wait_for_function("motcuaRate.state === 'thanks'")
    assert screen.evaluate("motcuaRate.recorded[0].score") == 5
    screenshot(screen, "rate-thanks.png", docs=True)
    assert live_server.api("POST", "/api/v1/ratings", body={
        "ticket": ticket["tracking_code"], "score": 4})[0] == 409  # rated once

    # A second visit rated low: the reasons screen, one reason, a comment.
    second = live_server.issue("SOCIAL")
    _call(live_server, officer, counter_id, second["number"])
    status, _ = live_server.api("POST", f"/api/v1/counters/{counter_id}/complete", officer)
    assert status == 200
    screen.wait_for_function(
        f"motcuaRate.state === 'ask' && motcuaRate.visit.number === '{second['number']}'")
    screen.click(".r-face[data-score='2']")
    screen.wait_for_function("motcuaRate.state === 'reasons'")
    assert screen.locator("#send").is_disabled()  # at least one reason first
    screen.click(".r-reason[data-reason='waited_too_long']")
    screen.fill("#comment", "Chờ hơi lâu nhưng cán bộ nhiệt tình")
    screenshot(screen, "rate-reasons.png", docs=True)
    screen.click("#send")
    screen.wait_for_function("motcuaRate.state === 'thanks'")

    # The scoreboard shows counter 7 with both ratings: (5 + 2) / 2 = 3.50, half satisfied.
    board = new_page(1600, 1000)
    board.goto(f"{live_server.base}/scoreboard")
    board.wait_for_function("window.motcuaScoreboard && motcuaScoreboard.loads > 0")
    row = board.locator(f"#sb-counters tr[data-key='{COUNTER}']")
    assert row.locator(".sb-avg").inner_text().strip() == "3.50"
    page_text = board.locator("body").inner_text()
    assert "nhiệt tình" not in page_text and f"Officer{COUNTER}" not in page_text
    screenshot(board, "scoreboard.png", docs=True)

    # The lobby board in the scoreboard layout shows the same table.
    lobby = new_page(1920, 1080)
    lobby.goto(f"{live_server.base}/board?token={live_server.board_tokens['Bảng sảnh chính']}"
               "&layout=scoreboard")
    lobby.wait_for_function("window.motcuaBoard && motcuaBoard.scores.loads > 0")
    assert lobby.locator("#main").is_hidden()
    lobby_row = lobby.locator(f"#scoreboard-view tr[data-key='{COUNTER}'] .sb-avg")
    assert lobby_row.inner_text().strip() == "3.50"
    screenshot(lobby, "board-scoreboard.png")


def test_later_rating_from_the_ticket_tracking_page(live_server, new_page, screenshot):
    officer, counter_id = live_server.open_counter(f"officer{COUNTER}", COUNTER)
    ticket = live_server.issue("SOCIAL")
    page = new_page(900, 1000)
    page.goto(f"{live_server.base}/track/t/{ticket['tracking_code']}")
    page.wait_for_function("window.motcuaRateLater && motcuaRateLater.status")
    assert page.locator("#rate-later").is_hidden()  # not completed yet: nothing to rate

    _call(live_server, officer, counter_id, ticket["number"])
    status, _ = live_server.api("POST", f"/api/v1/counters/{counter_id}/complete", officer)
    assert status == 200
    page.locator("#rate-later").wait_for(state="visible", timeout=10000)  # live, no reload
    page.click("#rate-later .rl-face[data-score='1']")
    assert page.locator("#rl-send").is_disabled()
    page.click("#rate-later .rl-reason[data-reason='unclear']")
    page.fill("#rl-comment", "Cần hướng dẫn kỹ hơn")
    page.locator("#rate-later").scroll_into_view_if_needed()
    screenshot(page, "track-rate.png", docs=True)
    page.click("#rl-send")
    page.wait_for_function("motcuaRateLater.done === true")
    page.reload()
    page.wait_for_function("window.motcuaRateLater && motcuaRateLater.status")
    assert page.evaluate("motcuaRateLater.status.reason") == "rated"
    assert page.locator("#rate-later").is_hidden()  # once
