"""Socket.IO for every area: the server, the publisher of committed events, the /track door.

Areas attach their own namespaces' handlers; the public ``/track`` namespace is shared (a
citizen follows a ticket or a dossier), so areas register a ``Tracker`` for their kind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, request
from flask_socketio import SocketIO, join_room
from socketio.exceptions import ConnectionRefusedError as Refused

from server.kernel.errors import DomainError
from server.kernel.events import SNAPSHOT, Event, center_room
from server.kernel.runtime import Key, Runtime

# A tracker checks what a citizen gave (a ticket code, a dossier code + secret) and returns
# the room to join and the snapshot to send, or raises a DomainError.
Tracker = Callable[[dict[str, Any], str | None], tuple[str, dict[str, Any]]]


@dataclass
class Trackers:
    """The kinds of things a citizen can follow on /track, by the key their client sends."""

    by_key: dict[str, Tracker] = field(default_factory=dict)
    # The kind asked to explain itself when a client names none (its own "not found").
    default: str | None = None

    def add(self, key: str, tracker: Tracker, default: bool = False) -> None:
        """Let clients follow `key` (e.g. "ticket", "dossier") through `tracker`."""
        self.by_key[key] = tracker
        if default:
            self.default = key


TRACKERS: Key[Trackers] = Key("trackers")


class SocketIOPublisher:
    """Emit committed events to their rooms, in every namespace that wants them."""

    def __init__(self, socketio: SocketIO):
        self.socketio = socketio

    def publish(self, events: list[Event]) -> None:
        """Send each event's envelope; through Redis when a message queue is set."""
        for event in events:
            room = event.room or center_room(event.center_id or 0)
            for namespace in event.namespaces:
                self.socketio.emit(event.type, event.envelope(), to=room, namespace=namespace)
            if event.urgent:
                # Let the sockets' writers send the call now, before the other events are built.
                self.socketio.sleep(0)


def init_realtime(app: Flask, runtime: Runtime) -> SocketIO:
    """Create the SocketIO server for the app and route committed events through it."""
    settings = runtime.settings
    socketio = SocketIO(
        app,
        async_mode=settings.async_mode,
        message_queue=settings.message_queue or None,
        cors_allowed_origins=[],  # same origin only: screens are served by us
    )
    app.extensions["motcua.socketio"] = socketio
    runtime.more_publishers = [p for p in runtime.more_publishers
                               if not isinstance(p, SocketIOPublisher)]
    runtime.more_publishers.append(SocketIOPublisher(socketio))
    trackers = runtime.provided.find(TRACKERS) or Trackers()
    _register_track(socketio, trackers)
    return socketio


def _register_track(socketio: SocketIO, trackers: Trackers) -> None:
    """The public /track namespace: join the room of what the citizen follows."""

    @socketio.on("connect", namespace="/track")  # type: ignore[untyped-decorator]
    def track_connect(auth_data: object = None) -> None:
        given = dict(auth_data) if isinstance(auth_data, dict) else {}
        for arg, value in request.args.items():
            given.setdefault(arg, value)
        key = next((k for k in trackers.by_key if given.get(k)), trackers.default)
        try:
            if key is None:
                raise DomainError("track.nothing", "Không có gì để theo dõi",
                                  "Nothing to follow", 400)
            room, snapshot = trackers.by_key[key](given, request.remote_addr)
        except DomainError as err:
            raise Refused(err.to_dict()["message"], err.to_dict()) from None
        join_room(room, namespace="/track")
        socketio.emit(SNAPSHOT, {"seq": 0, **snapshot}, to=request.sid,  # type: ignore[attr-defined]
                      namespace="/track")
