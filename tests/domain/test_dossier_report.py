"""Report formulas (Biểu II.06a) on hand-made sets, and the reference figures (domain.md §10.3)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from server.dossiers.rules.calendar import WorkCalendar
from server.dossiers.rules.dossier import DossierStatus as S
from server.dossiers.rules.dossier import assess
from server.reports.rules.dossier_report import Counts, ReportRow, build_report, classify

VN = ZoneInfo("Asia/Ho_Chi_Minh")
START = datetime(2026, 10, 1, tzinfo=VN)
END = datetime(2026, 11, 1, tzinfo=VN)


def vn(m, d, hh=9):
    """Return a local instant in 2026."""
    return datetime(2026, m, d, hh, tzinfo=VN)


def row(outcome, received, closed=None, level="commune", channel="in_person",
        field="Hộ tịch", code="1.001193", accepted=True):
    """Build one report row."""
    return ReportRow(level, field, code, channel, received, accepted, outcome, closed)


def identity_holds(c: Counts) -> bool:
    """Every received dossier ends in exactly one column."""
    return c.received_total == c.processed_total + c.pending_total + c.returned + c.withdrawn


def test_small_set_by_hand():
    rows = [
        row("on_time", vn(9, 28), vn(10, 2)),                      # carried over, processed
        row("pending_overdue", vn(9, 20)),                         # carried over, pending
        row("on_time", vn(9, 10), vn(9, 20)),                      # done last period: out
        row("late", vn(10, 5), vn(10, 20), code="1.000894"),       # new, late
        row("pending_in_time", vn(10, 30), channel="online"),      # new online, pending
        row("withdrawn", vn(10, 6), vn(10, 7), channel="online"),  # new online, withdrawn
        row("returned", vn(10, 7), vn(10, 9), channel="postal"),   # status 8
        row("not_received", None, vn(10, 3), accepted=False),      # status 3: never received
        row("pending_in_time", END),                               # received next period
        row("early", vn(10, 2), vn(10, 5), level="provincial", field="Đất đai",
            code="1.012756", channel="online"),
    ]
    report = build_report(rows, START, END)
    c = report.by_level["commune"]
    assert c.received_carried_over == 2
    assert (c.received_new_in_person, c.received_new_online, c.received_new_postal) == (1, 2, 1)
    assert c.received_new == 4 and c.received_total == 6
    assert (c.processed_early, c.processed_on_time, c.processed_late) == (0, 1, 1)
    assert (c.pending_in_time, c.pending_overdue) == (1, 1)
    assert (c.returned, c.withdrawn) == (1, 1)
    assert identity_holds(c)
    assert c.on_time_rate == 0.5  # 1 on time of 2 processed
    assert c.online_share == 0.5  # 2 online of 4 new
    p = report.by_level["provincial"]
    assert (p.received_total, p.processed_early, p.on_time_rate, p.online_share) == (1, 1, 1, 1)
    assert report.total.received_total == 7
    assert report.by_field[("commune", "Hộ tịch")].received_total == 6
    assert report.by_procedure[("commune", "1.000894")].processed_late == 1
    assert report.by_procedure[("commune", "1.001193")].received_total == 5


def test_rates_are_none_without_data():
    report = build_report([row("pending_in_time", vn(9, 1))], START, END)
    c = report.by_level["commune"]
    assert c.received_carried_over == 1 and c.processed_total == 0
    assert c.on_time_rate is None and c.online_share is None
    assert report.by_level["provincial"].as_dict()["on_time_rate"] is None


def test_status_3_is_never_received():
    assert classify(row("not_received", vn(10, 3), vn(10, 3)), START, END) is None
    assert classify(row("awaiting_intake", None, accepted=False), START, END) is None


def test_boundary_closing_instant_belongs_to_the_period_ending_there():
    # Received in September, result ready exactly at midnight 1/10.
    r = row("on_time", vn(9, 28), START)
    september = build_report([r], datetime(2026, 9, 1, tzinfo=VN), START)
    october = build_report([r], START, END)
    assert september.by_level["commune"].processed_on_time == 1
    assert october.by_level["commune"].received_total == 0


def test_row_assessed_after_period_end_is_refused():
    with pytest.raises(ValueError):
        build_report([row("on_time", vn(10, 5), vn(11, 3))], START, END)
    with pytest.raises(ValueError):
        build_report([], END, START)
    with pytest.raises(ValueError):
        build_report([row("on_time", vn(10, 5), vn(10, 6), channel="fax")], START, END)


def test_crossing_the_period_boundary_with_assess():
    # Accepted Wed 28/10 (3 days -> due Mon 2/11), ready Tue 3/11: pending in time in
    # the October report, carried over and late in November.
    cal = WorkCalendar()
    log = [(S.ACCEPTED, vn(10, 28)), (S.PROCESSING, vn(10, 28, 10)), (S.RESULT_READY, vn(11, 3))]
    due = cal.due_at(vn(10, 28), 3)
    assert due == datetime(2026, 11, 2, 17, tzinfo=VN)

    def row_as_of(end):
        a = assess(log, due, end, cal)
        return row(a.outcome, a.accepted_at, a.finished_at)

    october = build_report([row_as_of(END)], START, END).by_level["commune"]
    assert (october.received_new, october.pending_in_time) == (1, 1)
    nov_end = datetime(2026, 12, 1, tzinfo=VN)
    november = build_report([row_as_of(nov_end)], END, nov_end).by_level["commune"]
    assert (november.received_carried_over, november.processed_late) == (1, 1)
    assert november.on_time_rate == 0.0


def test_seed_figures():
    # docs/domain.md, "Reference figures":
    # commune 354 received (152 in person, 202 online), 267 processed on time,
    # 64 pending in time, 23 returned; provincial 285 received (242 in person, 37 online,
    # hence 6 postal), 98 processed on time, 175 pending in time, 12 returned.
    commune_channels = ["in_person"] * 152 + ["online"] * 202
    provincial_channels = ["in_person"] * 242 + ["online"] * 37 + ["postal"] * 6
    rows = []
    for level, channels, parts in (
        ("commune", commune_channels, [("on_time", 267), ("pending_in_time", 64),
                                       ("returned", 23)]),
        ("provincial", provincial_channels, [("on_time", 98), ("pending_in_time", 175),
                                             ("returned", 12)]),
    ):
        i = 0
        for outcome, n in parts:
            rows += [
                row(outcome, vn(10, 1 + k % 28), vn(10, 29) if outcome != "pending_in_time"
                    else None, level=level, channel=channels[i + k])
                for k in range(n)
            ]
            i += n
    report = build_report(rows, START, END)
    c, p = report.by_level["commune"], report.by_level["provincial"]
    assert (c.received_total, c.received_new_in_person, c.received_new_online) == (354, 152, 202)
    assert (c.processed_on_time, c.processed_late, c.pending_in_time, c.returned) == (
        267, 0, 64, 23)
    assert c.on_time_rate == 1.0 and round(c.online_share * 100) == 57
    assert (p.received_total, p.received_new_in_person, p.received_new_online,
            p.received_new_postal) == (285, 242, 37, 6)
    assert (p.processed_on_time, p.pending_in_time, p.returned) == (98, 175, 12)
    assert p.on_time_rate == 1.0
    assert identity_holds(c) and identity_holds(p)
