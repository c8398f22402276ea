"""Kiosk page (`/kiosk`) and the QR code of a ticket's tracking page (`/kiosk/qr.svg`)."""

from __future__ import annotations

import io

from flask import Blueprint, Flask, Response, abort, current_app, render_template, request

from server.kernel.settings import Settings
from server.queue.settings import queue_settings

bp = Blueprint("kiosk", __name__, url_prefix="/kiosk", static_folder="static",
               static_url_path="/static", template_folder="templates")

MAX_QR_DATA = 300


def _settings() -> Settings:
    return current_app.extensions["motcua"].settings


@bp.get("")
def index():
    """The touch screen; the device token arrives once as ?token= and stays in the browser."""
    options = queue_settings(_settings())
    return render_template("kiosk/index.html", live=True, idle_s=options.kiosk_idle_s)


@bp.get("/qr.svg")
def qr_svg():
    """Draw a QR code, only for our own public URLs (this is not an open QR generator)."""
    import qrcode
    from qrcode.image.svg import SvgPathImage

    data = request.args.get("data", "")
    base = _settings().public_url.rstrip("/") + "/"
    if not data.startswith(base) or len(data) > MAX_QR_DATA:
        abort(404)
    qr = qrcode.QRCode(border=2, image_factory=SvgPathImage,
                       error_correction=qrcode.constants.ERROR_CORRECT_M)
    qr.add_data(data)
    qr.make(fit=True)
    out = io.BytesIO()
    qr.make_image().save(out)
    return Response(out.getvalue(), mimetype="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=86400",
                             "X-Content-Type-Options": "nosniff"})


def register(app: Flask) -> None:
    """Mount the kiosk and the shared assets it uses."""
    from server.kernel.web import pages

    pages.register(app)
    app.register_blueprint(bp)
