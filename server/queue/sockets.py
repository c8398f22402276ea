"""Namespaces /board, /counter, /kiosk: rooms from tokens, snapshots, counter commands."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import request
from flask_socketio import SocketIO, join_room
from socketio.exceptions import ConnectionRefusedError as Refused

from server.kernel import auth
from server.kernel.bodies import parse_body
from server.kernel.errors import DomainError, bad_request, not_found
from server.kernel.events import SNAPSHOT, center_room, device_room, staff_room
from server.kernel.models import Center
from server.kernel.principals import Principal
from server.kernel.runtime import Runtime
from server.queue.commands import BY_ACTION, perform
from server.queue.usecases import snapshot

LOBBY = ("/board", "/kiosk", "/counter")

# Which principals may open each namespace.
_ALLOWED: dict[str, Callable[[Principal], bool]] = {
    "/board": lambda p: p.kind == "device" and p.device_kind in ("board", "tablet")
    or p.kind == "staff",
    "/kiosk": lambda p: p.kind == "device" and p.device_kind == "kiosk",
    "/counter": lambda p: p.kind == "staff" or (p.kind == "device" and p.device_kind == "tablet"),
}
_REFUSED = {"code": "auth.forbidden", "message_vi": "Mã thiết bị không hợp lệ",
            "message_en": "Invalid or unauthorised token"}


def _sid() -> str:
    """Return the Socket.IO connection id of the event being handled."""
    sid: str = request.sid  # type: ignore[attr-defined]  # Flask-SocketIO adds it per event
    return sid


def _token(auth_data: object) -> str | None:
    if isinstance(auth_data, dict) and auth_data.get("token"):
        return str(auth_data["token"])
    return request.args.get("token")


class Lobby:
    """The screens of a center: who each connection is, and what it is sent on (re)connect."""

    def __init__(self, socketio: SocketIO, runtime: Runtime):
        self.socketio, self.runtime = socketio, runtime
        self.principals: dict[str, Principal] = {}

    def snapshot_for(self, who: Principal) -> dict[str, Any]:
        """Return the lobby's state, telling a device its configured layout and filters."""
        with self.runtime.uow(write=False) as ctx:
            center = ctx.session.get(Center, who.center_id)
            if center is None:  # the token's center is gone
                raise not_found("center", "trung tâm", who.center_id)
            snap = snapshot.lobby_snapshot(ctx, center)
        snap["device"] = ({"name": who.name, "kind": who.device_kind, "config": who.config or {}}
                          if who.kind == "device" else None)
        return snap

    def connect(self, namespace: str, auth_data: object) -> None:
        """Admit a screen by its token; rooms come from the token, never from the client."""
        with self.runtime.uow(write=False) as ctx:
            who = auth.resolve_token(ctx, _token(auth_data))
        if who is None or who.center_id is None or not _ALLOWED[namespace](who):
            raise Refused("Mã thiết bị không hợp lệ / Invalid or unauthorised token", _REFUSED)
        self.principals[_sid()] = who
        join_room(center_room(who.center_id), namespace=namespace)
        join_room(device_room(who.id) if who.kind == "device" else staff_room(who.id),
                  namespace=namespace)
        self.socketio.emit(SNAPSHOT, self.snapshot_for(who), to=_sid(), namespace=namespace)

    def disconnect(self) -> None:
        """Forget a closed connection."""
        self.principals.pop(_sid(), None)

    def resync(self, namespace: str) -> dict[str, Any]:
        """Send a fresh snapshot to a client that saw a gap."""
        who = self.principals.get(_sid())
        if who is None:
            return {"ok": False, "error": {"code": "auth.required"}}
        self.socketio.emit(SNAPSHOT, self.snapshot_for(who), to=_sid(), namespace=namespace)
        return {"ok": True}

    def command(self, payload: object) -> dict[str, Any]:
        """Run a counter command and acknowledge it: {ok, result} or {ok: false, error}."""
        who = self.principals.get(_sid())
        if who is None or who.kind != "staff":
            return {"ok": False, "error": {"code": "auth.forbidden",
                                           "message": "Chỉ cán bộ / Staff only"}}
        try:
            return {"ok": True, "result": run_command(self.runtime, who, payload)}
        except DomainError as err:
            return {"ok": False, "error": err.to_dict()}


def register(socketio: SocketIO, runtime: Runtime) -> None:
    """Attach the lobby namespaces' handlers."""
    lobby = Lobby(socketio, runtime)
    for ns in LOBBY:
        socketio.on("connect", namespace=ns)(
            lambda auth_data=None, _ns=ns: lobby.connect(_ns, auth_data))
        socketio.on("disconnect", namespace=ns)(lambda *_a: lobby.disconnect())
        socketio.on("resync", namespace=ns)(lambda *_a, _ns=ns: lobby.resync(_ns))
    socketio.on("command", namespace="/counter")(lobby.command)


def run_command(runtime: Runtime, who: Principal,
                payload: object) -> Mapping[str, Any] | None:
    """Run a socket command through the same table and use cases as the REST routes."""
    if not isinstance(payload, dict) or not isinstance(payload.get("counter_id"), int):
        raise bad_request("command.bad_payload", "Lệnh không hợp lệ",
                          "A command needs {action, counter_id}")
    action = payload.get("action")
    command = BY_ACTION.get(action) if isinstance(action, str) else None
    if command is None:
        raise bad_request("command.unknown", f"Lệnh không xác định: {action}",
                          f"Unknown command: {action}")
    return perform(runtime, command, who, payload["counter_id"], parse_body(command.body, payload))
