"""Connect the voice service to the queue: pre-render on issue, attach clips to calls."""

from __future__ import annotations

import logging

from sqlalchemy import select

from server.kernel.events import Event
from server.queue import events as ev
from server.queue.models import Counter, CounterService
from server.queue.rules.states import CounterStatus
from server.voice.usecases.service import VoiceService

log = logging.getLogger(__name__)

CALL_EVENTS = (ev.TICKET_CALLED, ev.TICKET_RECALLED)


def pending(runtime) -> dict:
    """Return the clips being synthesized, by key (the audio route waits on them)."""
    return runtime.cache.setdefault("voice_pending", {})


def attach_voice(runtime, voice: VoiceService) -> None:
    """Register the hooks that make every call carry its announcement and clip URL."""

    def before_publish(events: list[Event]) -> None:
        if any(e.type in CALL_EVENTS for e in events):
            refresh_voice_options(runtime, voice)
        for event in events:
            if event.type not in CALL_EVENTS or event.room is not None:
                continue
            data = event.data
            text, future = voice.request_call(data["number"], data["counter"])
            data["announcement"] = text
            if future is not None:
                pending(runtime)[future.key] = future
                data["audio_url"] = f"/audio/{future.key}.wav"
        stale = [k for k, f in pending(runtime).items() if f.done()]
        for key in stale:
            pending(runtime).pop(key, None)

    def after_commit(events: list[Event]) -> None:
        issued = [e for e in events if e.type == ev.TICKET_ISSUED]
        if not issued or not voice.available:
            return
        with runtime.uow(write=False) as ctx:
            for event in issued:
                numbers = ctx.session.scalars(
                    select(Counter.number).join(
                        CounterService, CounterService.counter_id == Counter.id)
                    .where(CounterService.service_id == event.data["service_id"],
                           Counter.status == CounterStatus.OPEN)).all()
                # Ready before the call: the clip for each counter likely to call it.
                voice.prerender_ticket(event.data["number"], numbers)

    runtime.on("before_publish", before_publish)
    runtime.on("after_commit", after_commit)
    runtime.on("health", ("voice", voice.status))


VOICE_KEY = "voice"
REFRESH_S = 30  # how soon another process's edit of the phrases is picked up


def validate_voice_options(body: dict) -> dict:
    """Check an admin's voice options ({templates, number_mode, repeat}) or raise a 400."""
    from server.kernel.errors import bad_request
    from server.voice.rules.phrases import announcement_text, resolve_templates

    options = {
        "templates": body.get("templates") or {},
        "number_mode": body.get("number_mode") or "whole",
        "repeat": body.get("repeat") or 1,
    }
    try:
        resolve_templates(options["templates"])
        for lang in resolve_templates(options["templates"]):
            announcement_text("A012", 5, lang=lang, templates=options["templates"],
                              number_mode=options["number_mode"], repeat=int(options["repeat"]))
    except (TypeError, ValueError, KeyError, IndexError) as exc:
        raise bad_request("voice.bad_options", f"Mẫu câu đọc không hợp lệ: {exc}",
                          f"Invalid voice options: {exc}") from None
    options["repeat"] = int(options["repeat"])
    return options


def apply_voice_options(voice: VoiceService, options: dict | None) -> None:
    """Make this process's voice speak with the stored phrases."""
    from server.voice.rules.phrases import resolve_templates

    options = options or {}
    voice.templates = resolve_templates(options.get("templates") or {})
    voice.number_mode = options.get("number_mode") or voice.number_mode
    voice.repeat = int(options.get("repeat") or voice.repeat)


def refresh_voice_options(runtime, voice: VoiceService, force: bool = False) -> None:
    """Reload the stored phrases at most every REFRESH_S seconds (cheap, read-only)."""
    from datetime import timedelta

    from server.kernel.app_settings import read_setting

    state = runtime.cache.setdefault("voice_options", {"checked": None, "version": None})
    now = runtime.clock()
    if not force and state["checked"] and now - state["checked"] < timedelta(seconds=REFRESH_S):
        return
    state["checked"] = now
    with runtime.uow(write=False) as ctx:
        value, version = read_setting(ctx, VOICE_KEY)
    if version != state["version"]:
        state["version"] = version
        apply_voice_options(voice, value)
