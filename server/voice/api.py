"""Serve announcement clips and the kiosk's read-aloud clips."""

from __future__ import annotations

from typing import Annotated, Any

from flask import Blueprint, Flask, abort, jsonify, send_file
from pydantic import WithJsonSchema
from typing_extensions import TypedDict

from server.kernel.app_settings import write_setting
from server.kernel.bodies import Body
from server.kernel.errors import DomainError, bad_request
from server.kernel.principals import Role
from server.kernel.web.http import (
    accepts,
    answers,
    json_body,
    require_device,
    require_staff,
    runtime,
    signed_in,
)
from server.queue.public import ticket_status
from server.queue.rules.states import TicketStatus
from server.voice.usecases.options import VOICE_KEY, validate_voice_options
from server.voice.usecases.service import VoiceService
from server.voice.wiring import VOICE, Voice

bp = Blueprint("voice", __name__)
admin_bp = Blueprint("voice_admin", __name__)


class VoiceOptionsBody(Body):
    """The announcement phrases per language, how numbers are read, how often a call repeats."""

    # Checked by validate_voice_options (voice.bad_options), described here for the API.
    templates: Annotated[object, WithJsonSchema({
        "type": "object", "additionalProperties": {"type": "string"},
        "description": "lang -> phrase with {number} and {counter}"})] = None
    number_mode: Annotated[object, WithJsonSchema({"type": "string"})] = None
    repeat: Annotated[object, WithJsonSchema({"type": "integer", "minimum": 1})] = None


class VoiceState(TypedDict):
    """The voice's state, its phrases and a preview per language."""

    status: dict[str, Any]
    options: dict[str, Any]
    preview: dict[str, str]


def _area() -> Voice:
    return runtime().provided.get(VOICE)


def _voice() -> VoiceService:
    return _area().service


@bp.get("/audio/<key>.wav")
def clip(key: str):
    """Serve a cached announcement, waiting briefly if it is still being synthesized."""
    voice = _voice()
    path = voice.path_for_key(key)
    if path is None:
        future = _area().pending.get(key)
        if future is None or not future.wait(5.0):
            abort(404)
        path = voice.path_for_key(key)
        if path is None:
            abort(404)
    response = send_file(path, mimetype="audio/wav", max_age=86400)
    return response


@bp.get("/audio/ticket/<tracking_code>.wav")
def ticket_aloud(tracking_code: str):
    """Read a citizen's ticket aloud at the kiosk (number, service, people ahead)."""
    voice = _voice()
    if not voice.available:
        abort(404)
    with runtime().uow(write=False) as ctx:
        view = ticket_status(ctx, tracking_code)
    if view["status"] != TicketStatus.WAITING:
        abort(404)
    text = (f"Số thứ tự của bạn là {' '.join(view['number'])}. Dịch vụ {view['service_name']}. "
            f"Có {view['waiting_ahead']} người đang chờ trước bạn.")
    if voice.worker is None:  # no engine: nothing can be read aloud
        abort(404)
    future = voice.worker.request(text, "vi")
    if not future.wait(5.0):
        abort(503)
    return send_file(future.result(0), mimetype="audio/wav", max_age=60)


@bp.post("/audio/speak")
@require_device("kiosk")
def kiosk_speak():
    """Read a kiosk's screen aloud: {text, lang}; kiosks only, short texts, cached."""
    body = json_body()
    text, lang = str(body.get("text") or "").strip(), body.get("lang") or "vi"
    if not text or len(text) > 400 or lang not in ("vi", "en"):
        raise bad_request("voice.bad_text", "Văn bản đọc phải có từ 1 đến 400 ký tự",
                          "text must be 1 to 400 characters, lang vi or en")
    voice = _voice()
    if not voice.available:
        raise DomainError("voice.unavailable", "Chưa cài đặt bộ đọc tiếng nói",
                          "No speech engine is installed", 503)
    if voice.worker is None:  # available implies a worker; kept explicit for the reader
        raise DomainError("voice.unavailable", "Chưa cài đặt bộ đọc tiếng nói",
                          "No speech engine is installed", 503)
    future = voice.worker.request(text, lang)
    if not future.wait(5.0):
        raise DomainError("voice.busy", "Bộ đọc đang bận", "The speech engine is busy", 503)
    return send_file(future.result(0), mimetype="audio/wav", max_age=3600)


def _voice_state() -> dict:
    voice = _voice()
    return {
        "status": voice.status(),
        "options": {"templates": voice.templates, "number_mode": voice.number_mode,
                    "repeat": voice.repeat},
        "preview": {lang: voice.text_for_call("A012", 5, lang=lang)
                    for lang in voice.templates},
    }


@admin_bp.get("/admin/voice")
@require_staff(Role.ADMIN)
@answers(VoiceState)
def voice_settings():
    """Show the voice's state, phrases and a preview of each language."""
    _area().refresh(runtime(), force=True)
    return jsonify(_voice_state())


@admin_bp.put("/admin/voice")
@require_staff(Role.ADMIN)
@accepts(VoiceOptionsBody)
@answers(VoiceState)
def voice_settings_update():
    """Change the phrases: {templates: {vi: "...{number}...{counter}..."}, number_mode, repeat}."""
    options = validate_voice_options(json_body())
    who = signed_in()
    with runtime().uow() as ctx:
        write_setting(ctx, VOICE_KEY, options, who.id)
    _area().refresh(runtime(), force=True)
    return jsonify(_voice_state())


def register(app: Flask) -> None:
    """Mount the voice routes (the voice service is started by the bootstrap)."""
    app.register_blueprint(bp)
    app.register_blueprint(admin_bp, url_prefix="/api/v1")
