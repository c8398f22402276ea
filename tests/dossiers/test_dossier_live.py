"""The citizen's dossier page follows its dossier live over Socket.IO (code + secret)."""

from __future__ import annotations

from dossier_support import APPLICANT, move, record


def test_a_tracker_with_code_and_secret_hears_each_status_change(dossier_app, runtime):
    dossier = record(runtime)
    socketio = dossier_app.extensions["motcua.socketio"]
    bad = socketio.test_client(dossier_app, namespace="/track",
                               auth={"dossier": dossier["code"], "secret": "WRONG1"})
    assert not bad.is_connected("/track")
    tracker = socketio.test_client(dossier_app, namespace="/track",
                                   auth={"dossier": dossier["code"], "secret": dossier["secret"]})
    assert tracker.is_connected("/track")
    (snap,) = [m["args"][0] for m in tracker.get_received("/track")]
    assert snap["dossier"]["code"] == dossier["code"]
    move(runtime, dossier["code"], 4)
    events = [m for m in tracker.get_received("/track") if m["name"] == "dossier.changed"]
    assert [e["args"][0]["data"]["status_code"] for e in events] == [4]
    body = str(events[0]["args"][0])
    for field in ("name", "phone", "id_number"):
        assert APPLICANT[field] not in body
