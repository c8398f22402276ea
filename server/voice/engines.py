"""Speech engines behind one interface: pyttsx3 (libespeak-ng), the espeak-ng command, none.

Engines are not thread-safe: call ``synthesize`` from one worker thread (see worker.py).
pyttsx3 shares one libespeak instance per process, so all its use is serialized by a
process-wide OS lock. Add engines (e.g. piper) with ``register_engine``.
"""

from __future__ import annotations

import builtins
import logging
import os
import shutil
import sys
import tempfile
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from ._compat import real_subprocess, real_threading
from .wavutil import check_clip

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


# --- pyttsx3 ---------------------------------------------------------------------------

_PYTTSX3_LOCK = real_threading().RLock()
_pyttsx3_engine: Any = None  # strong reference: pyttsx3 keeps engines in a weak dict


def _quiet_print(*args: Any, **kwargs: Any) -> None:
    if args and isinstance(args[0], str) and args[0].startswith("Audio saved to"):
        return
    builtins.print(*args, **kwargs)


def _shared_pyttsx3() -> Any:
    global _pyttsx3_engine
    if _pyttsx3_engine is None:
        import pyttsx3

        engine = pyttsx3.init("espeak")
        # pyttsx3 2.99 prints "Audio saved to ..." on stdout from its espeak driver; shadow
        # print in that module only (redirecting sys.stdout would affect other threads).
        driver_module = sys.modules.get("pyttsx3.drivers.espeak")
        if driver_module is not None:
            driver_module.print = _quiet_print
        _pyttsx3_engine = engine
    return _pyttsx3_engine


class Pyttsx3Engine(SpeechEngine):
    """pyttsx3 with its espeak-ng driver (libespeak-ng in-process, no subprocess)."""

    name = "pyttsx3"

    def __init__(self, **options: Any):
        super().__init__(**options)
        self._voices: list[tuple[str, list[str]]] | None = None

    def _voice_list(self) -> list[tuple[str, list[str]]]:
        if self._voices is None:
            with _PYTTSX3_LOCK:
                engine = _shared_pyttsx3()
                self._voices = [
                    (str(v.id), [str(code) for code in (v.languages or [])])
                    for v in engine.getProperty("voices")
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
        """Write one clip: one save_to_file then runAndWait, under the process-wide lock."""
        voice = self.voice_for(lang)
        path = os.fspath(out_path)
        with _PYTTSX3_LOCK:
            engine = _shared_pyttsx3()
            try:
                engine.setProperty("voice", voice)
                engine.setProperty("rate", self.rate)
                engine.setProperty("volume", 1.0)
                engine.save_to_file(text, path)
                engine.runAndWait()
            except Exception as exc:
                _reset_pyttsx3(engine)
                raise EngineError(f"pyttsx3 failed: {exc}") from exc
            current = engine.getProperty("voice")
        if current != voice:
            raise EngineError(f"pyttsx3 ignored voice {voice!r} (current {current!r})")
        try:
            check_clip(path)
        except ValueError as exc:
            raise EngineError(f"pyttsx3: {exc}") from exc


def _reset_pyttsx3(engine: Any) -> None:
    try:
        engine.endLoop()  # clears the command queue and the "loop already started" flag
    except Exception:
        pass


# --- espeak-ng command -----------------------------------------------------------------


class EspeakEngine(SpeechEngine):
    """The ``espeak-ng`` command in a subprocess (argument list, text on stdin, no shell)."""

    name = "espeak"
    timeout_s = 30.0

    def __init__(self, *, binary: str | None = None, **options: Any):
        super().__init__(**options)
        self.binary = binary or shutil.which("espeak-ng") or shutil.which("espeak")
        self._voices: list[tuple[str, list[str]]] | None = None

    def _run(self, args: list[str], text: str | None = None) -> bytes:
        if not self.binary:
            raise EngineUnavailable("espeak-ng command not found")
        subprocess = real_subprocess()
        try:
            done = subprocess.run(
                [self.binary, *args],
                input=None if text is None else text.encode("utf-8"),
                stdin=subprocess.DEVNULL if text is None else None,
                capture_output=True,
                timeout=self.timeout_s,
                check=False,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise EngineError(f"espeak-ng failed to run: {exc}") from exc
        if done.returncode != 0:
            err = done.stderr.decode("utf-8", "replace").strip()
            raise EngineError(f"espeak-ng exited with {done.returncode}: {err}")
        return done.stdout

    def _voice_list(self) -> list[tuple[str, list[str]]]:
        if self._voices is None:
            out = self._run(["--voices"]).decode("utf-8", "replace")
            voices = []
            for line in out.splitlines()[1:]:  # Pty Language Age/Gender VoiceName File Other
                cols = line.split()
                if len(cols) >= 5:
                    voices.append((cols[4], [cols[1]]))
            self._voices = voices
        return self._voices

    def voice_for(self, lang: str) -> str:
        """Return the espeak-ng voice (file id, e.g. "aav/vi") to pass to ``-v``."""
        wanted = self.voice_overrides.get(lang)
        if wanted is not None:
            return wanted
        voice = pick_voice(self._voice_list(), lang)
        if voice is None:
            raise EngineError(f"espeak-ng has no voice for language {lang!r}")
        return voice

    def synthesize(self, text: str, lang: str, out_path: str | os.PathLike[str]) -> None:
        """Run ``espeak-ng -v <voice> -s <rate> -w <out_path> --stdin`` with the text on stdin."""
        voice = self.voice_for(lang)
        path = os.fspath(out_path)
        self._run(["-v", voice, "-s", str(self.rate), "-b", "1", "-w", path, "--stdin"], text)
        try:
            check_clip(path)
        except ValueError as exc:
            raise EngineError(f"espeak-ng: {exc}") from exc


# --- registry --------------------------------------------------------------------------

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
