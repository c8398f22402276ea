"""Bind Flask-SocketIO to the app and the runtime's publisher."""

from __future__ import annotations

from flask import Flask
from flask_socketio import SocketIO

from server.kernel.events import Event
from server.kernel.runtime import Runtime
from server.queue.events import TICKET_CALLED, TICKET_RECALLED

CALL_EVENTS = (TICKET_CALLED, TICKET_RECALLED)


class SocketIOPublisher:
    """Emit committed events to their rooms, in every namespace that wants them."""

    def __init__(self, socketio: SocketIO):
        self.socketio = socketio

    def publish(self, events: list[Event]) -> None:
        """Send each event's envelope; through Redis when a message queue is set."""
        from server.kernel.events import center_room

        for event in events:
            room = event.room or center_room(event.center_id)
            for namespace in event.namespaces:
                self.socketio.emit(event.type, event.envelope(), to=room, namespace=namespace)
            if event.type in CALL_EVENTS:
                # Let the sockets' writers send the call now, before the other events are built.
                self.socketio.sleep(0)


def init_realtime(app: Flask, runtime: Runtime) -> SocketIO:
    """Create the SocketIO server for the app and route events through it."""
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
    from server.queue import sockets as namespaces

    namespaces.register(socketio, runtime)
    return socketio
