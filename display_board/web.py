"""Display board page (`/board`) and the calling device's own settings (`/board/device`)."""

from __future__ import annotations

from flask import Blueprint, Flask, jsonify, render_template

bp = Blueprint("display_board", __name__, url_prefix="/board", static_folder="static",
               static_url_path="/static", template_folder="templates")


@bp.get("")
def index():
    """The board; ?layout=portrait, ?services=LAND,CIVIL, ?counters=1,2, ?counter=5."""
    return render_template("display_board/index.html", live=True)


@bp.get("/device")
def device():
    """Tell a board its name and settings (layout...), from its bearer token."""
    from server.api.common import bearer_token, runtime
    from server.domain.errors import DomainError
    from server.services.auth import resolve_token

    with runtime().uow(write=False) as ctx:
        who = resolve_token(ctx, bearer_token())
    if who is None or who.kind != "device" or who.device_kind not in ("board", "tablet"):
        raise DomainError("auth.required", "Cần mã thiết bị bảng hiển thị hợp lệ",
                          "A valid board device token is required", 401)
    return jsonify({"kind": who.device_kind, "name": who.name, "config": who.config or {}})


def register(app: Flask) -> None:
    """Mount the board and the shared assets it uses."""
    from server.web import pages

    pages.register(app)
    app.register_blueprint(bp)
