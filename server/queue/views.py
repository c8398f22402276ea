"""What the queue answers, declared once: its use cases return these, its routes describe them.

No personal data: a ticket is a number, a service and a place in the queue.
"""

from __future__ import annotations

from typing import Any

from typing_extensions import TypedDict

from server.queue.events import CounterView


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
    estimated_wait_s: int | None
    tracking_code: str
    tracking_url: str
    counter: int | None
    counter_label: str | None
    calls: int


class IssuedTicket(TicketView):
    """A ticket just issued at a kiosk, with its print job when the kiosk prints."""

    print: dict[str, Any] | None
    printed: bool | None  # false: no paper will come (photo); null: printing under way


class ServiceView(TypedDict):
    """A service on the kiosk: open state, people waiting, estimated wait."""

    code: str
    name: str
    name_vi: str
    name_en: str
    prefix: str
    level: str
    icon: str
    open: bool
    in_hours: bool
    cap_reached: bool
    daily_cap: int | None
    waiting: int
    estimated_wait_s: int | None


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

