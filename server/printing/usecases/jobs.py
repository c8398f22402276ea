"""Print job use cases: enqueue with the ticket (same transaction), reprint, test, views.

A job row is written in the unit of work that issues the ticket; nothing is sent before the
commit. Server-mode jobs wake the dispatcher through an internal ``print.queued`` event;
agent-mode jobs go to the kiosk's print agent as ``print.job`` events, published after the
commit like every other event.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from printers import jobs as rules
from printers.jobs import JobState
from server.kernel.errors import DomainError, not_found
from server.kernel.events import device_room
from server.kernel.models import Center, Device
from server.kernel.principals import Principal
from server.kernel.runtime import Ctx
from server.printing.events import PRINT_JOB, PRINT_QUEUED, PrintJobData, PrintQueuedData
from server.printing.models import PrinterState, PrintJobRecord
from server.printing.rules import slips
from server.printing.settings import KioskPrinter, kiosk_printer, printing_settings
from server.queue.events import TicketIssuedData
from server.queue.models import Ticket
from server.queue.public import TICKET_PRINT, TicketPrint, TicketView, get_ticket, view_of_ticket
from server.queue.rules.states import PRIORITY_LABELS, Priority

# Statuses after which a kiosk should suggest a photo of the on-screen ticket.
NOT_PRINTING = frozenset({"offline", "paper_out", "cover_open"})


def to_rule(row: PrintJobRecord) -> rules.PrintJob:
    """Return the pure job of a row."""
    return rules.PrintJob(
        state=JobState(row.state), attempts=row.attempts, next_attempt_at=row.next_attempt_at,
        last_error=row.last_error, created_at=row.created_at, started_at=row.started_at,
        finished_at=row.finished_at)


def apply(row: PrintJobRecord, job: rules.PrintJob, now: datetime) -> None:
    """Copy a pure job's fields onto its row."""
    row.state = job.state.value
    row.attempts = job.attempts
    row.next_attempt_at = job.next_attempt_at
    row.last_error = job.last_error
    row.started_at = job.started_at
    row.finished_at = job.finished_at
    row.updated_at = now


def expire(job: rules.PrintJob, now: datetime) -> rules.PrintJob:
    """queued -> failed ("expired"): a ticket printed this late would only confuse."""
    if job.state is not JobState.QUEUED:
        raise rules.InvalidTransition(f"cannot expire a job that is {job.state}")
    return replace(job, state=JobState.FAILED, last_error="expired", next_attempt_at=None,
                   finished_at=now)


def is_expired(ctx: Ctx, row: PrintJobRecord, now: datetime) -> bool:
    """Tell whether a queued job waited past the expiry delay."""
    limit = timedelta(seconds=printing_settings(ctx.settings).expire_s)
    return row.state == JobState.QUEUED and now - row.created_at > limit


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def job_view(row: PrintJobRecord) -> dict:
    """Describe a job for staff screens and API answers."""
    return {"job_id": row.id, "kind": row.kind, "state": row.state, "mode": row.mode,
            "device_id": row.device_id, "ticket_id": row.ticket_id, "attempts": row.attempts,
            "next_attempt_at": _iso(row.next_attempt_at), "last_error": row.last_error,
            "printer_status": row.printer_status, "created_at": _iso(row.created_at),
            "finished_at": _iso(row.finished_at)}


def wire_job(row: PrintJobRecord, printer: KioskPrinter | None) -> PrintJobData:
    """Return what a print agent receives for a job (``print.job`` data)."""
    return {"job_id": row.id, "key": row.key, "kind": row.kind, "slip": row.slip,
            "paper": printer.paper if printer else 58, "attempt": row.attempts}


def agent_online(ctx: Ctx, device_id: int, now: datetime) -> bool:
    """Tell whether the kiosk's print agent was heard from recently."""
    state = ctx.session.get(PrinterState, device_id)
    timeout = timedelta(seconds=printing_settings(ctx.settings).agent_timeout_s)
    return bool(state and state.agent_seen_at and now - state.agent_seen_at <= timeout)


def send_to_agent(ctx: Ctx, row: PrintJobRecord, printer: KioskPrinter | None,
                  now: datetime) -> None:
    """Start a queued job (one more attempt) and hand it to the agent after the commit."""
    if row.state == JobState.QUEUED:
        job = to_rule(row)
        if not rules.is_due(job, now):
            job = replace(job, next_attempt_at=now)
        apply(row, rules.start(job, now), now)
    ctx.emit(PRINT_JOB, row.center_id, wire_job(row, printer),
             room=device_room(row.device_id), namespaces=("/kiosk",))


def enqueue(ctx: Ctx, device: Device, kind: str, slip: dict, *, ticket_id: int | None = None,
            requested_by: int | None = None) -> PrintJobRecord | None:
    """Queue a job for a kiosk's printer in the caller's transaction; None if paperless."""
    printer = kiosk_printer(device.config)
    if printer is None:
        return None
    if kind not in slips.KINDS:
        raise ValueError(f"unknown print job kind: {kind!r}")
    now = ctx.clock()
    row = PrintJobRecord(key=uuid.uuid4().hex, center_id=device.center_id, device_id=device.id,
                         ticket_id=ticket_id, kind=kind, mode=printer.mode, slip=slip,
                         requested_by=requested_by, created_at=now)
    apply(row, rules.new_job(now), now)
    ctx.session.add(row)
    ctx.session.flush()
    if printer.mode == "agent":
        if agent_online(ctx, device.id, now):
            send_to_agent(ctx, row, printer, now)
    else:
        # Internal event (no namespace): after the commit it wakes this process's dispatcher.
        ctx.emit(PRINT_QUEUED, device.center_id, PrintQueuedData(job_id=row.id),
                 room=device_room(device.id), namespaces=())
    return row


def _priority_label(priority: str | None) -> str | None:
    if not priority:
        return None
    try:
        return PRIORITY_LABELS[Priority(priority)][0]
    except ValueError:
        return priority


def ticket_slip(ctx: Ctx, ticket: Ticket, view: TicketView) -> dict[str, Any]:
    """Return the slip data of a ticket from its view."""
    center = ctx.session.get(Center, ticket.center_id)
    if center is None:  # a ticket's center is never deleted
        raise LookupError(f"center {ticket.center_id} of ticket {ticket.number} not found")
    return slips.ticket_slip_data(view, center.name, center.timezone,
                                  _priority_label(ticket.priority))


def last_status(ctx: Ctx, device_id: int) -> str | None:
    """Return the last known status of a kiosk's printer."""
    state = ctx.session.get(PrinterState, device_id)
    return state.status if state else None


def _paperless(actor: Principal | None, device_id: int) -> bool:
    """Tell from the issuing kiosk's own (cached) settings that it has no printer.

    Spares a query on the paperless kiosks' hot path; a kiosk whose settings changed is seen
    as soon as its token is resolved again (at most 30 s, like every device setting).
    """
    return (actor is not None and actor.kind == "device" and actor.id == device_id
            and actor.config is not None and kiosk_printer(actor.config) is None)


def on_ticket_issued(ctx: Ctx, issued: TicketIssuedData) -> None:
    """Queue the print of a just-issued ticket, in its transaction; tell the kiosk how it goes.

    ``printed`` is false when no paper will come now (no printer, or the printer is known to
    be offline / out of paper / open): the kiosk then suggests a photo of the screen; it is
    null while a print is underway.
    """
    device = None
    if issued["device_id"] and not _paperless(ctx.actor, issued["device_id"]):
        device = ctx.find(Device, issued["device_id"])
    row = None
    if device is not None and kiosk_printer(device.config) is not None:
        ticket = ctx.get(Ticket, issued["ticket_id"])
        view = view_of_ticket(ctx, ticket)
        row = enqueue(ctx, device, "ticket", ticket_slip(ctx, ticket, view), ticket_id=ticket.id)
    if row is None:
        ctx.answer(TICKET_PRINT, TicketPrint(print=None, printed=False))
        return
    status = last_status(ctx, row.device_id)
    ctx.answer(TICKET_PRINT, TicketPrint(
        print={"job_id": row.id, "state": row.state, "mode": row.mode,
               "printer_status": status},
        printed=False if status in NOT_PRINTING else None))


def _device_for(ctx: Ctx, who: Principal, device_id: object) -> Device:
    device = None
    if isinstance(device_id, int | float | str):  # None, a list, ...: int() refuses them
        try:
            device = ctx.session.get(Device, int(device_id))
        except ValueError:
            pass
    if device is None or (who.center_id is not None and device.center_id != who.center_id):
        raise not_found("device", "thiết bị", device_id)
    return device


def _not_configured(device: Device) -> DomainError:
    return DomainError("printer.not_configured",
                       f"Thiết bị '{device.name}' chưa được cấu hình máy in",
                       f"Device '{device.name}' has no printer configured", 409)


def _printer_of(device: Device) -> KioskPrinter:
    printer = kiosk_printer(device.config)
    if printer is None:
        raise _not_configured(device)
    return printer


def reprint_ticket(ctx: Ctx, who: Principal, tracking_code: str,
                   device_id: object = None) -> dict:
    """Queue a new print of a ticket on its kiosk (or on another device of the center)."""
    ticket = get_ticket(ctx.session, tracking_code)
    if who.center_id is not None and ticket.center_id != who.center_id:
        raise not_found("ticket", "số thứ tự", tracking_code)
    if device_id is None:
        if ticket.device_id is None:
            raise DomainError("printer.no_device",
                              "Số này không lấy từ kiosk: hãy chọn thiết bị in",
                              "This ticket was not issued at a kiosk: choose a device", 409)
        device_id = ticket.device_id
    device = _device_for(ctx, who, device_id)
    _printer_of(device)
    view = view_of_ticket(ctx, ticket)
    row = enqueue(ctx, device, "ticket", ticket_slip(ctx, ticket, view), ticket_id=ticket.id,
                  requested_by=who.id if who.kind == "staff" else None)
    if row is None:  # enqueue() skips paperless kiosks only, refused above
        raise _not_configured(device)
    return {**job_view(row), "number": ticket.number, "tracking_code": ticket.tracking_code}


def print_test_page(ctx: Ctx, who: Principal, device_id: object) -> dict:
    """Queue the self-test slip on a kiosk's printer."""
    device = _device_for(ctx, who, device_id)
    _printer_of(device)
    row = enqueue(ctx, device, "test", {}, requested_by=who.id if who.kind == "staff" else None)
    if row is None:  # enqueue() skips paperless kiosks only, refused above
        raise _not_configured(device)
    return job_view(row)


def jobs_of_device(ctx: Ctx, device_id: int, states: tuple[str, ...]) -> list[PrintJobRecord]:
    """Return a device's jobs in the given states, oldest first."""
    return list(ctx.session.scalars(
        select(PrintJobRecord).where(PrintJobRecord.device_id == device_id,
                                     PrintJobRecord.state.in_(states))
        .order_by(PrintJobRecord.id)))
