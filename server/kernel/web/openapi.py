"""OpenAPI 3.1 document built from the routes themselves, so none is forgotten."""

from __future__ import annotations

import re

from flask import Blueprint, current_app, jsonify

bp = Blueprint("openapi", __name__)

ERROR = {"$ref": "#/components/schemas/Error"}
# Request bodies of the routes integrators call most; others take no body or are listed loosely.
BODIES = {
    "login": {"username": {"type": "string"}, "password": {"type": "string"}},
    "issue_ticket": {"service": {"type": "string"},
                     "priority": {"type": ["string", "null"],
                                  "enum": ["elderly", "disability", "pregnant", "small_child",
                                           "appointment", None]}},
    "counter_call": {"ticket": {"type": "string"}},
    "counter_transfer": {"service": {"type": "string"}, "counter": {"type": "integer"}},
    "counter_pause": {"reason": {"type": "string"}},
    "counter_resume": {"ticket": {"type": "string"}},
    "create_dossier": {
        "procedure": {"type": "string"}, "group": {"type": "string"},
        "channel": {"type": "string", "enum": ["in_person", "online", "postal"]},
        "ticket": {"type": "string", "description": "tracking code of the ticket served"},
        "applicant": {"type": "object", "properties": {
            "name": {"type": "string"}, "phone": {"type": "string"},
            "id_number": {"type": "string"}, "consent": {"type": "boolean"}}},
    },
    "dossier_transition": {"status_code": {"type": "integer", "minimum": 1, "maximum": 10},
                           "note": {"type": "string"}, "stage": {"type": "integer"}},
    "announce": {"text_vi": {"type": "string"}, "text_en": {"type": "string"},
                 "until": {"type": "string", "format": "date-time"}},
}


def _path(rule: str) -> tuple[str, list[dict]]:
    params = []
    for conv, name in re.findall(r"<(?:(\w+):)?(\w+)>", rule):
        params.append({"name": name, "in": "path", "required": True,
                       "schema": {"type": "integer" if conv == "int" else "string"}})
    return re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule), params


def build_spec(app) -> dict:
    """Describe every /api/v1 route of an app."""
    paths: dict[str, dict] = {}
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
            if name in BODIES:
                op["requestBody"] = {"required": True, "content": {"application/json": {
                    "schema": {"type": "object", "properties": BODIES[name]}}}}
            paths.setdefault(path, {})[method.lower()] = op
    return {
        "openapi": "3.1.0",
        "info": {"title": "motcua API", "version": "1",
                 "description": "Queue, kiosk and dossier intake for public service centers."},
        "paths": dict(sorted(paths.items())),
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Error": {"type": "object", "properties": {"error": {
                "type": "object", "required": ["code", "message"],
                "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                               "message_vi": {"type": "string"},
                               "message_en": {"type": "string"}}}}}},
        },
    }


@bp.get("/openapi.json")
def openapi():
    """Return the OpenAPI 3.1 description of this API."""
    return jsonify(build_spec(current_app))
