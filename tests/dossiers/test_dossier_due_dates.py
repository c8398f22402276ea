"""Due dates through the service layer, against dates worked out by hand.

Procedures of the demo catalogue used here: 1.004873 (marital status certificate, 3
working days), 1.001193 (birth registration, same day), 2.000635 (copy of a civil status
extract, 4 working hours). Working hours are 07:30-11:30 and 13:30-17:00; a day-based due
falls at 17:00. Holiday facts are those of tests/domain/test_calendar.py (holidays 0.109).
"""

from __future__ import annotations

from datetime import date

import pytest
from dossier_support import center, move, record, staff, vn

from server.dossiers.usecases import calendar_days, lifecycle, search
from server.dossiers.usecases.common import get_dossier
from server.dossiers.usecases.views import facts
from server.kernel.errors import DomainError

THREE_DAYS, SAME_DAY, FOUR_HOURS = "1.004873", "1.001193", "2.000635"


def due(view: dict) -> str:
    return view["due_at"]


def at(clock, *when):
    clock.now = vn(*when)


@pytest.mark.parametrize("intake_at,procedure,expected", [
    # Tết 2026: Mon 16 - Fri 20 Feb off, with the weekends Sat 14 - Sun 22.
    # Thu 12/2 + 3: Fri 13 (1), Mon 23 (2), Tue 24 (3).
    ((2026, 2, 12, 10, 0), THREE_DAYS, (2026, 2, 24, 17, 0)),
    # Fri 13/2 at 15:30 is after the 15:00 cutoff: counted from Mon 23/2, so Thu 26/2.
    ((2026, 2, 13, 15, 30), THREE_DAYS, (2026, 2, 26, 17, 0)),
    # Same-day procedure after the cutoff: the next working day, Mon 23/2, at closing.
    ((2026, 2, 13, 15, 30), SAME_DAY, (2026, 2, 23, 17, 0)),
    # ... and before the cutoff: the same day.
    ((2026, 2, 13, 14, 59), SAME_DAY, (2026, 2, 13, 17, 0)),
    # Filed on a Tết day (online, say): counted from Mon 23/2; +3 = Thu 26/2.
    ((2026, 2, 18, 9, 0), THREE_DAYS, (2026, 2, 26, 17, 0)),
    # Ngày Văn hóa Việt Nam, Tue 24/11/2026: Mon 23 + 3 = Wed 25, Thu 26, Fri 27.
    ((2026, 11, 23, 10, 0), THREE_DAYS, (2026, 11, 27, 17, 0)),
    # Giỗ Tổ observed Mon 27/4, then 30/4 and 1/5: Fri 24/4 + 3 = Tue 28, Wed 29, Mon 4/5.
    ((2026, 4, 24, 10, 0), THREE_DAYS, (2026, 5, 4, 17, 0)),
    # Library make-up Saturday 22/8/2026 (for Mon 31/8): Fri 21 + 3 = Sat 22, Mon 24, Tue 25.
    ((2026, 8, 21, 10, 0), THREE_DAYS, (2026, 8, 25, 17, 0)),
    # Working hours: Mon 30/11 10:00 + 4 h = 10:00-11:30 (1.5 h) + 13:30-16:00 (2.5 h).
    ((2026, 11, 30, 10, 0), FOUR_HOURS, (2026, 11, 30, 16, 0)),
    # After the cutoff the 4 hours start at Tue 1/12 07:30: 07:30-11:30.
    ((2026, 11, 30, 15, 30), FOUR_HOURS, (2026, 12, 1, 11, 30)),
])
def test_due_dates_by_hand(runtime, catalogue_loaded, clock, intake_at, procedure, expected):
    at(clock, *intake_at)
    view = record(runtime, procedure)
    assert due(view) == vn(*expected).isoformat()
    assert view["due_date"] == date(*expected[:3]).isoformat()


def test_admin_extra_day_off_and_makeup_day(runtime, catalogue_loaded, clock):
    with runtime.uow() as ctx:
        admin = staff(ctx, "admin")
        # The government extends Tết 2026 by Fri 13/2 (made up on Sat 28/2).
        calendar_days.set_day(ctx, admin, "2026-02-13", "off", "Nghỉ Tết bổ sung")
        calendar_days.set_day(ctx, admin, "2026-02-28", "work", "Làm bù")
    # Thu 12/2 + 3: Mon 23 (1), Tue 24 (2), Wed 25 (3).
    at(clock, 2026, 2, 12, 10, 0)
    assert due(record(runtime)) == vn(2026, 2, 25, 17, 0).isoformat()
    # Thu 26/2 + 3: Fri 27 (1), Sat 28 made up (2), Mon 2/3 (3).
    at(clock, 2026, 2, 26, 10, 0)
    assert due(record(runtime)) == vn(2026, 3, 2, 17, 0).isoformat()
    # Removing the exceptions restores the library calendar for new dossiers only.
    with runtime.uow() as ctx:
        calendar_days.set_day(ctx, admin, "2026-02-13", "none")
        calendar_days.set_day(ctx, admin, "2026-02-28", "none")
        assert calendar_days.list_days(ctx)["days"] == []
    at(clock, 2026, 2, 12, 10, 0)
    assert due(record(runtime)) == vn(2026, 2, 24, 17, 0).isoformat()


def test_cutoff_is_configurable(runtime, catalogue_loaded, clock):
    runtime.settings.extra["dossier_cutoff"] = "16:30"
    at(clock, 2026, 11, 30, 16, 0)  # Mon, before 16:30: counts today
    assert due(record(runtime, SAME_DAY)) == vn(2026, 11, 30, 17, 0).isoformat()
    runtime.settings.extra["dossier_cutoff"] = "none"
    at(clock, 2026, 11, 30, 16, 59)
    assert due(record(runtime, SAME_DAY)) == vn(2026, 11, 30, 17, 0).isoformat()


def _outcome(runtime, code: str) -> dict:
    with runtime.uow(write=False) as ctx:
        return search.view(ctx, staff(ctx, "supervisor"), code)


def test_supplement_pauses_the_clock(runtime, catalogue_loaded, clock):
    # Accepted Thu 8/10/2026 09:00, 3 days: due Tue 13/10 17:00.
    at(clock, 2026, 10, 8, 9, 0)
    code = record(runtime)["code"]
    at(clock, 2026, 10, 8, 10, 0)
    move(runtime, code, 4)
    # Supplement asked Fri 9/10, completed Wed 14/10: Mon 12, Tue 13, Wed 14 = 3 working
    # days paused, so the due moves to Fri 16/10 17:00.
    at(clock, 2026, 10, 9, 10, 0)
    waiting = move(runtime, code, 5, note="Thiếu giấy chứng sinh")
    assert waiting["status_code"] == 5 and waiting["supplement_count"] == 1
    at(clock, 2026, 10, 14, 9, 0)
    back = move(runtime, code, 4)
    assert back["paused_working_days"] == 3
    assert due(back) == vn(2026, 10, 16, 17, 0).isoformat()
    assert back["statutory_due_at"] == vn(2026, 10, 13, 17, 0).isoformat()
    # Ready Fri 16/10 15:00: on time thanks to the pause (late without it).
    at(clock, 2026, 10, 16, 15, 0)
    ready = move(runtime, code, 9)
    assert ready["outcome"] == "on_time" and not ready["overdue"]
    at(clock, 2026, 10, 19, 9, 0)
    done = move(runtime, code, 10, result_method="in_person")
    assert done["result_method"] == "in_person" and done["outcome"] == "on_time"


def test_waiting_for_supplement_keeps_moving_the_due(runtime, catalogue_loaded, clock):
    at(clock, 2026, 10, 8, 9, 0)
    code = record(runtime)["code"]
    move(runtime, code, 4)
    at(clock, 2026, 10, 9, 10, 0)
    move(runtime, code, 5, note="Thiếu giấy tờ")
    # Still waiting on Tue 20/10: Mon 12 .. Tue 20 = 7 working days so far -> Thu 22/10.
    at(clock, 2026, 10, 20, 10, 0)
    view = _outcome(runtime, code)
    assert view["paused_working_days"] == 7
    assert due(view) == vn(2026, 10, 22, 17, 0).isoformat()
    assert view["outcome"] == "pending_in_time"


def test_second_supplement_makes_it_overdue(runtime, catalogue_loaded, clock):
    at(clock, 2026, 10, 8, 9, 0)
    code = record(runtime)["code"]
    move(runtime, code, 4)
    at(clock, 2026, 10, 9, 10, 0)
    move(runtime, code, 5, note="Thiếu bản sao")
    at(clock, 2026, 10, 12, 9, 0)
    move(runtime, code, 4)
    at(clock, 2026, 10, 12, 14, 0)
    second = move(runtime, code, 5, note="Thiếu chữ ký")
    assert second["supplement_count"] == 2
    assert second["outcome"] == "pending_overdue" and second["overdue"]
    # Only the first wait (Mon 12 = 1 working day) moved the due: Tue 13 -> Wed 14.
    assert due(second) == vn(2026, 10, 14, 17, 0).isoformat()
    at(clock, 2026, 10, 12, 16, 0)
    move(runtime, code, 4)
    at(clock, 2026, 10, 12, 16, 30)
    ready = move(runtime, code, 9)
    assert ready["outcome"] == "late"  # two days early, still overdue by rule


def test_late_dossier_apology_sets_the_new_date(runtime, catalogue_loaded, clock):
    at(clock, 2026, 10, 8, 9, 0)
    code = record(runtime)["code"]
    move(runtime, code, 4)
    with runtime.uow() as ctx:
        # Not late yet: a letter needs "anticipated".
        with pytest.raises(DomainError) as err:
            lifecycle.record_apology(ctx, code, staff(ctx), {
                "text": "Xin lỗi", "new_due_date": "2026-10-20"})
        assert err.value.code == "dossier.not_late"
    at(clock, 2026, 10, 14, 9, 0)  # the due was Tue 13/10 17:00
    assert _outcome(runtime, code)["outcome"] == "pending_overdue"
    with runtime.uow() as ctx:
        view = lifecycle.record_apology(ctx, code, staff(ctx), {
            "text": "UBND phường xin lỗi ông/bà vì hồ sơ trễ hạn do cần xác minh thêm.",
            "ref": "12/TXL-UBND", "new_due_date": "2026-10-20"})
    assert view["apology"] and due(view) == vn(2026, 10, 20, 17, 0).isoformat()
    assert view["statutory_due_at"] == vn(2026, 10, 13, 17, 0).isoformat()
    assert view["apologies"][0]["ref"] == "12/TXL-UBND"
    # It still counts as late in the report once processed.
    at(clock, 2026, 10, 19, 9, 0)
    assert move(runtime, code, 9)["outcome"] == "late"
    with runtime.uow(write=False) as ctx:
        d = get_dossier(ctx, code)
        assert facts(ctx, d).assessment.outcome == "late"
        assert center(ctx).code == "SAPA"


def test_dossier_keeps_its_procedure_version(runtime, catalogue_loaded, clock):
    from server.dossiers.usecases import catalogue

    at(clock, 2026, 11, 30, 9, 0)
    old = record(runtime)
    with runtime.uow() as ctx:
        doc = catalogue.load_file(catalogue.DATA / "procedures.json")
        proc = next(p for p in doc["procedures"] if p["code"] == THREE_DAYS)
        proc["duration_days"] = 5
        assert catalogue.import_document(ctx, doc) == {
            "created": 0, "new_version": 1, "unchanged": len(doc["procedures"]) - 1}
    new = record(runtime)
    assert old["procedure"]["version"] == 1 and new["procedure"]["version"] == 2
    # Mon 30/11 + 3 = Thu 3/12; + 5 = Mon 7/12.
    assert due(new) == vn(2026, 12, 7, 17, 0).isoformat()
    assert due(_outcome(runtime, old["code"])) == vn(2026, 12, 3, 17, 0).isoformat()
