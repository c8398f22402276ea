"""Login and logout for staff."""

from __future__ import annotations

from flask import Blueprint, jsonify

from server.kernel import auth
from server.kernel.errors import bad_request
from server.kernel.web.http import bearer_token, json_body, principal, runtime

bp = Blueprint("auth_api", __name__)


@bp.post("/auth/login")
def login():
    """Exchange {username, password} for a bearer token."""
    body = json_body()
    username, password = body.get("username"), body.get("password")
    if not isinstance(username, str) or not isinstance(password, str):
        raise bad_request("auth.fields_required", "Cần tên đăng nhập và mật khẩu",
                          "username and password are required")
    with runtime().uow() as ctx:
        return jsonify(auth.login(ctx, username, password))


@bp.post("/auth/logout")
def logout():
    """Revoke the caller's staff token."""
    token = bearer_token()
    if token:
        with runtime().uow() as ctx:
            auth.logout(ctx, token)
        auth.forget_token(runtime(), token)
    return "", 204


@bp.get("/auth/me")
def me():
    """Describe the caller (staff or device)."""
    who = principal()
    if who is None:
        from server.kernel.web.http import _unauthorized

        raise _unauthorized()
    return jsonify({"kind": who.kind, "id": who.id, "center_id": who.center_id,
                    "role": who.role, "device_kind": who.device_kind, "name": who.name})
