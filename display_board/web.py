"""Display board page (`/board`); its settings arrive in the Socket.IO snapshot."""

from __future__ import annotations

from flask import Blueprint, Flask, render_template

bp = Blueprint("display_board", __name__, url_prefix="/board", static_folder="static",
               static_url_path="/static", template_folder="templates")


@bp.get("")
def index():
    """The board; ?layout=portrait, ?services=LAND,CIVIL, ?counters=1,2, ?counter=5."""
    return render_template("display_board/index.html", live=True)


def register(app: Flask) -> None:
    """Mount the board and the shared assets it uses."""
    from server.kernel.web import pages

    pages.register(app)
    app.register_blueprint(bp)
