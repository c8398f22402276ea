"""Voice announcement latency: time until a call's WAV is ready, uncached and cached.

Run: python bench/bench_voice.py [--engines pyttsx3,espeak] [--phrases 10]
Target: median uncached < 300 ms.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from server.voice.engines.wavutil import wav_info  # noqa: E402
from server.voice.usecases.service import VoiceService  # noqa: E402

TARGET_MS = 300.0


def _ms(seconds: float) -> float:
    return seconds * 1000.0


def bench_engine(name: str, phrases: int) -> dict[str, float | str]:
    """Measure one engine; return figures in milliseconds."""
    with tempfile.TemporaryDirectory(prefix="motcua-bench-voice-") as cache:
        t0 = time.perf_counter()
        service = VoiceService(cache_dir=cache, engine=name)
        startup = time.perf_counter() - t0
        if not service.available:
            service.close()
            return {"engine": name, "error": str(service.status()["reason"])}
        try:
            t0 = time.perf_counter()
            service.clip_for_call("Z999", 9)  # first clip ever: thread start, voice load
            cold = time.perf_counter() - t0
            calls = [(f"A{100 + 37 * i:03d}", i % 9 + 1) for i in range(phrases)]
            uncached, cached, audio = [], [], []
            for number, counter in calls:
                t0 = time.perf_counter()
                ref = service.clip_for_call(number, counter, timeout=30)
                uncached.append(time.perf_counter() - t0)
                if ref.path is None:
                    raise RuntimeError(f"no clip for {number}: {service.status()}")
                audio.append(wav_info(ref.path).duration)
            for number, counter in calls:
                t0 = time.perf_counter()
                service.clip_for_call(number, counter)
                cached.append(time.perf_counter() - t0)
        finally:
            service.close()
    return {
        "engine": service.engine.name,
        "startup": _ms(startup),
        "cold": _ms(cold),
        "uncached_median": _ms(statistics.median(uncached)),
        "uncached_max": _ms(max(uncached)),
        "cached_median": _ms(statistics.median(cached)),
        "audio_s": statistics.median(audio),
    }


def main(argv: list[str] | None = None) -> int:
    """Print a latency table per engine; exit 1 if an engine misses the target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engines", default="pyttsx3,espeak")
    parser.add_argument("--phrases", type=int, default=10)
    args = parser.parse_args(argv)
    rows = [bench_engine(name.strip(), args.phrases) for name in args.engines.split(",")]
    header = (f"{'engine':<9} {'startup':>9} {'1st clip':>9} {'uncached':>9} {'unc. max':>9} "
              f"{'cached':>8} {'audio':>6}  target")
    print(f"voice: time to WAV ready, ms (median of {args.phrases} phrases)")
    print(header)
    failed = False
    for row in rows:
        if "error" in row:
            print(f"{row['engine']:<9} unavailable: {row['error']}")
            continue
        ok = row["uncached_median"] < TARGET_MS
        failed |= not ok
        print(f"{row['engine']:<9} {row['startup']:9.1f} {row['cold']:9.1f} "
              f"{row['uncached_median']:9.1f} {row['uncached_max']:9.1f} "
              f"{row['cached_median']:8.3f} {row['audio_s']:5.1f}s  "
              f"{'ok' if ok else 'MISS'} (<{TARGET_MS:.0f})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
