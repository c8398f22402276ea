"""OpenAPI 3.1 document built from the routes themselves, so none is forgotten."""

from __future__ import annotations

import re
from typing import Any

from flask import Blueprint, current_app, jsonify
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


def build_spec(app) -> dict:
    """Describe every /api/v1 route of an app."""
    paths: dict[str, dict] = {}
    schemas: dict[str, dict] = {"Error": ERROR_SCHEMA}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1"):
            continue
        path, params = _path(rule.rule)
        view = app.view_functions[rule.endpoint]
        name = rule.endpoint.split(".")[-1]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            op = {
                "operationId": f"{method.lower()}_{name}",
                "summary": (view.__doc__ or name).strip().splitlines()[0],
                "parameters": params,
                "responses": {
                    "200": {"description": "OK"},
                    "4XX": {"description": "Client error",
                            "content": {"application/json": {"schema": ERROR}}},
                },
            }
            auth = getattr(view, "motcua_auth", None)  # set by require_staff / require_device
            if auth:
                op["security"] = [{"bearer": []}]
                op["x-motcua-auth"] = auth
            body = getattr(view, "motcua_body", None)  # set by accepts()
            if body is not None:
                op["requestBody"] = {"required": True, "content": {"application/json": {
                    "schema": _component(schemas, body)}}}
            answer = getattr(view, "motcua_answer", None)  # set by answers()
            if answer is not None:
                declared, status = answer
                del op["responses"]["200"]
                op["responses"] = {str(status): {
                    "description": STATUS_WORDS.get(status, "Success"),
                    "content": {"application/json": {"schema": _component(schemas, declared)}}},
                    **op["responses"]}
            paths.setdefault(path, {})[method.lower()] = op
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
def openapi():
    """Return the OpenAPI 3.1 description of this API."""
    return jsonify(build_spec(current_app))
