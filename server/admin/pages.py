"""The administrator's page: system health (database, voice, printers) and voice phrases."""

from __future__ import annotations

from flask import Blueprint, Flask, render_template

from server.kernel.web import pages

bp = Blueprint("admin_page", __name__, template_folder="templates", static_folder="static",
               static_url_path="/admin/static")


@bp.get("/admin")
def admin():
    """Serve the admin page; data comes from the API with the admin's token."""
    return render_template("admin/admin.html")


def register(app: Flask) -> None:
    """Mount the admin page (needs the shared static files)."""
    pages.register(app)
    app.register_blueprint(bp)
