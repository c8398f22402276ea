"""pyttsx3 with its espeak-ng driver as a speech engine (libespeak-ng in-process).

pyttsx3 2.99 pitfalls handled here: libespeak is initialized once per process in
asynchronous "retrieval" mode, so ``runAndWait()`` returns before the WAV is written
(the espeak-ng thread writes it from a callback); one save per ``runAndWait``; the driver
prints "Audio saved to ..." on stdout; an unknown voice id is silently ignored. All use
is serialized by one process-wide OS lock and each clip waits for the end of synthesis.
"""

from __future__ import annotations

import builtins
import os
import sys
import time
from typing import Any

from server.voice.engines._compat import real_threading
from server.voice.engines.base import EngineError, SpeechEngine, pick_voice
from server.voice.engines.wavutil import check_clip

SYNTH_TIMEOUT_S = 30.0
IDLE_TIMEOUT_S = 2.0


def _quiet_print(*args: Any, **kwargs: Any) -> None:
    if args and isinstance(args[0], str) and args[0].startswith("Audio saved to"):
        return
    builtins.print(*args, **kwargs)


class _SharedPyttsx3:
    """The process's single pyttsx3 engine, its lock and its end-of-clip signal."""

    def __init__(self) -> None:
        threading = real_threading()
        self.lock = threading.RLock()
        self.done = threading.Event()  # set once the driver callback has fully returned
        self.finished = False
        self.completed = False
        self.engine: Any = None  # strong reference: pyttsx3 keeps engines in a weak dict
        self._driver: Any = None
        self._espeak: Any = None

    def get(self) -> Any:
        """Return the pyttsx3 engine, creating and instrumenting it once (hold the lock)."""
        if self.engine is None:
            import pyttsx3

            engine = pyttsx3.init("espeak")
            engine.connect("finished-utterance", self._on_finished)
            self._wrap_callback(engine)
            # Shadow print in the driver module only: redirecting sys.stdout would also
            # swallow other threads' output.
            driver_module = sys.modules.get("pyttsx3.drivers.espeak")
            if driver_module is not None:
                driver_module.print = _quiet_print  # type: ignore[attr-defined]  # a module global
            self.engine = engine
        return self.engine

    def _on_finished(self, completed: bool = True, **_kwargs: Any) -> None:
        if self.finished:
            return  # a late "interrupted" notice after the clip was complete
        self.finished, self.completed = True, bool(completed)
        if self._driver is None:
            self.done.set()

    def _wrap_callback(self, engine: Any) -> None:
        """Signal the end of a clip only after the driver's synth callback has returned."""
        try:
            from pyttsx3.drivers import _espeak

            driver = engine.proxy._driver
            on_synth = driver._onSynth
        except (ImportError, AttributeError):
            return  # another pyttsx3 layout: fall back to the notification alone

        def callback(wav: Any, numsamples: int, events: Any) -> int:
            result = on_synth(wav, numsamples, events)
            if self.finished:
                self.done.set()
            return result

        _espeak.SetSynthCallback(callback)
        self._driver, self._espeak = driver, _espeak

    def apply(self, voice: str, rate: int) -> None:
        """Set voice, rate and volume now (not queued behind pyttsx3's command queue)."""
        target = self._driver if self._driver is not None else self.engine
        target.setProperty("voice", voice)
        target.setProperty("rate", rate)
        target.setProperty("volume", 1.0)

    def prepare(self) -> None:
        """Wait until libespeak is idle, then reset the end-of-clip state for a new clip.

        libespeak runs property changes and clips on its own thread; if it is still busy
        when runAndWait starts, the driver cancels the new clip, leaving an empty WAV.
        """
        if self._espeak is not None:
            deadline = time.monotonic() + IDLE_TIMEOUT_S
            while self._espeak.IsPlaying() and time.monotonic() < deadline:
                time.sleep(0.0005)
        if self._driver is not None and getattr(self._driver, "_stopping", False):
            self._driver._stopping = False
        self.finished = self.completed = False
        self.done.clear()


_SHARED = _SharedPyttsx3()


class Pyttsx3Engine(SpeechEngine):
    """pyttsx3 with its espeak-ng driver; voices chosen by language, not by id."""

    name = "pyttsx3"

    def __init__(self, **options: Any):
        super().__init__(**options)
        self._voices: list[tuple[str, list[str]]] | None = None

    def _voice_list(self) -> list[tuple[str, list[str]]]:
        if self._voices is None:
            with _SHARED.lock:
                voices = _SHARED.get().getProperty("voices")
                self._voices = [
                    (str(v.id), [str(code) for code in (v.languages or [])]) for v in voices
                ]
        return self._voices

    def voice_for(self, lang: str) -> str:
        """Return the espeak-ng voice id for ``lang``, chosen by language, e.g. "aav/vi"."""
        voices = self._voice_list()
        wanted = self.voice_overrides.get(lang)
        if wanted is not None:
            if wanted.lower() not in {vid.lower() for vid, _ in voices}:
                raise EngineError(f"pyttsx3 has no voice {wanted!r} (configured for {lang!r})")
            return wanted.lower()
        voice = pick_voice(voices, lang)
        if voice is None:
            raise EngineError(f"pyttsx3/espeak-ng has no voice for language {lang!r}")
        return voice.lower()

    def synthesize(self, text: str, lang: str, out_path: str | os.PathLike[str]) -> None:
        """Write one clip: one save_to_file, runAndWait, then wait for the file to be done."""
        voice = self.voice_for(lang)
        path = os.fspath(out_path)
        with _SHARED.lock:
            engine = _SHARED.get()
            try:
                _SHARED.apply(voice, self.rate)
                _SHARED.prepare()
                engine.save_to_file(text, path)
                engine.runAndWait()
            except Exception as exc:
                _reset(engine)
                raise EngineError(f"pyttsx3 failed: {exc}") from exc
            if not _SHARED.done.wait(SYNTH_TIMEOUT_S):
                _reset(engine)
                raise EngineError(f"pyttsx3 did not finish within {SYNTH_TIMEOUT_S} s")
            if not _SHARED.completed:
                raise EngineError("pyttsx3 synthesis was interrupted")
            current = engine.getProperty("voice")
        if current != voice:
            raise EngineError(f"pyttsx3 ignored voice {voice!r} (current {current!r})")
        try:
            check_clip(path)
        except ValueError as exc:
            raise EngineError(f"pyttsx3: {exc}") from exc


def _reset(engine: Any) -> None:
    for step in (engine.stop, engine.endLoop):  # cancel synthesis; clear queue and loop flag
        try:
            step()
        except Exception:
            pass
