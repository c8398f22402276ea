"""Offline voice announcements: phrase texts, speech engines, a synthesis worker, a cache.

Pure Python (no Flask): the server builds one ``VoiceService`` at startup.
"""

from server.voice.engines.registry import SpeechEngine, make_engine, register_engine
from server.voice.engines.worker import ClipFuture, VoiceWorker
from server.voice.rules.phrases import DEFAULT_TEMPLATES, announcement_text
from server.voice.usecases.service import ClipRef, VoiceService

__all__ = [
    "DEFAULT_TEMPLATES",
    "ClipFuture",
    "ClipRef",
    "SpeechEngine",
    "VoiceService",
    "VoiceWorker",
    "announcement_text",
    "make_engine",
    "register_engine",
]
