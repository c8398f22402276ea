"""Printer status: the last known state per kiosk, alerts when it changes, the staff listing."""

from __future__ import annotations

from sqlalchemy import func, select

from printers.status import PrinterStatus
from server.kernel.events import device_room
from server.kernel.models import Device
from server.kernel.runtime import Ctx
from server.printing.events import (
    PRINT_JOB_CHANGED,
    PRINTER_ALERT,
    AlertJob,
    PrinterAlertData,
    PrintJobChangedData,
)
from server.printing.models import PrinterState, PrintJobRecord
from server.printing.settings import kiosk_printer
from server.printing.usecases.jobs import NOT_PRINTING, agent_online, job_view
from server.queue.models import Ticket

_MESSAGES = {
    "offline": ("Máy in của {name} không kết nối được.", "The printer of {name} is offline."),
    "paper_out": ("Máy in của {name} hết giấy.", "The printer of {name} is out of paper."),
    "cover_open": ("Nắp máy in của {name} đang mở.", "The printer cover of {name} is open."),
    "paper_low": ("Máy in của {name} sắp hết giấy.", "The printer of {name} is low on paper."),
    "ok": ("Máy in của {name} đã hoạt động bình thường.", "The printer of {name} works again."),
}
_PHOTO = (" Vui lòng chụp ảnh phiếu trên màn hình.", " Please take a photo of your ticket.")
FAILED_LISTED = 20


def _level(status: str) -> str:
    if status in NOT_PRINTING:
        return "error"
    return "warning" if status == PrinterStatus.PAPER_LOW else "ok"


def alert(ctx: Ctx, device: Device, status: str, previous: str | None,
          job: PrintJobRecord | None = None, ticket: Ticket | None = None) -> None:
    """Tell the center (supervisors, the kiosk) about a printer problem or its end."""
    level = "error" if job is not None else _level(status)
    vi, en = _MESSAGES.get(status, _MESSAGES["offline"])
    vi, en = vi.format(name=device.name), en.format(name=device.name)
    if job is not None:
        number = f" {ticket.number}" if ticket else ""
        vi = f"Không in được phiếu{number} ({job.last_error})."
        en = f"Ticket{number} could not be printed ({job.last_error})."
    photo = level == "error"
    if photo:
        vi, en = vi + _PHOTO[0], en + _PHOTO[1]
    ctx.emit(PRINTER_ALERT, device.center_id, PrinterAlertData(
        device_id=device.id, device=device.name, status=status, previous=previous,
        level=level, photo=photo, message_vi=vi, message_en=en,
        job=None if job is None else AlertJob(
            job_id=job.id, state=job.state, error=job.last_error,
            number=ticket.number if ticket else None,
            tracking_code=ticket.tracking_code if ticket else None),
    ))


def record_status(ctx: Ctx, device: Device, status: str | None, *, source: str = "server",
                  detail: str | None = None, agent_seen: bool = False) -> bool:
    """Store what a printer said (and that its agent is alive); alert on a change."""
    now = ctx.clock()
    state = ctx.session.get(PrinterState, device.id)
    if state is None:
        state = PrinterState(device_id=device.id, center_id=device.center_id,
                             status=PrinterStatus.UNKNOWN.value, source=source)
        ctx.session.add(state)
    if agent_seen:
        state.agent_seen_at = now
    if status is None:
        return False
    status = PrinterStatus(status).value
    previous = state.status
    state.status, state.source, state.checked_at = status, source, now
    state.detail = (detail or "")[:200] or None
    # UNKNOWN means "this printer cannot tell": it changes nothing anyone must act on.
    if status == previous or status == PrinterStatus.UNKNOWN:
        return False
    state.changed_at = now
    if status != PrinterStatus.OK or previous not in (PrinterStatus.UNKNOWN, None):
        alert(ctx, device, status, previous)
    return True


def job_finished(ctx: Ctx, row: PrintJobRecord) -> None:
    """Tell the kiosk how its job went; alert the center when a ticket will not print."""
    ticket = ctx.session.get(Ticket, row.ticket_id) if row.ticket_id else None
    ctx.emit(PRINT_JOB_CHANGED, row.center_id, PrintJobChangedData(
        job_id=row.id, state=row.state, kind=row.kind, error=row.last_error,
        attempts=row.attempts, tracking_code=ticket.tracking_code if ticket else None,
    ), room=device_room(row.device_id), namespaces=("/kiosk",))
    if row.state == "failed":
        device = known_device(ctx, row.device_id)
        alert(ctx, device, last_known(ctx, device.id), None, job=row, ticket=ticket)


def known_device(ctx: Ctx, device_id: int) -> Device:
    """Return the device a job or printer state names (devices are never deleted)."""
    device = ctx.session.get(Device, device_id)
    if device is None:
        raise LookupError(f"device {device_id} of a print job not found")
    return device


def last_known(ctx: Ctx, device_id: int) -> str:
    """Return the last known status of a device's printer ("unknown" if never heard)."""
    state = ctx.session.get(PrinterState, device_id)
    return state.status if state else PrinterStatus.UNKNOWN.value


def _failed_jobs(ctx: Ctx, device_id: int) -> list[dict]:
    rows = ctx.session.execute(
        select(PrintJobRecord, Ticket.number, Ticket.tracking_code)
        .outerjoin(Ticket, Ticket.id == PrintJobRecord.ticket_id)
        .where(PrintJobRecord.device_id == device_id, PrintJobRecord.state == "failed")
        .order_by(PrintJobRecord.id.desc()).limit(FAILED_LISTED)).all()
    return [{**job_view(job), "number": number, "tracking_code": code}
            for job, number, code in rows]


def list_printers(ctx: Ctx, center_id: int | None) -> list[dict]:
    """Describe every kiosk's printer: settings, last status, backlog and failed jobs."""
    query = select(Device).where(Device.kind == "kiosk", Device.active).order_by(Device.id)
    if center_id is not None:
        query = query.where(Device.center_id == center_id)
    devices = ctx.session.scalars(query).all()
    backlog = dict(ctx.session.execute(
        select(PrintJobRecord.device_id, func.count())
        .where(PrintJobRecord.state.in_(("queued", "printing")))
        .group_by(PrintJobRecord.device_id)).all())
    now = ctx.clock()
    out = []
    for device in devices:
        printer = kiosk_printer(device.config)
        state = ctx.session.get(PrinterState, device.id)
        iso = {k: (getattr(state, k).isoformat() if state and getattr(state, k) else None)
               for k in ("checked_at", "changed_at", "agent_seen_at")}
        out.append({
            "device_id": device.id, "name": device.name, "center_id": device.center_id,
            "printer": printer.url if printer else None,
            "mode": printer.mode if printer else None,
            "paper": printer.paper if printer else None,
            "status": state.status if state else PrinterStatus.UNKNOWN.value,
            "detail": state.detail if state else None, **iso,
            "agent_online": bool(printer and printer.mode == "agent"
                                 and agent_online(ctx, device.id, now)),
            "backlog": backlog.get(device.id, 0),
            "failed_jobs": _failed_jobs(ctx, device.id),
        })
    return out
