"""Local days and opening hours, always in the center's time zone."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from server.kernel.errors import DomainError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def local_day(at: datetime, tz: str) -> date:
    """Return the local calendar day of an aware UTC instant (numbering restarts on it)."""
    return at.astimezone(ZoneInfo(tz)).date()


def parse_hours(hours: dict | None) -> dict[int, list[tuple[time, time]]] | None:
    """Validate {"mon": [["07:30","11:30"], ...], ...}; None means always open."""
    if hours is None:
        return None
    parsed: dict[int, list[tuple[time, time]]] = {}
    for key, spans in hours.items():
        if key not in WEEKDAYS:
            raise DomainError("service.bad_hours", f"Ngày không hợp lệ: {key}",
                              f"Unknown weekday: {key}", 400)
        parsed[WEEKDAYS.index(key)] = [
            (time.fromisoformat(a), time.fromisoformat(b)) for a, b in spans
        ]
    return parsed


def is_open(hours: dict | None, at: datetime, tz: str) -> bool:
    """Tell whether a service with these opening hours is open at an instant."""
    parsed = parse_hours(hours)
    if parsed is None:
        return True
    local = at.astimezone(ZoneInfo(tz))
    now = local.time()
    return any(a <= now < b for a, b in parsed.get(local.weekday(), []))


def office_hours(morning: tuple[str, str] = ("07:30", "11:30"),
                 afternoon: tuple[str, str] = ("13:30", "17:00"),
                 saturday: bool = False) -> dict[str, Any]:
    """Build the usual Vietnamese office hours: weekdays, lunch break, optional Saturday morning."""
    hours = {d: [list(morning), list(afternoon)] for d in WEEKDAYS[:5]}
    if saturday:
        hours["sat"] = [list(morning)]
    return hours
