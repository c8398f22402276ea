"""Server-mode printing: the job is written with the ticket and delivered after the commit.

A fake network printer on 127.0.0.1 goes offline, runs out of paper or stops answering; the
ticket stays valid, the job is retried as the fake clock moves, and exactly one ticket comes
out of the printer once it is back.
"""

from __future__ import annotations

import pytest
from printing_support import configure_kiosk, printed_codes
from sqlalchemy import func, select

from printers.fake_network import FakeState
from server.printing.models import PrintJobRecord
from support import login


@pytest.fixture
def server_kiosk(runtime, fake_printer) -> int:
    """Configure the demo kiosk to print through the server on the fake printer."""
    return configure_kiosk(runtime, printer=fake_printer.url, print_mode="server", paper=58,
                           printer_timeout_s=0.3)


def _issue(client, kiosk_headers, service="LAND") -> dict:
    res = client.post("/api/v1/tickets", json={"service": service}, headers=kiosk_headers)
    assert res.status_code == 201, res.get_json()
    return res.get_json()


def _job(runtime, job_id) -> PrintJobRecord:
    with runtime.uow(write=False) as ctx:
        return ctx.session.get(PrintJobRecord, job_id)


def _events(runtime, type_):
    return [e for e in runtime.publisher.events if e.type == type_]


def test_a_paperless_kiosk_gets_no_job_and_is_told_so(client, runtime, kiosk_headers):
    view = _issue(client, kiosk_headers)
    assert view["print"] is None and view["printed"] is False
    with runtime.uow(write=False) as ctx:
        assert ctx.session.scalar(select(func.count()).select_from(PrintJobRecord)) == 0


def test_the_job_is_committed_with_the_ticket_and_printed_after(
        client, runtime, kiosk_headers, server_kiosk, dispatcher, fake_printer, tmp_path):
    view = _issue(client, kiosk_headers)
    assert view["status"] == "waiting" and view["printed"] is None
    assert view["print"]["state"] == "queued" and view["print"]["mode"] == "server"
    assert fake_printer.tickets == []  # nothing is printed inside the request
    job = _job(runtime, view["print"]["job_id"])
    assert job.kind == "ticket" and job.slip["tracking_code"] == view["tracking_code"]
    assert job.slip["number"] == view["number"]  # data, not bytes

    assert dispatcher.run_once() == 1
    assert printed_codes(fake_printer.tickets, tmp_path) == [view["tracking_code"]]
    job = _job(runtime, job.id)
    assert (job.state, job.attempts, job.printer_status) == ("printed", 1, "ok")
    changed = _events(runtime, "print.job.changed")[-1]
    assert changed.data["state"] == "printed" and changed.room == f"device:{server_kiosk}"
    assert dispatcher.run_once() == 0 and len(fake_printer.tickets) == 1


@pytest.mark.parametrize("trouble", [FakeState.OFFLINE, FakeState.PAPER_OUT, FakeState.SILENT])
def test_a_printer_in_trouble_never_costs_the_ticket_and_prints_it_once_when_back(
        trouble, client, runtime, clock, kiosk_headers, server_kiosk, dispatcher, fake_printer,
        tmp_path):
    fake_printer.set_state(trouble)
    view = _issue(client, kiosk_headers)
    job_id = view["print"]["job_id"]

    assert dispatcher.run_once() == 1
    job = _job(runtime, job_id)
    expected = "paper_out" if trouble is FakeState.PAPER_OUT else "printer_offline"
    assert (job.state, job.attempts, job.last_error) == ("queued", 1, expected)
    alert = _events(runtime, "printer.alert")[-1]
    assert alert.data["status"] == ("paper_out" if trouble is FakeState.PAPER_OUT else "offline")
    assert alert.data["photo"] is True and alert.room is None  # the center's room
    # The ticket is untouched and the next kiosk answer says no paper will come now.
    status = client.get(f"/api/v1/tickets/{view['tracking_code']}").get_json()
    assert status["status"] == "waiting" and status["position"] == 1
    assert _issue(client, kiosk_headers, "CIVIL")["printed"] is False

    assert dispatcher.run_once() == 0  # not due before its backoff
    clock.advance(seconds=2)
    assert dispatcher.run_once() == 1  # one attempt per printer per round, oldest first
    assert _job(runtime, job_id).attempts == 2
    assert fake_printer.tickets == []

    fake_printer.set_state(FakeState.ONLINE)
    clock.advance(seconds=4)
    while dispatcher.run_once():
        clock.advance(seconds=60)
    job = _job(runtime, job_id)
    assert (job.state, job.attempts, job.last_error) == ("printed", 3, None)
    assert fake_printer.wait_for_tickets(2)
    codes = printed_codes(fake_printer.tickets, tmp_path)
    assert codes[0] == view["tracking_code"] and len(codes) == len(set(codes)) == 2
    assert _events(runtime, "printer.alert")[-1].data["status"] == "ok"  # back to normal


def test_retries_run_out_then_staff_see_the_failure_and_reprint(
        client, runtime, clock, kiosk_headers, server_kiosk, dispatcher, fake_printer, demo,
        tmp_path):
    fake_printer.set_state(FakeState.OFFLINE)
    view = _issue(client, kiosk_headers)
    for _ in range(6):
        assert dispatcher.run_once() == 1
        clock.advance(seconds=60)
    job = _job(runtime, view["print"]["job_id"])
    assert (job.state, job.attempts, job.last_error) == ("failed", 6, "printer_offline")
    lost = _events(runtime, "printer.alert")[-1].data
    assert lost["job"]["tracking_code"] == view["tracking_code"] and lost["level"] == "error"

    supervisor = login(client, demo, "supervisor")
    (printer,) = client.get("/api/v1/printers", headers=supervisor).get_json()["printers"]
    assert printer["status"] == "offline" and printer["mode"] == "server"
    assert [j["tracking_code"] for j in printer["failed_jobs"]] == [view["tracking_code"]]

    fake_printer.set_state(FakeState.ONLINE)
    officer = login(client, demo, "officer1")
    res = client.post(f"/api/v1/tickets/{view['tracking_code']}/reprint", headers=officer)
    assert res.status_code == 201 and res.get_json()["state"] == "queued"
    assert dispatcher.run_once() == 1
    assert printed_codes(fake_printer.tickets, tmp_path) == [view["tracking_code"]]


def test_an_interrupted_delivery_is_retried_and_an_old_ticket_expires(
        client, runtime, clock, kiosk_headers, server_kiosk, dispatcher, fake_printer):
    from server.printing.usecases.dispatch import claim_due

    view = _issue(client, kiosk_headers)
    with runtime.uow() as ctx:  # a server died while delivering this job
        assert len(claim_due(ctx)) == 1
    assert _job(runtime, view["print"]["job_id"]).state == "printing"
    clock.advance(seconds=121)
    dispatcher.run_once()  # gives it up as interrupted, to retry after its backoff
    job = _job(runtime, view["print"]["job_id"])
    assert (job.state, job.last_error) == ("queued", "interrupted")
    fake_printer.set_state(FakeState.OFFLINE)
    clock.advance(seconds=901)
    dispatcher.run_once()
    job = _job(runtime, job.id)
    assert (job.state, job.last_error) == ("failed", "expired")
    assert fake_printer.tickets == []


@pytest.mark.parametrize(("url", "error"), [("network://", "bad_printer_url"),
                                          ("file:///dev/usb/lp0", "printer_unavailable"),
                                          ("usb://04b8:0e15", "printer_unavailable")])
def test_printers_the_server_cannot_drive_fail_at_once_without_retries(
        url, error, client, runtime, kiosk_headers, dispatcher):
    configure_kiosk(runtime, printer=url, print_mode="server")
    view = _issue(client, kiosk_headers)
    dispatcher.run_once()
    job = _job(runtime, view["print"]["job_id"])
    assert (job.state, job.attempts, job.last_error) == ("failed", 1, error)
