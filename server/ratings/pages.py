"""Ratings screens: the counter's rating screen (/rate) and the public scoreboard (/scoreboard).

`register(app)` also mounts the REST routes and the /rating namespace.
"""

from __future__ import annotations

from flask import Blueprint, Flask, render_template

from server.ratings import api, sockets

bp = Blueprint("ratings", __name__, template_folder="templates", static_folder="static",
               static_url_path="/ratings/static")


@bp.get("/rate")
def rate_page():
    """The rating screen beside a counter; its token arrives once as ?token=."""
    return render_template("ratings/rate.html", live=True)


@bp.get("/scoreboard")
def scoreboard_page():
    """The public scoreboard of the month (numbers only: no names, no comments)."""
    return render_template("ratings/scoreboard.html")


def register(app: Flask) -> None:
    """Mount the pages, the REST routes and the socket namespace."""
    from server.kernel.web import pages

    pages.register(app)
    app.register_blueprint(api.bp, url_prefix="/api/v1")
    app.register_blueprint(bp)
    socketio = app.extensions.get("motcua.socketio")
    if socketio is not None:
        sockets.register(socketio, app.extensions["motcua"])
