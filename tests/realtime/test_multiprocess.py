"""Two server processes on PostgreSQL + Redis: a call made on one reaches a board on the other."""

from __future__ import annotations

import os
import threading

import pytest
import socketio

from bench.server import start_server

POSTGRES_URL = os.environ.get("QMS_TEST_POSTGRES_URL", "")
REDIS_URL = os.environ.get("QMS_TEST_REDIS_URL", "")

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]


@pytest.fixture
def two_servers(tmp_path):
    if not (POSTGRES_URL and REDIS_URL):
        pytest.skip("needs QMS_TEST_POSTGRES_URL and QMS_TEST_REDIS_URL (CI sets both)")
    from support import reset_postgres

    reset_postgres(POSTGRES_URL)
    env = {"QMS_DATABASE_URL": POSTGRES_URL, "QMS_MESSAGE_QUEUE": REDIS_URL}
    first = start_server(str(tmp_path / "a"), env)
    second = start_server(str(tmp_path / "b"), env, demo=False)
    yield first, second
    first.stop()
    second.stop()


def test_a_call_on_one_process_reaches_a_board_on_the_other(two_servers):
    import requests

    first, second = two_servers
    got = threading.Event()
    events: list[dict] = []
    board = socketio.Client(reconnection=False)

    @board.on("ticket.called", namespace="/board")
    def _called(envelope):
        events.append(envelope)
        got.set()

    board.connect(second.url, namespaces=["/board"], auth={"token": first.token("board")},
                  transports=["websocket"])
    try:
        officer = first.login("officer5")
        kiosk = {"Authorization": f"Bearer {first.token('kiosk')}"}
        counters = requests.get(f"{first.url}/api/v1/counters", headers=officer).json()
        cid = next(c["id"] for c in counters["counters"] if c["number"] == 5)
        requests.post(f"{first.url}/api/v1/counters/{cid}/open", headers=officer)
        requests.post(f"{first.url}/api/v1/tickets", json={"service": "CERT"}, headers=kiosk)
        res = requests.post(f"{first.url}/api/v1/counters/{cid}/call-next", headers=officer)
        assert res.status_code == 200
        assert got.wait(10), "the board on the second process heard nothing"
        assert events[0]["data"]["number"] == "C001" and events[0]["data"]["counter"] == 5
    finally:
        board.disconnect()
