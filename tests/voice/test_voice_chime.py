"""The committed chime is the make_chime script's output: ~1 s, 22050 Hz mono 16-bit."""

import wave
from array import array
from pathlib import Path

from server.voice.engines import make_chime
from server.voice.engines.wavutil import rms, wav_info

CHIME = Path(__file__).resolve().parents[2] / "display_board/static/audio/chime.wav"


def test_chime_format():
    info = wav_info(CHIME)
    assert (info.channels, info.rate, info.sample_width) == (1, 22050, 2)
    assert 0.8 <= info.duration <= 1.5
    assert rms(CHIME) > 1000


def _samples(path: Path) -> array:
    with wave.open(str(path), "rb") as wf:
        return array("h", wf.readframes(wf.getnframes()))


def test_chime_is_regenerated_identically(tmp_path):
    fresh = _samples(make_chime.write_chime(tmp_path / "chime.wav"))
    committed = _samples(CHIME)
    assert len(fresh) == len(committed)
    assert max(abs(a - b) for a, b in zip(fresh, committed, strict=True)) <= 1  # libm rounding


def test_chime_ends_in_silence():
    samples = make_chime.chime_samples()
    assert abs(samples[-1]) < 1e-3 and abs(samples[0]) < 1e-3
    assert max(abs(v) for v in samples) <= make_chime.PEAK + 1e-9
