"""How voice plugs into the runtime: a clip for every call, clips rendered ahead, health."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlalchemy.exc import SQLAlchemyError

from server.kernel.events import Event
from server.kernel.runtime import Key, Runtime
from server.queue.events import CALLS, TICKET_ISSUED, TicketCalledData
from server.queue.public import open_counter_numbers
from server.voice.engines.worker import ClipFuture
from server.voice.usecases.options import OptionsFreshness
from server.voice.usecases.service import VoiceService

log = logging.getLogger(__name__)


@dataclass
class Voice:
    """This process's voice: the service, clips being synthesized, the phrases' freshness."""

    service: VoiceService
    pending: dict[str, ClipFuture] = field(default_factory=dict)
    options: OptionsFreshness = field(default_factory=OptionsFreshness)

    def refresh(self, runtime: Runtime, force: bool = False) -> None:
        """Apply phrases an administrator changed (checked at most every 30 s)."""
        self.options.refresh(runtime, self.service, force)


VOICE: Key[Voice] = Key("voice")


def start(runtime: Runtime) -> Voice:
    """Start this process's voice service and attach it to calls (once per runtime)."""
    voice = runtime.provided.find(VOICE)
    if voice is not None:
        return voice
    voice = Voice(VoiceService.from_settings(runtime.settings))
    runtime.provided.set(VOICE, voice)
    for kind in CALLS:
        runtime.before_publish(kind, lambda data: announce(runtime, voice, data))
    runtime.after_publish(lambda events: prerender(runtime, voice, events))
    runtime.add_health("voice", voice.service.status)
    try:
        voice.refresh(runtime, force=True)
    except SQLAlchemyError as exc:  # not migrated yet: defaults until the next call
        log.warning("voice phrases not loaded: %s", exc.__class__.__name__)
    return voice


def announce(runtime: Runtime, voice: Voice, data: TicketCalledData) -> None:
    """Give a call its announcement text and the URL of its clip."""
    voice.refresh(runtime)
    text, future = voice.service.request_call(data["number"], data["counter"])
    data["announcement"] = text
    if future is not None:
        voice.pending[future.key] = future
        data["audio_url"] = f"/audio/{future.key}.wav"
    for key in [k for k, f in voice.pending.items() if f.done()]:
        voice.pending.pop(key, None)


def prerender(runtime: Runtime, voice: Voice, events: list[Event]) -> None:
    """Render ahead the clip of each new ticket for every counter likely to call it."""
    issued = [e for e in events if e.is_a(TICKET_ISSUED)]
    if not issued or not voice.service.available:
        return
    with runtime.uow(write=False) as ctx:
        for event in issued:
            numbers = open_counter_numbers(ctx, event.data["service_id"])
            voice.service.prerender_ticket(event.data["number"], numbers)
