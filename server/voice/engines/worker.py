"""One dedicated OS thread that synthesizes clips into a file cache, one at a time.

Requests return a ``ClipFuture`` at once. Clips are cached as ``<cache_dir>/<key>.wav``
where the key hashes (engine, voice, rate, lang, text); files are written to a temporary
name then renamed with ``os.replace``, so a reader never sees half a file. Concurrent
requests for the same phrase share one future. Safe under ``eventlet.monkey_patch()``:
the thread, queue and events are the unpatched originals, and green threads wait with
``ClipFuture.wait()``, which polls with (green) ``time.sleep``.
"""

from __future__ import annotations

import hashlib
import itertools
import logging
import os
import time
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from server.voice.engines._compat import eventlet_patched, real_queue, real_threading
from server.voice.engines.registry import SpeechEngine

log = logging.getLogger(__name__)

KEY_LENGTH = 32  # hex characters of sha256: URL-safe, fixed length
POLL_S = 0.005
URGENT, BACKGROUND = 0, 1  # a call's clip jumps ahead of prerendered ones


def clip_key(cache_tag: str, lang: str, text: str) -> str:
    """Return the URL-safe cache key of a phrase for an engine's cache tag."""
    raw = "\x1f".join((cache_tag, lang, text)).encode("utf-8")
    return hashlib.sha256(raw).hexdigest()[:KEY_LENGTH]


class WorkerStopped(RuntimeError):
    """The voice worker was stopped before the clip was made."""


class ClipFuture:
    """The eventual path of a cached clip; waitable from OS threads and green threads."""

    def __init__(self, key: str, text: str, lang: str):
        self.key, self.text, self.lang = key, text, lang
        self._event = real_threading().Event()
        self._path: Path | None = None
        self._exc: BaseException | None = None
        self._priority = BACKGROUND + 1  # best priority this future was queued with

    def done(self) -> bool:
        """Return True once the clip is ready or failed."""
        return self._event.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait without blocking an eventlet hub (polls with time.sleep); True if done."""
        if self._event.is_set():
            return True
        if not eventlet_patched():
            return self._event.wait(timeout)
        deadline = None if timeout is None else time.monotonic() + timeout
        while not self._event.is_set():
            if deadline is not None and time.monotonic() >= deadline:
                return False
            time.sleep(POLL_S)  # green when patched: other green threads keep running
        return True

    def result(self, timeout: float | None = None) -> Path:
        """Return the clip path; raise TimeoutError, or the synthesis error."""
        if not self.wait(timeout):
            raise TimeoutError(f"voice clip {self.key} not ready after {timeout} s")
        if self._exc is not None:
            raise self._exc
        assert self._path is not None
        return self._path

    def exception(self, timeout: float | None = None) -> BaseException | None:
        """Return the synthesis error (None on success); raise TimeoutError if not done."""
        if not self.wait(timeout):
            raise TimeoutError(f"voice clip {self.key} not ready after {timeout} s")
        return self._exc

    def _set_result(self, path: Path) -> None:
        self._path = path
        self._event.set()

    def _set_exception(self, exc: BaseException) -> None:
        self._exc = exc
        self._event.set()


class VoiceWorker:
    """Owns the synthesis thread and the clip cache of one speech engine."""

    def __init__(self, engine: SpeechEngine, cache_dir: str | os.PathLike[str], *,
                 name: str = "motcua-voice", start: bool = True):
        self.engine = engine
        self.cache_dir = Path(cache_dir)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        self.name = name
        threading = real_threading()
        queue = real_queue()
        self._queue: Any = queue.PriorityQueue()  # (priority, sequence, future or None)
        self._seq = itertools.count()
        self._empty = queue.Empty
        self._lock = threading.Lock()
        self._pending: dict[str, ClipFuture] = {}
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self.stats = {"synthesized": 0, "cache_hits": 0, "errors": 0}
        self.last_error: str | None = None
        if start:
            self._thread.start()

    # -- requests -----------------------------------------------------------------------

    def key_for(self, text: str, lang: str) -> str:
        """Return the cache key of ``text`` spoken in ``lang`` by this worker's engine."""
        return clip_key(self.engine.cache_tag(lang), lang, text)

    def path_for(self, key: str) -> Path:
        """Return the cache path of a key (the file may not exist yet)."""
        return self.cache_dir / f"{key}.wav"

    def request(self, text: str, lang: str, *, priority: int = URGENT) -> ClipFuture:
        """Return a future for the clip of ``text``; never blocks (cache hit: already done)."""
        try:
            key = self.key_for(text, lang)
        except Exception as exc:  # e.g. no voice for this language
            future = ClipFuture("", text, lang)
            future._set_exception(exc)
            return future
        path = self.path_for(key)
        with self._lock:
            pending = self._pending.get(key)
            if pending is not None:
                future = pending
                if priority < future._priority:  # a call now waits for a prerendered clip
                    self._enqueue(future, priority)
                return future
            future = ClipFuture(key, text, lang)
            if path.exists():
                self.stats["cache_hits"] += 1
                future._set_result(path)
                hit = True
            elif self._stopped:
                future._set_exception(WorkerStopped("voice worker stopped"))
                return future
            else:
                self._pending[key] = future
                self._enqueue(future, priority)
                hit = False
        if hit:
            _touch(path)
        return future

    def prerender(self, phrases: Iterable[tuple[str, str]]) -> list[ClipFuture]:
        """Queue (text, lang) phrases for synthesis in the background; returns at once."""
        return [self.request(text, lang, priority=BACKGROUND) for text, lang in phrases]

    def _enqueue(self, future: ClipFuture, priority: int) -> None:
        # Call with self._lock held (so stop() sees every entry). Unbounded: never blocks.
        future._priority = priority
        self._queue.put((priority, next(self._seq), future))

    def pending(self) -> int:
        """Return how many clips are queued or being synthesized."""
        with self._lock:
            return len(self._pending)

    # -- thread -------------------------------------------------------------------------

    def _run(self) -> None:
        while True:
            _, _, future = self._queue.get()
            if future is None:
                break
            if future.done():  # queued twice (prerender, then urgent): already made
                continue
            try:
                future._set_result(self._render(future))
            except BaseException as exc:
                with self._lock:
                    self.stats["errors"] += 1
                self.last_error = f"{type(exc).__name__}: {exc}"
                log.warning("voice synthesis failed for %r: %s", future.text, exc)
                future._set_exception(exc)
            finally:
                with self._lock:
                    self._pending.pop(future.key, None)

    def _render(self, future: ClipFuture) -> Path:
        path = self.path_for(future.key)
        if path.exists():  # written meanwhile by another process sharing the cache
            return path
        tmp = self.cache_dir / f".{future.key}.{uuid.uuid4().hex}.tmp.wav"
        try:
            self.engine.synthesize(future.text, future.lang, tmp)
            os.replace(tmp, path)
        finally:
            if tmp.exists():
                tmp.unlink(missing_ok=True)
        with self._lock:
            self.stats["synthesized"] += 1
        return path

    def stop(self, timeout: float = 5.0) -> None:
        """Finish the clip in progress, fail the queued ones, and end the thread."""
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
            queued: dict[int, ClipFuture] = {}
            while True:
                try:
                    _, _, item = self._queue.get_nowait()
                except self._empty:
                    break
                if item is not None and not item.done():
                    queued[id(item)] = item
            self._queue.put((BACKGROUND + 1, next(self._seq), None))
        for future in queued.values():
            with self._lock:
                self._pending.pop(future.key, None)
            future._set_exception(WorkerStopped("voice worker stopped"))
        if not eventlet_patched():
            if self._thread.is_alive():
                self._thread.join(timeout)
            return
        deadline = time.monotonic() + timeout
        while self._thread.is_alive() and time.monotonic() < deadline:
            time.sleep(POLL_S)  # do not block the eventlet hub with a real join

    @property
    def alive(self) -> bool:
        """Return True while the synthesis thread runs."""
        return self._thread.is_alive()

    def __enter__(self) -> VoiceWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def _touch(path: Path) -> None:
    try:
        os.utime(path)  # keeps recently used clips when the cache is pruned by age
    except OSError:
        pass
