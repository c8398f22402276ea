"""Calendar arithmetic for the generator: working days, opening days, local instants."""

from __future__ import annotations

import bisect
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from server.dossiers.rules.calendar import WorkCalendar


class WorkingDays:
    """Working days as a sorted list: add_working_days by index arithmetic (fast)."""

    def __init__(self, cal: WorkCalendar, first: date, last: date):
        self.cal = cal
        d, days = first, []
        while d <= last:
            if cal.is_working_day(d):
                days.append(d)
            d += timedelta(days=1)
        self.days = days
        self.cutoff = cal.cutoff

    def index_after(self, d: date) -> int:
        """Index of the first working day strictly after d."""
        return bisect.bisect_right(self.days, d)

    def add(self, d: date, n: int) -> date:
        """Return the n-th working day after d (n >= 0; n = 0 gives d)."""
        if n == 0:
            return d
        i = self.index_after(d) + n - 1
        if i >= len(self.days):
            return self.cal.add_working_days(d, n)
        return self.days[i]

    def receipt_day(self, local: datetime) -> date:
        """The working day a dossier accepted at this local instant counts from."""
        d = local.date()
        late = self.cutoff is not None and local.time() > self.cutoff
        i = bisect.bisect_left(self.days, d)
        if i < len(self.days) and self.days[i] == d and not late:
            return d
        return self.add(d, 1)

    def between(self, a: date, b: date) -> int:
        """Working days in (a, b] (a <= b)."""
        return bisect.bisect_right(self.days, b) - bisect.bisect_right(self.days, a)


def local_at(d: date, seconds: float, tz: ZoneInfo) -> datetime:
    """The local instant `seconds` after midnight of day d."""
    return datetime.combine(d, time.min, tzinfo=tz) + timedelta(seconds=seconds)


def sec(h: int, m: int = 0) -> int:
    """Seconds after midnight of the clock time h:m."""
    return h * 3600 + m * 60


def open_days(cal: WorkCalendar, first: date, last: date) -> list[date]:
    """Days the centers open: working days, plus Saturday mornings that are not holidays."""
    out, d = [], first
    while d <= last:
        if cal.is_working_day(d) or (d.weekday() == 5 and d not in cal.extra_days_off
                                     and _not_holiday(d)):
            out.append(d)
        d += timedelta(days=1)
    return out


def _not_holiday(d: date) -> bool:
    from server.dossiers.rules.calendar import _library_days_off

    return d not in _library_days_off(d.year)
