"""Voice announcements for the server: text for a call, its cached WAV clip, health status."""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from server.voice.engines.registry import DEFAULT_RATE, SpeechEngine, make_engine
from server.voice.engines.worker import KEY_LENGTH, ClipFuture, VoiceWorker
from server.voice.rules.phrases import MAX_REPEAT, announcement_text, resolve_templates
from server.voice.rules.spoken import NUMBER_MODES
from server.voice.settings import voice_settings

log = logging.getLogger(__name__)

_KEY_RE = re.compile(rf"[0-9a-f]{{{KEY_LENGTH}}}")


@dataclass(frozen=True)
class ClipRef:
    """A call announcement: its text, and its cached WAV (key and path None if text-only)."""

    key: str | None
    path: Path | None
    text: str
    lang: str = "vi"

    @property
    def filename(self) -> str | None:
        """Return "<key>.wav", the name under which ``/audio/<key>.wav`` serves the clip."""
        return f"{self.key}.wav" if self.key else None


class VoiceService:
    """Builds announcement texts and renders them to cached clips on one worker thread."""

    def __init__(
        self,
        *,
        cache_dir: str | os.PathLike[str],
        engine: str | SpeechEngine = "auto",
        langs: Sequence[str] = ("vi",),
        templates: Mapping[str, Any] | None = None,
        number_mode: str = "whole",
        repeat: int = 1,
        rate: int = DEFAULT_RATE,
        voices: Mapping[str, str] | None = None,
        wait_timeout: float = 5.0,
    ):
        if number_mode not in NUMBER_MODES:
            raise ValueError(f"number_mode must be one of {NUMBER_MODES}, not {number_mode!r}")
        if not 1 <= int(repeat) <= MAX_REPEAT:
            raise ValueError(f"repeat must be between 1 and {MAX_REPEAT}, not {repeat!r}")
        self.templates = resolve_templates(templates)
        self.langs = [lang for lang in langs if lang] or ["vi"]
        missing = [lang for lang in self.langs if lang not in self.templates]
        if missing:
            raise ValueError(f"no announcement template for languages {missing}")
        self.number_mode = number_mode
        self.repeat = int(repeat)
        self.wait_timeout = wait_timeout
        self.cache_dir = Path(cache_dir)
        if isinstance(engine, SpeechEngine):
            self.engine = engine
        else:
            self.engine = make_engine(engine, rate=rate, voices=voices)
        self.worker: VoiceWorker | None = None
        self._reason: str | None = self.engine.reason
        if self.engine.available():
            try:
                self.worker = VoiceWorker(self.engine, self.cache_dir)
            except OSError as exc:  # e.g. the cache folder cannot be created
                self._reason = f"voice cache unusable: {exc}"
        if self.worker is None:
            log.warning("voice announcements are text-only: %s", self._reason)

    @classmethod
    def from_settings(cls, settings: Any) -> VoiceService:
        """Build from the deployment's settings (see server/voice/settings.py)."""
        options = voice_settings(settings)
        instance = getattr(settings, "instance_path", None) or "instance"
        return cls(
            cache_dir=options.cache_dir or os.path.join(instance, "voice_cache"),
            engine=options.engine,
            langs=[part.strip() for part in options.langs.split(",") if part.strip()],
            templates=options.templates,
            number_mode=options.number_mode,
            repeat=options.repeat,
            rate=options.rate or DEFAULT_RATE,
        )

    @property
    def available(self) -> bool:
        """Return True when clips can be synthesized (otherwise text-only)."""
        return self.worker is not None and self.worker.alive

    def text_for_call(self, number: str | int, counter: str | int,
                      counter_label: str | None = None, lang: str | None = None) -> str:
        """Return the announcement text for calling ``number`` to ``counter``."""
        return announcement_text(
            number, counter, lang=lang or self.langs[0], templates=self.templates,
            number_mode=self.number_mode, repeat=self.repeat, counter_label=counter_label,
        )

    def request_call(self, number: str | int, counter: str | int,
                     counter_label: str | None = None,
                     lang: str | None = None) -> tuple[str, ClipFuture | None]:
        """Return the text and a future of its clip (None if text-only) without waiting."""
        lang = lang or self.langs[0]
        text = self.text_for_call(number, counter, counter_label, lang)
        if not self.available:
            return text, None
        assert self.worker is not None
        return text, self.worker.request(text, lang)

    def clip_for_call(self, number: str | int, counter: str | int,
                      counter_label: str | None = None, lang: str | None = None, *,
                      timeout: float | None = None) -> ClipRef:
        """Return the call's clip, waiting (green-safely) for synthesis; path None if none."""
        lang = lang or self.langs[0]
        text, future = self.request_call(number, counter, counter_label, lang)
        if future is None:
            return ClipRef(None, None, text, lang)
        try:
            path = future.result(self.wait_timeout if timeout is None else timeout)
        except Exception as exc:
            log.warning("no voice clip for %r: %s", text, exc)
            return ClipRef(None, None, text, lang)
        return ClipRef(future.key, path, text, lang)

    def clips_for_call(self, number: str | int, counter: str | int,
                       counter_label: str | None = None) -> list[ClipRef]:
        """Return the call's clips in every configured language, in order."""
        futures = [(lang, *self.request_call(number, counter, counter_label, lang))
                   for lang in self.langs]  # queue all languages before waiting
        refs = []
        for lang, text, future in futures:
            path = None
            if future is not None:
                try:
                    path = future.result(self.wait_timeout)
                except Exception as exc:
                    log.warning("no voice clip for %r: %s", text, exc)
            key = future.key if future is not None and path is not None else None
            refs.append(ClipRef(key, path, text, lang))
        return refs

    def prerender_ticket(self, number: str | int,
                         candidate_counters: Iterable[Any]) -> list[ClipFuture]:
        """Queue clips of ``number`` for likely counters (ints or (counter, label)); no wait."""
        if not self.available:
            return []
        assert self.worker is not None
        phrases = []
        for candidate in candidate_counters:
            counter, label = (candidate if isinstance(candidate, tuple) else (candidate, None))
            for lang in self.langs:
                phrases.append((self.text_for_call(number, counter, label, lang), lang))
        return self.worker.prerender(phrases)

    def path_for_key(self, key: str) -> Path | None:
        """Return the cached clip for a URL key, or None (invalid key or no such clip)."""
        if not isinstance(key, str) or not _KEY_RE.fullmatch(key):
            return None
        path = self.cache_dir / f"{key}.wav"
        return path if path.is_file() else None

    def status(self) -> dict[str, Any]:
        """Return health for /healthz: available, engine, reason, and worker counters."""
        info: dict[str, Any] = {
            "available": self.available,
            "engine": self.engine.name,
            "reason": self._reason,
            "langs": list(self.langs),
        }
        if self.worker is not None:
            if not self.worker.alive:
                info["reason"] = "voice worker stopped"
            info.update(self.worker.stats, pending=self.worker.pending(),
                        last_error=self.worker.last_error)
        return info

    def prune_cache(self, max_bytes: int) -> int:
        """Delete the least recently used clips until the cache fits; return files removed."""
        files = []
        for path in self.cache_dir.glob("*.wav"):
            try:
                st = path.stat()
            except OSError:
                continue
            files.append((st.st_mtime, st.st_size, path))
        total = sum(size for _, size, _ in files)
        removed = 0
        for _, size, path in sorted(files, key=lambda item: item[0]):
            if total <= max_bytes:
                break
            path.unlink(missing_ok=True)
            total -= size
            removed += 1
        return removed

    def close(self) -> None:
        """Stop the worker thread (clips already cached stay on disk)."""
        if self.worker is not None:
            self.worker.stop()

    def __enter__(self) -> VoiceService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
