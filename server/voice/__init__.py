"""Offline voice announcements: phrase texts, speech engines, a synthesis worker, a cache.

Pure Python (no Flask): the server builds one ``VoiceService`` at startup.
"""

from .engines import SpeechEngine, make_engine, register_engine
from .phrases import DEFAULT_TEMPLATES, announcement_text
from .service import ClipRef, VoiceService
from .worker import ClipFuture, VoiceWorker

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
