"""Connect the voice service to the queue: pre-render on issue, attach clips to calls."""

from __future__ import annotations

import logging

from sqlalchemy import select

from server.db.models import Counter, CounterService
from server.domain.queue import CounterStatus
from server.events import catalogue as ev
from server.events.sink import Event
from server.voice.service import VoiceService

log = logging.getLogger(__name__)

CALL_EVENTS = (ev.TICKET_CALLED, ev.TICKET_RECALLED)


def pending(runtime) -> dict:
    """Return the clips being synthesized, by key (the audio route waits on them)."""
    return runtime.cache.setdefault("voice_pending", {})


def attach_voice(runtime, voice: VoiceService) -> None:
    """Register the hooks that make every call carry its announcement and clip URL."""

    def before_publish(events: list[Event]) -> None:
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
