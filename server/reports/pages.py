"""Supervisor pages: the live dashboard (`/dashboard`) and report pages (`/dashboard/reports`),
plus the report and dashboard API routes."""

from __future__ import annotations

from flask import Blueprint, Flask, current_app, render_template

from server.reports import api
from server.reports.settings import report_settings

bp = Blueprint("reports", __name__, url_prefix="/dashboard", static_folder="static",
               static_url_path="/static", template_folder="templates")


def _config() -> dict:
    settings = current_app.extensions["motcua"].settings
    return {"wait_alert_s": report_settings(settings).wait_alert_s,
            "timezone": settings.timezone}


@bp.get("")
def dashboard_page():
    """The live dashboard: log in, then the snapshot endpoint and the /board namespace."""
    return render_template("reports/dashboard.html", live=True, page="dashboard",
                           config=_config())


@bp.get("/reports")
def reports_page():
    """Report pages with charts and export links."""
    return render_template("reports/reports.html", live=False, page="reports",
                           config=_config())


def register(app: Flask) -> None:
    """Mount the pages, their assets and the /api/v1 report routes."""
    from server.kernel.web import pages

    pages.register(app)
    app.register_blueprint(bp)
    app.register_blueprint(api.bp, url_prefix="/api/v1")
