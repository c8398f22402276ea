"""The OpenAPI document is built from the body and answer declarations the routes use."""

from __future__ import annotations

# Write operations that read no JSON body (commands on the current state) and the upload.
NO_BODY = {
    ("post", "/api/v1/auth/logout"),
    ("post", "/api/v1/dossiers/{code}/documents"),  # multipart upload
    ("post", "/api/v1/printers/{device_id}/test"),
    *(("post", f"/api/v1/counters/{{counter_id}}/{action}")
      for action in ("open", "call-next", "start", "complete", "hold", "recall", "no-show",
                     "close")),
}


def _operations(spec):
    return [(method, path, op) for path, ops in spec["paths"].items()
            for method, op in ops.items()]


def test_every_write_operation_describes_its_body(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    writes = [(m, p, op) for m, p, op in _operations(spec)
              if m in ("post", "put", "patch", "delete")]
    assert writes and [(m, p) for m, p, op in writes if "requestBody" not in op] == []
    for m, p, op in writes:
        body = op["requestBody"]
        if (m, p) == ("post", "/api/v1/dossiers/{code}/documents"):
            form = body["content"]["multipart/form-data"]["schema"]
            assert form["required"] == ["file"] and body["required"] is True
        elif (m, p) in NO_BODY:
            assert body["required"] is False, (m, p)
        else:
            schema = body["content"]["application/json"]["schema"]
            assert body["required"] is True and schema.get("$ref"), (m, p)
    assert ("post", "/api/v1/tickets") not in NO_BODY


def test_most_operations_describe_their_answer(client):
    ops = _operations(client.get("/api/v1/openapi.json").get_json())
    described = [(m, p) for m, p, op in ops
                 if any(code.startswith("2") and "content" in answer
                        for code, answer in op["responses"].items())]
    assert len(described) >= 0.7 * len(ops), sorted({(m, p) for m, p, _ in ops} - set(described))


def test_every_reference_resolves_inside_the_document(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    refs: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                refs.append(node["$ref"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    assert refs
    for ref in refs:
        assert ref.startswith("#/"), ref
        node = spec
        for part in ref[2:].split("/"):
            assert part in node, ref
            node = node[part]
    assert "$defs" not in str(spec)
    # Errors, security and the auth marks are as before.
    ticket = spec["paths"]["/api/v1/tickets"]["post"]
    assert ticket["responses"]["4XX"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Error"}
    assert ticket["x-motcua-auth"] == "device:kiosk" and ticket["security"] == [{"bearer": []}]
    assert "201" in ticket["responses"]
    body = spec["components"]["schemas"]["TicketBody"]
    assert body["properties"]["service"]["type"] == "string"
    assert "service" in body["required"]


def _code(res):
    return res.status_code, res.get_json()["error"]["code"]


def test_a_body_of_the_wrong_type_answers_its_stable_code(client, kiosk_headers):
    assert _code(client.post("/api/v1/tickets", json={"service": 5},
                             headers=kiosk_headers)) == (400, "ticket.service_required")
    assert _code(client.post("/api/v1/tickets", json={"service": "LAND", "priority": 3},
                             headers=kiosk_headers)) == (400, "ticket.bad_priority")
    assert _code(client.post("/api/v1/tickets", json=["LAND"],
                             headers=kiosk_headers)) == (400, "request.bad_json")
    assert _code(client.post("/api/v1/auth/login", json={"username": "x", "password": 1})) == (
        400, "auth.fields_required")
