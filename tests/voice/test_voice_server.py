"""Voice in the running app: calls carry a clip URL that serves a real WAV; none degrades."""

from __future__ import annotations

import shutil

import pytest

from server.app import create_app
from server.voice.wiring import VOICE
from support import login, token_of


@pytest.fixture
def voiced_app(runtime, demo):
    if shutil.which("espeak-ng") is None:
        pytest.skip("espeak-ng not installed (CI installs it)")
    runtime.settings.extra["voice_engine"] = "espeak"
    app = create_app(runtime=runtime)
    yield app
    runtime.provided.get(VOICE).service.close()


def _call_one(client, demo):
    officer = login(client, demo, "officer5")
    kiosk = {"Authorization": f"Bearer {token_of(demo, 'kiosk')}"}
    cid = next(c["id"] for c in client.get("/api/v1/counters", headers=officer)
               .get_json()["counters"] if c["number"] == 5)
    client.post(f"/api/v1/counters/{cid}/open", headers=officer)
    client.post("/api/v1/tickets", json={"service": "CERT"}, headers=kiosk)
    assert client.post(f"/api/v1/counters/{cid}/call-next", headers=officer).status_code == 200


def test_a_call_event_carries_a_playable_vietnamese_clip(voiced_app, runtime, demo):
    client = voiced_app.test_client()
    _call_one(client, demo)
    called = [e for e in runtime.publisher.events if e.type == "ticket.called"][-1]
    assert called.data["announcement"].startswith("Xin mời")
    assert "Xê một" in called.data["announcement"]  # C001, the letter spoken as a letter
    assert "quầy số năm" in called.data["announcement"]
    res = client.get(called.data["audio_url"])
    assert res.status_code == 200 and res.mimetype == "audio/wav"
    assert res.data[:4] == b"RIFF" and res.data[8:12] == b"WAVE" and len(res.data) > 20_000
    health = client.get("/healthz").get_json()
    assert health["voice"]["available"] is True


def test_audio_route_rejects_unknown_and_malformed_keys(voiced_app):
    client = voiced_app.test_client()
    assert client.get("/audio/" + "0" * 32 + ".wav").status_code == 404
    assert client.get("/audio/..%2f..%2fetc%2fpasswd.wav").status_code == 404


def test_without_a_speech_engine_calls_still_work_text_only(app, runtime, demo):
    client = app.test_client()
    _call_one(client, demo)
    called = [e for e in runtime.publisher.events if e.type == "ticket.called"][-1]
    assert called.data["audio_url"] is None
    assert called.data["announcement"].startswith("Xin mời")
    assert client.get("/healthz").get_json()["voice"]["available"] is False


def test_the_kiosk_reads_its_screen_aloud(voiced_app, demo):
    client = voiced_app.test_client()
    kiosk = {"Authorization": f"Bearer {token_of(demo, 'kiosk')}"}
    res = client.post("/audio/speak", json={"text": "Chạm vào dịch vụ để lấy số"}, headers=kiosk)
    assert res.status_code == 200 and res.data[:4] == b"RIFF"
    assert client.post("/audio/speak", json={"text": "x" * 500},
                       headers=kiosk).get_json()["error"]["code"] == "voice.bad_text"
    board = {"Authorization": f"Bearer {token_of(demo, 'board')}"}
    assert client.post("/audio/speak", json={"text": "hi"}, headers=board).status_code == 403


def test_admin_edits_the_phrases_and_the_next_call_uses_them(app, runtime, demo):
    client = app.test_client()
    admin = login(client, demo, "admin")
    assert client.get("/api/v1/admin/voice", headers=login(client, demo, "officer1")
                      ).status_code == 403
    state = client.get("/api/v1/admin/voice", headers=admin).get_json()
    assert state["status"]["available"] is False  # no engine in tests: said plainly
    assert state["preview"]["vi"].startswith("Xin mời")
    bad = client.put("/api/v1/admin/voice", json={"templates": {"vi": "Mời {name}"}},
                     headers=admin)
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "voice.bad_options"
    res = client.put("/api/v1/admin/voice", headers=admin, json={
        "templates": {"vi": "Kính mời công dân số {number} tới quầy {counter}"},
        "number_mode": "digits", "repeat": 2})
    assert res.status_code == 200
    assert res.get_json()["preview"]["vi"].startswith("Kính mời công dân số A không một hai")
    _call_one(client, demo)
    called = [e for e in runtime.publisher.events if e.type == "ticket.called"][-1]
    assert called.data["announcement"].startswith("Kính mời công dân số Xê không không một")
    assert called.data["announcement"].count("Kính mời") == 2
