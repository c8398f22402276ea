"""Report periods: local dates [from, to] of a center turned into UTC instants [start, end)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from server.kernel.errors import bad_request

# A period longer than this is refused (a 10-year report is a mistake, not a request).
MAX_DAYS = 3 * 366


def parse_day(raw: object, name: str) -> date:
    """Parse YYYY-MM-DD or raise a 400 naming the parameter."""
    try:
        return date.fromisoformat(str(raw))
    except (TypeError, ValueError):
        raise bad_request("report.bad_date", f"Ngày không hợp lệ ({name}): {raw}",
                          f"Invalid date for {name} (YYYY-MM-DD): {raw}") from None


@dataclass(frozen=True)
class Period:
    """Local days first..last (both included) in a time zone."""

    first: date
    last: date
    tz: str

    @classmethod
    def of(cls, first: object, last: object, tz: str) -> Period:
        """Build a period from raw query values, checking order and length."""
        a, b = parse_day(first, "from"), parse_day(last, "to")
        if b < a:
            raise bad_request("report.bad_period", "Ngày kết thúc phải sau ngày bắt đầu",
                              "'to' must not be before 'from'")
        if (b - a).days + 1 > MAX_DAYS:
            raise bad_request("report.period_too_long", "Kỳ báo cáo quá dài (tối đa 3 năm)",
                              "The period is too long (3 years at most)")
        return cls(a, b, tz)

    @property
    def start(self) -> datetime:
        """Return local midnight of the first day, as aware UTC."""
        return _midnight(self.first, self.tz)

    @property
    def end(self) -> datetime:
        """Return local midnight after the last day (exclusive end), as aware UTC."""
        return _midnight(self.last + timedelta(days=1), self.tz)

    @property
    def days(self) -> int:
        """Return the number of days in the period."""
        return (self.last - self.first).days + 1

    def months(self) -> list[Period]:
        """Split into calendar-month pieces (the first and last may be partial)."""
        pieces, d = [], self.first
        while d <= self.last:
            nxt = date(d.year + d.month // 12, d.month % 12 + 1, 1)
            pieces.append(Period(d, min(self.last, nxt - timedelta(days=1)), self.tz))
            d = nxt
        return pieces

    def as_dict(self) -> dict:
        """Return the period for JSON."""
        return {"from": self.first.isoformat(), "to": self.last.isoformat(),
                "timezone": self.tz, "start": self.start.isoformat(),
                "end": self.end.isoformat()}


def _midnight(d: date, tz: str) -> datetime:
    return datetime.combine(d, time.min, tzinfo=ZoneInfo(tz)).astimezone(UTC)
