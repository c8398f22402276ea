"""Printing REST routes: reprint, printer listing, test page, job status, and their errors."""

from __future__ import annotations

import pytest
from printing_support import configure_kiosk
from sqlalchemy import select

from server.kernel.models import Device
from server.printing.models import PrintJobRecord
from server.printing.usecases import printer_state
from support import login


@pytest.fixture
def staff(client, demo) -> dict:
    return {name: login(client, demo, name) for name in ("officer1", "supervisor")}


def _issue(client, kiosk_headers) -> dict:
    res = client.post("/api/v1/tickets", json={"service": "LAND"}, headers=kiosk_headers)
    assert res.status_code == 201
    return res.get_json()


def test_reprinting_an_unknown_ticket_is_a_404(client, staff):
    res = client.post("/api/v1/tickets/NOSUCHCODE/reprint", headers=staff["officer1"])
    assert res.status_code == 404
    assert res.get_json()["error"]["code"] == "ticket.not_found"


def test_a_kiosk_cannot_reprint_and_strangers_must_log_in(client, kiosk_headers):
    view = _issue(client, kiosk_headers)
    res = client.post(f"/api/v1/tickets/{view['tracking_code']}/reprint", headers=kiosk_headers)
    assert res.status_code == 403 and res.get_json()["error"]["code"] == "auth.forbidden"
    res = client.post(f"/api/v1/tickets/{view['tracking_code']}/reprint")
    assert res.status_code == 401


def test_reprint_needs_a_printer_and_a_device_of_the_center(client, runtime, kiosk_headers,
                                                             staff):
    view = _issue(client, kiosk_headers)  # paperless kiosk
    url = f"/api/v1/tickets/{view['tracking_code']}/reprint"
    res = client.post(url, headers=staff["officer1"])
    assert res.status_code == 409
    assert res.get_json()["error"]["code"] == "printer.not_configured"
    res = client.post(url, json={"device_id": 9999}, headers=staff["officer1"])
    assert res.status_code == 404 and res.get_json()["error"]["code"] == "device.not_found"


def test_reprint_queues_a_new_job_on_the_tickets_kiosk_or_a_given_one(
        client, runtime, kiosk_headers, staff):
    device_id = configure_kiosk(runtime, printer="dummy://", print_mode="server")
    view = _issue(client, kiosk_headers)
    url = f"/api/v1/tickets/{view['tracking_code']}/reprint"
    res = client.post(url, headers=staff["officer1"])
    assert res.status_code == 201
    job = res.get_json()
    assert job["job_id"] != view["print"]["job_id"]
    assert (job["device_id"], job["state"], job["kind"]) == (device_id, "queued", "ticket")
    assert job["number"] == view["number"]
    res = client.post(url, json={"device_id": device_id}, headers=staff["supervisor"])
    assert res.status_code == 201
    with runtime.uow(write=False) as ctx:
        rows = ctx.session.scalars(select(PrintJobRecord).order_by(PrintJobRecord.id)).all()
        assert [r.requested_by is not None for r in rows] == [False, True, True]
        assert {r.slip["tracking_code"] for r in rows} == {view["tracking_code"]}


def test_supervisors_list_printers_and_print_a_test_page(client, runtime, staff, kiosk_headers):
    device_id = configure_kiosk(runtime, printer="network://10.0.0.5:9100", print_mode="server",
                                paper=80)
    res = client.get("/api/v1/printers", headers=staff["officer1"])
    assert res.status_code == 403
    res = client.get("/api/v1/printers", headers=staff["supervisor"])
    assert res.status_code == 200
    (printer,) = res.get_json()["printers"]
    assert printer == {**printer, "device_id": device_id, "printer": "network://10.0.0.5:9100",
                       "mode": "server", "paper": 80, "status": "unknown", "backlog": 0,
                       "failed_jobs": []}
    res = client.post(f"/api/v1/printers/{device_id}/test", headers=staff["supervisor"])
    assert res.status_code == 201 and res.get_json()["kind"] == "test"
    job_id = res.get_json()["job_id"]
    # A kiosk may follow its own jobs; nobody else outside the staff may.
    assert client.get(f"/api/v1/print-jobs/{job_id}", headers=kiosk_headers).status_code == 200
    assert client.get(f"/api/v1/print-jobs/{job_id}").status_code == 404


def test_the_kiosk_answer_says_whether_paper_will_come(client, runtime, kiosk_headers):
    device_id = configure_kiosk(runtime, print_mode="agent")  # an agent never heard from
    view = _issue(client, kiosk_headers)
    assert view["print"] == {"job_id": view["print"]["job_id"], "state": "queued",
                             "mode": "agent", "printer_status": None}
    assert view["printed"] is None  # queued: it prints when the agent connects
    with runtime.uow() as ctx:
        printer_state.record_status(ctx, ctx.session.get(Device, device_id), "paper_out",
                                    source="agent")
    view = _issue(client, kiosk_headers)
    assert view["print"]["printer_status"] == "paper_out" and view["printed"] is False
