"""Report and dashboard routes (supervisors): JSON, CSV or Excel with the same numbers."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request
from typing_extensions import TypedDict

from server.kernel import centers
from server.kernel.errors import DomainError, bad_request
from server.kernel.models import Center
from server.kernel.principals import Role
from server.kernel.web.http import answers, require_staff, runtime, signed_in
from server.reports.rules.period import Period
from server.reports.usecases.center_report import center_report
from server.reports.usecases.dashboard import dashboard
from server.reports.usecases.queue_report import queue_report

bp = Blueprint("reports_api", __name__)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = ("json", "csv", "xlsx")


class Report(TypedDict, total=False):
    """A report in JSON (?format=csv|xlsx answers a file with the same numbers)."""

    center: dict[str, Any]
    period: dict[str, Any]


def _center(ctx) -> Center:
    """Return the caller's center; an administrator without one names it (?center=CODE)."""
    who = signed_in()
    code = request.args.get("center") or None
    if who.center_id is not None:
        center = ctx.session.get(Center, who.center_id)
        if code and code != center.code:
            raise DomainError("auth.forbidden", "Bạn chỉ xem được báo cáo của trung tâm mình",
                              "You may only see your own center's reports", 403)
        return center
    return centers.get_center(ctx.session, code)


def _format() -> str:
    fmt = (request.args.get("format") or "json").lower()
    if fmt not in FORMATS:
        raise bad_request("report.bad_format", f"Định dạng không hỗ trợ: {fmt}",
                          f"Unsupported format {fmt!r}: use json, csv or xlsx")
    return fmt


def _file(body: bytes, mimetype: str, name: str) -> Response:
    res = Response(body, mimetype=mimetype)
    res.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    res.headers["Cache-Control"] = "no-store"
    return res


def _name(kind: str, report: dict, ext: str) -> str:
    p = report["period"]
    return f"bao-cao-{kind}-{report['center']['code']}-{p['from']}-{p['to']}.{ext}"


@bp.get("/reports/center")
@require_staff(Role.SUPERVISOR)
@answers(Report)
def center_report_route():
    """Dossier report (Biểu II.06a) for ?from=YYYY-MM-DD&to=YYYY-MM-DD&format=json|csv|xlsx."""
    fmt = _format()
    with runtime().uow(write=False) as ctx:
        center = _center(ctx)
        period = Period.of(request.args.get("from"), request.args.get("to"), center.timezone)
        report = center_report(ctx, center, period)
        queue = queue_report(ctx, center, period) if fmt == "xlsx" else None
    from server.reports.usecases import (
        exports,  # openpyxl is loaded on the first export, not at start
    )

    if fmt == "csv":
        return _file(exports.center_csv(report), "text/csv; charset=utf-8",
                     _name("ho-so", report, "csv"))
    if fmt == "xlsx":
        return _file(exports.center_xlsx(report, queue), XLSX, _name("ho-so", report, "xlsx"))
    return jsonify(report)


@bp.get("/reports/queue")
@require_staff(Role.SUPERVISOR)
@answers(Report)
def queue_report_route():
    """Queue report (tickets, waits, service times) for ?from&to&format=json|csv|xlsx."""
    fmt = _format()
    with runtime().uow(write=False) as ctx:
        center = _center(ctx)
        period = Period.of(request.args.get("from"), request.args.get("to"), center.timezone)
        report = queue_report(ctx, center, period)
    from server.reports.usecases import exports

    if fmt == "csv":
        return _file(exports.queue_csv(report), "text/csv; charset=utf-8",
                     _name("hang-doi", report, "csv"))
    if fmt == "xlsx":
        return _file(exports.queue_xlsx(report), XLSX, _name("hang-doi", report, "xlsx"))
    return jsonify(report)


@bp.get("/dashboard")
@require_staff(Role.SUPERVISOR)
@answers(dict[str, Any])
def dashboard_snapshot():
    """The supervisor's dashboard in one read: queues, counters, today, alerts."""
    with runtime().uow(write=False) as ctx:
        return jsonify(dashboard(ctx, _center(ctx)))
