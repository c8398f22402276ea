"""Odd input on every dossier endpoint is a 4xx with a stable code, never a 500."""

from __future__ import annotations

import pytest
from dossier_support import APPLICANT, PORTAL_FILE

from support import login

ODD = [None, True, 0, -1, 1.5, "", " ", "x" * 5000, [], {}, ["a"], {"a": 1}, "ñ\x00"]


@pytest.fixture
def ctx(dclient, catalogue_loaded):
    officer = login(dclient, catalogue_loaded, "officer1")
    admin = login(dclient, catalogue_loaded, "admin")
    made = dclient.post("/api/v1/dossiers", json={"procedure": "1.004873",
                                                  "applicant": APPLICANT}, headers=officer)
    assert made.status_code == 201
    return {"officer": officer, "admin": admin, "code": made.get_json()["code"]}


def bodies(template: dict):
    """The template with each field replaced in turn by each odd value."""
    for key in template:
        for value in ODD:
            yield {**template, key: value}
    for value in ODD:
        yield value


def test_no_500_on_odd_bodies(dclient, ctx):
    code = ctx["code"]
    cases = [
        ("/api/v1/dossiers", ctx["officer"],
         {"procedure": "1.004873", "channel": "in_person", "ticket": None, "group": None,
          "status_code": 2, "note": "", "documents": [], "applicant": APPLICANT}),
        ("/api/v1/dossiers", ctx["officer"], {"applicant": {**APPLICANT},
                                              "procedure": "1.004873"}),
        (f"/api/v1/dossiers/{code}/transitions", ctx["officer"],
         {"status_code": 4, "note": "", "stage": 1, "result_method": "post"}),
        (f"/api/v1/dossiers/{code}/apology", ctx["officer"],
         {"text": "Xin lỗi", "ref": "1", "new_due_date": "2030-01-01", "anticipated": True}),
        (f"/api/v1/dossiers/{code}/payments", ctx["officer"],
         {"method": "cash", "amount_vnd": 1000, "ref": ""}),
        ("/api/v1/calendar/days", ctx["admin"], {"day": "2031-01-02", "kind": "off", "note": ""}),
        ("/api/v1/portal/dossiers", ctx["admin"], dict(PORTAL_FILE["dossiers"][0])),
        ("/api/v1/procedures/import", ctx["admin"], {"procedures": [], "groups": []}),
    ]
    seen = 0
    for url, headers, template in cases:
        for body in bodies(template):
            if isinstance(body, dict) and isinstance(body.get("applicant"), dict):
                for key in list(APPLICANT):
                    for value in ODD[:6]:
                        res = dclient.post(url, json={**body, "applicant": {
                            **body["applicant"], key: value}}, headers=headers)
                        assert res.status_code < 500, (url, body, key, value, res.get_json())
            res = dclient.post(url, json=body, headers=headers)
            seen += 1
            assert res.status_code < 500, (url, body, res.get_json())
            if res.status_code >= 400:
                assert res.get_json()["error"]["code"], (url, body)
    assert seen > 200
    for url in (f"/api/v1/track/{code}?secret=%00", "/api/v1/track/%20?secret=",
                "/api/v1/dossiers?status=99", "/api/v1/dossiers?from=2026-02-30",
                "/api/v1/dossiers?limit=-5&offset=x", "/api/v1/calendar/days?year=99999",
                "/api/v1/procedures?q=%00&level=x", f"/api/v1/dossiers/{code}/documents/0",
                "/api/v1/procedures/1%00", "/api/v1/tickets/AB%00/dossiers", "/track/t/A%00",
                f"/track/d/{code}%00?secret=x", "/api/v1/dossiers?q=%00"):
        headers = ctx["admin"] if "calendar" in url else ctx["officer"]
        res = dclient.get(url, headers=headers)
        assert res.status_code < 500, (url, res.get_json())
