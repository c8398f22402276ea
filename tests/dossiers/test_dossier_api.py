"""Dossier REST contract: names integrators rely on, errors with stable codes, never a 500."""

from __future__ import annotations

import pytest
from dossier_support import APPLICANT, vn
from sqlalchemy import select

from server.dossiers.models import PersonalDataAccess
from support import login, token_of

ID = APPLICANT["id_number"]


@pytest.fixture
def officer(dclient, catalogue_loaded) -> dict:
    return login(dclient, catalogue_loaded, "officer1")


@pytest.fixture
def admin(dclient, catalogue_loaded) -> dict:
    return login(dclient, catalogue_loaded, "admin")


@pytest.fixture
def supervisor(dclient, catalogue_loaded) -> dict:
    return login(dclient, catalogue_loaded, "supervisor")


def served_ticket(client, demo, headers) -> dict:
    """Issue a ticket at the kiosk and serve it at counter 1; return the ticket."""
    kiosk = {"Authorization": f"Bearer {token_of(demo, 'kiosk')}"}
    ticket = client.post("/api/v1/tickets", json={"service": "CIVIL"}, headers=kiosk).get_json()
    counters = client.get("/api/v1/counters", headers=headers).get_json()["counters"]
    c3 = next(c for c in counters if c["number"] == 3)
    assert client.post(f"/api/v1/counters/{c3['id']}/open", headers=headers).status_code == 200
    called = client.post(f"/api/v1/counters/{c3['id']}/call-next", headers=headers).get_json()
    assert called["number"] == ticket["number"]
    client.post(f"/api/v1/counters/{c3['id']}/start", headers=headers)
    return ticket


def create(client, headers, **body) -> dict:
    payload = {"procedure": "1.004873", "channel": "in_person", "applicant": dict(APPLICANT),
               **body}
    res = client.post("/api/v1/dossiers", json=payload, headers=headers)
    assert res.status_code == 201, res.get_json()
    return res.get_json()


def err(res) -> tuple[int, str]:
    body = res.get_json()
    assert {"code", "message", "message_vi", "message_en"} <= set(body["error"]), body
    return res.status_code, body["error"]["code"]


def test_procedures_are_public_and_searchable_without_diacritics(dclient):
    body = dclient.get("/api/v1/procedures").get_json()
    assert body["total"] == len(body["procedures"]) >= 25
    birth = next(p for p in body["procedures"] if p["code"] == "1.001193")
    for key in ("code", "name", "level", "field", "duration", "name_en", "fee_vnd",
                "documents", "stages", "agency_code", "version"):
        assert key in birth
    assert birth["level"] == "commune" and birth["duration"] == "Trong ngày"
    for q in ("khai sinh", "KHAI SINH", "dang ky khai sinh", "đăng ký khai sinh", "đẻ con"):
        found = dclient.get("/api/v1/procedures", query_string={"q": q}).get_json()
        assert found["procedures"][0]["code"] == "1.001193", q
    land = dclient.get("/api/v1/procedures", query_string={"q": "dat dai",
                                                            "level": "provincial"}).get_json()
    assert land["procedures"] and all(p["level"] == "provincial" for p in land["procedures"])
    groups = dclient.get("/api/v1/procedure-groups").get_json()["groups"]
    assert {"LT-KS-TT-BHYT", "LT-KT-XTT-MT"} <= {g["code"] for g in groups}
    assert err(dclient.get("/api/v1/procedures/9.999999")) == (404, "procedure.not_found")


def test_create_contract_with_ticket(dclient, catalogue_loaded, officer, clock):
    clock.now = vn(2026, 11, 30, 9, 0)
    ticket = served_ticket(dclient, catalogue_loaded, officer)
    body = create(dclient, officer, ticket=ticket["tracking_code"])
    for key in ("code", "secret", "due_date", "status_code", "status", "procedure", "stage",
                "receipt_url", "tracking_url", "applicant", "ticket"):
        assert key in body, key
    assert body["code"] == "H15.50.05.13-261130-0001" and len(body["secret"]) == 6
    assert body["status_code"] == 2 and body["due_date"] == "2026-12-03"
    assert body["ticket"] == ticket["tracking_code"]
    # The ID number is masked in every staff response but the dedicated one.
    assert ID not in dclient.post("/api/v1/dossiers", json={
        "procedure": "1.001193", "applicant": APPLICANT, "ticket": ticket["tracking_code"]},
        headers=officer).get_data(as_text=True)
    assert body["applicant"]["id_number"] == "********7890"
    # One visit, several dossiers: the ticket's public list shows codes and status only.
    listed = dclient.get(f"/api/v1/tickets/{ticket['tracking_code']}/dossiers")
    assert [d["code"] for d in listed.get_json()["dossiers"]] == [
        body["code"], "H15.50.05.13-261130-0002"]
    raw = listed.get_data(as_text=True)
    assert APPLICANT["name"] not in raw and APPLICANT["phone"] not in raw and ID[-4:] not in raw


@pytest.mark.parametrize("patch,status,code", [
    ({"applicant": {**APPLICANT, "consent": False}}, 400, "dossier.consent_required"),
    ({"applicant": {k: v for k, v in APPLICANT.items() if k != "consent"}}, 400,
     "dossier.consent_required"),
    ({"applicant": {**APPLICANT, "consent": "yes"}}, 400, "dossier.bad_consent"),
    ({"applicant": None}, 400, "dossier.applicant_required"),
    ({"applicant": {**APPLICANT, "name": "  "}}, 400, "dossier.name_required"),
    ({"applicant": {**APPLICANT, "phone": "abc"}}, 400, "dossier.bad_phone"),
    ({"applicant": {**APPLICANT, "id_number": "12"}}, 400, "dossier.bad_id_number"),
    ({"applicant": {**APPLICANT, "name": ["x"]}}, 400, "dossier.bad_name"),
    ({"procedure": None}, 400, "dossier.procedure_required"),
    ({"procedure": "9.999999"}, 404, "procedure.not_found"),
    ({"procedure": {"a": 1}}, 404, "procedure.not_found"),
    ({"group": "NOPE"}, 404, "group.not_found"),
    ({"channel": "fax"}, 400, "dossier.bad_channel"),
    ({"ticket": "NOSUCHTICKET"}, 404, "ticket.not_found"),
    ({"status_code": 4}, 409, "dossier.bad_transition"),
    ({"status_code": "x"}, 400, "dossier.bad_status"),
    ({"status_code": 3}, 400, "dossier.reason_required"),
    ({"documents": "all"}, 400, "dossier.bad_documents"),
])
def test_create_errors(dclient, officer, patch, status, code):
    payload = {"procedure": "1.004873", "channel": "in_person", "applicant": dict(APPLICANT),
               **patch}
    assert err(dclient.post("/api/v1/dossiers", json=payload, headers=officer)) == (status, code)


def test_online_and_postal_without_consent_flag_and_refusal(dclient, officer):
    applicant = {k: v for k, v in APPLICANT.items() if k != "consent"}
    online = dclient.post("/api/v1/dossiers", json={"procedure": "1.004873", "channel": "online",
                                                    "applicant": applicant}, headers=officer)
    assert online.status_code == 201 and online.get_json()["channel"] == "online"
    refused = create(dclient, officer, status_code=3, note="Thiếu giấy tờ bắt buộc")
    assert refused["status_code"] == 3 and refused["due_date"] is None


def test_auth_and_bad_bodies(dclient, officer, catalogue_loaded):
    assert err(dclient.post("/api/v1/dossiers", json={})) == (401, "auth.required")
    kiosk = {"Authorization": f"Bearer {token_of(catalogue_loaded, 'kiosk')}"}
    assert err(dclient.post("/api/v1/dossiers", json={}, headers=kiosk)) == (403, "auth.forbidden")
    assert err(dclient.post("/api/v1/dossiers", data="nope", headers=officer)) == \
        (400, "request.bad_json")
    assert err(dclient.get("/api/v1/dossiers/NOPE-1", headers=officer)) == \
        (404, "dossier.not_found")
    assert err(dclient.post("/api/v1/dossiers/NOPE/transitions", json={"status_code": 4},
                            headers=officer)) == (404, "dossier.not_found")
    # Officers see only the alerts they are responsible for (supervisors see all).
    me = dclient.get("/api/v1/auth/me", headers=officer).get_json()["id"]
    mine = dclient.get("/api/v1/dossiers/alerts", headers=officer).get_json()["alerts"]
    assert all(me in a["recipients"] for a in mine)
    assert err(dclient.get("/api/v1/calendar/days", headers=officer)) == (403, "auth.forbidden")
    assert err(dclient.post("/api/v1/portal/dossiers", json={}, headers=officer)) == \
        (403, "auth.forbidden")


def test_transitions_and_stages(dclient, officer, clock):
    clock.now = vn(2026, 11, 30, 9, 0)
    code = create(dclient, officer)["code"]
    url = f"/api/v1/dossiers/{code}/transitions"
    assert err(dclient.post(url, json={}, headers=officer)) == (400, "dossier.status_required")
    assert err(dclient.post(url, json={"status_code": 9}, headers=officer)) == \
        (409, "dossier.bad_transition")
    assert err(dclient.post(url, json={"status_code": 11}, headers=officer)) == \
        (400, "dossier.bad_status")
    assert err(dclient.post(url, json={"status_code": 2}, headers=officer)) == \
        (409, "dossier.no_change")
    processing = dclient.post(url, json={"status_code": 4, "note": "Chuyển thẩm định"},
                              headers=officer).get_json()
    assert processing["status_code"] == 4 and processing["stage"]["index"] == 1
    # Same status + stage = a stage move (by index or by name), logged like the rest.
    signing = dclient.post(url, json={"status_code": 4, "stage": "Phê duyệt, ký"},
                           headers=officer).get_json()
    assert signing["stage"]["index"] == 3 and signing["stage"]["role"] == "leader"
    assert err(dclient.post(url, json={"status_code": 4, "stage": 99}, headers=officer)) == \
        (400, "dossier.bad_stage")
    ready = dclient.post(url, json={"status_code": 9}, headers=officer).get_json()
    assert ready["stage"]["index"] == len(ready["stages"]) - 1
    assert err(dclient.post(url, json={"status_code": 10}, headers=officer)) == \
        (400, "dossier.result_method_required")
    returned = dclient.post(url, json={"status_code": 10, "result_method": "post"},
                            headers=officer).get_json()
    assert returned["status_code"] == 10 and returned["result_method"] == "post"
    assert returned["next_statuses"] == []
    log = [(e["from_status"], e["status_code"], e["stage"]) for e in returned["timeline"]]
    assert log == [(None, 2, "Tiếp nhận, chuyển hồ sơ"), (2, 4, "Thẩm định, xử lý"),
                   (4, 4, "Phê duyệt, ký"), (4, 9, "Trả kết quả"), (9, 10, "Trả kết quả")]
    assert all(e["officer_id"] for e in returned["timeline"])


def test_linked_group_creates_one_dossier_per_procedure(dclient, officer, clock):
    clock.now = vn(2026, 11, 30, 9, 0)
    body = create(dclient, officer, procedure=None, group="LT-KS-TT-BHYT")
    codes = [d["code"] for d in body["dossiers"]]
    assert codes == ["H15.50.05.13-261130-0001", "H15.50.05.13.CA-261130-0001",
                     "H15.BHXH-261130-0001"]
    assert body["group"]["code"] == "LT-KS-TT-BHYT" and body["group"]["id"]
    assert {d["secret"] for d in body["dossiers"]} == {body["secret"]}
    # The latest due of the set: permanent residence, 7 days from Mon 30/11 = Wed 9/12.
    assert body["due_date"] == "2026-12-09"
    page = dclient.get(f"/api/v1/track/{codes[1]}", query_string={"secret": body["secret"]})
    assert [x["code"] for x in page.get_json()["linked"]] == codes


def test_tracking_api_has_no_personal_data(dclient, officer, clock):
    clock.now = vn(2026, 11, 30, 9, 0)
    body = create(dclient, officer, note=f"Gọi {APPLICANT['name']} khi có kết quả")
    dclient.post(f"/api/v1/dossiers/{body['code']}/transitions",
                 json={"status_code": 4, "note": f"ĐT {APPLICANT['phone']}"}, headers=officer)
    res = dclient.get(f"/api/v1/track/{body['code']}", query_string={"secret": body["secret"]})
    assert res.status_code == 200
    public = res.get_json()
    for key in ("code", "status_code", "status", "due_date", "timeline"):
        assert key in public
    assert public["status"] == {"vi": "Đang xử lý", "en": "Processing"}
    assert [e["status_code"] for e in public["timeline"]] == [2, 4]
    raw = res.get_data(as_text=True)
    for secret_bit in (APPLICANT["name"], APPLICANT["phone"], ID, ID[-4:], "Hoa", "applicant",
                       "secret"):
        assert secret_bit not in raw, secret_bit
    # Lower-case secrets typed from paper work too.
    ok = dclient.get(f"/api/v1/track/{body['code']}",
                     query_string={"secret": body["secret"].lower()})
    assert ok.status_code == 200


def test_wrong_secret_is_the_unknown_code_404_then_rate_limited(dclient, officer, clock):
    clock.now = vn(2026, 11, 30, 9, 0)
    body = create(dclient, officer)
    wrong = dclient.get(f"/api/v1/track/{body['code']}", query_string={"secret": "AAAAAA"})
    unknown = dclient.get("/api/v1/track/H15.50.05.13-261130-9999",
                          query_string={"secret": "AAAAAA"},
                          environ_base={"REMOTE_ADDR": "10.0.0.2"})
    assert err(wrong) == err(unknown) == (404, "dossier.not_found")
    assert wrong.get_json()["error"]["message_en"].replace(body["code"], "X") == \
        unknown.get_json()["error"]["message_en"].replace("H15.50.05.13-261130-9999", "X")
    for _ in range(4):
        assert dclient.get(f"/api/v1/track/{body['code']}",
                           query_string={"secret": "BBBBBB"}).status_code == 404
    # Five misses from this IP on this code within 10 minutes: even the right secret waits.
    limited = dclient.get(f"/api/v1/track/{body['code']}", query_string={"secret": body["secret"]})
    assert err(limited) == (429, "track.rate_limited")
    html = dclient.get(f"/track/d/{body['code']}", query_string={"secret": body["secret"]})
    assert html.status_code == 429
    # Limited per code: another IP waits too on this code ...
    other_ip = {"REMOTE_ADDR": "10.0.0.9"}
    assert dclient.get(f"/api/v1/track/{body['code']}", query_string={"secret": body["secret"]},
                       environ_base=other_ip).status_code == 429
    # ... and per IP: this IP waits on every code, another IP looks other codes up.
    second = create(dclient, officer)
    assert dclient.get(f"/api/v1/track/{second['code']}",
                       query_string={"secret": second["secret"]}).status_code == 429
    assert dclient.get(f"/api/v1/track/{second['code']}",
                       query_string={"secret": second["secret"]},
                       environ_base=other_ip).status_code == 200
    clock.advance(minutes=11)
    assert dclient.get(f"/api/v1/track/{body['code']}",
                       query_string={"secret": body["secret"]}).status_code == 200


def test_tracking_pages_have_no_personal_data(dclient, catalogue_loaded, officer, clock):
    clock.now = vn(2026, 11, 30, 9, 0)
    ticket = served_ticket(dclient, catalogue_loaded, officer)
    body = create(dclient, officer, ticket=ticket["tracking_code"])
    page = dclient.get(f"/track/d/{body['code']}", query_string={"secret": body["secret"]})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert body["code"] in html and "Đã tiếp nhận" in html and "17:00 03/12/2026" in html
    assert page.headers["Cache-Control"] == "no-store"
    ticket_page = dclient.get(f"/track/t/{ticket['tracking_code']}")
    assert ticket_page.status_code == 200
    ticket_html = ticket_page.get_data(as_text=True)
    assert body["code"] in ticket_html and ticket["number"] in ticket_html
    for html_body in (html, ticket_html):
        for bit in (APPLICANT["name"], APPLICANT["phone"], ID, ID[-4:]):
            assert bit not in html_body
    missing = dclient.get(f"/track/d/{body['code']}", query_string={"secret": "ZZZZZZ"})
    assert missing.status_code == 404 and body["code"] in missing.get_data(as_text=True)
    assert dclient.get("/track/t/NOSUCHCODE").status_code == 404
    form = dclient.get("/track", query_string={"code": body["code"], "secret": body["secret"]})
    assert form.status_code == 302 and f"/track/d/{body['code']}" in form.headers["Location"]
    assert dclient.get("/track").status_code == 200


def test_receipt_page_and_data(dclient, officer, clock):
    clock.now = vn(2026, 11, 30, 9, 0)
    body = create(dclient, officer)
    assert dclient.get(f"/dossiers/{body['code']}/receipt").status_code == 404
    assert dclient.get(f"/dossiers/{body['code']}/receipt?sig=forged").status_code == 404
    page = dclient.get(body["receipt_url"])
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in html and body["code"] in html
    assert "<svg" in html and body["secret"] in html and "size: A5" not in html
    assert "17 giờ 00 phút, ngày 03 tháng 12 năm 2026" in html
    assert ID not in html and "********7890" in html and APPLICANT["phone"] not in html
    data = dclient.get(f"/api/v1/dossiers/{body['code']}/receipt", headers=officer).get_json()
    assert data["title"] == "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
    assert data["qr_url"] == f"http://kiosk.test/track/d/{body['code']}?secret={body['secret']}"
    assert any(body["code"] in line for line in data["lines"])
    assert ID not in str(data)
    # Another staff member's copy of a receipt link works, an edited code does not.
    other = body["receipt_url"].replace(body["code"], body["code"][:-1] + "9")
    assert dclient.get(other).status_code == 404


def test_search_logs_access_and_masks_ids(dclient, dossier_app, officer, supervisor, clock):
    clock.now = vn(2026, 11, 30, 9, 0)
    first = create(dclient, officer)
    create(dclient, officer, applicant={**APPLICANT, "name": "Trần Văn Nam",
                                        "phone": "0987654321"})
    by_phone = dclient.get("/api/v1/dossiers", query_string={"phone": "0912 345 678"},
                           headers=officer).get_json()
    assert [d["code"] for d in by_phone["dossiers"]] == [first["code"]]
    by_name = dclient.get("/api/v1/dossiers", query_string={"q": "tran van"},
                          headers=officer).get_json()
    assert by_name["total"] == 1 and by_name["dossiers"][0]["applicant"]["name"] == "Trần Văn Nam"
    everything = dclient.get("/api/v1/dossiers", query_string={
        "status": "2", "procedure": "1.004873", "from": "2026-11-30", "to": "2026-11-30"},
        headers=officer)
    assert everything.get_json()["total"] == 2 and ID not in everything.get_data(as_text=True)
    assert dclient.get("/api/v1/dossiers", query_string={"from": "2026-12-01"},
                       headers=officer).get_json()["total"] == 0
    assert err(dclient.get("/api/v1/dossiers", query_string={"from": "yesterday"},
                           headers=officer)) == (400, "calendar.bad_from")
    assert err(dclient.get("/api/v1/dossiers", query_string={"status": "x"},
                           headers=officer)) == (400, "dossier.bad_status")
    assert err(dclient.get("/api/v1/dossiers", query_string={"limit": "x"},
                           headers=officer)) == (400, "search.bad_limit")
    one = dclient.get(f"/api/v1/dossiers/{first['code']}", headers=officer)
    assert ID not in one.get_data(as_text=True)
    full = dclient.get(f"/api/v1/dossiers/{first['code']}/applicant",
                       query_string={"reason": "Gọi công dân"}, headers=officer).get_json()
    assert full["id_number"] == ID
    log = dclient.get("/api/v1/dossiers/access-log", headers=supervisor).get_json()["entries"]
    actions = [(e["action"], e["staff"]) for e in log]
    assert ("view_id", "officer1") in actions and ("view", "officer1") in actions
    assert sum(a == "search" for a, _ in actions) == 4  # failed searches log nothing
    view_id = next(e for e in log if e["action"] == "view_id")
    assert view_id["dossier"] == first["code"] and view_id["detail"]["reason"] == "Gọi công dân"
    with dossier_app.extensions["motcua"].uow(write=False) as ctx:
        rows = ctx.session.scalars(select(PersonalDataAccess)).all()
        assert all(r.ip == "127.0.0.1" for r in rows)


def test_documents_upload(dclient, officer, runtime, tmp_path):
    code = create(dclient, officer)["code"]
    url = f"/api/v1/dossiers/{code}/documents"

    def upload(data: bytes, name: str = "scan.pdf"):
        import io

        return dclient.post(url, data={"file": (io.BytesIO(data), name)}, headers=officer,
                            content_type="multipart/form-data")

    pdf = upload(b"%PDF-1.7\n" + b"x" * 1000)
    assert pdf.status_code == 201 and pdf.get_json()["content_type"] == "application/pdf"
    png = upload(b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "to-khai.png")
    assert png.get_json()["content_type"] == "image/png"
    jpeg = upload(b"\xff\xd8\xff\xe0" + b"\0" * 100, "../../etc/passwd.jpg")
    assert jpeg.status_code == 201 and "/" not in jpeg.get_json()["name"]
    # A renamed executable is refused by its bytes, whatever its name says.
    assert err(upload(b"MZ\x90\x00" + b"\0" * 100, "scan.pdf")) == (415, "file.bad_type")
    assert err(upload(b"", "empty.pdf")) == (400, "file.empty")
    big = b"%PDF-1.7\n" + b"x" * (10 * 1024 * 1024)
    assert err(upload(big)) == (413, "file.too_large")
    assert err(dclient.post(url, data={}, headers=officer,
                            content_type="multipart/form-data")) == (400, "file.required")
    stored = sorted(p for p in (tmp_path / "instance" / "dossier_files").rglob("*")
                    if p.is_file())
    assert sorted(p.suffix for p in stored) == [".jpg", ".pdf", ".png"]
    view = dclient.get(f"/api/v1/dossiers/{code}", headers=officer).get_json()
    assert len(view["files"]) == 3
    got = dclient.get(f"/api/v1/dossiers/{code}/documents/{pdf.get_json()['id']}",
                      headers=officer)
    assert got.status_code == 200 and got.data.startswith(b"%PDF-")
    assert err(dclient.get(f"/api/v1/dossiers/{code}/documents/999", headers=officer)) == \
        (404, "file.not_found")


def test_payments(dclient, officer):
    body = create(dclient, officer, procedure="1.004859")  # fee 15 000 VND
    url = f"/api/v1/dossiers/{body['code']}/payments"
    assert err(dclient.post(url, json={"method": "bitcoin"}, headers=officer)) == \
        (400, "payment.bad_method")
    assert err(dclient.post(url, json={"method": "cash", "amount_vnd": -5}, headers=officer)) \
        == (400, "payment.bad_amount")
    paid = dclient.post(url, json={"method": "transfer", "ref": "FT2611300001"}, headers=officer)
    assert paid.status_code == 201
    assert paid.get_json() | {} == {"code": body["code"], "fee_vnd": 15000, "paid_vnd": 15000,
                                    "method": "transfer", "amount_vnd": 15000}
    view = dclient.get(f"/api/v1/dossiers/{body['code']}", headers=officer).get_json()
    assert view["payments"][0]["ref"] == "FT2611300001"


def test_calendar_days_api(dclient, admin, catalogue_loaded, clock):
    assert dclient.post("/api/v1/calendar/days", json={
        "day": "2026-12-04", "kind": "off", "note": "Nghỉ bổ sung"}, headers=admin).status_code \
        == 201
    listed = dclient.get("/api/v1/calendar/days", query_string={"year": 2026},
                         headers=admin).get_json()
    assert listed["days"][0]["day"] == "2026-12-04" and listed["days"][0]["kind"] == "off"
    assert {"day": "2026-12-04", "name": "Ngày nghỉ bổ sung"} in listed["days_off"]
    assert {"day": "2026-11-24", "name": "Ngày Văn hóa Việt Nam"} in listed["days_off"]
    assert err(dclient.post("/api/v1/calendar/days", json={"day": "2026-13-01", "kind": "off"},
                            headers=admin)) == (400, "calendar.bad_day")
    assert err(dclient.post("/api/v1/calendar/days", json={"day": "2026-12-05", "kind": "x"},
                            headers=admin)) == (400, "calendar.bad_kind")
    assert err(dclient.get("/api/v1/calendar/days", query_string={"year": "abc"},
                           headers=admin)) == (400, "calendar.bad_year")
    # Mon 30/11 + 3 working days, Fri 4/12 now off: Tue 1, Wed 2, Thu 3 (unchanged) ...
    clock.now = vn(2026, 12, 2, 9, 0)
    officer = login(dclient, catalogue_loaded, "officer1")
    # ... but Wed 2/12 + 3: Thu 3, Mon 7, Tue 8.
    assert create(dclient, officer)["due_date"] == "2026-12-08"


def test_alerts_endpoint(dclient, officer, catalogue_loaded, clock, runtime):
    runtime.settings.extra["dossier_nearly_due_hours"] = 2
    clock.now = vn(2026, 11, 30, 9, 0)
    code = create(dclient, officer)["code"]
    supervisor = login(dclient, catalogue_loaded, "supervisor")
    assert dclient.get("/api/v1/dossiers/alerts", headers=supervisor).get_json()["total"] == 0
    clock.now = vn(2026, 11, 30, 14, 0)  # intake stage (4 h) ends at 15:00: 1 h left
    alerts = dclient.get("/api/v1/dossiers/alerts", headers=supervisor).get_json()["alerts"]
    assert [(a["code"], a["scope"], a["level"]) for a in alerts] == [(code, "stage", "nearly_due")]
    clock.now = vn(2026, 12, 4, 9, 0)  # due Thu 3/12 17:00
    supervisor = login(dclient, catalogue_loaded, "supervisor")
    alerts = dclient.get("/api/v1/dossiers/alerts", query_string={"level": "overdue"},
                         headers=supervisor).get_json()["alerts"]
    assert {a["scope"] for a in alerts} == {"stage", "due_date"}


def test_openapi_lists_dossier_routes(dclient):
    spec = dclient.get("/api/v1/openapi.json").get_json()
    for path in ("/api/v1/dossiers", "/api/v1/dossiers/{code}/transitions",
                 "/api/v1/track/{code}", "/api/v1/procedures", "/api/v1/portal/dossiers",
                 "/api/v1/calendar/days", "/api/v1/dossiers/{code}/apology"):
        assert path in spec["paths"], path
    assert "security" not in spec["paths"]["/api/v1/track/{code}"]["get"]
    assert "security" not in spec["paths"]["/api/v1/procedures"]["get"]
