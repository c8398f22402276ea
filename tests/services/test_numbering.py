"""Ticket numbers: per service, per local day, atomic, capped, within opening hours."""

from __future__ import annotations

import threading
from datetime import UTC, datetime

import pytest
from sqlalchemy import select, update

from server.kernel.errors import DomainError
from server.queue.models import Service
from server.queue.rules.schedule import office_hours
from support import issue


def test_numbers_restart_at_local_midnight_not_utc_midnight(runtime, demo, clock):
    clock.now = datetime(2026, 12, 1, 16, 58, tzinfo=UTC)  # 23:58 in Hà Nội
    assert issue(runtime)["number"] == "A001"
    assert issue(runtime)["number"] == "A002"
    clock.now = datetime(2026, 12, 1, 17, 0, 30, tzinfo=UTC)  # 00:00:30 next local day
    assert issue(runtime)["number"] == "A001"
    # UTC midnight falls at 07:00 local: the local day goes on, so does the sequence.
    clock.now = datetime(2026, 12, 1, 23, 59, tzinfo=UTC)
    assert issue(runtime)["number"] == "A002"
    clock.now = datetime(2026, 12, 2, 0, 1, tzinfo=UTC)
    assert issue(runtime)["number"] == "A003"


def test_each_service_has_its_own_sequence_and_prefix(runtime, demo):
    assert issue(runtime, "LAND")["number"] == "A001"
    assert issue(runtime, "CIVIL")["number"] == "B001"
    assert issue(runtime, "LAND")["number"] == "A002"


def test_daily_cap_refuses_and_does_not_consume_a_number(runtime, demo):
    with runtime.uow() as ctx:
        ctx.session.execute(update(Service).where(Service.code == "CERT").values(daily_cap=2))
    issue(runtime, "CERT")
    issue(runtime, "CERT")
    with pytest.raises(DomainError) as err:
        issue(runtime, "CERT")
    assert err.value.code == "service.daily_cap_reached"
    with runtime.uow() as ctx:
        ctx.session.execute(update(Service).where(Service.code == "CERT").values(daily_cap=3))
    assert issue(runtime, "CERT")["number"] == "C003"  # no gap left by the refusal


def test_opening_hours_are_enforced_in_local_time(runtime, demo, clock):
    with runtime.uow() as ctx:
        ctx.session.execute(update(Service).where(Service.code == "LAND")
                            .values(hours=office_hours()))
    clock.now = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)  # Tue 08:00 local
    assert issue(runtime, "LAND")["number"] == "A001"
    clock.now = datetime(2026, 12, 1, 5, 0, tzinfo=UTC)  # 12:00 local, lunch break
    with pytest.raises(DomainError) as err:
        issue(runtime, "LAND")
    assert err.value.code == "service.closed"
    clock.now = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)  # Saturday 10:00, weekdays only
    with pytest.raises(DomainError):
        issue(runtime, "LAND")


def test_unknown_service_and_priority_are_refused(runtime, demo):
    with pytest.raises(DomainError) as err:
        issue(runtime, "NOPE")
    assert err.value.code == "service.not_found"
    with pytest.raises(DomainError) as err:
        issue(runtime, "LAND", priority="vip")
    assert err.value.code == "ticket.bad_priority"


@pytest.mark.slow
def test_16_threads_issuing_500_tickets_each_get_8000_distinct_numbers(sqlite_runtime):
    from server.queue.usecases.demo import load_demo

    runtime = sqlite_runtime
    with runtime.uow() as ctx:
        load_demo(ctx, always_open=True)
    numbers: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()
    start = threading.Barrier(16)

    def worker():
        start.wait()
        mine = []
        try:
            for _ in range(500):
                mine.append(issue(runtime, "CIVIL")["number"])
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        with lock:
            numbers.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(numbers) == 8000
    assert len(set(numbers)) == 8000
    # No gaps either: exactly B001..B8000.
    assert set(numbers) == {f"B{n:03d}" for n in range(1, 8001)}
    with runtime.uow(write=False) as ctx:
        assert ctx.session.scalar(select(Service.id).where(Service.code == "CIVIL"))
