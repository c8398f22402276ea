"""The print agent's protocol on /kiosk: hello, print.job, print.ack, printer.status."""

from __future__ import annotations

import pytest
from printing_support import configure_kiosk

from server.printing.models import PrintJobRecord
from support import login, token_of


@pytest.fixture
def agent_kiosk(runtime) -> int:
    return configure_kiosk(runtime, print_mode="agent", paper=80)


@pytest.fixture
def connect(app, demo):
    socketio = app.extensions["motcua.socketio"]

    def open_(token=None):
        client = socketio.test_client(app, namespace="/kiosk",
                                      auth={"token": token or token_of(demo, "kiosk")})
        assert client.is_connected("/kiosk")
        client.get_received("/kiosk")  # the lobby snapshot
        return client

    return open_


def _jobs(client) -> list[dict]:
    return [m["args"][0]["data"] for m in client.get_received("/kiosk")
            if m["name"] == "print.job"]


def _hello(client, demo, **extra) -> dict:
    return client.emit("print.hello", {"token": token_of(demo, "kiosk"), **extra},
                       namespace="/kiosk", callback=True)


def _state(runtime, job_id) -> tuple[str, int]:
    with runtime.uow(write=False) as ctx:
        row = ctx.session.get(PrintJobRecord, job_id)
        return row.state, row.attempts


def _issue(client, kiosk_headers) -> dict:
    res = client.post("/api/v1/tickets", json={"service": "LAND"}, headers=kiosk_headers)
    assert res.status_code == 201
    return res.get_json()


def test_agents_must_say_hello_with_a_kiosk_token(connect, demo, agent_kiosk):
    agent = connect()
    answer = agent.emit("print.ack", {"job_id": 1, "ok": True}, namespace="/kiosk",
                        callback=True)
    assert answer["ok"] is False and answer["error"]["code"] == "auth.required"
    answer = agent.emit("print.hello", {"token": "forged"}, namespace="/kiosk", callback=True)
    assert answer["ok"] is False and answer["error"]["code"] == "auth.forbidden"


def test_jobs_queued_while_the_agent_was_away_arrive_on_hello(
        connect, client, runtime, demo, kiosk_headers, agent_kiosk):
    first, second = _issue(client, kiosk_headers), _issue(client, kiosk_headers)
    agent = connect()
    assert _jobs(agent) == []  # no agent yet: the jobs wait in the queue
    assert _hello(agent, demo, printer_status="ok") == {"ok": True, "jobs": 2}
    jobs = _jobs(agent)
    assert [j["slip"]["tracking_code"] for j in jobs] == [first["tracking_code"],
                                                         second["tracking_code"]]
    assert {j["paper"] for j in jobs} == {80} and all(len(j["key"]) == 32 for j in jobs)
    assert _state(runtime, jobs[0]["job_id"]) == ("printing", 1)

    answer = agent.emit("print.ack", {"job_id": jobs[0]["job_id"], "ok": True,
                                      "printer_status": "ok"}, namespace="/kiosk",
                        callback=True)
    assert answer == {"ok": True, "job_id": jobs[0]["job_id"], "state": "printed"}
    # A duplicate ack changes nothing; an unacknowledged job is resent on the next hello.
    agent.emit("print.ack", {"job_id": jobs[0]["job_id"], "ok": True}, namespace="/kiosk")
    assert _state(runtime, jobs[0]["job_id"]) == ("printed", 1)
    assert _hello(agent, demo) == {"ok": True, "jobs": 1}
    (again,) = _jobs(agent)
    assert again["key"] == jobs[1]["key"]
    assert _state(runtime, again["job_id"]) == ("printing", 1)  # same attempt, sent again


def test_an_online_agent_gets_the_job_at_once_and_failures_are_retried(
        connect, client, runtime, clock, demo, kiosk_headers, agent_kiosk, dispatcher):
    agent = connect()
    _hello(agent, demo, printer_status="ok")
    view = _issue(client, kiosk_headers)
    assert view["print"]["state"] == "printing" and view["printed"] is None
    (job,) = _jobs(agent)
    answer = agent.emit("print.ack", {"job_id": job["job_id"], "ok": False,
                                      "error_code": "paper_out", "printer_status": "paper_out"},
                        namespace="/kiosk", callback=True)
    assert answer["state"] == "queued"
    names = [m["name"] for m in agent.get_received("/kiosk")]
    assert "printer.alert" in names and "print.job.changed" in names
    dispatcher.run_once()
    assert _jobs(agent) == []  # backoff first
    clock.advance(seconds=2)
    dispatcher.run_once()
    (retry,) = _jobs(agent)
    assert retry["key"] == job["key"] and retry["attempt"] == 2
    agent.emit("print.ack", {"job_id": job["job_id"], "ok": True}, namespace="/kiosk")
    assert _state(runtime, job["job_id"]) == ("printed", 2)


def test_status_reports_are_stored_and_alert_supervisors(connect, client, demo, agent_kiosk):
    agent = connect()
    _hello(agent, demo, printer_status="ok")
    answer = agent.emit("printer.status", {"status": "cover_open"}, namespace="/kiosk",
                        callback=True)
    assert answer == {"ok": True, "changed": True}
    alerts = [m["args"][0] for m in agent.get_received("/kiosk") if m["name"] == "printer.alert"]
    assert alerts[-1]["data"]["status"] == "cover_open" and alerts[-1]["seq"] > 0
    supervisor = login(client, demo, "supervisor")
    (printer,) = client.get("/api/v1/printers", headers=supervisor).get_json()["printers"]
    assert printer["status"] == "cover_open" and printer["agent_online"] is True
    bad = agent.emit("printer.status", {"status": "on fire"}, namespace="/kiosk", callback=True)
    assert bad["ok"] is False and bad["error"]["code"] == "printer.bad_status"
