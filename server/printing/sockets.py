"""Socket.IO handlers of the print agent on ``/kiosk``: print.hello, print.ack, printer.status.

The lobby's ``connect`` handler (server/queue/sockets.py) already admits kiosk tokens
and joins the device's room, where ``print.job`` events arrive. An agent then sends
``print.hello {token, printer_status}`` on every (re)connect: the server remembers which
device this connection prints for and sends every job still queued or unacknowledged.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import request
from flask_socketio import SocketIO

from server.kernel.auth import principal_for
from server.kernel.errors import DomainError
from server.kernel.runtime import Runtime
from server.printing.events import PRINT_ACK, PRINT_HELLO, PRINTER_STATUS
from server.printing.usecases import agent

NAMESPACE = "/kiosk"


def _sid() -> str:
    """Return the Socket.IO connection id of the event being handled."""
    sid: str = request.sid  # type: ignore[attr-defined]  # Flask-SocketIO adds it per event
    return sid


def _refused(code: str, vi: str, en: str) -> dict:
    return {"ok": False, "error": DomainError(code, vi, en, 403).to_dict()}


def register(socketio: SocketIO, runtime: Runtime,
             on_hello: Callable[[], None] | None = None) -> None:
    """Attach the print agent's handlers to the kiosk namespace."""
    agents: dict[str, int] = {}  # connection id -> device id (one agent per kiosk)
    by_device: dict[int, str] = {}

    def device_of_caller() -> int | None:
        return agents.get(_sid())

    def run(use_case: Callable, *args) -> dict:
        try:
            with runtime.uow() as ctx:
                result = use_case(ctx, *args)
        except DomainError as err:
            return {"ok": False, "error": err.to_dict()}
        return {"ok": True, **(result if isinstance(result, dict) else {"jobs": result})}

    @socketio.on(PRINT_HELLO, namespace=NAMESPACE)
    def hello(payload=None):
        """Register this connection as the kiosk's print agent and resend unfinished jobs."""
        payload = payload if isinstance(payload, dict) else {}
        who = principal_for(runtime, payload.get("token"))
        if who is None or who.kind != "device" or who.device_kind != "kiosk":
            return _refused("auth.forbidden", "Mã kiosk không hợp lệ", "Invalid kiosk token")
        old = by_device.get(who.id)
        if old is not None and old != _sid():
            agents.pop(old, None)
        agents[_sid()], by_device[who.id] = who.id, _sid()
        answer = run(agent.hello, who.id, payload.get("printer_status"), payload.get("detail"))
        if on_hello is not None:
            on_hello()
        return answer

    @socketio.on(PRINT_ACK, namespace=NAMESPACE)
    def ack(payload=None):
        """Record a job's outcome: {job_id, ok, error_code, printer_status}."""
        device_id = device_of_caller()
        if device_id is None:
            return _refused("auth.required", "Cần gửi print.hello trước",
                            "Send print.hello first")
        payload = payload if isinstance(payload, dict) else {}
        return run(agent.acknowledge, device_id, payload.get("job_id"), bool(payload.get("ok")),
                   payload.get("error_code"), payload.get("printer_status"))

    @socketio.on(PRINTER_STATUS, namespace=NAMESPACE)
    def status(payload=None):
        """Store the status the agent read from its printer (also its heartbeat)."""
        device_id = device_of_caller()
        if device_id is None:
            return _refused("auth.required", "Cần gửi print.hello trước",
                            "Send print.hello first")
        payload = payload if isinstance(payload, dict) else {}
        return run(agent.report_status, device_id, payload.get("status"), payload.get("detail"))
