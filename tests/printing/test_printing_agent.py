"""The kiosk's print agent against a real server (`motcua serve`, eventlet) and a fake printer.

Whatever restarts (the agent, the server) or crashes between paper and acknowledgement,
every ticket comes out of the printer exactly once: the QR code of each printed ticket is
decoded and matched with the tickets issued.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
import requests
from printing_support import printed_codes
from sqlalchemy import create_engine, update

from bench.server import LiveServer, start_server
from kiosk.print_agent import PrintAgent
from printers.fake_network import FakeNetworkPrinter, FakeState
from server.kernel.models import Device

pytestmark = pytest.mark.slow

CONFIG = """[motcua]
print_base_delay_s = 0.3
print_max_delay_s = 1.0
"""


class Live:
    """A running server that a test may restart on the same port and instance."""

    def __init__(self, instance: Path) -> None:
        self.instance = instance
        (instance / "motcua.toml").write_text(CONFIG)
        self.env = {"QMS_CONFIG": str(instance / "motcua.toml")}
        self.server: LiveServer = start_server(str(instance), self.env)
        self.port = int(self.server.url.rsplit(":", 1)[1])
        self.tokens = self.server.tokens

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def kiosk(self) -> dict:
        return {"Authorization": f"Bearer {self.tokens['kiosk'][0]}"}

    def restart(self) -> None:
        self.server.stop()
        self.server = start_server(str(self.instance), self.env, demo=False, port=self.port)

    def issue(self) -> dict:
        res = requests.post(f"{self.url}/api/v1/tickets", json={"service": "LAND"},
                            headers=self.kiosk, timeout=5)
        assert res.status_code == 201, res.text
        return res.json()

    def job(self, view: dict) -> dict:
        res = requests.get(f"{self.url}/api/v1/print-jobs/{view['print']['job_id']}",
                           headers=self.kiosk, timeout=5)
        assert res.status_code == 200, res.text
        return res.json()

    def wait_jobs(self, views: list[dict], check, timeout: float = 10.0) -> list[dict]:
        deadline = time.monotonic() + timeout
        while True:
            jobs = [self.job(v) for v in views]
            if all(check(j) for j in jobs) or time.monotonic() > deadline:
                return jobs
            time.sleep(0.05)


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    server = Live(tmp_path_factory.mktemp("print-agent"))
    # The kiosk prints through a local agent: set its config in the instance's database.
    engine = create_engine(f"sqlite:///{server.instance / 'motcua.db'}")
    with engine.begin() as conn:
        conn.execute(update(Device).where(Device.kind == "kiosk")
                     .values(config={"print_mode": "agent", "paper": 58}))
    engine.dispose()
    yield server
    server.server.stop()


@pytest.fixture
def fake():
    printer = FakeNetworkPrinter().start()
    yield printer
    printer.stop()


@pytest.fixture
def agents(live, fake, tmp_path):
    """Start print agents sharing one journal file; all are stopped after the test."""
    started: list[PrintAgent] = []

    def start(**kw) -> PrintAgent:
        agent = PrintAgent(live.url, live.tokens["kiosk"][0], fake.url, paper=58,
                           journal=tmp_path / "journal.txt", timeout=1.0, status_interval=0.5,
                           backoff=(0.1, 0.5), **kw).start()
        started.append(agent)
        assert agent.connected.wait(10), "the agent did not connect"
        return agent

    yield start
    for agent in started:
        agent.stop()


def _printed(job: dict) -> bool:
    return job["state"] == "printed"


def test_tickets_issued_while_the_agent_is_away_print_once_when_it_starts(
        live, fake, agents, tmp_path):
    views = [live.issue(), live.issue()]
    assert [v["print"]["state"] for v in views] == ["queued", "queued"]
    agents()
    assert fake.wait_for_tickets(2, timeout=10)
    jobs = live.wait_jobs(views, _printed)
    assert [j["state"] for j in jobs] == ["printed", "printed"]
    assert sorted(printed_codes(fake.tickets, tmp_path)) == sorted(
        v["tracking_code"] for v in views)


def test_jobs_queued_across_a_server_restart_print_once_after_reconnecting(
        live, fake, agents, tmp_path):
    agents()
    fake.set_state(FakeState.OFFLINE)
    views = [live.issue(), live.issue()]
    jobs = live.wait_jobs(views, lambda j: j["attempts"] >= 1 and j["state"] == "queued")
    assert {j["last_error"] for j in jobs} == {"printer_offline"}, jobs
    live.restart()
    fake.set_state(FakeState.ONLINE)
    assert fake.wait_for_tickets(2, timeout=15)
    jobs = live.wait_jobs(views, _printed)
    assert [j["state"] for j in jobs] == ["printed", "printed"]
    time.sleep(0.5)  # any duplicate would show up now
    assert sorted(printed_codes(fake.tickets, tmp_path)) == sorted(
        v["tracking_code"] for v in views)


def test_a_crash_between_paper_and_ack_does_not_print_twice(live, fake, agents, tmp_path):
    died = threading.Event()

    def crash(job: dict) -> bool:
        died.set()
        return False  # die before acknowledging

    first = agents(before_ack=crash)
    view = live.issue()
    assert died.wait(10) and fake.wait_for_tickets(1)
    first.stop()
    assert live.job(view)["state"] == "printing"  # the server never heard the outcome
    second = agents()
    (job,) = live.wait_jobs([view], _printed)
    assert job["state"] == "printed" and job["attempts"] == 1
    assert second.printed == 0  # acknowledged from the journal
    assert not fake.wait_for_tickets(2, timeout=0.5)
    assert printed_codes(fake.tickets, tmp_path) == [view["tracking_code"]]
