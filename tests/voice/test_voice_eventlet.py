"""Under eventlet.monkey_patch() the voice worker keeps the hub responsive; no Flask import."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

EVENTLET_PROGRAM = r"""
import eventlet
eventlet.monkey_patch()
import json, sys, tempfile, time
from server.voice.usecases.service import VoiceService
from server.voice.engines.wavutil import check_clip

svc = VoiceService(cache_dir=tempfile.mkdtemp(), engine=sys.argv[1], langs=["vi", "en"])
ticks, done = [], []

def ticker():
    while not done:
        ticks.append(time.monotonic())
        eventlet.sleep(0.01)

def call(n):
    ref = svc.clip_for_call(f"A{n:03d}", n % 9 + 1, lang="vi" if n % 2 else "en")
    return bool(ref.path) and check_clip(ref.path).frames > 0

svc.clip_for_call("A000", 1)  # warm up: first clip, thread start
tick = eventlet.spawn(ticker)
results = list(eventlet.GreenPool(20).imap(call, range(1, 21)))
cached = svc.clip_for_call("A001", 2, lang="vi")
done.append(1)
tick.wait()
svc.close()
gaps = [b - a for a, b in zip(ticks, ticks[1:])]
print(json.dumps({"ok": results, "max_gap": max(gaps), "ticks": len(ticks),
                  "cached": bool(cached.path), "status": svc.status()}))
"""

PURE_PROGRAM = r"""
import sys, tempfile
from server.voice.usecases.service import VoiceService
svc = VoiceService(cache_dir=tempfile.mkdtemp(), engine=sys.argv[1])
assert svc.clip_for_call("A1", 1).path is not None
svc.close()
bad = [m for m in ("flask", "flask_socketio", "eventlet") if m in sys.modules]
print(bad)
"""


def _run(program: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", program, *args],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("engine", ["pyttsx3", "espeak"])
def test_works_under_eventlet_monkey_patching(engine, request):
    pytest.importorskip("eventlet")
    request.getfixturevalue(f"{engine}_engine")  # skip if the engine is missing
    report = json.loads(_run(EVENTLET_PROGRAM, engine).strip().splitlines()[-1])
    assert all(report["ok"]) and len(report["ok"]) == 20
    assert report["cached"]
    assert report["status"]["errors"] == 0
    # Green threads waited without blocking the hub: a 10 ms ticker kept ticking.
    assert report["max_gap"] < 0.25, report


@pytest.mark.parametrize("engine", ["pyttsx3", "espeak"])
def test_no_flask_or_eventlet_import(engine, request):
    request.getfixturevalue(f"{engine}_engine")
    assert _run(PURE_PROGRAM, engine).strip() == "[]"
