"""The administrator's page (its own area since the kernel split): sign in, health, phrases."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_admin_signs_in_and_sees_health_printers_and_phrases(live_server, new_page,
                                                             screenshot):
    page = new_page(1366, 900)
    page.goto(f"{live_server.base}/admin")
    page.fill("#u", "admin")
    page.fill("#p", live_server.passwords["admin"])
    page.click("#login button[type=submit]")
    page.locator("#app").wait_for(state="visible")
    page.locator("#health").filter(has_text="Database").wait_for()
    page.locator("#previews").filter(has_text="A mười hai").wait_for()
    assert "Voice" in page.locator("#health").inner_text()
    assert page.locator("#mode").input_value() in ("whole", "digits")
    screenshot(page, "admin.png", docs=True)
