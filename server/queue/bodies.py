"""Request bodies of the queue's REST routes (kiosk tickets, the boards' ticker)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StrictStr, WithJsonSchema

from server.kernel.bodies import Body
from server.queue.rules.states import Priority

# Fields any JSON value passes: set_announcement() checks them with its own error codes.
_TickerText = Annotated[object, WithJsonSchema({"type": ["string", "null"], "maxLength": 300})]
_DateTime = Annotated[object, WithJsonSchema({"type": ["string", "null"], "format": "date-time"})]


class TicketBody(Body):
    """A kiosk asks for a number: the service's code and, optionally, a priority category."""

    service: Annotated[StrictStr, Field(min_length=1)]
    priority: Priority | Literal["", "none", "normal"] | None = None
    errors = {
        "service": ("ticket.service_required", "Cần chọn dịch vụ", "A service is required"),
        "priority": ("ticket.bad_priority", "Loại ưu tiên không hợp lệ",
                     "Unknown priority category"),
    }


class AnnouncementBody(Body):
    """The lobby boards' ticker: empty text clears it; `until` is an ISO 8601 date-time."""

    text_vi: _TickerText = None
    text_en: _TickerText = None
    until: _DateTime = None
