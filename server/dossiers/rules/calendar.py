"""Working-day calendar for dossier due dates (ngày hẹn trả), in the center's time zone.

Working days are Monday to Friday minus Vietnamese public holidays as the maintained
`holidays` library knows them (Tết, 30/4, 1/5, 2/9, Giỗ Tổ, observed and swapped days,
Ngày Văn hóa Việt Nam from 2026), plus the make-up Saturdays the library lists. Each
year's extra government decisions (a longer Tết break, a swapped Saturday) come in
through `extra_days_off` and `makeup_workdays`, which always win over the library.

Every datetime returned is timezone-aware UTC (house rule); `local()` converts for display.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

DEFAULT_WORK_PERIODS = ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 0)))
# No sane calendar has a year without a working day; the bound turns a misconfiguration
# (every day listed as off) into an error instead of an endless loop.
_MAX_SCAN_DAYS = 366


@lru_cache(maxsize=64)
def _library_days_off(year: int) -> holidays.HolidayBase:
    """Return the library's Vietnamese holidays for one year (shared by every calendar)."""
    return holidays.country_holidays("VN", years=year, language="vi")


@lru_cache(maxsize=64)
def _library_makeup_days(year: int) -> frozenset[date]:
    """Return the Saturdays the government swapped into working days for one year."""
    # A swap can cross the new year (Dec 31, 2018 off for Sat Jan 5, 2019), so the
    # library files it under the neighbouring year: look at both neighbours.
    found = set()
    for y in (year - 1, year, year + 1):
        found |= {d for d in _library_days_off(y).weekend_workdays if d.year == year}
    return frozenset(found)


class WorkCalendar:
    """Working days, working hours and due dates for one service center."""

    def __init__(
        self,
        extra_days_off: Iterable[date] = (),
        makeup_workdays: Iterable[date] = (),
        tz: str = "Asia/Ho_Chi_Minh",
        cutoff: time | None = time(15, 0),
        *,
        close_time: time | None = None,
        work_periods: tuple[tuple[time, time], ...] = DEFAULT_WORK_PERIODS,
    ):
        self.extra_days_off = frozenset(extra_days_off)
        self.makeup_workdays = frozenset(makeup_workdays)
        clash = self.extra_days_off & self.makeup_workdays
        if clash:
            raise ValueError(f"dates both off and make-up workdays: {sorted(clash)}")
        periods = tuple(sorted(work_periods))
        if not periods or any(a >= b for a, b in periods):
            raise ValueError("work_periods need at least one (start, end) with start < end")
        if any(periods[i][1] > periods[i + 1][0] for i in range(len(periods) - 1)):
            raise ValueError("work_periods overlap")
        self.work_periods = periods
        self.tz = ZoneInfo(tz)
        self.cutoff = cutoff
        # A day-based due falls at closing time, by default the end of the last period.
        self.close_time = close_time or periods[-1][1]

    @property
    def hours_per_day(self) -> float:
        """Return the working hours in one working day (7.5 with the default periods)."""
        return sum(_hours(a, b) for a, b in self.work_periods)

    def local(self, at: datetime) -> datetime:
        """Return an aware instant in the center's local time."""
        if at.tzinfo is None:
            raise ValueError("naive datetime: pass timezone-aware instants")
        return at.astimezone(self.tz)

    def is_working_day(self, d: date) -> bool:
        """Tell whether a local calendar day is a working day."""
        if isinstance(d, datetime):
            # A UTC datetime's date can be the wrong local day: make callers choose.
            raise TypeError("pass a date (use local(at).date()), not a datetime")
        if d in self.extra_days_off:
            return False
        if d in self.makeup_workdays or d in _library_makeup_days(d.year):
            return True
        return d.weekday() < 5 and d not in _library_days_off(d.year)

    def days_off(self, year: int) -> dict[date, str]:
        """List a year's holidays and extra days off that are not worked, with Vietnamese names."""
        found = {d: name for d, name in _library_days_off(year).items() if d.year == year}
        found |= {d: "Ngày nghỉ bổ sung" for d in self.extra_days_off if d.year == year}
        return {d: n for d, n in sorted(found.items()) if not self.is_working_day(d)}

    def next_working_day(self, d: date) -> date:
        """Return the first working day strictly after `d`."""
        return self.add_working_days(d, 1)

    def add_working_days(self, start_date: date, n: int) -> date:
        """Return the n-th working day after `start_date` (before it when n < 0)."""
        step = timedelta(days=1 if n >= 0 else -1)
        d, left, scanned = start_date, abs(n), 0
        while left:
            d += step
            scanned += 1
            if self.is_working_day(d):
                left, scanned = left - 1, 0
            elif scanned > _MAX_SCAN_DAYS:
                raise ValueError("no working day within a year: check extra_days_off")
        return d

    def working_days_between(self, a: date, b: date) -> int:
        """Count working days in (a, b]; negative when b is before a."""
        # Half-open on the left so that working_days_between(d, add_working_days(d, n)) == n.
        if b < a:
            return -self.working_days_between(b, a)
        return sum(self.is_working_day(a + timedelta(days=i)) for i in range(1, (b - a).days + 1))

    def receipt_day(self, accepted_at: datetime) -> date:
        """Return the working day a dossier counts as received on (cutoff and days off applied)."""
        local = self.local(accepted_at)
        late = self.cutoff is not None and local.time() > self.cutoff
        if self.is_working_day(local.date()) and not late:
            return local.date()
        return self.next_working_day(local.date())

    def due_at(
        self,
        accepted_at: datetime,
        duration_days: int | None = None,
        duration_hours: float | None = None,
    ) -> datetime:
        """Return the due instant for a statutory duration in working days or working hours."""
        if (duration_days is None) == (duration_hours is None):
            raise ValueError("give exactly one of duration_days, duration_hours")
        receipt = self.receipt_day(accepted_at)
        if duration_days is not None:
            if duration_days < 0:
                raise ValueError("duration_days must be >= 0")
            # Civil Code 2015 art. 147: the day of the event is not counted, the period
            # runs from the next day; so 3 days from a Monday intake ends Thursday at
            # closing. 0 days = "trong ngày": the receipt day itself (Decree 23/2015:
            # certification requested after 15:00 is done the next working day).
            return self.close_of(self.add_working_days(receipt, duration_days))
        local = self.local(accepted_at)
        start = local if receipt == local.date() else self._at(receipt, time.min)
        return self.add_working_hours(start, float(duration_hours or 0))

    def add_working_hours(self, start: datetime, hours: float) -> datetime:
        """Return the instant `hours` working hours after `start` (no intake cutoff)."""
        if hours < 0:
            raise ValueError("hours must be >= 0")
        left = timedelta(hours=hours)
        local = self.local(start)
        d, t = local.date(), local.time()
        for _ in range(_MAX_SCAN_DAYS * 2):
            if self.is_working_day(d):
                for a, b in self.work_periods:
                    if b <= t:
                        continue
                    begin = max(a, t)
                    room = _delta(begin, b)
                    if left <= room:
                        return self._at(d, begin) + left
                    left -= room
            d, t = d + timedelta(days=1), time.min
        raise ValueError("no working hours within two years: check extra_days_off")

    def working_hours_between(self, a: datetime, b: datetime) -> float:
        """Count working hours between two instants; negative when b is before a."""
        if b < a:
            return -self.working_hours_between(b, a)
        la, lb = self.local(a), self.local(b)
        total = timedelta()
        d = la.date()
        while d <= lb.date():
            if self.is_working_day(d):
                for p, q in self.work_periods:
                    lo, hi = max(self._at(d, p), la), min(self._at(d, q), lb)
                    total += max(hi - lo, timedelta())
            d += timedelta(days=1)
        return total.total_seconds() / 3600

    def extend_for_pause(self, due: datetime, paused_working_days: int) -> datetime:
        """Move a due instant later by the working days spent waiting (same time of day)."""
        local = self.local(due)
        return self._at(self.add_working_days(local.date(), paused_working_days), local.time())

    def close_of(self, d: date) -> datetime:
        """Return closing time of local day `d` as an aware UTC instant."""
        return self._at(d, self.close_time)

    def _at(self, d: date, t: time) -> datetime:
        """Return local day `d` at local time `t` as an aware UTC instant."""
        return datetime.combine(d, t, tzinfo=self.tz).astimezone(UTC)


def _delta(a: time, b: time) -> timedelta:
    """Return b - a for two times of the same day."""
    return datetime.combine(date.min, b) - datetime.combine(date.min, a)


def _hours(a: time, b: time) -> float:
    """Return b - a in hours."""
    return _delta(a, b).total_seconds() / 3600
