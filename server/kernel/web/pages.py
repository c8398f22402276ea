"""Shared static files and base template of the screens, plus the `/` landing page."""

from __future__ import annotations

from flask import Blueprint, Flask, render_template

bp = Blueprint("web", __name__, static_folder="static", static_url_path="/web/static",
               template_folder="templates")


@bp.get("/")
def landing() -> str:
    """Point people to the three screens (no secrets: devices bring their own token)."""
    return render_template("web/landing.html")


def register(app: Flask) -> None:
    """Mount the shared blueprint once (every screen calls this, so order does not matter)."""
    if "web" not in app.blueprints:
        app.register_blueprint(bp)
