"""REST adapter of the dossier use cases (mounted under /api/v1 by web.register)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, jsonify, request, send_file
from itsdangerous import BadSignature, URLSafeTimedSerializer

from server.dossiers import bodies as b
from server.dossiers.usecases import (
    alerts,
    calendar_days,
    catalogue,
    intake,
    lifecycle,
    outbox,
    portal,
    receipt,
    search,
    tracking,
)
from server.dossiers.usecases.common import get_dossier as find_dossier
from server.kernel import centers
from server.kernel.bodies import parse_body
from server.kernel.errors import bad_request
from server.kernel.models import Staff
from server.kernel.principals import Role
from server.kernel.web.http import (
    accepts,
    answers,
    json_body,
    json_value,
    require_staff,
    runtime,
    signed_in,
    uploads,
)

bp = Blueprint("dossier_api", __name__)

RECEIPT_TTL_S = 24 * 3600


# --- helpers -----------------------------------------------------------------------

def _ip() -> str | None:
    return request.remote_addr


def _staff(ctx) -> Staff:
    return ctx.session.get(Staff, signed_in().id)


def _center_id() -> int | None:
    return signed_in().center_id


def _signer() -> URLSafeTimedSerializer:
    secret = current_app.secret_key
    if secret is None:
        raise RuntimeError("the app has no SECRET_KEY: receipt links cannot be signed")
    return URLSafeTimedSerializer(secret, salt="motcua.dossier.receipt")


def receipt_link(code: str) -> str:
    """Return a receipt URL staff can open in a new tab (signed, valid for a day)."""
    return f"/dossiers/{code}/receipt?sig={_signer().dumps(code)}"


def check_receipt_signature(code: str, sig: str | None) -> bool:
    """Tell whether a receipt link was signed by this server for this code and is fresh."""
    try:
        return _signer().loads(sig or "", max_age=RECEIPT_TTL_S) == code
    except BadSignature:
        return False


def _with_links(view: dict) -> dict:
    view["receipt_url"] = receipt_link(view["code"])
    view["tracking_url"] = (f"{runtime().settings.public_url.rstrip('/')}/track/d/"
                            f"{view['code']}?secret={view['secret']}")
    for item in view.get("dossiers") or []:
        item["receipt_url"] = receipt_link(item["code"])
    return view


# --- public ------------------------------------------------------------------------

@bp.get("/procedures")
@answers(b.ProcedureList)
def list_procedures():
    """List the procedure catalogue (public): code, name, level, field, duration, fee, stages."""
    args = request.args
    with runtime().uow(write=False) as ctx:
        items = catalogue.list_procedures(ctx, args.get("q"), args.get("level"),
                                          args.get("field"))
    return jsonify({"procedures": items, "total": len(items)})


@bp.get("/procedures/<code>")
@answers(dict[str, Any])
def get_procedure(code: str):
    """Describe one procedure's current version (public)."""
    with runtime().uow(write=False) as ctx:
        return jsonify(catalogue.procedure_view(catalogue.current_procedure(ctx, code)))


@bp.get("/procedure-groups")
@answers(b.GroupList)
def list_procedure_groups():
    """List linked-procedure groups (liên thông) (public)."""
    with runtime().uow(write=False) as ctx:
        return jsonify({"groups": catalogue.list_groups(ctx)})


@bp.get("/track/<code>")
@answers(dict[str, Any])
def track(code: str):
    """Track a dossier with its code and ?secret= (public, no personal data)."""
    return jsonify(tracking.track_dossier(runtime(), code, request.args.get("secret", ""),
                                          _ip()))


@bp.get("/tickets/<tracking_code>/dossiers")
@answers(b.TicketDossiers)
def ticket_dossiers(tracking_code: str):
    """List the dossiers recorded for a ticket's visit: codes and status only (public)."""
    with runtime().uow(write=False) as ctx:
        return jsonify(intake.ticket_dossiers(ctx, tracking_code))


# --- officers ----------------------------------------------------------------------

@bp.post("/dossiers")
@require_staff()
@accepts(b.DossierBody)
@answers(b.DossierView, 201)
def create_dossier():
    """Record a dossier (procedure) or linked dossiers (group), optionally for a ticket."""
    body = json_body()
    with runtime().uow() as ctx:
        officer = _staff(ctx)
        if officer.center_id:
            center = centers.center_of(ctx.session, officer.center_id)
        else:
            center = centers.get_center(ctx.session, body.get("center"))
        view = intake.intake(ctx, center, officer, body)
    return jsonify(_with_links(view)), 201


@bp.get("/dossiers")
@require_staff()
@answers(b.SearchResult)
def search_dossiers():
    """Search dossiers: q (code or name), phone, status, procedure, from, to (logged)."""
    with runtime().uow() as ctx:
        return jsonify(search.search(ctx, _staff(ctx), request.args.to_dict(), _ip()))


@bp.get("/dossiers/alerts")
@require_staff()
@answers(b.AlertList)
def dossier_alerts():
    """List nearly-due and overdue dossiers and stages: all for supervisors, own for officers."""
    who = signed_in()
    with runtime().uow(write=False) as ctx:
        items = alerts.current_alerts(ctx, _center_id())
    if not who.has_role(Role.SUPERVISOR) or request.args.get("mine"):
        items = [a for a in items if who.id in a.get("recipients", [])]
    level = request.args.get("level")
    if level:
        items = [a for a in items if a["level"] == level]
    return jsonify({"alerts": items, "total": len(items)})


@bp.get("/dossiers/access-log")
@require_staff(Role.SUPERVISOR)
@answers(b.AccessLog)
def dossier_access_log():
    """List the latest staff accesses to personal data (supervisors)."""
    with runtime().uow(write=False) as ctx:
        return jsonify({"entries": search.access_log(ctx, _staff(ctx))})


@bp.get("/dossiers/<code>")
@require_staff()
@answers(b.DossierView)
def get_dossier(code: str):
    """Show a dossier to staff (ID number masked; the access is logged)."""
    with runtime().uow() as ctx:
        return jsonify(_with_links(search.view(ctx, _staff(ctx), code, _ip())))


@bp.get("/dossiers/<code>/applicant")
@require_staff()
@answers(b.ApplicantView)
def dossier_applicant(code: str):
    """Show the applicant's full ID number (?reason=...); every call is logged."""
    with runtime().uow() as ctx:
        return jsonify(search.reveal_applicant(ctx, _staff(ctx), code,
                                               request.args.get("reason"), _ip()))


@bp.post("/dossiers/<code>/transitions")
@require_staff()
@accepts(b.TransitionBody)
@answers(b.DossierView)
def dossier_transition(code: str):
    """Move a dossier: {status_code, note?, stage?, result_method? (for 10)}."""
    body = parse_body(b.TransitionBody, json_body())
    with runtime().uow() as ctx:
        view = lifecycle.transition(ctx, code, _staff(ctx), body.status_code,
                                    note=body.note, stage=body.stage,
                                    result_method=body.result_method,
                                    center_id=_center_id())
    return jsonify(_with_links(view))


@bp.post("/dossiers/<code>/apology")
@require_staff()
@accepts(b.ApologyBody)
@answers(b.DossierView, 201)
def dossier_apology(code: str):
    """Record the apology letter of a late dossier: {text, ref, new_due_date}."""
    body = json_body()
    with runtime().uow() as ctx:
        view = lifecycle.record_apology(ctx, code, _staff(ctx), body, _center_id())
    return jsonify(_with_links(view)), 201


@bp.post("/dossiers/<code>/payments")
@require_staff()
@accepts(b.PaymentBody)
@answers(b.PaymentView, 201)
def dossier_payment(code: str):
    """Record a fee payment: {method: cash|transfer|online, amount_vnd?, ref?}."""
    body = json_body()
    with runtime().uow() as ctx:
        return jsonify(lifecycle.record_payment(ctx, code, _staff(ctx), body,
                                                _center_id())), 201


@bp.post("/dossiers/<code>/documents")
@require_staff()
@uploads("file")
@answers(b.DocumentView, 201)
def dossier_upload(code: str):
    """Upload a digitised document (multipart field `file`): PDF, JPEG or PNG, 10 MB."""
    upload = request.files.get("file")
    if upload is None:
        raise bad_request("file.required", "Cần tệp (trường 'file')",
                          "A multipart field 'file' is required")
    limit = lifecycle.max_file_bytes(runtime().settings)
    data = upload.stream.read(limit + 1)
    with runtime().uow() as ctx:
        result = lifecycle.add_document(ctx, code, _staff(ctx), upload.filename, data,
                                        _center_id())
    return jsonify(result), 201


@bp.get("/dossiers/<code>/documents/<int:file_id>")
@require_staff()
def dossier_document(code: str, file_id: int):
    """Download a digitised document (the access is logged)."""
    with runtime().uow() as ctx:
        row = lifecycle.get_document(ctx, code, file_id, _center_id())
        dossier = find_dossier(ctx, code, _center_id())
        search.log_access(ctx, _staff(ctx), "file", dossier, {"file_id": file_id}, _ip())
        path, name, ctype = row.path, row.name, row.content_type
    return send_file(path, mimetype=ctype, download_name=name, as_attachment=True)


@bp.get("/dossiers/<code>/receipt")
@require_staff()
@answers(b.ReceiptView)
def dossier_receipt(code: str):
    """Return the receipt as plain data (title, lines, qr_url) and a printable link."""
    with runtime().uow(write=False) as ctx:
        data = receipt.receipt_data(ctx, code, _center_id())
    return jsonify({**data, "receipt_url": receipt_link(code)})


# --- administrators ----------------------------------------------------------------

@bp.get("/calendar/days")
@require_staff(Role.ADMIN)
@answers(b.CalendarDays)
def calendar_list_days():
    """List extra days off and make-up working days (?year= adds the year's holidays)."""
    year = request.args.get("year")
    if year is not None and not (year.isdigit() and 1900 <= int(year) <= 2200):
        raise bad_request("calendar.bad_year", "Năm không hợp lệ", "year must be a number")
    with runtime().uow(write=False) as ctx:
        center = centers.center_of(ctx.session, _center_id()) if _center_id() else None
        return jsonify(calendar_days.list_days(ctx, int(year) if year else None, center))


@bp.post("/calendar/days")
@require_staff(Role.ADMIN)
@accepts(b.CalendarDayBody)
@answers(b.CalendarDay, 201)
def calendar_set_day():
    """Set a day: {day: YYYY-MM-DD, kind: off|work|none, note}."""
    body = parse_body(b.CalendarDayBody, json_body())
    with runtime().uow() as ctx:
        return jsonify(calendar_days.set_day(ctx, _staff(ctx), body.day, body.kind,
                                             body.note)), 201


@bp.post("/portal/dossiers")
@require_staff(Role.ADMIN)
@accepts(b.PortalImportBody)
@answers(b.PortalImportResult)
def portal_import():
    """Import dossiers from the provincial portal (docs/portal.md); idempotent by MaHoSo."""
    body = json_value()
    with runtime().uow() as ctx:
        return jsonify(portal.import_portal(ctx, body, _staff(ctx)))


@bp.get("/portal/outbox")
@require_staff(Role.ADMIN)
@answers(b.OutboxStatus)
def portal_outbox():
    """Show the portal outbox: pending events and failing deliveries."""
    with runtime().uow(write=False) as ctx:
        return jsonify(outbox.outbox_status(ctx))


@bp.post("/procedures/import")
@require_staff(Role.ADMIN)
@accepts(b.CatalogueImportBody)
@answers(dict[str, Any])
def procedures_import():
    """Import a catalogue document {procedures: [...], groups: [...]} (new versions on change)."""
    body = json_value()
    with runtime().uow() as ctx:
        return jsonify(catalogue.import_document(ctx, body))
