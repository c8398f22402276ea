"""Dossier statuses, transitions, clock rules, stage deadlines and codes."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from server.dossiers.rules.calendar import WorkCalendar
from server.dossiers.rules.dossier import (
    LOOKUP_ALPHABET,
    TERMINAL,
    DossierError,
    DossierStatus,
    Stage,
    Transition,
    allowed_next,
    assess,
    check_transition,
    format_dossier_code,
    mask_id_number,
    new_lookup_secret,
    parse_dossier_code,
    stage_alert,
    stage_deadlines,
    stage_due,
)
from server.kernel.errors import DomainError

VN = ZoneInfo("Asia/Ho_Chi_Minh")
S = DossierStatus
CAL = WorkCalendar()
# Oct 2026 has no public holiday: only weekends matter. Thu 8/10 09:00 + 3 working days
# (counted from Fri 9) = Tue 13/10 17:00.
ACCEPTED = datetime(2026, 10, 8, 9, tzinfo=VN)
DUE = datetime(2026, 10, 13, 17, tzinfo=VN)


def vn(m, d, hh=0, mm=0):
    """Return a local instant in 2026."""
    return datetime(2026, m, d, hh, mm, tzinfo=VN)


def log(*rows):
    """Build a log that starts with acceptance at ACCEPTED."""
    return [(S.ACCEPTED, ACCEPTED), *rows]


# --- Statuses and transitions --------------------------------------------------------

def test_labels():
    assert [int(s) for s in S] == list(range(1, 11))
    assert S.NEW.label_vi == "Mới đăng ký"
    assert S.FINANCIAL_OBLIGATION.label_vi == "Chờ thực hiện nghĩa vụ tài chính"
    assert S.RETURNED.label_vi == "Đã trả kết quả"
    assert S.WITHDRAWN.label_en == "Withdrawn by citizen"
    assert all(s.label_vi and s.label_en for s in S)


EXPECTED = {
    1: {2, 3, 7},
    2: {4, 5, 7, 8},
    3: set(),
    4: {5, 6, 7, 8, 9},
    5: {4, 7, 8},
    6: {4, 7, 8, 9},
    7: set(),
    8: set(),
    9: {10},
    10: set(),
}


@pytest.mark.parametrize("src", range(1, 11))
@pytest.mark.parametrize("dst", range(1, 11))
def test_transition_table(src, dst):
    if dst in EXPECTED[src]:
        assert check_transition(src, dst) == dst
    else:
        with pytest.raises(DossierError) as err:
            check_transition(src, dst)
        assert err.value.code == "dossier.bad_transition"
        assert err.value.http_status == 409


def test_terminal_and_initial():
    assert TERMINAL == {S.NOT_ACCEPTED, S.WITHDRAWN, S.STOPPED, S.RETURNED}
    assert allowed_next(9) == {S.RETURNED}
    assert check_transition(None, 1) == S.NEW
    assert check_transition(None, 2) == S.ACCEPTED
    with pytest.raises(DossierError):
        check_transition(None, 4)


def test_error_is_a_domain_error_with_both_languages():
    with pytest.raises(DomainError) as err:
        check_transition(S.RETURNED, S.PROCESSING)
    body = err.value.to_dict()
    assert body["code"] == "dossier.bad_transition"
    assert "Đã trả kết quả" in body["message_vi"] and "Processing" in body["message_en"]
    assert body["message"] == f"{body['message_vi']} / {body['message_en']}"


# --- Clock rules ---------------------------------------------------------------------

def test_processed_on_time_early_late():
    def outcome(ready_at):
        a = assess(log((S.PROCESSING, vn(10, 8, 10)), (S.RESULT_READY, ready_at)),
                   DUE, vn(10, 30), CAL)
        return a.outcome, a.finished_at

    # Ready on the due day itself: on time. The day before: at least one working day
    # ahead, so early. After 17:00 on the due day: late.
    assert outcome(vn(10, 13, 16)) == ("on_time", vn(10, 13, 16))
    assert outcome(vn(10, 12, 10))[0] == "early"
    assert outcome(vn(10, 13, 17, 1))[0] == "late"
    # Ready on Saturday 10/10 before a Tuesday due: Mon 12 and Tue 13 still ahead.
    assert outcome(vn(10, 10, 9))[0] == "early"


def test_pending_in_time_then_overdue():
    rows = log((S.PROCESSING, vn(10, 8, 10)))
    assert assess(rows, DUE, vn(10, 13, 16, 59), CAL).outcome == "pending_in_time"
    assert assess(rows, DUE, vn(10, 13, 17, 1), CAL).outcome == "pending_overdue"


def test_supplement_pause_moves_due():
    # Supplement asked Fri 9/10, completed Wed 14/10: Mon 12, Tue 13, Wed 14 = 3 working
    # days waited, so the due moves from Tue 13 to Fri 16/10 17:00.
    rows = log(
        (S.PROCESSING, vn(10, 8, 10)),
        (S.SUPPLEMENT, vn(10, 9, 10)),
        (S.PROCESSING, vn(10, 14, 9)),
        (S.RESULT_READY, vn(10, 16, 15)),
    )
    a = assess(rows, DUE, vn(10, 30), CAL)
    assert (a.supplement_count, a.paused_working_days) == (1, 3)
    assert a.effective_due == vn(10, 16, 17)
    assert not a.overdue_by_rule
    assert a.outcome == "on_time"  # would be late without the pause


def test_waiting_for_supplement_is_never_overdue():
    # Still waiting on Tue 20/10: Mon 12 .. Tue 20 = 7 working days paused so far.
    rows = log((S.PROCESSING, vn(10, 8, 10)), (S.SUPPLEMENT, vn(10, 9, 10)))
    a = assess(rows, DUE, vn(10, 20, 10), CAL)
    assert a.paused_working_days == 7
    assert a.effective_due == vn(10, 22, 17)
    assert a.outcome == "pending_in_time"


def test_second_supplement_makes_it_overdue():
    rows = log(
        (S.PROCESSING, vn(10, 8, 10)),
        (S.SUPPLEMENT, vn(10, 9, 10)),
        (S.PROCESSING, vn(10, 12, 9)),
        (S.SUPPLEMENT, vn(10, 12, 14)),
        (S.PROCESSING, vn(10, 12, 16)),
    )
    pending = assess(rows, DUE, vn(10, 12, 16, 10), CAL)
    assert pending.supplement_count == 2 and pending.overdue_by_rule
    assert pending.outcome == "pending_overdue"
    # Only the first wait (Mon 12 = 1 day) extends the due: Tue 13 -> Wed 14.
    assert pending.effective_due == vn(10, 14, 17)
    done = assess(rows + [(S.RESULT_READY, vn(10, 12, 16, 30))], DUE, vn(10, 30), CAL)
    assert done.outcome == "late"  # ready two days early, still overdue by rule


def test_financial_obligation_pause_is_optional():
    rows = log(
        (S.PROCESSING, vn(10, 8, 10)),
        (S.FINANCIAL_OBLIGATION, vn(10, 9, 10)),
        (S.RESULT_READY, vn(10, 14, 9)),
    )
    assert assess(rows, DUE, vn(10, 30), CAL).outcome == "late"
    paused = assess(rows, DUE, vn(10, 30), CAL, pause_on_financial_obligation=True)
    assert paused.paused_working_days == 3 and paused.outcome == "early"


def test_closing_outcomes():
    assert assess([(S.NOT_ACCEPTED, ACCEPTED)], None, vn(10, 30), CAL).outcome == "not_received"
    assert assess([(S.NEW, ACCEPTED)], None, vn(10, 30), CAL).outcome == "awaiting_intake"
    withdrawn = assess(log((S.WITHDRAWN, vn(10, 9))), DUE, vn(10, 30), CAL)
    assert (withdrawn.outcome, withdrawn.finished_at) == ("withdrawn", vn(10, 9))
    stopped = log((S.PROCESSING, vn(10, 8, 10)), (S.STOPPED, vn(10, 20)))
    assert assess(stopped, DUE, vn(10, 30), CAL).outcome == "returned"


def test_result_ready_time_counts_not_return_time():
    rows = log((S.PROCESSING, vn(10, 8, 10)), (S.RESULT_READY, vn(10, 13, 9)),
               (S.RETURNED, vn(10, 27, 9)))
    a = assess(rows, DUE, vn(10, 30), CAL)
    assert (a.status, a.finished_at, a.outcome) == (S.RETURNED, vn(10, 13, 9), "on_time")


def test_assess_as_of_a_past_instant_ignores_later_rows():
    rows = log((S.PROCESSING, vn(10, 8, 10)), (S.RESULT_READY, vn(10, 14, 9)))
    assert assess(rows, DUE, vn(10, 12), CAL).outcome == "pending_in_time"
    assert assess(rows, DUE, vn(10, 13, 18), CAL).outcome == "pending_overdue"
    assert assess(rows, DUE, vn(10, 14, 9), CAL).outcome == "late"


def test_assess_takes_named_tuples_in_any_order():
    rows = [Transition(9, vn(10, 12, 10)), Transition(2, ACCEPTED), Transition(4, vn(10, 9))]
    a = assess(rows, DUE, vn(10, 30), CAL)
    assert (a.accepted_at, a.outcome) == (ACCEPTED, "early")


def test_accepted_without_due_is_an_error():
    with pytest.raises(ValueError):
        assess(log(), None, vn(10, 30), CAL)


# --- Stages --------------------------------------------------------------------------

STAGES = [
    Stage("Tiếp nhận", budget_hours=4),
    Stage("Thẩm định", budget_days=1),
    Stage("Kiểm tra", budget_hours=3, role="supervisor"),
    Stage("Ký duyệt", budget_hours=4, role="leader"),
    Stage("Trả kết quả", budget_hours=3),
]


def test_stage_deadlines_chain():
    # Thu 09:00 + 4h = 15:00; + 1 day = end of Fri; + 3h = Mon 10:30;
    # + 4h = 11:30 then 13:30..16:30; + 3h = 30 min Mon, 2.5h Tue -> Tue 10:00.
    assert stage_deadlines(ACCEPTED, STAGES, CAL) == [
        vn(10, 8, 15), vn(10, 9, 17), vn(10, 12, 10, 30), vn(10, 12, 16, 30), vn(10, 13, 10),
    ]
    assert stage_deadlines(ACCEPTED, STAGES, CAL)[-1] <= CAL.due_at(ACCEPTED, 3)


def test_stage_deadlines_capped_by_statutory_due():
    cap = vn(10, 12, 12)
    got = stage_deadlines(ACCEPTED, STAGES, CAL, due=cap)
    # Stages ending before the cap keep their budget; the rest end at the cap.
    assert got == [vn(10, 8, 15), vn(10, 9, 17), vn(10, 12, 10, 30), cap, cap]


def test_stage_due_needs_one_budget():
    assert stage_due(vn(10, 9, 16), Stage("x", budget_days=2), CAL) == vn(10, 13, 17)
    with pytest.raises(ValueError):
        stage_due(ACCEPTED, Stage("x"), CAL)
    assert Stage.from_dict({"name": "Ký", "budget_hours": 2, "role": "leader"}) == Stage(
        "Ký", None, 2, "leader")


def test_stage_alert():
    due = vn(10, 13, 10)
    assert stage_alert(due, vn(10, 12, 9), 2) == "ok"
    assert stage_alert(due, vn(10, 13, 9), 2) == "nearly_due"
    assert stage_alert(due, vn(10, 13, 10), 2) == "nearly_due"
    assert stage_alert(due, vn(10, 13, 10, 1), 2) == "overdue"
    # Fri 16:00 -> Mon 10:30 is 66.5 wall-clock hours but only 4 working hours.
    monday = vn(10, 12, 10, 30)
    assert stage_alert(monday, vn(10, 9, 16), 4) == "ok"
    assert stage_alert(monday, vn(10, 9, 16), 4, CAL) == "nearly_due"


# --- Codes, secrets, masking ---------------------------------------------------------

def test_dossier_code_round_trip():
    code = format_dossier_code("H15.50.05.13", date(2026, 10, 8), 975)
    assert code == "H15.50.05.13-261008-0975"
    assert parse_dossier_code(code) == ("H15.50.05.13", date(2026, 10, 8), 975)
    assert format_dossier_code("H15", date(2026, 1, 2), 12345) == "H15-260102-12345"
    assert parse_dossier_code("H15-261399-0001") is None  # month 13
    assert parse_dossier_code("nonsense") is None
    with pytest.raises(ValueError):
        format_dossier_code("H15", date(2026, 1, 2), 0)
    with pytest.raises(ValueError):
        format_dossier_code("H-15", date(2026, 1, 2), 1)


def test_lookup_secret():
    secrets_ = {new_lookup_secret() for _ in range(50)}
    assert len(secrets_) == 50
    assert all(len(s) == 6 and set(s) <= set(LOOKUP_ALPHABET) for s in secrets_)
    assert not set("0O1IL") & set(LOOKUP_ALPHABET)


def test_mask_id_number():
    assert mask_id_number("001203004567") == "********4567"
    assert mask_id_number(" 001203004567 ") == "********4567"
    assert mask_id_number("123") == "***"
    assert mask_id_number(None) == ""
