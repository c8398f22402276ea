"""Speech engines by name: "pyttsx3" | "espeak" | "none" | "auto", and a registry for more.

piper (or another engine) can be added later with ``register_engine("piper", factory)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from server.voice.engines.base import (
    DEFAULT_RATE,
    EngineError,
    EngineUnavailable,
    NullEngine,
    SpeechEngine,
    pick_voice,
)
from server.voice.engines.engine_espeak import EspeakEngine
from server.voice.engines.engine_pyttsx3 import Pyttsx3Engine

__all__ = [
    "AUTO_ORDER",
    "DEFAULT_RATE",
    "ENGINES",
    "EngineError",
    "EngineUnavailable",
    "EspeakEngine",
    "NullEngine",
    "Pyttsx3Engine",
    "SpeechEngine",
    "make_engine",
    "pick_voice",
    "register_engine",
]

EngineFactory = Callable[..., SpeechEngine]

ENGINES: dict[str, EngineFactory] = {
    "pyttsx3": Pyttsx3Engine,
    "espeak": EspeakEngine,
    "none": NullEngine,
}
AUTO_ORDER: list[str] = ["pyttsx3", "espeak"]


def register_engine(name: str, factory: EngineFactory, *, auto: bool = False) -> None:
    """Add an engine (e.g. piper) under ``name``; with auto=True "auto" tries it first."""
    ENGINES[name] = factory
    if auto and name not in AUTO_ORDER:
        AUTO_ORDER.insert(0, name)


def make_engine(name: str = "auto", **options: Any) -> SpeechEngine:
    """Build the engine named "pyttsx3" | "espeak" | "none" | "auto" (first available)."""
    key = (name or "auto").strip().lower()
    if key != "auto":
        if key not in ENGINES:
            raise ValueError(f"unknown voice engine {name!r}; known: auto, {', '.join(ENGINES)}")
        return ENGINES[key](**options)
    reasons = []
    for candidate in AUTO_ORDER:
        try:
            engine = ENGINES[candidate](**options)
        except Exception as exc:
            reasons.append(f"{candidate}: {exc}")
            continue
        if engine.available():
            return engine
        reasons.append(f"{candidate}: {engine.reason}")
    return NullEngine(reason="no speech engine available (" + "; ".join(reasons) + ")")
