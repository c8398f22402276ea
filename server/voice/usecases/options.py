"""The announcement phrases an administrator sets: check them, store them, apply them."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from server.kernel.app_settings import read_setting
from server.kernel.errors import bad_request
from server.kernel.runtime import Runtime
from server.voice.rules.phrases import announcement_text, resolve_templates
from server.voice.usecases.service import VoiceService

VOICE_KEY = "voice"  # its row in app_settings
REFRESH_S = 30  # how soon another process's edit of the phrases is picked up


def validate_voice_options(body: dict[str, Any]) -> dict[str, Any]:
    """Check an admin's voice options ({templates, number_mode, repeat}) or raise a 400."""
    templates = body.get("templates") or {}
    number_mode = body.get("number_mode") or "whole"
    repeat = body.get("repeat") or 1
    try:
        if not isinstance(templates, dict) or not isinstance(number_mode, str):
            raise TypeError("templates must be an object and number_mode a string")
        repeat = int(repeat)
        for lang in resolve_templates(templates):
            announcement_text("A012", 5, lang=lang, templates=templates,
                              number_mode=number_mode, repeat=repeat)
    except (TypeError, ValueError, KeyError, IndexError) as exc:
        raise bad_request("voice.bad_options", f"Mẫu câu đọc không hợp lệ: {exc}",
                          f"Invalid voice options: {exc}") from None
    return {"templates": templates, "number_mode": number_mode, "repeat": repeat}


def apply_voice_options(voice: VoiceService, options: dict[str, Any] | None) -> None:
    """Make this process's voice speak with the stored phrases."""
    options = options or {}
    voice.templates = resolve_templates(options.get("templates") or {})
    voice.number_mode = options.get("number_mode") or voice.number_mode
    voice.repeat = int(options.get("repeat") or voice.repeat)


class OptionsFreshness:
    """When this process last read the stored phrases, and which version it applied."""

    def __init__(self) -> None:
        self.checked: datetime | None = None
        self.version: object = None

    def refresh(self, runtime: Runtime, voice: VoiceService, force: bool = False) -> None:
        """Reload the stored phrases at most every REFRESH_S seconds (cheap, read-only)."""
        now = runtime.clock()
        if not force and self.checked and now - self.checked < timedelta(seconds=REFRESH_S):
            return
        self.checked = now
        with runtime.uow(write=False) as ctx:
            value, version = read_setting(ctx, VOICE_KEY)
        if version != self.version:
            self.version = version
            apply_voice_options(voice, value)
