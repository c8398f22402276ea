"""Namespaces /board, /counter, /kiosk, /track: rooms from tokens, snapshots, commands."""

from __future__ import annotations

from flask import request
from flask_socketio import SocketIO, join_room
from socketio.exceptions import ConnectionRefusedError as Refused

from server.dossiers.events import dossier_room
from server.kernel import auth
from server.kernel.errors import DomainError
from server.kernel.events import SNAPSHOT, center_room, device_room, staff_room
from server.kernel.models import Center, Staff
from server.kernel.runtime import Runtime
from server.queue import events as ev
from server.queue.usecases import counters, snapshot, tickets

# Which principals may open each namespace.
_ALLOWED = {
    "/board": lambda p: p.kind == "device" and p.device_kind in ("board", "tablet")
    or p.kind == "staff",
    "/kiosk": lambda p: p.kind == "device" and p.device_kind == "kiosk",
    "/counter": lambda p: p.kind == "staff" or (p.kind == "device" and p.device_kind == "tablet"),
}

COMMANDS = {
    "call_next": counters.call_next, "recall": counters.recall,
    "no_show": counters.mark_no_show, "start": counters.start, "complete": counters.complete,
    "hold": counters.hold, "open": counters.open_counter, "close": counters.close_counter,
}


def _token(auth_data) -> str | None:
    if isinstance(auth_data, dict) and auth_data.get("token"):
        return str(auth_data["token"])
    return request.args.get("token")


def register(socketio: SocketIO, runtime: Runtime) -> None:
    """Attach every namespace's handlers."""
    principals: dict[str, auth.Principal] = {}
    track_dossier_connect = _track_dossier_factory(socketio, runtime)

    def snapshot_for(center_id: int) -> dict:
        with runtime.uow(write=False) as ctx:
            return snapshot.lobby_snapshot(ctx, ctx.session.get(Center, center_id))

    def connect_lobby(namespace: str, auth_data) -> None:
        with runtime.uow(write=False) as ctx:
            who = auth.resolve_token(ctx, _token(auth_data))
        if who is None or who.center_id is None or not _ALLOWED[namespace](who):
            raise Refused("Mã thiết bị không hợp lệ / Invalid or unauthorised token", {
                "code": "auth.forbidden", "message_vi": "Mã thiết bị không hợp lệ",
                "message_en": "Invalid or unauthorised token"})
        principals[request.sid] = who
        # Rooms are derived from the token, never from what the client asks for.
        join_room(center_room(who.center_id), namespace=namespace)
        if who.kind == "device":
            join_room(device_room(who.id), namespace=namespace)
        else:
            join_room(staff_room(who.id), namespace=namespace)
        socketio.emit(SNAPSHOT, _with_device(snapshot_for(who.center_id), who),
                      to=request.sid, namespace=namespace)

    def disconnect() -> None:
        principals.pop(request.sid, None)

    def resync(namespace: str):
        who = principals.get(request.sid)
        if who is None:
            return {"ok": False, "error": {"code": "auth.required"}}
        socketio.emit(SNAPSHOT, _with_device(snapshot_for(who.center_id), who),
                      to=request.sid, namespace=namespace)
        return {"ok": True}

    for ns in ("/board", "/kiosk", "/counter"):
        socketio.on("connect", namespace=ns)(lambda auth_data=None, _ns=ns:
                                             connect_lobby(_ns, auth_data))
        socketio.on("disconnect", namespace=ns)(lambda *_a: disconnect())
        socketio.on("resync", namespace=ns)(lambda *_a, _ns=ns: resync(_ns))

    @socketio.on("command", namespace="/counter")
    def command(payload):
        """Run a counter command and acknowledge it: {ok, result} or {ok: false, error}."""
        who = principals.get(request.sid)
        if who is None or who.kind != "staff":
            return {"ok": False, "error": {"code": "auth.forbidden",
                                           "message": "Chỉ cán bộ / Staff only"}}
        try:
            return {"ok": True, "result": run_command(runtime, who, payload)}
        except DomainError as err:
            return {"ok": False, "error": err.to_dict()}

    @socketio.on("connect", namespace="/track")
    def track_connect(auth_data=None):
        if isinstance(auth_data, dict) and auth_data.get("dossier"):
            return track_dossier_connect(auth_data)
        code = (auth_data or {}).get("ticket") if isinstance(auth_data, dict) else None
        code = code or request.args.get("ticket")
        try:
            with runtime.uow(write=False) as ctx:
                status = tickets.ticket_status(ctx, str(code or ""))
        except DomainError as err:
            raise Refused(err.to_dict()["message"], err.to_dict()) from None
        join_room(ev.ticket_room(status["tracking_code"]), namespace="/track")
        socketio.emit(SNAPSHOT, {"seq": 0, "ticket": status}, to=request.sid,
                      namespace="/track")


def _track_dossier_factory(socketio: SocketIO, runtime: Runtime):
    """Follow one dossier: code + secret checked (and rate-limited) like the public API."""
    from server.dossiers.usecases.tracking import track_dossier

    def connect(auth_data: dict) -> None:
        code, secret = str(auth_data.get("dossier", "")), str(auth_data.get("secret", ""))
        try:
            view = track_dossier(runtime, code, secret, request.remote_addr)
        except DomainError as err:
            raise Refused(err.to_dict()["message"], err.to_dict()) from None
        join_room(dossier_room(view["code"]), namespace="/track")
        socketio.emit(SNAPSHOT, {"seq": 0, "dossier": view}, to=request.sid,
                      namespace="/track")

    return connect


def _with_device(snap: dict, who: auth.Principal) -> dict:
    """Tell a screen who it is: a board's configured layout and filters come from the server."""
    if who.kind == "device":
        snap["device"] = {"name": who.name, "kind": who.device_kind, "config": who.config or {}}
    else:
        snap["device"] = None
    return snap


def run_command(runtime: Runtime, who: auth.Principal, payload) -> dict | None:
    """Dispatch a socket command to the same service function the REST route uses."""
    from server.kernel.errors import bad_request

    if not isinstance(payload, dict) or not isinstance(payload.get("counter_id"), int):
        raise bad_request("command.bad_payload", "Lệnh không hợp lệ",
                          "A command needs {action, counter_id}")
    action = payload.get("action")
    counter_id = payload["counter_id"]
    with runtime.uow() as ctx:
        officer = ctx.session.get(Staff, who.id)
        if action in COMMANDS:
            return COMMANDS[action](ctx, counter_id, officer)
        if action == "call":
            return counters.call_ticket(ctx, counter_id, officer, str(payload.get("ticket", "")))
        if action == "pause":
            return counters.pause_counter(ctx, counter_id, officer, payload.get("reason"))
        if action == "resume":
            return counters.resume(ctx, counter_id, officer, payload.get("ticket"))
        if action == "transfer":
            return counters.transfer(ctx, counter_id, officer, payload.get("service"),
                                     payload.get("counter"))
    raise bad_request("command.unknown", f"Lệnh không xác định: {action}",
                      f"Unknown command: {action}")
