"""Speech engines write real Vietnamese WAV files; selection by name and by language."""

import io
import sys
from contextlib import redirect_stdout

import pytest

from server.voice.engines.base import EngineUnavailable, NullEngine, pick_voice
from server.voice.engines.registry import (
    ENGINES,
    EspeakEngine,
    Pyttsx3Engine,
    make_engine,
    register_engine,
)

SHORT = "Xin mời số thứ tự A một đến quầy số một."
LONG = "Xin mời số thứ tự A một nghìn không trăm hai mươi ba đến quầy số mười lăm, Tư pháp."


def test_engine_writes_vietnamese_speech(real_engine, tmp_path, assert_speech):
    out = tmp_path / "clip.wav"
    real_engine.synthesize(LONG, "vi", out)
    assert assert_speech(out) > 2.0


def test_longer_announcement_is_longer(real_engine, tmp_path, assert_speech):
    durations = []
    for i, text in enumerate([SHORT, LONG, f"{LONG} {LONG}"]):
        out = tmp_path / f"{i}.wav"
        real_engine.synthesize(text, "vi", out)
        durations.append(assert_speech(out))
    assert durations[0] < durations[1] < durations[2]
    assert durations[2] > 1.8 * durations[1]


def test_english_voice(real_engine, tmp_path, assert_speech):
    out = tmp_path / "en.wav"
    real_engine.synthesize("Ticket number A, 12, please go to counter 5.", "en", out)
    assert_speech(out)


def test_voice_chosen_by_language(real_engine):
    assert real_engine.voice_for("vi").endswith("vi")
    assert real_engine.voice_for("en").endswith("en")
    with pytest.raises(Exception, match="no voice"):
        real_engine.voice_for("xx-nonexistent")


def test_pick_voice_prefers_exact_language():
    voices = [("gmw/en-029", ["en-029"]), ("gmw/en", ["en-gb"]), ("aav/vi-vn-x-south",
              ["vi-vn-x-south"]), ("aav/vi", ["vi"])]
    assert pick_voice(voices, "vi") == "aav/vi"
    assert pick_voice(voices, "en") == "gmw/en"
    assert pick_voice(voices, "en-029") == "gmw/en-029"
    assert pick_voice(voices, "fr") is None


def test_pyttsx3_prints_nothing_on_stdout(pyttsx3_engine, tmp_path, capfd):
    buf = io.StringIO()
    with redirect_stdout(buf):
        pyttsx3_engine.synthesize(SHORT, "vi", tmp_path / "quiet.wav")
    sys.stdout.flush()
    assert "Audio saved" not in buf.getvalue()
    assert "Audio saved" not in capfd.readouterr().out


def test_pyttsx3_back_to_back_clips_are_complete(pyttsx3_engine, tmp_path, assert_speech):
    # runAndWait() returns before libespeak has written the file; every clip must still be
    # whole, including right after a voice change.
    for i in range(12):
        lang = "en" if i % 3 == 2 else "vi"
        text = "Ticket number bee, 7, please go to counter 3." if lang == "en" else LONG
        out = tmp_path / f"{i}.wav"
        pyttsx3_engine.synthesize(text, lang, out)
        assert assert_speech(out) > 1.5


def test_pyttsx3_and_espeak_agree(pyttsx3_engine, espeak_engine, tmp_path, assert_speech):
    pyttsx3_engine.synthesize(LONG, "vi", tmp_path / "a.wav")
    espeak_engine.synthesize(LONG, "vi", tmp_path / "b.wav")
    da, db = assert_speech(tmp_path / "a.wav"), assert_speech(tmp_path / "b.wav")
    assert abs(da - db) < 0.05 * db


def test_espeak_text_is_not_an_option(espeak_engine, tmp_path, assert_speech):
    out = tmp_path / "dash.wav"
    espeak_engine.synthesize("--version -w /tmp/x.wav; rm -rf /", "vi", out)
    assert_speech(out)


def test_espeak_missing_binary():
    engine = EspeakEngine(binary="/nonexistent/espeak-ng")
    assert not engine.available()
    assert "espeak-ng" in engine.reason


def test_make_engine_by_name():
    assert isinstance(make_engine("espeak"), EspeakEngine)
    assert isinstance(make_engine("pyttsx3"), Pyttsx3Engine)
    assert isinstance(make_engine("none"), NullEngine)
    assert isinstance(make_engine("NONE "), NullEngine)
    with pytest.raises(ValueError, match="unknown voice engine"):
        make_engine("piper")


def test_make_engine_auto(tmp_path, assert_speech):
    engine = make_engine("auto")
    if not engine.available():
        pytest.skip(f"no engine here: {engine.reason}")
    assert engine.name in ("pyttsx3", "espeak")
    engine.synthesize(SHORT, "vi", tmp_path / "auto.wav")
    assert_speech(tmp_path / "auto.wav")


def test_auto_falls_back_to_none(monkeypatch):
    monkeypatch.setitem(ENGINES, "pyttsx3", lambda **kw: NullEngine(reason="no pyttsx3"))
    monkeypatch.setitem(ENGINES, "espeak", lambda **kw: EspeakEngine(binary="/nonexistent"))
    engine = make_engine("auto")
    assert engine.name == "none" and not engine.available()
    assert "no pyttsx3" in engine.reason and "espeak" in engine.reason


def test_null_engine(tmp_path):
    engine = NullEngine()
    assert not engine.available()
    with pytest.raises(EngineUnavailable):
        engine.synthesize("x", "vi", tmp_path / "x.wav")


def test_registry_accepts_new_engine(monkeypatch):
    monkeypatch.setitem(ENGINES, "fake", lambda **kw: NullEngine(reason="fake"))
    assert make_engine("fake").reason == "fake"
    register_engine("fake2", lambda **kw: NullEngine(reason="fake2"))
    try:
        assert make_engine("fake2").reason == "fake2"
    finally:
        ENGINES.pop("fake2")
