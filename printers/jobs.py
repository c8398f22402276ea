"""Print-job state machine as pure functions: no I/O, no clock, no database.

::

    queued --start--> printing --succeed--> printed
      ^                  |
      +--fail (retry)----+--fail (no retry left, or error not retryable)--> failed
    failed --requeue--> queued   (staff asked for a reprint)

Every transition takes ``now`` (an aware datetime) and returns a new ``PrintJob``; an invalid
transition raises ``InvalidTransition``. The caller stores the job fields in its database.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from .errors import is_retryable


class JobState(StrEnum):
    """Where a print job stands."""

    QUEUED = "queued"
    PRINTING = "printing"
    PRINTED = "printed"
    FAILED = "failed"


class InvalidTransition(ValueError):
    """A transition was asked from a state that does not allow it (or before it was due)."""


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Backoff rules: delay = base * factor ** (attempts - 1), capped, up to max_attempts."""

    max_attempts: int = 6
    base_delay_s: float = 2.0
    factor: float = 2.0
    max_delay_s: float = 60.0
    stale_after_s: float = 120.0
    """A job still "printing" this long after its start was interrupted (crash, restart)."""

    def __post_init__(self) -> None:
        if self.max_attempts < 1:
            raise ValueError("max_attempts must be >= 1")
        if self.base_delay_s < 0 or self.max_delay_s < 0 or self.factor < 1:
            raise ValueError("delays must be >= 0 and factor >= 1")


DEFAULT_POLICY = RetryPolicy()


@dataclass(frozen=True, slots=True)
class PrintJob:
    """The persistent fields of one print job."""

    state: JobState = JobState.QUEUED
    attempts: int = 0
    next_attempt_at: datetime | None = None
    last_error: str | None = None
    created_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None


def _aware(now: datetime) -> datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be a timezone-aware datetime")
    return now


def new_job(now: datetime) -> PrintJob:
    """Return a queued job, due immediately."""
    _aware(now)
    return PrintJob(state=JobState.QUEUED, created_at=now, next_attempt_at=now)


def backoff_delay(attempts: int, policy: RetryPolicy = DEFAULT_POLICY) -> timedelta:
    """Return the wait after the ``attempts``-th failed attempt (1 -> base delay), capped."""
    if attempts < 1:
        return timedelta(0)
    delay = policy.base_delay_s * policy.factor ** min(attempts - 1, 64)
    return timedelta(seconds=min(delay, policy.max_delay_s))


def is_due(job: PrintJob, now: datetime) -> bool:
    """Tell whether a queued job may be attempted at ``now``."""
    _aware(now)
    return job.state is JobState.QUEUED and (
        job.next_attempt_at is None or job.next_attempt_at <= now
    )


def can_retry(
    job: PrintJob, error_code: str | None = None, policy: RetryPolicy = DEFAULT_POLICY
) -> bool:
    """Tell whether another attempt is allowed after a failure with ``error_code``."""
    if job.state in (JobState.PRINTED, JobState.FAILED):
        return False
    if error_code is not None and not is_retryable(error_code):
        return False
    return job.attempts < policy.max_attempts


def start(job: PrintJob, now: datetime) -> PrintJob:
    """queued -> printing: count one more attempt (the job must be due)."""
    if job.state is not JobState.QUEUED:
        raise InvalidTransition(f"cannot start a job that is {job.state}")
    # A queued job is not due only while its next_attempt_at lies ahead.
    if not is_due(job, now) and job.next_attempt_at is not None:
        raise InvalidTransition(f"job not due before {job.next_attempt_at.isoformat()}")
    return replace(job, state=JobState.PRINTING, attempts=job.attempts + 1, started_at=now)


def succeed(job: PrintJob, now: datetime) -> PrintJob:
    """printing -> printed."""
    _aware(now)
    if job.state is not JobState.PRINTING:
        raise InvalidTransition(f"cannot mark printed a job that is {job.state}")
    return replace(
        job, state=JobState.PRINTED, next_attempt_at=None, last_error=None, finished_at=now
    )


def fail(
    job: PrintJob, error_code: str, now: datetime, policy: RetryPolicy = DEFAULT_POLICY
) -> PrintJob:
    """printing -> queued with backoff if a retry is allowed, else -> failed."""
    _aware(now)
    if job.state is not JobState.PRINTING:
        raise InvalidTransition(f"cannot fail a job that is {job.state}")
    if can_retry(job, error_code, policy):
        return replace(
            job,
            state=JobState.QUEUED,
            last_error=error_code,
            next_attempt_at=now + backoff_delay(job.attempts, policy),
        )
    return replace(
        job, state=JobState.FAILED, last_error=error_code, next_attempt_at=None, finished_at=now
    )


def requeue(job: PrintJob, now: datetime) -> PrintJob:
    """failed -> queued with a fresh attempt budget (a reprint asked by staff)."""
    _aware(now)
    if job.state is not JobState.FAILED:
        raise InvalidTransition(f"only failed jobs can be requeued, not {job.state}")
    return replace(
        job, state=JobState.QUEUED, attempts=0, next_attempt_at=now, finished_at=None
    )


def is_stale(job: PrintJob, now: datetime, policy: RetryPolicy = DEFAULT_POLICY) -> bool:
    """Tell whether a "printing" job was abandoned (e.g. the server restarted mid-print)."""
    _aware(now)
    return (
        job.state is JobState.PRINTING
        and job.started_at is not None
        and now - job.started_at >= timedelta(seconds=policy.stale_after_s)
    )
