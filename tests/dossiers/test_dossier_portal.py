"""Provincial portal sync: idempotent import, outbox delivered once and in order per dossier."""

from __future__ import annotations

import json

import pytest
from dossier_support import APPLICANT, PORTAL_FILE, Receiver, center, move, record, vn
from sqlalchemy import func, select

from server.dossiers.models import Dossier, DossierEvent, PortalOutbox
from server.dossiers.usecases import outbox, portal
from support import login


def test_portal_import_is_idempotent(runtime, catalogue_loaded, clock):
    clock.now = vn(2026, 11, 30, 9, 0)
    with runtime.uow() as ctx:
        first = portal.import_portal(ctx, PORTAL_FILE)
    assert (first["created"], first["updated"], first["unchanged"], first["errors"]) == \
        (3, 0, 0, [])
    by_id = {d["MaHoSo"]: d for d in first["dossiers"]}
    # Our own code, numbered on the day the portal received it.
    assert by_id["000.00.50.H15-261127-0012"]["code"] == "H15.50.05.13-261127-0001"
    assert by_id["000.00.50.H15-261127-0013"]["status_code"] == 4
    assert by_id["000.00.50.H15-261128-0001"]["code"].startswith("H15.22-261130-")
    with runtime.uow() as ctx:
        again = portal.import_portal(ctx, PORTAL_FILE)
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 3)
    with runtime.uow(write=False) as ctx:
        assert ctx.session.scalar(select(func.count()).select_from(Dossier)) == 3
        events = ctx.session.scalar(select(func.count()).select_from(DossierEvent))
        # Nothing imported from the portal is sent back to it.
        assert ctx.session.scalar(select(func.count()).select_from(PortalOutbox)) == 0
        online = ctx.session.scalar(select(Dossier).where(
            Dossier.portal_id == "000.00.50.H15-261127-0012"))
        assert online.channel == "online" and online.source == "portal"
        # Received Fri 27/11 08:15, same-day procedure: due that day at 17:00.
        assert online.due_at == vn(2026, 11, 27, 17, 0)
    # A newer export moves a known dossier on (and only that).
    newer = json.loads(json.dumps(PORTAL_FILE))
    newer["dossiers"][2]["TrangThai"] = 2
    newer["dossiers"][2]["NgayTiepNhan"] = "2026-11-30T08:00:00+07:00"
    newer["dossiers"][0]["TrangThai"] = 9  # 2 -> 9 is not a legal move: reported, skipped
    with runtime.uow() as ctx:
        third = portal.import_portal(ctx, newer)
    assert (third["created"], third["updated"], third["unchanged"]) == (0, 1, 1)
    assert [e["code"] for e in third["errors"]] == ["portal.status_conflict"]
    with runtime.uow(write=False) as ctx:
        assert ctx.session.scalar(select(func.count()).select_from(DossierEvent)) == events + 1


@pytest.mark.parametrize("record_patch,code", [
    ({"MaHoSo": ""}, "portal.portal_id_required"),
    ({"MaTTHC": "9.999999"}, "procedure.not_found"),
    ({"KenhNop": 7}, "portal.bad_channel"),
    ({"ChuHoSo": None}, "portal.owner_required"),
    ({"ChuHoSo": {"HoTen": ""}}, "dossier.name_required"),
    ({"TrangThai": 12}, "dossier.bad_status"),
    ({"NgayTiepNhan": "hôm qua"}, "dossier.bad_NgayTiepNhan"),
    ({"GiayToNop": "tất cả"}, "portal.bad_documents"),
])
def test_portal_record_errors_are_reported_not_fatal(runtime, catalogue_loaded, record_patch,
                                                     code):
    bad = {**PORTAL_FILE["dossiers"][0], "MaHoSo": "X-1", **record_patch}
    with runtime.uow() as ctx:
        result = portal.import_portal(ctx, [bad, PORTAL_FILE["dossiers"][1]])
    assert result["created"] == 1 and [e["code"] for e in result["errors"]] == [code]


def test_portal_api_needs_admin_and_is_idempotent(dclient, catalogue_loaded):
    admin = login(dclient, catalogue_loaded, "admin")
    officer = login(dclient, catalogue_loaded, "officer1")
    assert dclient.post("/api/v1/portal/dossiers", json=PORTAL_FILE,
                        headers=officer).status_code == 403
    first = dclient.post("/api/v1/portal/dossiers", json=PORTAL_FILE, headers=admin).get_json()
    second = dclient.post("/api/v1/portal/dossiers", json=PORTAL_FILE["dossiers"],
                          headers=admin).get_json()
    assert first["created"] == 3 and second["created"] == 0 and second["unchanged"] == 3
    one = dclient.post("/api/v1/portal/dossiers", json=PORTAL_FILE["dossiers"][0],
                       headers=admin).get_json()
    assert one["unchanged"] == 1
    bad = dclient.post("/api/v1/portal/dossiers", data="{", headers=admin,
                       content_type="application/json")
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "request.bad_json"
    assert dclient.post("/api/v1/portal/dossiers", json="nope", headers=admin).status_code == 400


# --- Outbox delivery -----------------------------------------------------------------

def _history(runtime, clock, dossiers: int = 4) -> list[str]:
    """Several dossiers, each with several status changes (creation included)."""
    clock.now = vn(2026, 11, 30, 8, 0)
    codes = [record(runtime)["code"] for _ in range(dossiers)]
    for i, code in enumerate(codes):
        clock.advance(minutes=5)
        move(runtime, code, 4)
        if i % 2 == 0:
            move(runtime, code, 5, note="Thiếu giấy tờ")
            move(runtime, code, 4)
        move(runtime, code, 9)
    return codes


def test_outbox_reaches_a_failing_webhook_once_and_in_order(runtime, catalogue_loaded, clock):
    codes = _history(runtime, clock)
    with runtime.uow(write=False) as ctx:
        total = ctx.session.scalar(select(func.count()).select_from(PortalOutbox))
    assert total == 4 * 3 + 2 * 2  # created, 4, 9 each; 5 and 4 again for two of them
    with Receiver(fail_first=6, fail_every=3, fail_until=30) as hook:
        runtime.settings.extra["portal_webhook_url"] = hook.url
        runs = 0
        while True:
            stats = outbox.deliver_outbox(runtime.uow, outbox.requests_post, now=clock)
            runs += 1
            if stats["pending"] == 0 or runs > 60:
                break
            clock.advance(minutes=2)
    assert stats["pending"] == 0, stats
    assert hook.out_of_order == []
    assert len(hook.accepted) == total
    assert len({e for _d, _s, e in hook.accepted}) == total  # every event exactly once
    assert len(hook.attempts) > total  # the failures were retried
    for code in codes:
        assert [s for d, s, _e in hook.accepted if d == code] == \
            list(range(1, 1 + sum(d == code for d, _s, _e in hook.accepted)))
    with runtime.uow(write=False) as ctx:
        rows = ctx.session.scalars(select(PortalOutbox).order_by(PortalOutbox.id)).all()
        assert all(r.delivered_at is not None and r.locked_until is None for r in rows)
        assert max(r.attempts for r in rows) >= 2


def test_outbox_backs_off_exponentially_and_waits_for_its_head(runtime, catalogue_loaded,
                                                               clock):
    clock.now = vn(2026, 11, 30, 8, 0)
    code = record(runtime)["code"]
    move(runtime, code, 4)
    calls = []

    def down(url, body, headers, timeout):
        calls.append(body["seq"])
        raise ConnectionError("portal unreachable")

    runtime.settings.extra["portal_webhook_url"] = "http://127.0.0.1:9/hook"
    start = clock.now
    delays = []
    for _ in range(4):
        assert outbox.deliver_outbox(runtime.uow, down, now=clock)["failed"] == 1
        with runtime.uow(write=False) as ctx:
            head = ctx.session.scalar(select(PortalOutbox).where(PortalOutbox.seq == 1))
            delays.append((head.next_attempt_at - clock.now).total_seconds())
            assert "ConnectionError" in head.last_error
        # Nothing is due before the backoff ends.
        assert outbox.deliver_outbox(runtime.uow, down, now=clock)["failed"] == 0
        clock.now = head.next_attempt_at
    assert delays == [10, 20, 40, 80]
    assert calls == [1, 1, 1, 1]  # event 2 never went before event 1
    assert clock.now > start
    # Without a webhook URL nothing is posted and the events wait.
    runtime.settings.extra["portal_webhook_url"] = ""
    assert outbox.deliver_outbox(runtime.uow, down, now=clock) == \
        {"delivered": 0, "failed": 0, "pending": 2}


def test_outbox_payload_speaks_the_portal_vocabulary(runtime, catalogue_loaded, clock):
    clock.now = vn(2026, 11, 30, 8, 0)
    code = record(runtime)["code"]
    got = []
    runtime.settings.extra["portal_webhook_url"] = "http://portal.test/hook"
    outbox.deliver_outbox(runtime.uow, lambda u, b, h, t: got.append((u, b, h)) or 204, now=clock)
    url, body, headers = got[0]
    assert url == "http://portal.test/hook" and headers["X-Motcua-Event-Id"] == "1"
    data = body["data"]
    assert body["event"] == "dossier.created" and body["seq"] == 1
    assert data["MaHoSo"] == code and data["MaTTHC"] == "1.004873" and data["TrangThai"] == 2
    assert data["KenhNop"] == 1 and data["NgayHenTra"] == vn(2026, 12, 3, 17, 0).isoformat()
    assert data["ChuHoSo"] == {"HoTen": APPLICANT["name"], "SoDienThoai": APPLICANT["phone"],
                               "SoGiayTo": APPLICANT["id_number"]}
    with runtime.uow(write=False) as ctx:
        assert center(ctx).code == "SAPA"
