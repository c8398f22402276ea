"""The dashboard in Chromium against a real server: login, live update over Socket.IO."""

from __future__ import annotations

import pytest
import requests

from support import run_browser

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server():
    from bench.server import start_server

    live = start_server()
    yield live
    live.stop()


def test_dashboard_logs_in_and_follows_the_lobby_live(server):
    run_browser(lambda browser: _dashboard_scenario(server, browser))


def _dashboard_scenario(server, browser):
    kiosk = {"Authorization": f"Bearer {server.token('kiosk')}"}
    page = browser.new_page(viewport={"width": 1440, "height": 900})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{server.url}/dashboard")
    page.fill("#username", "supervisor")
    page.fill("#password", server.passwords["supervisor"])
    page.click("#login-submit")
    page.wait_for_selector("#counters .sv-ctr")
    page.wait_for_selector("#conn.is-on")
    before = int(page.inner_text("#waiting-total"))
    for _ in range(3):
        res = requests.post(f"{server.url}/api/v1/tickets", json={"service": "LAND"},
                            headers=kiosk, timeout=5)
        assert res.status_code in (200, 201), res.text
    # The queue.changed events reach the page without a reload.
    page.wait_for_function(
        f"Number(document.getElementById('waiting-total').textContent) === {before + 3}",
        timeout=5000)
    assert "Đất đai" in page.inner_text("#queues")
    assert page.evaluate("typeof window.Chart") == "function"  # vendored Chart.js
    page.click("#lang")
    assert "Waiting" in page.inner_text("#kpi-waiting")

    page.goto(f"{server.url}/dashboard/reports?from=2026-01-01&to=2026-01-31")
    page.wait_for_selector("body[data-loaded='1']")  # same login (sessionStorage)
    assert "Total" in page.inner_text("#form-table") or \
        "Tổng cộng" in page.inner_text("#form-table")
    assert not errors, errors
