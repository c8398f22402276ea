"""Mount printing: REST routes under /api/v1, the agent's socket handlers, the dispatcher."""

from __future__ import annotations

import threading
from typing import Annotated, Any

from flask import Blueprint, Flask, jsonify
from pydantic import WithJsonSchema
from typing_extensions import TypedDict

from server.kernel.bodies import Body, parse_body
from server.kernel.errors import not_found
from server.kernel.principals import Principal, Role
from server.kernel.runtime import Runtime
from server.kernel.web.http import (
    accepts,
    answers,
    json_body,
    principal,
    require_staff,
    runtime,
    signed_in,
)
from server.printing import sockets
from server.printing.events import PRINT_QUEUED
from server.printing.models import PrintJobRecord
from server.printing.settings import printing_settings
from server.printing.usecases import jobs, printer_state
from server.printing.usecases.dispatch import Dispatcher
from server.printing.wiring import DISPATCHER

bp = Blueprint("printing_api", __name__)


class ReprintBody(Body):
    """Optionally, the device to print on (else the ticket's own kiosk); the body may be empty."""

    # Any JSON value passes (like the kernel's ``loose``): reprint_ticket() checks it.
    device_id: Annotated[object, WithJsonSchema({"type": ["integer", "null"]})] = None


class JobView(TypedDict):
    """A print job as staff screens and API answers see it."""

    job_id: int
    kind: str
    state: str
    mode: str | None
    device_id: int | None
    ticket_id: int | None
    attempts: int
    next_attempt_at: str | None
    last_error: str | None
    printer_status: Any
    created_at: str | None
    finished_at: str | None


class PrinterList(TypedDict):
    """Each kiosk's printer with its state and backlog."""

    printers: list[dict[str, Any]]


def _staff() -> Principal:
    """Return the caller a require_staff() route admitted."""
    who = principal()
    if who is None:
        raise RuntimeError("no caller: this route must be behind require_staff()")
    return who


@bp.get("/printers")
@require_staff(Role.SUPERVISOR)
@answers(PrinterList)
def list_printers():
    """List each kiosk's printer: settings, last known status, backlog and failed jobs."""
    with runtime().uow(write=False) as ctx:
        return jsonify({"printers": printer_state.list_printers(ctx, signed_in().center_id)})


@bp.post("/tickets/<tracking_code>/reprint")
@require_staff(Role.OFFICER)
@accepts(ReprintBody)
@answers(JobView, 201)
def reprint(tracking_code: str):
    """Print a ticket again on its kiosk, or on the device given as {"device_id": ...}."""
    body = parse_body(ReprintBody, json_body(required=False))
    with runtime().uow() as ctx:
        job = jobs.reprint_ticket(ctx, _staff(), tracking_code, body.device_id)
    return jsonify(job), 201


@bp.post("/printers/<int:device_id>/test")
@require_staff(Role.SUPERVISOR)
@answers(JobView, 201)
def test_page(device_id: int):
    """Print the self-test slip (Vietnamese diacritics) on a kiosk's printer."""
    with runtime().uow() as ctx:
        job = jobs.print_test_page(ctx, _staff(), device_id)
    return jsonify(job), 201


@bp.get("/print-jobs/<int:job_id>")
@answers(JobView)
def print_job(job_id: int):
    """Show one job to its kiosk or to staff of its center."""
    who = principal()
    with runtime().uow(write=False) as ctx:
        row = ctx.session.get(PrintJobRecord, job_id)
        if who is None or row is None or not (
                (who.kind == "device" and who.id == row.device_id)
                or (who.kind == "staff" and who.center_id in (None, row.center_id))):
            raise not_found("print_job", "lệnh in", job_id)
        return jsonify(jobs.job_view(row))


def dispatcher_of(rt: Runtime) -> Dispatcher:
    """Return this process's print dispatcher."""
    return rt.provided.get(DISPATCHER)


def _start(app: Flask, dispatcher: Dispatcher) -> None:
    socketio = app.extensions.get("motcua.socketio")
    if socketio is not None:  # a green thread under eventlet: never blocks the hub
        dispatcher.start(socketio.start_background_task)
    else:
        dispatcher.start(lambda target: threading.Thread(
            target=target, name="print-dispatcher", daemon=True).start())


def register(app: Flask) -> None:
    """Mount the routes and socket handlers; start delivering after commits."""
    rt: Runtime = app.extensions["motcua"]
    app.register_blueprint(bp, url_prefix="/api/v1")
    dispatcher = dispatcher_of(rt)
    background = printing_settings(rt.settings).dispatch.lower() == "auto"

    def ensure_running() -> None:
        if background:
            _start(app, dispatcher)
            dispatcher.wake()

    socketio = app.extensions.get("motcua.socketio")
    if socketio is not None:
        sockets.register(socketio, rt, on_hello=ensure_running)
    rt.after_publish(lambda events: ensure_running() if any(
        e.is_a(PRINT_QUEUED) for e in events) else None)
    # A server starts delivering at once (jobs may be waiting from before a restart); under
    # the threading test server it starts with the first job, so idle tests stay threadless.
    if background and rt.settings.async_mode != "threading":
        _start(app, dispatcher)
