"""Use cases of a kiosk's print agent: say hello (get every unfinished job), ack, report status.

The server marks a job printed only on the agent's ack. Until then the job stays "printing"
(sent, unacknowledged) and is sent again on the agent's next hello; the agent's journal turns
a resent job it already printed into an ack without a second print.
"""

from __future__ import annotations

from dataclasses import replace

from printers import jobs as rules
from printers.jobs import JobState
from printers.status import PrinterStatus
from server.kernel.errors import DomainError, bad_request, not_found
from server.kernel.models import Device
from server.kernel.runtime import Ctx
from server.printing.models import PrintJobRecord
from server.printing.settings import kiosk_printer, retry_policy
from server.printing.usecases import printer_state
from server.printing.usecases.jobs import (
    apply,
    expire,
    is_expired,
    jobs_of_device,
    send_to_agent,
    to_rule,
)

_UNFINISHED = (JobState.QUEUED.value, JobState.PRINTING.value)


def _status(raw: object) -> str | None:
    if raw in (None, ""):
        return None
    try:
        return PrinterStatus(str(raw)).value
    except ValueError:
        raise bad_request("printer.bad_status", f"Trạng thái máy in không hợp lệ: {raw}",
                          f"Unknown printer status: {raw}") from None


def _agent_device(ctx: Ctx, device_id: int) -> Device:
    device = ctx.session.get(Device, device_id)
    printer = kiosk_printer(device.config) if device else None
    if device is None or printer is None or printer.mode != "agent":
        raise DomainError("printer.not_agent",
                          "Kiosk này không dùng chương trình in cục bộ (print_mode=agent)",
                          "This kiosk does not print through an agent (print_mode=agent)", 409)
    return device


def hello(ctx: Ctx, device_id: int, status: object = None, detail: str | None = None) -> int:
    """Note the agent is alive and send it every queued or unacknowledged job again."""
    device = _agent_device(ctx, device_id)
    printer_state.record_status(ctx, device, _status(status), source="agent", detail=detail,
                                agent_seen=True)
    now = ctx.clock()
    printer = kiosk_printer(device.config)
    sent = 0
    for row in jobs_of_device(ctx, device.id, _UNFINISHED):
        if row.mode != "agent":
            continue
        if is_expired(ctx, row, now):
            apply(row, expire(to_rule(row), now), now)
            printer_state.job_finished(ctx, row)
            continue
        send_to_agent(ctx, row, printer, now)  # a reconnect is a reason to try now
        sent += 1
    return sent


def report_status(ctx: Ctx, device_id: int, status: object, detail: str | None = None) -> dict:
    """Store a status the agent read from its printer (also a heartbeat)."""
    device = _agent_device(ctx, device_id)
    changed = printer_state.record_status(ctx, device, _status(status), source="agent",
                                          detail=detail, agent_seen=True)
    return {"changed": changed}


def acknowledge(ctx: Ctx, device_id: int, job_id: object, ok: bool,
                error_code: str | None = None, status: object = None) -> dict:
    """Record the agent's outcome for a job: printed, or failed (retried with backoff)."""
    device = _agent_device(ctx, device_id)
    row = ctx.session.get(PrintJobRecord, job_id) if isinstance(job_id, int) else None
    if row is None or row.device_id != device.id:
        raise not_found("print_job", "lệnh in", job_id)
    status = _status(status)
    printer_state.record_status(ctx, device, status, source="agent", agent_seen=True)
    now = ctx.clock()
    job = to_rule(row)
    if ok:
        job = _printed(job, now)
    elif job.state is JobState.PRINTING:
        job = rules.fail(job, str(error_code or "printer_error")[:64], now,
                         retry_policy(ctx.settings))
    if job.state is not to_rule(row).state:
        apply(row, job, now)
        row.printer_status = status or row.printer_status
        if job.state in (JobState.PRINTED, JobState.FAILED) or not ok:
            printer_state.job_finished(ctx, row)
    return {"job_id": row.id, "state": row.state}


def _printed(job: rules.PrintJob, now) -> rules.PrintJob:
    """Mark printed whatever the server thought meanwhile: paper came out of the printer."""
    if job.state is JobState.PRINTED:
        return job
    if job.state is JobState.FAILED:  # a late ack after the job was given up
        job = rules.requeue(job, now)
    if job.state is JobState.QUEUED:  # a late ack after a timeout put it back in the queue
        job = rules.start(replace(job, next_attempt_at=now), now)
    return rules.succeed(job, now)
