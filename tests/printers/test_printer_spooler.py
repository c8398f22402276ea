"""Delivering jobs to the fake network printer: outages, paper out, silence, recovery."""

from __future__ import annotations

import time
from datetime import timedelta

import pytest

from printers.devices import open_printer
from printers.fake_network import FakeState
from printers.jobs import InvalidTransition, JobState, RetryPolicy, new_job
from printers.pipeline import ticket_to_escpos
from printers.samples import sample_slip
from printers.spooler import deliver, deliver_to_url
from printers.status import PrinterStatus

POLICY = RetryPolicy(max_attempts=6, base_delay_s=2, factor=2, max_delay_s=60)
TIMEOUT = 0.5


@pytest.fixture(scope="module")
def ticket() -> bytes:
    return ticket_to_escpos(sample_slip("Đăng ký khai sinh", "B003"), 384)


def attempt(data, fake, job, clock):
    return deliver_to_url(data, fake.url, job, clock=clock, timeout=TIMEOUT, policy=POLICY)


def test_offline_job_fails_and_is_retried_with_backoff(fake_printer, clock, ticket):
    fake_printer.set_state(FakeState.OFFLINE)
    job = new_job(clock())
    t0 = clock()
    result = attempt(ticket, fake_printer, job, clock)
    assert result.status is PrinterStatus.OFFLINE and not result.printed
    assert result.error.code == "printer_offline"
    job = result.job
    assert (job.state, job.attempts, job.last_error) == (JobState.QUEUED, 1, "printer_offline")
    assert job.next_attempt_at == t0 + timedelta(seconds=2)

    with pytest.raises(InvalidTransition):  # not due yet
        attempt(ticket, fake_printer, job, clock)

    clock.advance(2)
    job = attempt(ticket, fake_printer, job, clock).job
    assert (job.state, job.attempts) == (JobState.QUEUED, 2)
    assert job.next_attempt_at == clock() + timedelta(seconds=4)  # doubled
    assert fake_printer.tickets == [] and fake_printer.received == b""


def test_paper_out_is_reported_and_job_not_printed(fake_printer, clock, ticket):
    fake_printer.set_state(FakeState.PAPER_OUT)
    result = attempt(ticket, fake_printer, new_job(clock()), clock)
    assert result.status is PrinterStatus.PAPER_OUT
    assert result.error.code == "paper_out"
    assert result.job.state is JobState.QUEUED and result.job.last_error == "paper_out"
    assert not result.printed
    fake_printer.wait_idle()
    assert fake_printer.tickets == []
    assert b"\x1dv0" not in fake_printer.received  # nothing but status requests was sent


def test_cover_open_is_reported(fake_printer, clock, ticket):
    fake_printer.set_state(FakeState.COVER_OPEN)
    result = attempt(ticket, fake_printer, new_job(clock()), clock)
    assert result.status is PrinterStatus.COVER_OPEN and result.error.code == "cover_open"


def test_paper_low_still_prints(fake_printer, clock, ticket):
    fake_printer.set_state(FakeState.PAPER_LOW)
    result = attempt(ticket, fake_printer, new_job(clock()), clock)
    assert result.printed and result.status is PrinterStatus.PAPER_LOW
    assert fake_printer.wait_for_tickets(1)


def test_silent_printer_times_out_and_is_offline(fake_printer, clock, ticket):
    fake_printer.set_state(FakeState.SILENT)
    started = time.monotonic()
    result = attempt(ticket, fake_printer, new_job(clock()), clock)
    elapsed = time.monotonic() - started
    assert result.status is PrinterStatus.OFFLINE and result.error.code == "printer_offline"
    assert result.job.state is JobState.QUEUED
    assert elapsed < TIMEOUT + 1.0, f"took {elapsed:.2f}s with a {TIMEOUT}s timeout"


def test_job_prints_exactly_once_when_the_printer_comes_back(fake_printer, clock, ticket):
    job = new_job(clock())
    for state in (FakeState.OFFLINE, FakeState.SILENT, FakeState.PAPER_OUT):
        fake_printer.set_state(state)
        result = attempt(ticket, fake_printer, job, clock)
        assert not result.printed
        job = result.job
        clock.now = job.next_attempt_at

    fake_printer.set_state(FakeState.ONLINE)
    result = attempt(ticket, fake_printer, job, clock)
    assert result.printed and result.status is PrinterStatus.OK
    assert result.job.attempts == 4 and result.job.state is JobState.PRINTED

    with pytest.raises(InvalidTransition):  # a printed job cannot be delivered again
        attempt(ticket, fake_printer, result.job, clock)
    assert fake_printer.wait_for_tickets(1)
    fake_printer.wait_idle()
    time.sleep(0.1)
    assert fake_printer.tickets == [ticket]  # exactly one ticket, byte for byte


def test_bad_url_fails_the_job_for_good(clock, ticket):
    result = deliver_to_url(ticket, "lpt://1", new_job(clock()), clock=clock)
    assert result.job.state is JobState.FAILED and result.error.code == "bad_printer_url"


def test_deliver_with_an_open_printer(clock, ticket):
    printer = open_printer("dummy://")
    result = deliver(ticket, printer, new_job(clock()), clock=clock)
    assert result.printed and printer.sent == [ticket]
