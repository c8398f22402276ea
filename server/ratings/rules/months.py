"""Calendar months in a center's time zone (pure)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def parse_month(text: str) -> date | None:
    """Return the first day of a "YYYY-MM" month, or None if malformed."""
    m = _MONTH.match(text or "")
    return date(int(m.group(1)), int(m.group(2)), 1) if m else None


def month_of(at: datetime, tz: str) -> date:
    """Return the first day of the local month of an instant."""
    local = at.astimezone(ZoneInfo(tz))
    return date(local.year, local.month, 1)


def month_bounds(first: date, tz: str) -> tuple[datetime, datetime]:
    """Return the UTC instants [start, end) of a local calendar month."""
    nxt = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    zone = ZoneInfo(tz)
    return (datetime.combine(first, time.min, zone).astimezone(UTC),
            datetime.combine(nxt, time.min, zone).astimezone(UTC))
