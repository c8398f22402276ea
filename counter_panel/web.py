"""Counter panel page (`/counter`): staff log in, pick a counter and run it live."""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, render_template

from server.queue.settings import queue_settings

bp = Blueprint("counter_panel", __name__, url_prefix="/counter", static_folder="static",
               static_url_path="/static", template_folder="templates")


@bp.get("")
def index():
    """The panel; everything after the page load goes through the API and Socket.IO."""
    settings = queue_settings(current_app.extensions["motcua"].settings)
    return render_template("counter_panel/index.html", live=True,
                           recall_cooldown_s=settings.recall_cooldown_s,
                           max_calls=settings.max_calls)


def register(app: Flask) -> None:
    """Mount the counter panel and the shared assets it uses."""
    from server.kernel.web import pages

    pages.register(app)
    app.register_blueprint(bp)
