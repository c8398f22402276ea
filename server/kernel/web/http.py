"""Shared pieces of the HTTP adapters: JSON bodies, errors, principals, roles."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from typing import Any, cast

from flask import Flask, Response, current_app, g, jsonify, request
from werkzeug.exceptions import HTTPException

from server.kernel.auth import principal_for
from server.kernel.errors import DomainError, bad_request
from server.kernel.principals import Principal, Role
from server.kernel.runtime import Ctx, Runtime
from server.kernel.text import has_nul

View = Callable[..., Any]
Decorator = Callable[[View], View]


def _mark(view: View, name: str, value: object) -> View:
    """Attach what the OpenAPI builder reads (`motcua_auth`, `motcua_body`, ...) to a view."""
    setattr(view, name, value)
    return view


def runtime() -> Runtime:
    """Return the runtime bound to the current app."""
    return cast(Runtime, current_app.extensions["motcua"])


def json_value() -> object:
    """Return the request's JSON (any type: object, list, ...) or raise a clear 400."""
    data = request.get_json(silent=True)
    if data is None:
        raise bad_request("request.bad_json", "Nội dung gửi lên phải là JSON",
                          "The request body must be JSON")
    return data


def json_body(required: bool = True) -> dict[str, Any]:
    """Return the request's JSON object or raise a clear 400."""
    if not request.data and not required:
        return {}
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise bad_request("request.bad_json", "Nội dung gửi lên phải là một đối tượng JSON",
                          "The request body must be a JSON object")
    return data


def bearer_token() -> str | None:
    """Return the bearer token of the request, if any."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return None


def principal() -> Principal | None:
    """Resolve the caller once per request."""
    if "principal" not in g:
        g.principal = principal_for(runtime(), bearer_token())
    return cast(Principal | None, g.principal)


def client_address() -> str:
    """Return the caller's network address as the WSGI server saw it (for the audit log)."""
    return request.remote_addr or ""


def unit(write: bool = True) -> contextlib.AbstractContextManager[Ctx]:
    """Open a unit of work on behalf of the caller (actor and address, for the audit log)."""
    return runtime().uow(write, actor=principal(), address=client_address())


def signed_in() -> Principal:
    """Return the caller of a guarded route (require_staff/require_device), else a clear 401."""
    who = principal()
    if who is None:
        raise _unauthorized()
    return who


def _unauthorized() -> DomainError:
    return DomainError("auth.required", "Cần đăng nhập hoặc mã thiết bị hợp lệ",
                       "A valid staff or device token is required", 401)


def _forbidden() -> DomainError:
    return DomainError("auth.forbidden", "Bạn không có quyền thực hiện thao tác này",
                       "You are not allowed to do this", 403)


def _guard(allowed: Callable[[Principal], bool], mark: str) -> Decorator:
    """Let a view run for callers `allowed` accepts: 401 without a token, 403 otherwise."""
    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            who = principal()
            if who is None:
                raise _unauthorized()
            if not allowed(who):
                raise _forbidden()
            return view(*args, **kwargs)
        return _mark(wrapper, "motcua_auth", mark)  # read by the OpenAPI builder
    return decorate


def require_staff(role: Role = Role.OFFICER) -> Decorator:
    """Allow a route to staff holding at least `role`."""
    return _guard(lambda who: who.has_role(role), f"staff:{role.value}")


def accepts(model: type) -> Decorator:
    """Declare the JSON body a view reads (a Body class), for the OpenAPI document."""
    return lambda view: _mark(view, "motcua_body", model)


def uploads(field: str) -> Decorator:
    """Declare that a view reads a multipart file field, for the OpenAPI document."""
    return lambda view: _mark(view, "motcua_upload", field)


def answers(declared: object, status: int = 200) -> Decorator:
    """Declare what a view answers on success (a TypedDict or a type), for the OpenAPI document."""
    return lambda view: _mark(view, "motcua_answer", (declared, status))


def require_device(*kinds: str) -> Decorator:
    """Allow a route to devices of the given kinds (staff tokens are refused)."""
    return _guard(lambda who: who.kind == "device" and who.device_kind in kinds,
                  "device:" + "|".join(kinds))


def error_response(err: DomainError) -> tuple[Response, int]:
    """Turn a domain error into the JSON error body."""
    return jsonify({"error": err.to_dict()}), err.http_status


def install_error_handlers(app: Flask) -> None:
    """Make every error JSON with a stable code; bad input is never a 500."""
    app.register_error_handler(DomainError, error_response)

    @app.before_request
    def _refuse_nul_characters() -> None:
        # PostgreSQL stores no NUL character: refuse it up front, for every route.
        data = request.get_json(silent=True) if request.is_json else None
        if has_nul([request.path, *request.args.keys(), *request.args.values(), data]):
            raise bad_request("request.bad_characters", "Dữ liệu chứa ký tự không hợp lệ (NUL)",
                              "The input contains invalid characters (NUL)")

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException) -> tuple[Response, int]:
        status = exc.code or 500
        code = {404: "http.not_found", 405: "http.method_not_allowed",
                413: "http.too_large", 400: "request.bad_request"}.get(status, f"http.{status}")
        err = DomainError(code, _VI.get(status, exc.name), exc.description or exc.name, status)
        return error_response(err)

    @app.errorhandler(Exception)
    def _crash(exc: Exception) -> tuple[Response, int]:
        app.logger.exception("unhandled error")
        return error_response(DomainError("server.error", "Lỗi hệ thống, vui lòng thử lại",
                                          "Internal error, please retry", 500))


_VI = {404: "Không tìm thấy", 405: "Phương thức không được hỗ trợ", 413: "Dữ liệu quá lớn",
       400: "Yêu cầu không hợp lệ"}
