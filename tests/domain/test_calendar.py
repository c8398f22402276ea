"""Working days and due dates, checked against dates worked out by hand.

Holiday facts below are what `holidays` (0.109) says for VN; each comment gives the
reasoning so a library update that changes a date shows up as a readable failure.
"""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from server.dossiers.rules.calendar import WorkCalendar

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def vn(y, m, d, hh=0, mm=0):
    """Return a local Vietnamese instant."""
    return datetime(y, m, d, hh, mm, tzinfo=VN)


@pytest.fixture
def cal():
    return WorkCalendar()


# --- What the library gives for Vietnam --------------------------------------------

def test_tet_2026_library_days(cal):
    # Tết 2026 = Tue Feb 17. Library: Mon 16 (giao thừa) to Fri 20 (mùng 4). With the
    # weekends around it that is the 9-day break Sat 14 - Sun 22; Mon 23 is back to work.
    assert cal.days_off(2026)[date(2026, 2, 17)] == "Tết Nguyên Đán"
    assert cal.is_working_day(date(2026, 2, 13))
    assert not any(cal.is_working_day(date(2026, 2, d)) for d in range(14, 23))
    assert cal.is_working_day(date(2026, 2, 23))


def test_tet_2027_library_days(cal):
    # Tết 2027 = Sat Feb 6: the Saturday moves back to Thu 4 (29 Tết), the Sunday
    # forward to Wed 10 (mùng 5); so Thu Feb 4 - Wed Feb 10 are off.
    assert cal.is_working_day(date(2027, 2, 3))
    assert not any(cal.is_working_day(date(2027, 2, d)) for d in range(4, 11))
    assert cal.is_working_day(date(2027, 2, 11))


def test_new_and_swapped_days_from_library(cal):
    # Ngày Văn hóa Việt Nam (24/11) is a day off from 2026 only.
    assert not cal.is_working_day(date(2026, 11, 24))
    assert cal.is_working_day(date(2025, 11, 24))
    # 2025: Fri 2/5 off, worked on Sat 26/4. 2026: Mon 31/8 off, worked on Sat 22/8.
    assert not cal.is_working_day(date(2025, 5, 2))
    assert cal.is_working_day(date(2025, 4, 26))
    assert not cal.is_working_day(date(2026, 8, 31))
    assert cal.is_working_day(date(2026, 8, 22))
    # 2026 Giỗ Tổ falls on Sunday 26/4 and is observed on Monday 27/4.
    assert not cal.is_working_day(date(2026, 4, 27))


def test_makeup_swap_across_new_year(cal):
    # The 2018 decision gave Mon 31/12/2018 off against Sat 5/1/2019: the library
    # files it under 2018, the calendar must still find it when asked about 2019.
    assert not cal.is_working_day(date(2018, 12, 31))
    assert cal.is_working_day(date(2019, 1, 5))


# --- Working-day arithmetic ----------------------------------------------------------

def test_add_working_days_over_tet_2026(cal):
    assert cal.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)
    assert cal.next_working_day(date(2026, 2, 16)) == date(2026, 2, 23)
    # Thu 12 + 3: Fri 13 (1), Mon 23 (2), Tue 24 (3).
    assert cal.add_working_days(date(2026, 2, 12), 3) == date(2026, 2, 24)
    assert cal.add_working_days(date(2026, 2, 23), -1) == date(2026, 2, 13)
    assert cal.add_working_days(date(2026, 2, 14), 0) == date(2026, 2, 14)
    assert cal.working_days_between(date(2026, 2, 13), date(2026, 2, 23)) == 1


def test_working_days_in_february_2027(cal):
    # Feb 2027 starts on a Monday: 20 weekdays, minus Tết on Thu 4, Fri 5, Mon 8, Tue 9,
    # Wed 10 (Sat 6 and Sun 7 are weekend anyway) = 15.
    assert cal.working_days_between(date(2027, 1, 31), date(2027, 2, 28)) == 15
    assert cal.add_working_days(date(2027, 2, 3), 1) == date(2027, 2, 11)


def test_thirty_april_and_may_day(cal):
    # 2026: Thu 30/4 and Fri 1/5 off; Wed 29/4 + 2 = Mon 4/5 (1), Tue 5/5 (2).
    assert cal.add_working_days(date(2026, 4, 29), 2) == date(2026, 5, 5)
    # 2025: Wed 30/4, Thu 1/5, Fri 2/5 off; Tue 29/4 + 1 = Mon 5/5.
    assert cal.add_working_days(date(2025, 4, 29), 1) == date(2025, 5, 5)
    # ... and the make-up Saturday 26/4/2025 is the next working day after Fri 25/4.
    assert cal.add_working_days(date(2025, 4, 25), 1) == date(2025, 4, 26)


def test_national_day(cal):
    # 2025: Mon 1/9 and Tue 2/9 off. 2026: Mon 31/8 (swapped), Tue 1/9, Wed 2/9 off.
    assert cal.add_working_days(date(2025, 8, 29), 1) == date(2025, 9, 3)
    assert cal.add_working_days(date(2026, 8, 28), 1) == date(2026, 9, 3)
    assert cal.add_working_days(date(2026, 11, 23), 1) == date(2026, 11, 25)


def test_extra_days_off_and_makeup_workdays():
    # Suppose the government extends Tết 2026 by Mon 23/2 and has Sat 28/2 worked.
    cal = WorkCalendar(extra_days_off={date(2026, 2, 23)}, makeup_workdays={date(2026, 2, 28)})
    assert not cal.is_working_day(date(2026, 2, 23))
    assert cal.is_working_day(date(2026, 2, 28))
    # Fri 13 + 5: Tue 24, Wed 25, Thu 26, Fri 27, Sat 28.
    assert cal.add_working_days(date(2026, 2, 13), 5) == date(2026, 2, 28)
    assert WorkCalendar().add_working_days(date(2026, 2, 13), 5) == date(2026, 2, 27)
    assert cal.days_off(2026)[date(2026, 2, 23)] == "Ngày nghỉ bổ sung"


def test_extra_day_off_overrides_library_makeup_day():
    cal = WorkCalendar(extra_days_off={date(2026, 8, 22)})
    assert not cal.is_working_day(date(2026, 8, 22))


def test_between_is_inverse_of_add(cal):
    for start in (date(2026, 2, 10), date(2027, 2, 1), date(2025, 4, 24), date(2026, 8, 20)):
        for n in (0, 1, 2, 5, 12):
            end = cal.add_working_days(start, n)
            assert cal.working_days_between(start, end) == n
            assert cal.working_days_between(end, start) == -n


def test_bad_inputs(cal):
    with pytest.raises(TypeError):
        cal.is_working_day(datetime(2026, 1, 2, tzinfo=UTC))
    with pytest.raises(ValueError):
        WorkCalendar(extra_days_off={date(2026, 1, 3)}, makeup_workdays={date(2026, 1, 3)})
    with pytest.raises(ValueError):
        cal.due_at(datetime(2026, 10, 8, 9), 3)
    with pytest.raises(ValueError):
        cal.due_at(vn(2026, 10, 8, 9), 3, 4)
    with pytest.raises(ValueError):
        cal.due_at(vn(2026, 10, 8, 9))


# --- Due dates -----------------------------------------------------------------------

def test_cutoff_1459_vs_1501(cal):
    # Thu 8/10/2026. Day counting starts the day after receipt (Civil Code art. 147):
    # 14:59 -> received Thu, 3 days = Fri 9, Mon 12, Tue 13. 15:01 -> received Fri 9.
    assert cal.due_at(vn(2026, 10, 8, 14, 59), 3) == vn(2026, 10, 13, 17)
    assert cal.due_at(vn(2026, 10, 8, 15, 1), 3) == vn(2026, 10, 14, 17)
    assert cal.due_at(vn(2026, 10, 8, 15, 0), 3) == vn(2026, 10, 13, 17)
    # Same-day procedures (0 days): today, or the next working day after 15:00.
    assert cal.due_at(vn(2026, 10, 8, 14, 59), 0) == vn(2026, 10, 8, 17)
    assert cal.due_at(vn(2026, 10, 8, 15, 1), 0) == vn(2026, 10, 9, 17)


def test_due_is_utc_and_accepts_utc_input(cal):
    due = cal.due_at(datetime(2026, 10, 8, 8, 1, tzinfo=UTC), 3)  # 15:01 in Hà Nội
    assert due.tzinfo == UTC
    assert due == datetime(2026, 10, 14, 10, 0, tzinfo=UTC)


def test_no_cutoff_and_custom_close_time():
    cal = WorkCalendar(cutoff=None, close_time=time(16, 30))
    assert cal.due_at(vn(2026, 10, 8, 16, 45), 3) == vn(2026, 10, 13, 16, 30)


def test_intake_on_non_working_days(cal):
    # Sat 10/10/2026 -> received Mon 12 -> Tue 13, Wed 14, Thu 15.
    assert cal.due_at(vn(2026, 10, 10, 9), 3) == vn(2026, 10, 15, 17)
    # Fri 13/2/2026 after 15:00 -> received Mon 23/2 (after Tết) -> 24, 25, 26.
    assert cal.due_at(vn(2026, 2, 13, 15, 30), 3) == vn(2026, 2, 26, 17)
    # Wed 3/2/2027 after 15:00 -> received Thu 11/2 -> Fri 12, Mon 15.
    assert cal.due_at(vn(2027, 2, 3, 16), 2) == vn(2027, 2, 15, 17)


def test_hours_across_lunch_and_overnight(cal):
    # 09:00 + 4h: 2.5h to 11:30, 1.5h from 13:30 -> 15:00.
    assert cal.due_at(vn(2026, 10, 8, 9), duration_hours=4) == vn(2026, 10, 8, 15)
    # 14:00 + 4h: 3h to 17:00, 1h from 07:30 next day -> Fri 08:30.
    assert cal.due_at(vn(2026, 10, 8, 14), duration_hours=4) == vn(2026, 10, 9, 8, 30)
    # Friday 14:00 + 4h runs over the weekend -> Mon 08:30.
    assert cal.due_at(vn(2026, 10, 9, 14), duration_hours=4) == vn(2026, 10, 12, 8, 30)
    # 15:01 -> counted from Fri 07:30; 4h ends exactly at the lunch break.
    assert cal.due_at(vn(2026, 10, 8, 15, 1), duration_hours=4) == vn(2026, 10, 9, 11, 30)
    # During lunch or before opening the count starts at the next period.
    assert cal.due_at(vn(2026, 10, 8, 12), duration_hours=2) == vn(2026, 10, 8, 15, 30)
    assert cal.due_at(vn(2026, 10, 8, 6), duration_hours=1) == vn(2026, 10, 8, 8, 30)
    # A day has 7.5 working hours: 8h from Thu 07:30 ends Fri 08:00.
    assert cal.hours_per_day == 7.5
    assert cal.due_at(vn(2026, 10, 8, 7, 30), duration_hours=8) == vn(2026, 10, 9, 8)


def test_working_hours_between(cal):
    assert cal.working_hours_between(vn(2026, 10, 8, 9), vn(2026, 10, 9, 9)) == 7.5
    # Fri 16:00 -> Mon 10:30: 1h on Friday + 3h on Monday.
    assert cal.working_hours_between(vn(2026, 10, 9, 16), vn(2026, 10, 12, 10, 30)) == 4
    assert cal.working_hours_between(vn(2026, 10, 12, 10, 30), vn(2026, 10, 9, 16)) == -4


def test_extend_for_pause(cal):
    assert cal.extend_for_pause(vn(2026, 10, 13, 17), 3) == vn(2026, 10, 16, 17)
    assert cal.extend_for_pause(vn(2026, 2, 13, 17), 1) == vn(2026, 2, 23, 17)
    assert cal.extend_for_pause(vn(2026, 10, 9, 11, 30), 1) == vn(2026, 10, 12, 11, 30)
    assert cal.extend_for_pause(vn(2026, 10, 9, 11, 30), 0) == vn(2026, 10, 9, 11, 30)
