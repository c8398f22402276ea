"""Request bodies and answers of the queue's REST routes (kiosk tickets, boards, counters)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, StrictStr, WithJsonSchema
from typing_extensions import TypedDict

from server.kernel.bodies import Body
from server.queue.events import CounterView
from server.queue.rules.states import Priority

# Fields any JSON value passes (like the kernel's ``loose``): set_announcement() checks them.
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


class TicketView(TypedDict):
    """A ticket as its holder, kiosks and counters see it (no personal data)."""

    number: str
    service: str
    service_name: str
    service_name_en: str
    status: str
    priority: str | None
    issued_at: str
    waiting_ahead: int
    position: int | None
    estimated_wait_s: int | float
    tracking_code: str
    tracking_url: str
    counter: int | None
    counter_label: str | None
    calls: int


class IssuedTicket(TicketView):
    """A ticket just issued at a kiosk, with its print job when the kiosk prints."""

    print: dict[str, Any] | None
    printed: bool


class ServiceView(TypedDict, total=False):
    """A service on the kiosk: open state, people waiting, estimated wait."""

    code: str
    prefix: str
    name_vi: str
    name_en: str
    level: str
    open: bool
    waiting: int
    estimated_wait_s: int | float


class ServiceList(TypedDict):
    """The services of a center."""

    center: str
    services: list[ServiceView]


class CounterList(TypedDict):
    """The counters of the caller's center."""

    counters: list[CounterView]


class OfficerToday(TypedDict):
    """An officer's own figures for today."""

    day: str
    served: int
    no_show: int
    avg_service_s: int | None
    avg_wait_s: int | None


class AnnouncementNote(TypedDict):
    """The ticker shown on the boards."""

    text_vi: str
    text_en: str
    until: str | None


class AnnouncementAnswer(TypedDict):
    """The ticker now shown (null when cleared)."""

    announcement: AnnouncementNote | None

