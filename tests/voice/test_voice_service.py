"""VoiceService: clips for calls, 20 simultaneous calls, text-only mode, prerender, status."""

import threading
from types import SimpleNamespace

import pytest

from server.voice.engines.wavutil import wav_info
from server.voice.usecases.service import ClipRef, VoiceService


def test_clip_for_call(make_service, real_engine, assert_speech, cache_dir):
    service = make_service(engine=real_engine)
    ref = service.clip_for_call("A012", 5, counter_label="Tư pháp")
    assert isinstance(ref, ClipRef)
    assert ref.text == "Xin mời số thứ tự A mười hai đến quầy số năm, Tư pháp."
    assert ref.path == cache_dir / f"{ref.key}.wav" and ref.filename == f"{ref.key}.wav"
    assert assert_speech(ref.path) > 2.0
    assert service.path_for_key(ref.key) == ref.path
    status = service.status()
    assert status["available"] is True and status["engine"] == real_engine.name
    assert status["reason"] is None and status["synthesized"] == 1


def test_twenty_simultaneous_calls(make_service, real_engine, espeak_engine, assert_speech,
                                   tmp_path):
    service = make_service(engine=real_engine)
    barrier = threading.Barrier(20)
    refs: dict[int, ClipRef] = {}
    errors = []

    def call(n: int) -> None:
        try:
            barrier.wait(5)
            refs[n] = service.clip_for_call(f"A{n:03d}", n % 7 + 1, timeout=30)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=call, args=(n,)) for n in range(1, 21)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors and len(refs) == 20
    assert len({r.text for r in refs.values()}) == 20
    assert len({r.key for r in refs.values()}) == 20
    assert len({r.path for r in refs.values()}) == 20
    for n, ref in refs.items():
        assert ref.text == service.text_for_call(f"A{n:03d}", n % 7 + 1)
        assert ref.key == service.worker.key_for(ref.text, "vi")
        duration = assert_speech(ref.path)
        # The clip is this text's audio: same length as the espeak-ng command renders it.
        reference = tmp_path / f"ref-{n}.wav"
        espeak_engine.synthesize(ref.text, "vi", reference)
        assert abs(duration - wav_info(reference).duration) < 0.05
    assert service.status()["synthesized"] == 20 and service.status()["errors"] == 0


def test_engine_none_is_text_only(make_service):
    service = make_service(engine="none")
    ref = service.clip_for_call("A012", 5)
    assert ref == ClipRef(None, None, "Xin mời số thứ tự A mười hai đến quầy số năm.", "vi")
    assert ref.filename is None
    assert service.prerender_ticket("A013", [1, 2]) == []
    status = service.status()
    assert status["available"] is False and status["engine"] == "none"
    assert status["reason"]
    service.close()


def test_closed_service_falls_back_to_text(make_service, espeak_engine):
    service = make_service(engine=espeak_engine)
    service.close()
    ref = service.clip_for_call("A1", 1)
    assert ref.path is None and ref.text
    assert service.status()["available"] is False
    assert service.status()["reason"] == "voice worker stopped"


def test_prerender_then_call_hits_cache(make_service, espeak_engine, counting):
    engine = counting(espeak_engine)
    service = make_service(engine=engine, langs=["vi", "en"])
    futures = service.prerender_ticket("B021", [3, (4, "Đất đai")])
    assert len(futures) == 4  # two counters, two languages
    for f in futures:
        f.result(10)
    assert len(engine.calls) == 4
    ref = service.clip_for_call("B021", 4, counter_label="Đất đai")
    en = service.clip_for_call("B021", 3, lang="en")
    assert ref.path is not None and en.path is not None
    assert en.text == "Ticket number bee, 21, please go to counter 3."
    assert len(engine.calls) == 4  # both served from cache
    assert service.status()["cache_hits"] == 2


def test_clips_for_call_in_every_language(make_service, espeak_engine):
    service = make_service(engine=espeak_engine, langs=["vi", "en"])
    refs = service.clips_for_call("C7", 2)
    assert [r.lang for r in refs] == ["vi", "en"]
    assert all(r.path is not None and r.path.exists() for r in refs)


def test_settings_repeat_and_digits(make_service, espeak_engine):
    service = make_service(engine=espeak_engine, number_mode="digits", repeat=2)
    once = "Xin mời số thứ tự A không một hai đến quầy số năm."
    assert service.text_for_call("A012", 5) == f"{once} {once}"


@pytest.mark.parametrize("key", ["../secret", "A" * 32, "", "0" * 31, "0" * 32 + ".wav", None])
def test_path_for_key_rejects_bad_keys(make_service, key):
    service = make_service(engine="none")
    assert service.path_for_key(key) is None


def test_invalid_settings_rejected(cache_dir):
    with pytest.raises(ValueError):
        VoiceService(cache_dir=cache_dir, engine="none", number_mode="words")
    with pytest.raises(ValueError):
        VoiceService(cache_dir=cache_dir, engine="none", repeat=9)
    with pytest.raises(ValueError):
        VoiceService(cache_dir=cache_dir, engine="none", langs=["de"])
    with pytest.raises(ValueError):
        VoiceService(cache_dir=cache_dir, engine="piper")


def test_from_settings(tmp_path):
    settings = SimpleNamespace(instance_path=str(tmp_path), extra={
        "voice_engine": "none", "voice_langs": "vi, en", "voice_repeat": "2",
        "voice_number_mode": "digits"})
    service = VoiceService.from_settings(settings)
    assert service.cache_dir == tmp_path / "voice_cache"
    assert service.langs == ["vi", "en"] and service.repeat == 2
    assert service.number_mode == "digits" and service.engine.name == "none"


def test_prune_cache(make_service, espeak_engine, cache_dir):
    service = make_service(engine=espeak_engine)
    for n in range(4):
        service.clip_for_call(f"A{n}", 1)
    sizes = sorted(p.stat().st_size for p in cache_dir.glob("*.wav"))
    removed = service.prune_cache(max_bytes=sum(sizes[-2:]))
    assert removed >= 2 and len(list(cache_dir.glob("*.wav"))) <= 2


def test_unusable_cache_dir_is_text_only(tmp_path, espeak_engine):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    service = VoiceService(cache_dir=blocker / "voice_cache", engine=espeak_engine)
    assert service.clip_for_call("A1", 1).path is None
    status = service.status()
    assert status["available"] is False and "cache" in status["reason"]
