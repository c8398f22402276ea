"""Counter operations through the service layer, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections import Counter as Tally

import pytest
from sqlalchemy import select

from server.kernel.errors import DomainError
from server.queue.models import TicketEvent
from server.queue.usecases import counters
from support import act, issue, log_of, open_counter, ticket_row


def test_call_next_on_a_closed_or_paused_counter_is_refused(runtime, demo):
    issue(runtime, "CERT")
    from support import counter_id

    cid = counter_id(runtime, 5)
    with pytest.raises(DomainError) as err:
        act(runtime, counters.call_next, cid)
    assert err.value.code == "counter.closed"
    open_counter(runtime, 5)
    act(runtime, counters.pause_counter, cid, reason="họp giao ban")
    with pytest.raises(DomainError) as err:
        act(runtime, counters.call_next, cid)
    assert err.value.code == "counter.paused"
    act(runtime, counters.resume, cid)
    assert act(runtime, counters.call_next, cid)["number"] == "C001"


def test_pause_needs_a_reason(runtime, demo):
    cid = open_counter(runtime, 5)
    with pytest.raises(DomainError) as err:
        act(runtime, counters.pause_counter, cid, reason="  ")
    assert err.value.code == "counter.reason_required"


def test_call_next_returns_none_when_nobody_waits(runtime, demo):
    cid = open_counter(runtime, 5)
    assert act(runtime, counters.call_next, cid) is None


def test_another_officer_cannot_work_my_counter(runtime, demo):
    cid = open_counter(runtime, 5, "officer1")
    issue(runtime, "CERT")
    with pytest.raises(DomainError) as err:
        act(runtime, counters.call_next, cid, "officer2")
    assert err.value.code == "counter.not_yours"
    assert act(runtime, counters.call_next, cid, "supervisor")["number"] == "C001"


def test_priority_goes_first_but_never_more_than_three_in_a_row(runtime, demo, clock):
    cid = open_counter(runtime, 5)
    for _ in range(3):
        issue(runtime, "CERT")  # C001..C003 normal, issued first
        clock.advance(seconds=10)
    for category in ("elderly", "pregnant", "disability", "small_child", "elderly"):
        issue(runtime, "CERT", priority=category)  # C004..C008
        clock.advance(seconds=10)
    order = []
    while (called := act(runtime, counters.call_next, cid)) is not None:
        order.append(called["number"])
        clock.advance(seconds=30)
    assert order == ["C004", "C005", "C006", "C001", "C007", "C008", "C002", "C003"]


def test_counter_prefers_its_first_service(runtime, demo, clock):
    cid = open_counter(runtime, 1)  # LAND first, then BUILD
    issue(runtime, "BUILD")
    clock.advance(seconds=5)
    issue(runtime, "LAND")
    assert act(runtime, counters.call_next, cid)["number"] == "A001"
    assert act(runtime, counters.call_next, cid)["number"] == "E001"


def test_recall_respects_cooldown_and_turns_into_no_show_after_the_limit(runtime, demo, clock):
    runtime.settings.extra.update(recall_cooldown_s=10, max_calls=3)
    cid = open_counter(runtime, 5)
    issue(runtime, "CERT")
    act(runtime, counters.call_next, cid)
    with pytest.raises(DomainError) as err:
        act(runtime, counters.recall, cid)
    assert err.value.code == "ticket.recall_too_soon"
    assert err.value.http_status == 429
    clock.advance(seconds=11)
    assert act(runtime, counters.recall, cid)["calls"] == 2
    clock.advance(seconds=11)
    assert act(runtime, counters.recall, cid)["calls"] == 3
    clock.advance(seconds=11)
    result = act(runtime, counters.recall, cid)
    assert result["status"] == "no_show"
    assert [a for a, _ in log_of(runtime, "C001")] == [
        "issue", "call", "recall", "recall", "no_show"]


def test_transfer_keeps_the_issue_time_so_the_citizen_keeps_their_place(runtime, demo, clock):
    land = open_counter(runtime, 1)
    civil = open_counter(runtime, 3, "officer3")
    first = issue(runtime, "LAND")  # A001 at t0
    clock.advance(minutes=5)
    issue(runtime, "CIVIL")  # B001 at t0 + 5 min
    act(runtime, counters.call_next, land)
    clock.advance(minutes=10)
    moved = act(runtime, counters.transfer, land, service_code="CIVIL")
    assert moved["status"] == "waiting"
    assert moved["number"] == "A001"
    assert moved["issued_at"] == first["issued_at"]
    # Counter 3 serves CIVIL: A001 was issued before B001, so it goes first.
    assert act(runtime, counters.call_next, civil, "officer3")["number"] == "A001"
    assert act(runtime, counters.call_next, civil, "officer3")["number"] == "B001"


def test_transfer_to_a_counter_is_only_called_there(runtime, demo):
    c1 = open_counter(runtime, 1)
    c2 = open_counter(runtime, 2, "officer2")
    issue(runtime, "LAND")
    act(runtime, counters.call_next, c1)
    act(runtime, counters.transfer, c1, to_counter=2)
    assert act(runtime, counters.call_next, c1) is None
    assert act(runtime, counters.call_next, c2, "officer2")["number"] == "A001"


def test_times_are_derived_from_the_log_and_stored_at_the_end(runtime, demo, clock):
    cid = open_counter(runtime, 5)
    issue(runtime, "CERT")
    clock.advance(seconds=120)
    act(runtime, counters.call_next, cid)
    clock.advance(seconds=30)
    act(runtime, counters.start, cid)
    clock.advance(seconds=100)
    act(runtime, counters.hold, cid)
    clock.advance(seconds=400)  # citizen fetches a paper: not service time
    act(runtime, counters.resume, cid)
    clock.advance(seconds=200)
    act(runtime, counters.complete, cid)
    row = ticket_row(runtime, "C001")
    assert (row.wait_s, row.walk_s, row.service_s) == (120, 30, 300)
    assert row.status == "done"
    assert [a for a, _ in log_of(runtime, "C001")] == [
        "issue", "call", "start", "hold", "resume", "complete"]


def test_close_is_refused_while_a_citizen_is_at_the_counter(runtime, demo):
    cid = open_counter(runtime, 5)
    issue(runtime, "CERT")
    act(runtime, counters.call_next, cid)
    with pytest.raises(DomainError) as err:
        act(runtime, counters.close_counter, cid)
    assert err.value.code == "counter.busy"
    act(runtime, counters.complete, cid)
    assert act(runtime, counters.close_counter, cid)["status"] == "closed"


def test_failed_unit_of_work_publishes_nothing(runtime, demo):
    before = len(runtime.publisher.events)
    with pytest.raises(DomainError):
        issue(runtime, "NOPE")
    assert len(runtime.publisher.events) == before
    issue(runtime, "LAND")
    types = [e.type for e in runtime.publisher.events[before:]]
    assert types == ["ticket.issued", "queue.changed"]


def test_eight_counters_calling_at_once_never_share_a_ticket(runtime, demo):
    codes = ["LAND", "CIVIL", "CERT", "BUSI", "BUILD", "SOCIAL", "RESID", "PROV"]
    for n in range(240):
        issue(runtime, codes[n % len(codes)])
    ids = [open_counter(runtime, n, f"officer{n}") for n in range(1, 9)]
    barrier = threading.Barrier(8)
    called: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work(number: int, cid: int):
        barrier.wait()
        try:
            while (res := act(runtime, counters.call_next, cid, f"officer{number}")) is not None:
                with lock:
                    called.append(res["number"])
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n + 1, cid)) for n, cid in enumerate(ids)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(called) == 240 and len(set(called)) == 240
    with runtime.uow(write=False) as ctx:
        calls = Tally(ctx.session.scalars(select(TicketEvent.ticket_id)
                                          .where(TicketEvent.action == "call")))
    assert set(calls.values()) == {1}
