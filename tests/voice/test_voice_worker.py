"""The synthesis worker: cache, de-duplication, atomic files, concurrency, stop."""

import threading
import time

import pytest

from server.voice.engines.base import EngineError, SpeechEngine
from server.voice.engines.worker import VoiceWorker, WorkerStopped


@pytest.fixture
def worker_factory(cache_dir):
    workers = []

    def make(engine):
        worker = VoiceWorker(engine, cache_dir)
        workers.append(worker)
        return worker

    yield make
    for worker in workers:
        worker.stop()


def test_second_request_served_from_cache(espeak_engine, worker_factory, assert_speech, counting):
    engine = counting(espeak_engine)
    worker = worker_factory(engine)
    path = worker.request("Xin mời số thứ tự A một", "vi").result(10)
    assert_speech(path)
    again = worker.request("Xin mời số thứ tự A một", "vi")
    assert again.done()  # a cache hit is resolved at once, without the worker thread
    assert again.result(0) == path
    assert engine.calls == ["Xin mời số thứ tự A một"]
    assert worker.stats["cache_hits"] == 1 and worker.stats["synthesized"] == 1


def test_cache_survives_a_new_worker(espeak_engine, cache_dir, assert_speech, counting):
    first = counting(espeak_engine)
    with VoiceWorker(first, cache_dir) as worker:
        path = worker.request("Quầy số hai", "vi").result(10)
    second = counting(espeak_engine)
    with VoiceWorker(second, cache_dir) as worker:
        assert worker.request("Quầy số hai", "vi").result(1) == path
    assert len(first.calls) == 1 and second.calls == []


def test_cache_key_depends_on_engine_voice_lang_and_text(espeak_engine, worker_factory):
    worker = worker_factory(espeak_engine)
    keys = {
        worker.key_for("A một", "vi"),
        worker.key_for("A một", "en"),
        worker.key_for("A hai", "vi"),
    }
    assert len(keys) == 3
    assert worker.key_for("A một", "vi") == worker.key_for("A một", "vi")
    assert all(len(k) == 32 and k.isalnum() for k in keys)


def test_concurrent_requests_for_one_phrase_synthesize_once(
    espeak_engine, worker_factory, counting
):
    gate = threading.Event()
    engine = counting(espeak_engine, gate=gate)
    worker = worker_factory(engine)
    futures = [worker.request("Xin mời số thứ tự Bê năm", "vi") for _ in range(10)]
    assert len({id(f) for f in futures}) == 1
    assert worker.pending() == 1
    gate.set()
    paths = {f.result(10) for f in futures}
    assert len(paths) == 1 and len(engine.calls) == 1


def test_no_partial_file_is_visible(espeak_engine, worker_factory, cache_dir, counting):
    gate = threading.Event()
    worker = worker_factory(counting(espeak_engine, gate=gate))
    future = worker.request("Xin mời số thứ tự Xê bảy", "vi")
    time.sleep(0.05)
    assert not worker.path_for(future.key).exists()  # only a hidden temp file so far
    gate.set()
    path = future.result(10)
    assert sorted(p.name for p in cache_dir.iterdir()) == [path.name]  # temp file renamed


class FailingEngine(SpeechEngine):
    name = "failing"

    def __init__(self):
        super().__init__()
        self.calls = 0

    def voice_for(self, lang):
        return "x"

    def synthesize(self, text, lang, out_path):
        self.calls += 1
        raise EngineError("boom")


def test_failure_is_reported_and_retried(worker_factory):
    engine = FailingEngine()
    worker = worker_factory(engine)
    future = worker.request("A", "vi")
    with pytest.raises(EngineError, match="boom"):
        future.result(5)
    assert worker.stats["errors"] == 1 and "boom" in worker.last_error
    with pytest.raises(EngineError):
        worker.request("A", "vi").result(5)  # not cached: tried again
    assert engine.calls == 2
    assert worker.alive


def test_unknown_language_fails_the_future_only(espeak_engine, worker_factory):
    worker = worker_factory(espeak_engine)
    with pytest.raises(EngineError, match="no voice"):
        worker.request("x", "xx-nonexistent").result(1)
    assert worker.alive


def test_stop_fails_queued_requests_and_ends_thread(espeak_engine, cache_dir, counting):
    gate = threading.Event()
    worker = VoiceWorker(counting(espeak_engine, gate=gate), cache_dir)
    first = worker.request("Quầy số một", "vi")
    queued = worker.request("Quầy số hai", "vi")
    time.sleep(0.05)
    stopper = threading.Thread(target=worker.stop)
    stopper.start()
    time.sleep(0.05)
    gate.set()
    stopper.join(10)
    assert not worker.alive
    assert first.result(1).exists()  # the clip in progress is finished
    with pytest.raises(WorkerStopped):
        queued.result(1)
    with pytest.raises(WorkerStopped):
        worker.request("Quầy số ba", "vi").result(1)
    worker.stop()  # idempotent


def test_result_timeout(espeak_engine, worker_factory, counting):
    gate = threading.Event()
    worker = worker_factory(counting(espeak_engine, gate=gate))
    future = worker.request("Quầy số bốn", "vi")
    assert not future.wait(0.02)
    with pytest.raises(TimeoutError):
        future.result(0.02)
    gate.set()
    assert future.wait(10)


def test_call_jumps_ahead_of_prerendered_clips(espeak_engine, worker_factory, counting):
    gate = threading.Event()
    engine = counting(espeak_engine, gate=gate)
    worker = worker_factory(engine)
    worker.request("Quầy số một", "vi")  # in progress, held by the gate
    time.sleep(0.05)
    background = worker.prerender([(f"Số thứ tự A {n}", "vi") for n in range(5)])
    urgent = worker.request("Số thứ tự Bê chín", "vi")
    promoted = worker.request("Số thứ tự A 4", "vi")  # already queued in the background
    assert promoted is background[4]
    gate.set()
    urgent.result(10)
    promoted.result(10)
    for f in background:
        f.result(10)
    assert engine.calls[1:3] == ["Số thứ tự Bê chín", "Số thứ tự A 4"]
    assert len(engine.calls) == 7  # the promoted clip was made once
