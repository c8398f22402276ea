"""Request and response bodies, declared once with pydantic: they validate input and describe
the API (``/api/v1/openapi.json`` reads the same declarations).

Why pydantic v2: one class gives validation with per-field errors, a JSON Schema that
OpenAPI 3.1 takes as is, and types the checker understands; it is the most used and best kept
library doing all three, and it also checks event payloads (TypedDicts) in tests.

A body class may name, per field, the stable error a client gets when that field is wrong
(``errors``); other mistakes answer ``request.invalid`` naming the field. Either way the shape
stays ``{"error": {code, message, message_vi, message_en}}`` with a 400.
"""

from __future__ import annotations

from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError

from server.kernel.errors import DomainError, bad_request

B = TypeVar("B", bound="Body")


class Body(BaseModel):
    """Base of every request body: unknown keys are ignored, as they always were."""

    model_config = ConfigDict(extra="ignore", frozen=True)
    # field name -> (code, message_vi, message_en) for a wrong value of that field.
    errors: ClassVar[dict[str, tuple[str, str, str]]] = {}


def parse_body(model: type[B], data: object) -> B:
    """Validate a decoded JSON value against a body class, or raise a clear 400."""
    if not isinstance(data, dict):
        raise bad_request("request.bad_json", "Nội dung gửi lên phải là một đối tượng JSON",
                          "The request body must be a JSON object")
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _domain_error(model, exc) from None


def _domain_error(model: type[Body], exc: ValidationError) -> DomainError:
    first = exc.errors()[0]
    field = str(first["loc"][0]) if first["loc"] else ""
    if field in model.errors:
        code, vi, en = model.errors[field]
        return bad_request(code, vi, en)
    return bad_request("request.invalid", f"Trường '{field}' không hợp lệ: {first['msg']}",
                       f"Field '{field}' is invalid: {first['msg']}")


_SCHEMAS: dict[Any, dict[str, Any]] = {}


def schema_of(declared: Any) -> dict[str, Any]:
    """Return the JSON Schema of a body class, a TypedDict or any type pydantic knows."""
    schema = _SCHEMAS.get(declared)
    if schema is None:
        schema = _SCHEMAS[declared] = TypeAdapter(declared).json_schema(
            ref_template="#/components/schemas/{model}", mode="serialization"
            if not (isinstance(declared, type) and issubclass(declared, Body)) else "validation")
    return schema
