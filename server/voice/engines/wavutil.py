"""Small WAV helpers: read the format, check a clip is usable, measure loudness."""

from __future__ import annotations

import math
import os
import sys
import wave
from array import array
from dataclasses import dataclass


@dataclass(frozen=True)
class WavInfo:
    """Format of a PCM WAV file."""

    channels: int
    rate: int
    sample_width: int
    frames: int

    @property
    def duration(self) -> float:
        """Return the duration in seconds."""
        return self.frames / self.rate if self.rate else 0.0


def wav_info(path: str | os.PathLike[str]) -> WavInfo:
    """Return the format of a WAV file (raises wave.Error/EOFError if it is not one)."""
    with wave.open(os.fspath(path), "rb") as wf:
        return WavInfo(wf.getnchannels(), wf.getframerate(), wf.getsampwidth(), wf.getnframes())


def check_clip(path: str | os.PathLike[str]) -> WavInfo:
    """Return the format of a synthesized clip, or raise ValueError if it is empty or broken."""
    try:
        info = wav_info(path)
    except (OSError, EOFError, wave.Error) as exc:
        raise ValueError(f"not a readable WAV file: {exc}") from exc
    if info.frames == 0:
        raise ValueError("the engine wrote an empty WAV file")
    return info


def rms(path: str | os.PathLike[str]) -> float:
    """Return the RMS of a 16-bit PCM WAV file's samples, from 0 to 32768."""
    with wave.open(os.fspath(path), "rb") as wf:
        if wf.getsampwidth() != 2:
            raise ValueError("only 16-bit PCM is supported")
        samples = array("h", wf.readframes(wf.getnframes()))
    if sys.byteorder == "big":
        samples.byteswap()
    if not samples:
        return 0.0
    return math.sqrt(sum(s * s for s in samples) / len(samples))
