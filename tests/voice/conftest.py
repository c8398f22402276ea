"""Fixtures for the voice tests: real engines (skipped if missing), a call-counting engine."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from server.voice.engines.base import SpeechEngine
from server.voice.engines.registry import EspeakEngine, Pyttsx3Engine
from server.voice.engines.wavutil import check_clip, rms
from server.voice.usecases.service import VoiceService

MIN_RMS = 300.0  # espeak-ng speech is around 3000-4000; silence is 0


class CountingEngine(SpeechEngine):
    """Wraps an engine, counts synthesize calls, and can hold them until released."""

    def __init__(self, inner: SpeechEngine, *, gate: threading.Event | None = None):
        super().__init__(rate=inner.rate)
        self.inner = inner
        self.name = inner.name
        self.gate = gate
        self.calls: list[str] = []
        self._lock = threading.Lock()

    def available(self) -> bool:
        return self.inner.available()

    @property
    def reason(self) -> str | None:
        return self.inner.reason

    def voice_for(self, lang: str) -> str:
        return self.inner.voice_for(lang)

    def synthesize(self, text, lang, out_path) -> None:
        with self._lock:
            self.calls.append(text)
        if self.gate is not None:
            self.gate.wait(10)
        self.inner.synthesize(text, lang, out_path)


def _engine_or_skip(engine: SpeechEngine) -> SpeechEngine:
    """Skip when the engine is missing here; on CI (QMS_REQUIRE_SERVICES=1) fail instead."""
    if not engine.available():
        message = f"{engine.name} unavailable: {engine.reason}"
        if os.environ.get("QMS_REQUIRE_SERVICES") == "1":
            pytest.fail(message)
        pytest.skip(message)
    return engine


@pytest.fixture
def espeak_engine() -> SpeechEngine:
    return _engine_or_skip(EspeakEngine())


@pytest.fixture
def pyttsx3_engine() -> SpeechEngine:
    return _engine_or_skip(Pyttsx3Engine())


@pytest.fixture(params=["pyttsx3", "espeak"])
def real_engine(request: pytest.FixtureRequest) -> SpeechEngine:
    factory = {"pyttsx3": Pyttsx3Engine, "espeak": EspeakEngine}[request.param]
    return _engine_or_skip(factory())


@pytest.fixture
def counting() -> type[CountingEngine]:
    """Return the CountingEngine class (test modules cannot import conftest reliably)."""
    return CountingEngine


@pytest.fixture
def cache_dir(tmp_path: Path) -> Path:
    return tmp_path / "voice_cache"


@pytest.fixture
def make_service(cache_dir: Path) -> Iterator[Callable[..., VoiceService]]:
    services: list[VoiceService] = []

    def make(**kwargs) -> VoiceService:
        kwargs.setdefault("cache_dir", cache_dir)
        service = VoiceService(**kwargs)
        services.append(service)
        return service

    yield make
    for service in services:
        service.close()


@pytest.fixture
def assert_speech() -> Callable[[Path], float]:
    """Return a checker: the file is a non-silent mono PCM WAV; it returns the duration."""

    def check(path: Path) -> float:
        head = Path(path).read_bytes()[:12]
        assert head[:4] == b"RIFF" and head[8:12] == b"WAVE"
        info = check_clip(path)
        assert info.channels == 1
        assert info.sample_width == 2
        assert info.rate > 8000
        assert rms(path) > MIN_RMS
        return info.duration

    return check
