"""OpenAPI 3.1 document built from the routes themselves, so none is forgotten."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify
from typing_extensions import TypedDict

from server.kernel.bodies import schema_of
from server.kernel.web.http import answers

bp = Blueprint("openapi", __name__)

ERROR = {"$ref": "#/components/schemas/Error"}
ERROR_SCHEMA = {"type": "object", "properties": {"error": {
    "type": "object", "required": ["code", "message"],
    "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                   "message_vi": {"type": "string"}, "message_en": {"type": "string"}}}}}
STATUS_WORDS = {200: "OK", 201: "Created", 202: "Accepted"}


def _component(schemas: dict[str, dict], declared: Any) -> dict[str, Any]:
    """Return the schema to embed for a declared type; named schemas go to components."""
    schema = dict(schema_of(declared))
    for name, sub in schema.pop("$defs", {}).items():
        _register(schemas, name, sub)
    title = schema.get("title")
    if isinstance(declared, type) and title == declared.__name__:
        _register(schemas, title, schema)
        return {"$ref": f"#/components/schemas/{title}"}
    return schema


def _register(schemas: dict[str, dict], name: str, schema: dict) -> None:
    if schemas.setdefault(name, schema) != schema:
        raise ValueError(f"two different API schemas are named {name!r}: rename one")


def _path(rule: str) -> tuple[str, list[dict]]:
    params = []
    for conv, name in re.findall(r"<(?:(\w+):)?(\w+)>", rule):
        params.append({"name": name, "in": "path", "required": True,
                       "schema": {"type": "integer" if conv == "int" else "string"}})
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule), params


WRITES = {"POST", "PUT", "PATCH", "DELETE"}
# What a write operation that reads no body says (clients may send nothing or {}).
NO_BODY = {"required": False, "description": "No body: nothing, or an empty JSON object.",
           "content": {"application/json": {"schema": {"type": "object"}}}}


def _request_body(view: Any, method: str, schemas: dict[str, dict]) -> dict | None:
    """Describe what a view reads: a JSON body class, a multipart file, or nothing."""
    body = getattr(view, "motcua_body", None)  # set by accepts()
    if body is not None:
        return {"required": True, "content": {"application/json": {
            "schema": _component(schemas, body)}}}
    upload = getattr(view, "motcua_upload", None)  # set by uploads()
    if upload is not None:
        return {"required": True, "content": {"multipart/form-data": {"schema": {
            "type": "object", "required": [upload],
            "properties": {upload: {"type": "string", "format": "binary"}}}}}}
    return NO_BODY if method in WRITES else None


def _operation(view: Any, operation_id: str, method: str, params: list[dict],
               schemas: dict[str, dict]) -> dict[str, Any]:
    """Describe one method of one route from what its view declares."""
    responses: dict[str, Any] = {"4XX": {"description": "Client error", "content": {
        "application/json": {"schema": ERROR}}}}
    answer = getattr(view, "motcua_answer", None)  # set by answers()
    if answer is not None:
        declared, status = answer
        responses = {str(status): {
            "description": STATUS_WORDS.get(status, "Success"),
            "content": {"application/json": {"schema": _component(schemas, declared)}}},
            **responses}
    else:
        responses = {"200": {"description": "OK"}, **responses}
    op: dict[str, Any] = {
        "operationId": operation_id,
        "summary": (view.__doc__ or operation_id).strip().splitlines()[0],
        "parameters": params,
        "responses": responses,
    }
    auth = getattr(view, "motcua_auth", None)  # set by require_staff / require_device
    if auth:
        op["security"] = [{"bearer": []}]
        op["x-motcua-auth"] = auth
    body = _request_body(view, method, schemas)
    if body is not None:
        op["requestBody"] = body
    return op


def build_spec(app: Flask) -> dict:
    """Describe every /api/v1 route of an app."""
    paths: dict[str, dict] = {}
    schemas: dict[str, dict] = {"Error": ERROR_SCHEMA}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1"):
            continue
        path, params = _path(rule.rule)
        view = app.view_functions[rule.endpoint]
        name = rule.endpoint.split(".")[-1]
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            paths.setdefault(path, {})[method.lower()] = _operation(
                view, f"{method.lower()}_{name}", method, params, schemas)
    return {
        "openapi": "3.1.0",
        "info": {"title": "motcua API", "version": "1",
                 "description": "Queue, kiosk and dossier intake for public service centers."},
        "paths": dict(sorted(paths.items())),
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": dict(sorted(schemas.items())),
        },
    }


class OpenAPIDocument(TypedDict, total=False):
    """An OpenAPI 3.1 document."""

    openapi: str
    info: dict[str, Any]
    paths: dict[str, Any]
    components: dict[str, Any]


@bp.get("/openapi.json")
@answers(OpenAPIDocument)
def openapi() -> Response:
    """Return the OpenAPI 3.1 description of this API."""
    return jsonify(build_spec(current_app))
