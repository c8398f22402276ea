"""The administrator's API: the audit log (the console's other routes join it)."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, Flask, Response, jsonify, request
from typing_extensions import TypedDict

from server.kernel import audit
from server.kernel.errors import bad_request
from server.kernel.principals import Role
from server.kernel.web.http import answers, require_staff, signed_in, unit

bp = Blueprint("admin_api", __name__)


class AuditPage(TypedDict):
    """The newest audit entries matching the query, newest first."""

    entries: list[audit.AuditView]


def _when(name: str) -> datetime | None:
    raw = request.args.get(name)
    if not raw:
        return None
    try:
        return datetime.fromisoformat(raw)
    except ValueError:
        raise bad_request("audit.bad_time", f"Thời điểm '{name}' không hợp lệ (ISO 8601)",
                          f"'{name}' must be an ISO 8601 time") from None


def _number(name: str, default: int | None) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or len(raw) > 9:
        raise bad_request("audit.bad_number", f"'{name}' phải là số nguyên dương",
                          f"'{name}' must be a positive integer")
    return int(raw)


@bp.get("/admin/audit")
@require_staff(Role.ADMIN)
@answers(AuditPage)
def audit_log() -> Response:
    """List audit entries: ?actor=&action=(exact, or a prefix ending in '.')&target_kind=
    &target=&since=&until=&before_id=&limit= (at most 1000)."""
    who = signed_in()
    wanted = audit.AuditFilter(
        center_id=who.center_id, actor=request.args.get("actor") or None,
        action=request.args.get("action") or None,
        target_kind=request.args.get("target_kind") or None,
        target=request.args.get("target") or None, since=_when("since"), until=_when("until"),
        before_id=_number("before_id", None), limit=_number("limit", 200) or 200)
    with unit(write=False) as ctx:
        return jsonify(AuditPage(entries=audit.entries(ctx, wanted)))


def register(app: Flask) -> None:
    """Mount the administrator's API."""
    app.register_blueprint(bp, url_prefix="/api/v1")
