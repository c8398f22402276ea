"""Generate display_board/static/audio/chime.wav: a soft two-tone "ding-dong" (stdlib only).

Run: python -m server.voice.engines.make_chime [OUT.wav]. The output is deterministic.
"""

from __future__ import annotations

import math
import struct
import sys
import wave
from pathlib import Path

RATE = 22050
DURATION_S = 1.2
PEAK = 0.6  # of full scale (about -4.4 dBFS): audible, never harsh
# (start s, fundamental Hz, gain): E5 then C5, a major third down, like a door chime.
NOTES = ((0.0, 659.25, 1.0), (0.42, 523.25, 0.9))
# Bell-ish partials: (frequency ratio, relative amplitude, decay per second).
PARTIALS = ((1.0, 1.0, 3.2), (2.0, 0.35, 6.0), (3.0, 0.12, 9.0), (4.2, 0.05, 14.0))
ATTACK_S = 0.006
FADE_S = 0.08

DEFAULT_OUT = Path(__file__).resolve().parents[3] / "display_board/static/audio/chime.wav"


def chime_samples(rate: int = RATE) -> list[float]:
    """Return the chime as floats in [-PEAK, PEAK]."""
    n = int(DURATION_S * rate)
    out = [0.0] * n
    for start, freq, gain in NOTES:
        first = int(start * rate)
        for i in range(first, n):
            t = (i - first) / rate
            attack = min(1.0, t / ATTACK_S)
            value = 0.0
            for ratio, amp, decay in PARTIALS:
                value += amp * math.exp(-decay * t) * math.sin(2 * math.pi * freq * ratio * t)
            out[i] += gain * attack * value
    fade = int(FADE_S * rate)
    for k in range(fade):  # end exactly at silence: no click when playback stops
        out[n - 1 - k] *= k / fade
    top = max(abs(v) for v in out) or 1.0
    return [PEAK * v / top for v in out]


def write_chime(path: str | Path = DEFAULT_OUT, rate: int = RATE) -> Path:
    """Write the chime as a mono 16-bit PCM WAV file and return its path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = b"".join(struct.pack("<h", round(v * 32767)) for v in chime_samples(rate))
    with wave.open(str(path), "wb") as wf:
        wf.setnchannels(1)
        wf.setsampwidth(2)
        wf.setframerate(rate)
        wf.writeframes(frames)
    return path


if __name__ == "__main__":
    print(write_chime(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_OUT))
