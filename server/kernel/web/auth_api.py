"""Login and logout for staff."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify
from pydantic import StrictStr
from typing_extensions import TypedDict

from server.kernel import auth
from server.kernel.bodies import Body, parse_body
from server.kernel.web.http import accepts, answers, bearer_token, json_body, runtime, signed_in

bp = Blueprint("auth_api", __name__)

_FIELDS_REQUIRED = ("auth.fields_required", "Cần tên đăng nhập và mật khẩu",
                    "username and password are required")


class LoginBody(Body):
    """A staff member's credentials."""

    username: StrictStr
    password: StrictStr
    errors = {"username": _FIELDS_REQUIRED, "password": _FIELDS_REQUIRED}


class LoginAnswer(TypedDict):
    """A bearer token for the staff member, with who they are."""

    token: str
    role: str
    username: str
    staff_id: int
    center_id: int | None


class Caller(TypedDict):
    """The caller: a staff member or a device."""

    kind: str
    id: int
    center_id: int | None
    role: str | None
    device_kind: str | None
    name: str | None


@bp.post("/auth/login")
@accepts(LoginBody)
@answers(LoginAnswer)
def login() -> Response:
    """Exchange {username, password} for a bearer token."""
    body = parse_body(LoginBody, json_body())
    with runtime().uow() as ctx:
        return jsonify(auth.login(ctx, body.username, body.password))


@bp.post("/auth/logout")
def logout() -> tuple[str, int]:
    """Revoke the caller's staff token."""
    token = bearer_token()
    if token:
        with runtime().uow() as ctx:
            auth.logout(ctx, token)
        auth.forget_token(runtime(), token)
    return "", 204


@bp.get("/auth/me")
@answers(Caller)
def me() -> Response:
    """Describe the caller (staff or device)."""
    who = signed_in()
    return jsonify({"kind": who.kind, "id": who.id, "center_id": who.center_id,
                    "role": who.role, "device_kind": who.device_kind, "name": who.name})
