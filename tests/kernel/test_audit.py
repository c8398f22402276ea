"""The audit log: entries written with the change they describe, filtered, never altered."""

from __future__ import annotations

import pytest
from sqlalchemy import select, update
from sqlalchemy.exc import DBAPIError

from server.kernel import audit
from server.kernel.models import AuditEntry, Staff
from server.kernel.principals import Principal


def _admin(ctx) -> Principal:
    staff = ctx.session.scalar(select(Staff).where(Staff.role == "admin"))
    return Principal("staff", staff.id, staff.center_id, role="admin", name=staff.username)


def test_an_entry_names_actor_target_and_change(runtime, demo):
    with runtime.uow(write=False) as ctx:
        admin = _admin(ctx)
    with runtime.uow(actor=admin, address="10.0.0.7") as ctx:
        before, after = audit.changed({"name": "Đất", "cap": 50}, {"name": "Đất", "cap": 80})
        audit.record(ctx, "service.update", "service", "LAND", before=before, after=after)
    with runtime.uow(write=False) as ctx:
        [entry] = audit.entries(ctx, audit.AuditFilter(action="service.update"))
    assert entry["actor"] == admin.name and entry["actor_kind"] == "staff"
    assert (entry["target_kind"], entry["target"]) == ("service", "LAND")
    assert entry["before"] == {"cap": 50} and entry["after"] == {"cap": 80}
    assert entry["address"] == "10.0.0.7"


def test_an_entry_rolls_back_with_its_change(runtime, demo):
    with pytest.raises(RuntimeError), runtime.uow() as ctx:
        audit.record(ctx, "service.create", "service", "NEW")
        raise RuntimeError("the change failed")
    with runtime.uow(write=False) as ctx:
        assert audit.entries(ctx, audit.AuditFilter()) == []


def test_filters_by_action_prefix_target_and_paging(runtime, demo):
    with runtime.uow() as ctx:
        for n in range(3):
            audit.record(ctx, "dossier.read", "dossier", f"D{n}")
        audit.record(ctx, "service.create", "service", "NEW")
    with runtime.uow(write=False) as ctx:
        reads = audit.entries(ctx, audit.AuditFilter(action="dossier."))
        assert [e["target"] for e in reads] == ["D2", "D1", "D0"]
        assert [e["target"] for e in audit.entries(ctx, audit.AuditFilter(target="D1"))] == ["D1"]
        older = audit.entries(ctx, audit.AuditFilter(before_id=reads[0]["id"], action="dossier."))
        assert [e["target"] for e in older] == ["D1", "D0"]
        assert audit.entries(ctx, audit.AuditFilter(actor="nobody")) == []
        assert reads[0]["actor_kind"] == "system"


@pytest.mark.parametrize("change", ["update", "delete"])
def test_the_database_refuses_to_alter_entries(runtime, demo, change):
    with runtime.uow() as ctx:
        audit.record(ctx, "service.create", "service", "NEW")
    with pytest.raises(DBAPIError), runtime.uow() as ctx:
        if change == "update":
            ctx.session.execute(update(AuditEntry).values(target="OTHER"))
        else:
            ctx.session.delete(ctx.session.scalar(select(AuditEntry)))
            ctx.session.flush()


def test_the_audit_api_is_for_administrators_only(client, demo, officer_headers):
    from support import login

    assert client.get("/api/v1/admin/audit").status_code == 401
    assert client.get("/api/v1/admin/audit", headers=officer_headers).status_code == 403
    admin = login(client, demo, "admin")
    res = client.get("/api/v1/admin/audit?action=dossier.&limit=5", headers=admin)
    assert res.status_code == 200 and res.get_json() == {"entries": []}
    assert client.get("/api/v1/admin/audit?since=yesterday", headers=admin).status_code == 400
    assert client.get("/api/v1/admin/audit?limit=-3", headers=admin).status_code == 400
