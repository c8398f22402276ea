"""The pure print-job state machine."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from printers.jobs import (
    InvalidTransition,
    JobState,
    RetryPolicy,
    backoff_delay,
    can_retry,
    fail,
    is_due,
    is_stale,
    new_job,
    requeue,
    start,
    succeed,
)

T0 = datetime(2026, 11, 28, 1, 0, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def test_happy_path():
    job = new_job(T0)
    assert job.state is JobState.QUEUED and is_due(job, T0)
    job = start(job, T0)
    assert job.state is JobState.PRINTING and job.attempts == 1
    job = succeed(job, at(1))
    assert job.state is JobState.PRINTED and job.finished_at == at(1)
    assert job.next_attempt_at is None


def test_backoff_doubles_and_is_capped():
    policy = RetryPolicy(base_delay_s=2, factor=2, max_delay_s=30)
    assert [backoff_delay(n, policy).total_seconds() for n in range(1, 7)] == [
        2, 4, 8, 16, 30, 30,
    ]
    assert backoff_delay(0, policy) == timedelta(0)
    assert backoff_delay(10_000, policy).total_seconds() == 30  # no overflow


def test_failures_requeue_with_backoff_until_max_attempts():
    policy = RetryPolicy(max_attempts=3, base_delay_s=2, factor=2, max_delay_s=60)
    job, now = new_job(T0), T0
    expected_delays = [2, 4]
    for attempt, delay in enumerate(expected_delays, start=1):
        job = fail(start(job, now), "printer_offline", now, policy)
        assert job.state is JobState.QUEUED and job.attempts == attempt
        assert job.last_error == "printer_offline"
        assert job.next_attempt_at == now + timedelta(seconds=delay)
        assert not is_due(job, now + timedelta(seconds=delay - 0.001))
        with pytest.raises(InvalidTransition, match="not due"):
            start(job, now)
        now = job.next_attempt_at
    job = fail(start(job, now), "paper_out", now, policy)
    assert job.state is JobState.FAILED and job.attempts == 3 and job.last_error == "paper_out"
    assert not can_retry(job, policy=policy)


def test_configuration_errors_are_not_retried():
    job = start(new_job(T0), T0)
    assert not can_retry(job, "bad_printer_url")
    assert not can_retry(job, "printer_unavailable")
    assert can_retry(job, "printer_offline") and can_retry(job, "some_new_code")
    assert fail(job, "bad_printer_url", T0).state is JobState.FAILED


def test_invalid_transitions():
    queued = new_job(T0)
    with pytest.raises(InvalidTransition):
        succeed(queued, T0)
    with pytest.raises(InvalidTransition):
        fail(queued, "printer_offline", T0)
    printed = succeed(start(queued, T0), T0)
    with pytest.raises(InvalidTransition):
        start(printed, at(60))  # never print the same job twice
    with pytest.raises(InvalidTransition):
        requeue(printed, T0)


def test_requeue_a_failed_job_for_a_reprint():
    job = fail(start(new_job(T0), T0), "bad_printer_url", T0)
    job = requeue(job, at(100))
    assert job.state is JobState.QUEUED and job.attempts == 0 and is_due(job, at(100))


def test_stale_printing_job():
    policy = RetryPolicy(stale_after_s=120)
    job = start(new_job(T0), T0)
    assert not is_stale(job, at(119), policy)
    assert is_stale(job, at(120), policy)


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError):
        new_job(datetime(2026, 1, 1))


def test_policy_validation():
    with pytest.raises(ValueError):
        RetryPolicy(max_attempts=0)
    with pytest.raises(ValueError):
        RetryPolicy(factor=0.5)
