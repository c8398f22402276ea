"""Pure queue rules: policy, times from the log, opening hours, estimates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from server.kernel.errors import DomainError
from server.queue.rules.estimate import average_service_s, estimated_wait_s
from server.queue.rules.policy import Candidate, choose_next
from server.queue.rules.schedule import is_open, local_day, office_hours
from server.queue.rules.states import Action, format_number, next_status
from server.queue.rules.times import LogEntry, derive_times

T0 = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_policy_limits_priority_streak_and_keeps_fifo():
    normal = [Candidate(1, 0, at(0), False), Candidate(2, 0, at(1), False)]
    prio = [Candidate(3, 0, at(5), True), Candidate(4, 0, at(2), True)]
    pick, streak = choose_next(normal + prio, 0, 3)
    assert (pick.ticket_id, streak) == (4, 1)  # earliest priority
    pick, streak = choose_next(normal + prio, 3, 3)
    assert (pick.ticket_id, streak) == (1, 0)  # streak reached: a normal ticket
    pick, streak = choose_next(prio, 3, 3)
    assert pick.ticket_id == 4  # nobody normal waits: priority anyway


def test_policy_prefers_directed_then_service_rank():
    pool = [Candidate(1, 1, at(0), False), Candidate(2, 0, at(3), False)]
    assert choose_next(pool, 0, 3)[0].ticket_id == 2
    pool.append(Candidate(9, 5, at(9), False, directed=True))
    assert choose_next(pool, 0, 3)[0].ticket_id == 9
    assert choose_next([], 2, 3) == (None, 2)


def test_transitions_refuse_impossible_moves():
    assert next_status("waiting", Action.CALL) == "called"
    with pytest.raises(DomainError) as err:
        next_status("done", Action.RECALL)
    assert err.value.code == "ticket.bad_state"


def test_times_from_log_with_recall_and_transfer():
    log = [LogEntry("issue", "waiting", at(0)), LogEntry("call", "called", at(10)),
           LogEntry("recall", "called", at(11)), LogEntry("start", "serving", at(12)),
           LogEntry("transfer", "waiting", at(15)), LogEntry("call", "called", at(30)),
           LogEntry("start", "serving", at(31)), LogEntry("complete", "done", at(36))]
    times = derive_times(at(0), log)
    assert times.wait_s == 600 and times.walk_s == 60 and times.service_s == 8 * 60


def test_no_show_has_no_service_time():
    log = [LogEntry("call", "called", at(3)), LogEntry("no_show", "no_show", at(6))]
    assert derive_times(at(0), log).service_s is None


def test_local_day_and_opening_hours_in_vietnam():
    assert str(local_day(datetime(2026, 12, 1, 17, 0, tzinfo=UTC), "Asia/Ho_Chi_Minh")) == \
        "2026-12-02"
    hours = office_hours(saturday=True)
    assert is_open(hours, datetime(2026, 12, 1, 0, 30, tzinfo=UTC), "Asia/Ho_Chi_Minh")  # 07:30
    assert not is_open(hours, datetime(2026, 12, 1, 0, 29, tzinfo=UTC), "Asia/Ho_Chi_Minh")
    saturday_2pm = datetime(2026, 12, 5, 7, 0, tzinfo=UTC)
    assert not is_open(hours, saturday_2pm, "Asia/Ho_Chi_Minh")
    assert is_open(None, T0, "Asia/Ho_Chi_Minh")


def test_estimates():
    assert average_service_s([], 300) == 300
    assert average_service_s([100, 200, 9000], 300) == 200
    assert estimated_wait_s(4, 300, 2) == 600
    assert estimated_wait_s(4, 300, 0) is None
    assert format_number("A", 7) == "A007" and format_number("B", 1234) == "B1234"
