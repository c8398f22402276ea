"""Socket.IO namespace ``/rating``: a rating screen joins its own room by its token.

``rating.ask`` arrives in that room when the officer at the screen's counter completes a
visit; on connect the screen gets a ``snapshot`` with its counter, scale, reasons and timings.
"""

from __future__ import annotations

from typing import Any

from flask import request
from flask_socketio import SocketIO, join_room
from socketio.exceptions import ConnectionRefusedError as Refused

from server.kernel import auth
from server.kernel.events import SNAPSHOT, device_room
from server.kernel.models import Center
from server.kernel.principals import DeviceKind, Principal
from server.kernel.runtime import Runtime
from server.ratings.settings import ratings_settings
from server.ratings.usecases.common import level_views, reason_views, scale_of

NAMESPACE = "/rating"
_REFUSED = {"code": "auth.forbidden", "message_vi": "Mã màn hình đánh giá không hợp lệ",
            "message_en": "Invalid rating screen token"}


def _token(auth_data: object) -> str | None:
    if isinstance(auth_data, dict) and auth_data.get("token"):
        return str(auth_data["token"])
    return request.args.get("token")


def rating_snapshot(runtime: Runtime, who: Principal) -> dict[str, Any]:
    """What a rating screen needs before any visit: its counter, scale, reasons, timings."""
    options = ratings_settings(runtime.settings)
    with runtime.uow(write=False) as ctx:
        center = ctx.get(Center, who.center_id)
        scale = scale_of(ctx, center)
        counter = (who.config or {}).get("counter")
        return {"device": {"name": who.name, "counter": counter}, "center": center.name,
                "scale": scale,
                "levels": level_views(scale),
                "reasons": reason_views(),
                "ask_s": options.ask_s, "thanks_s": options.thanks_s}


def register(socketio: SocketIO, runtime: Runtime) -> None:
    """Attach the /rating namespace's connect handler."""

    @socketio.on("connect", namespace=NAMESPACE)
    def connect(auth_data: object = None) -> None:
        with runtime.uow(write=False) as ctx:
            who = auth.resolve_token(ctx, _token(auth_data))
        if who is None or who.kind != "device" or who.device_kind != DeviceKind.RATING:
            raise Refused("Mã màn hình đánh giá không hợp lệ / Invalid rating screen token",
                          _REFUSED)
        join_room(device_room(who.id), namespace=NAMESPACE)
        socketio.emit(SNAPSHOT, rating_snapshot(runtime, who),
                      to=request.sid, namespace=NAMESPACE)  # type: ignore[attr-defined]
