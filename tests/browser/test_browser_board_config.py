"""A board set up by the administrator shows what it was configured for, with no URL flags."""

from __future__ import annotations

import os
import subprocess

import pytest

from bench.server import BIN

pytestmark = pytest.mark.browser


def _motcua(live_server, *args: str) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QMS_")}
    env["QMS_INSTANCE_PATH"] = str(live_server.log.parent)
    done = subprocess.run([str(BIN), *args], env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_board_configured_for_one_counter_shows_the_compact_layout(live_server, new_page):
    token = _motcua(live_server, "device", "create", "board", "Màn hình quầy 5"
                    ).strip().splitlines()[-1]
    _motcua(live_server, "device", "configure", "Màn hình quầy 5", "counter=5")
    page = new_page(800, 480)
    page.goto(f"{live_server.base}/board?token={token}")
    page.wait_for_function("window.motcuaLive && window.motcuaLive.snapshots > 0")
    page.wait_for_function("document.body.dataset.layout === 'compact'", timeout=5000)
    assert "5" in page.locator("#compact").inner_text()
