"""Dossier pages: officer intake (/intake), public tracking (/track...), printable receipt.

`register(app)` also mounts the dossier REST API and starts the periodic alert scan and
portal outbox delivery (see server/dossiers/tasks.py).
"""

from __future__ import annotations

import io

from flask import Blueprint, Flask, abort, current_app, redirect, render_template, request, url_for

from server.dossiers import api
from server.dossiers.usecases import intake, receipt, tasks, tracking
from server.kernel.errors import DomainError
from server.kernel.models import Center
from server.queue import public as queue

bp = Blueprint("dossiers", __name__, template_folder="templates", static_folder="static",
               static_url_path="/dossiers/static")


def _runtime():
    return current_app.extensions["motcua"]


def qr_svg(data: str) -> str:
    """Return a QR code as an inline SVG element (error correction M)."""
    import qrcode
    from qrcode.image.svg import SvgPathImage

    qr = qrcode.QRCode(border=2, image_factory=SvgPathImage,
                       error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(data)
    qr.make(fit=True)
    out = io.BytesIO()
    qr.make_image().save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg"):]


@bp.before_request
def _refuse_nul_characters():
    """PostgreSQL stores no NUL character: refuse it in paths and arguments up front."""
    from server.dossiers.usecases.common import refuse_nul

    refuse_nul([request.path, *request.args.values()])


def _no_store(response):
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"  # the secret is in the URL
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.get("/intake")
def intake_page():
    """The officer's intake form (login with the staff API, token in sessionStorage)."""
    return render_template("dossiers/intake.html")


@bp.get("/track")
def track_form():
    """Ask for a dossier code and its secret (or follow ?code=&secret= to the dossier page)."""
    code = (request.args.get("code") or "").strip()
    secret = (request.args.get("secret") or "").strip()
    if code and secret:
        return redirect(url_for("dossiers.track_dossier_page", code=code, secret=secret))
    return _no_store(current_app.make_response(
        render_template("dossiers/track_form.html", code=code)))


@bp.get("/track/d/<code>")
def track_dossier_page(code: str):
    """A dossier's public page: status, due date, stage, timeline (no personal data)."""
    secret = request.args.get("secret", "")
    fragment = request.args.get("fragment") == "1"
    try:
        view = tracking.track_dossier(_runtime(), code, secret, request.remote_addr)
    except DomainError as err:
        if err.http_status not in (404, 429):
            raise
        page = render_template("dossiers/track_missing.html", error=err, code=code)
        return _no_store(current_app.make_response((page, err.http_status)))
    template = "dossiers/_dossier.html" if fragment else "dossiers/track_dossier.html"
    rate_ticket = None
    if not fragment:  # the dossier's rating is its visit's: the ticket it was filed on
        with _runtime().uow(write=False) as ctx:
            rate_ticket = tracking.visit_ticket_code(ctx, view["code"])
    return _no_store(current_app.make_response(render_template(
        template, d=view, secret=secret, rate_ticket=rate_ticket)))


@bp.get("/track/t/<tracking_code>")
def track_ticket_page(tracking_code: str):
    """A ticket's public page: status, position and wait, live; the visit's dossiers."""
    runtime = _runtime()
    try:
        with runtime.uow(write=False) as ctx:
            ticket = queue.ticket_status(ctx, tracking_code)
            center = ctx.session.get(Center,
                                     queue.get_ticket(ctx.session, tracking_code).center_id)
            dossiers = intake.ticket_dossiers(ctx, tracking_code)["dossiers"]
            center_name = center.name
    except DomainError as err:
        page = render_template("dossiers/track_missing.html", error=err, code=tracking_code,
                               ticket=True)
        return _no_store(current_app.make_response((page, err.http_status)))
    return _no_store(current_app.make_response(render_template(
        "dossiers/track_ticket.html", ticket=ticket, dossiers=dossiers,
        center_name=center_name, live=True, rate_ticket=ticket["tracking_code"])))


@bp.get("/dossiers/<code>/receipt")
def receipt_page(code: str):
    """The printable receipt (A5); opened from the intake page with a signed link."""
    if not api.check_receipt_signature(code, request.args.get("sig")):
        abort(404)
    runtime = _runtime()
    with runtime.uow(write=False) as ctx:
        data = receipt.receipt_data(ctx, code)
    return _no_store(current_app.make_response(render_template(
        "dossiers/receipt.html", r=data, qr=qr_svg(data["qr_url"]))))


def register(app: Flask) -> None:
    """Mount the pages, the REST API and the periodic tasks (alerts, portal outbox)."""
    from server.kernel.web import pages

    pages.register(app)
    app.register_blueprint(api.bp, url_prefix="/api/v1")
    app.register_blueprint(bp)
    runtime = app.extensions["motcua"]
    socketio = app.extensions.get("motcua.socketio")
    if socketio is not None and tasks.background_enabled(runtime.settings) and \
            not app.extensions.get("motcua.dossier_tasks"):
        app.extensions["motcua.dossier_tasks"] = tasks.start(
            runtime, socketio.start_background_task, socketio.sleep)
