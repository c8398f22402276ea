"""The speech engine interface, its errors, voice selection by language, and NullEngine.

Engines are not thread-safe: call ``synthesize`` from one worker thread (see worker.py).
"""

from __future__ import annotations

import logging
import os
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

log = logging.getLogger(__name__)

DEFAULT_RATE = 150  # words per minute: slower than espeak's 175, clearer in a noisy lobby
PROBE_LANG = "vi"


class EngineError(RuntimeError):
    """A speech engine failed to produce a clip."""


class EngineUnavailable(EngineError):
    """The speech engine cannot be used on this machine (text-only mode)."""


def pick_voice(voices: Iterable[tuple[str, Sequence[str]]], lang: str) -> str | None:
    """Return the id of the best (id, languages) voice for ``lang``, or None if none fits."""
    lang = lang.lower()
    best: tuple[int, int, str] | None = None
    for order, (vid, langs) in enumerate(voices):
        codes = [code.lower() for code in langs]
        if lang in codes:
            score = 0
        elif vid.lower().rsplit("/", 1)[-1] == lang:
            score = 1
        elif any(code.startswith(lang + "-") for code in codes):
            score = 2
        else:
            continue
        if best is None or (score, order) < best[:2]:
            best = (score, order, vid)
    return best[2] if best else None


class SpeechEngine(ABC):
    """Interface of a text-to-speech engine writing WAV files."""

    name = "abstract"

    def __init__(self, *, rate: int = DEFAULT_RATE, voices: Mapping[str, str] | None = None):
        self.rate = int(rate)
        self.voice_overrides = dict(voices or {})
        self._available: bool | None = None
        self._reason: str | None = None

    @property
    def reason(self) -> str | None:
        """Return why the engine is unavailable (None when it works or was not probed)."""
        return self._reason

    def available(self) -> bool:
        """Return True if the engine can synthesize here (probed once, then cached)."""
        if self._available is None:
            try:
                self._probe()
            except Exception as exc:
                self._available, self._reason = False, f"{type(exc).__name__}: {exc}"
                log.info("speech engine %s unavailable: %s", self.name, self._reason)
            else:
                self._available, self._reason = True, None
        return self._available

    def _probe(self) -> None:
        """Synthesize a tiny clip; raise if that does not give a valid WAV."""
        fd, tmp = tempfile.mkstemp(prefix="motcua-voice-probe-", suffix=".wav")
        os.close(fd)
        try:
            self.synthesize("a", PROBE_LANG, tmp)
        finally:
            try:
                os.unlink(tmp)
            except OSError:
                pass

    def cache_tag(self, lang: str) -> str:
        """Return what, besides the text, determines the audio: engine, voice and rate."""
        return f"{self.name}|{self.voice_for(lang)}|{self.rate}"

    @abstractmethod
    def voice_for(self, lang: str) -> str:
        """Return the engine's voice id used for ``lang`` (raise EngineError if none)."""

    @abstractmethod
    def synthesize(self, text: str, lang: str, out_path: str | os.PathLike[str]) -> None:
        """Write ``text`` spoken in ``lang`` as a PCM WAV file at ``out_path``."""


class NullEngine(SpeechEngine):
    """No speech: the service runs text-only."""

    name = "none"

    def __init__(self, *, reason: str = "voice disabled (engine 'none')", **_options: Any):
        super().__init__()
        self._available, self._reason = False, reason

    def voice_for(self, lang: str) -> str:
        """Return an empty voice id: there is no voice."""
        return ""

    def synthesize(self, text: str, lang: str, out_path: str | os.PathLike[str]) -> None:
        """Always raise EngineUnavailable."""
        raise EngineUnavailable(self._reason or "no speech engine")
