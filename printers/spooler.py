"""Deliver one print job: check the printer's status, send, and move the job's state."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from .devices import Printer, open_printer
from .errors import PrinterError
from .jobs import DEFAULT_POLICY, JobState, PrintJob, RetryPolicy, fail, start, succeed
from .status import PrinterStatus, error_for_status

Clock = Callable[[], datetime]
"""Returns the current aware datetime (inject a fake one in tests)."""


@dataclass(frozen=True, slots=True)
class Delivery:
    """Outcome of one attempt: the job's new state, what the printer said, and the error."""

    job: PrintJob
    status: PrinterStatus | None
    error: PrinterError | None = None

    @property
    def printed(self) -> bool:
        """True when the bytes were handed to the printer."""
        return self.job.state is JobState.PRINTED


def _attempt(
    job_bytes: bytes, printer: Printer, job: PrintJob, clock: Clock, policy: RetryPolicy
) -> Delivery:
    status = printer.status()
    error = error_for_status(status, printer.url)
    if error is None:
        try:
            printer.send(job_bytes)
        except PrinterError as exc:
            error = exc
    if error is not None:
        return Delivery(fail(job, error.code, clock(), policy), status, error)
    return Delivery(succeed(job, clock()), status)


def deliver(
    job_bytes: bytes,
    printer: Printer,
    job: PrintJob,
    *,
    clock: Clock,
    policy: RetryPolicy = DEFAULT_POLICY,
) -> Delivery:
    """Start a due job, check status (offline/paper out/cover open fail it), send, record."""
    job = start(job, clock())
    return _attempt(job_bytes, printer, job, clock, policy)


def deliver_to_url(
    job_bytes: bytes,
    url: str,
    job: PrintJob,
    *,
    clock: Clock,
    timeout: float = 5.0,
    policy: RetryPolicy = DEFAULT_POLICY,
) -> Delivery:
    """Like ``deliver`` but opens the printer URL first and always closes it afterwards."""
    job = start(job, clock())
    try:
        printer = open_printer(url, timeout=timeout)
    except PrinterError as exc:  # BadPrinterURL, PrinterUnavailable: not retryable
        return Delivery(fail(job, exc.code, clock(), policy), None, exc)
    try:
        return _attempt(job_bytes, printer, job, clock, policy)
    finally:
        printer.close()
