"""The screens' JavaScript reducer folds events exactly like server apply_event."""

from __future__ import annotations

import copy

import pytest

from server.queue.usecases.snapshot import RECENT_CALLS, apply_event

pytestmark = pytest.mark.browser


def _call(ticket_id: int, number: str, counter: int, **extra) -> dict:
    return {"ticket_id": ticket_id, "number": number, "service": number[0], "counter": counter,
            "counter_id": 100 + counter, "counter_label": f"Quầy {counter}", **extra}


def _counter(cid: int, status: str = "open", current: dict | None = None) -> dict:
    return {"id": cid, "number": cid - 100, "label": "x", "status": status, "pause_reason": None,
            "officer_id": None, "services": ["A"], "current": current, "held": []}


def test_js_reducer_matches_python_apply_event(live_server, new_page):
    snapshot = {
        "seq": 40, "center": {"code": "SAPA", "name": "Sa Pa", "timezone": "Asia/Ho_Chi_Minh"},
        "services": [{"code": "A", "name_vi": "Đất đai", "name_en": "Land", "prefix": "A"}],
        "waiting": {"A": 3, "B": 0},
        "counters": [_counter(101), _counter(102, "closed")],
        "recent": [_call(i, f"A{i:03d}", 1 + i % 2) for i in range(RECENT_CALLS, 0, -1)],
    }
    extra = {"service_id": 9, "service_name": "Đất đai", "calls": 1, "audio_url": None,
             "status": "called"}
    events = [
        ("ticket.issued", {"ticket_id": 50, "number": "A050", "service": "A"}),
        ("queue.changed", {"waiting": {"A": 4, "B": 1}}),
        ("ticket.called", _call(50, "A050", 1, **extra)),            # new: pushes out the oldest
        ("counter.changed", _counter(101, current={"ticket_id": 50, "number": "A050"})),
        ("counter.changed", _counter(999)),                          # unknown counter: ignored
        ("ticket.recalled", _call(5, "A005", 2, **extra)),           # moves to the front, once
        ("ticket.completed", {"ticket_id": 50, "number": "A050", "counter_id": 101}),
        ("board.announcement", {"text": "x"}),
        ("queue.changed", {"waiting": {"A": 2}}),
    ]
    envelopes = [{"type": kind, "seq": 41 + i, "at": "2026-11-30T02:00:00+00:00", "data": data}
                 for i, (kind, data) in enumerate(events)]

    expected = copy.deepcopy(snapshot)
    steps = []
    for env in envelopes:
        expected = apply_event(expected, env)
        steps.append(copy.deepcopy(expected))

    page = new_page(800, 600)
    page.goto(f"{live_server.base}/")
    got = page.evaluate(
        """async ([snap, envs]) => {
            const { applyEvent } = await import('/web/static/js/live.js');
            const frozen = JSON.stringify(snap);
            const steps = [];
            let state = snap;
            for (const env of envs) { state = applyEvent(state, env); steps.push(state); }
            return { steps, untouched: JSON.stringify(snap) === frozen };
        }""",
        [snapshot, envelopes])
    assert got["untouched"], "applyEvent must not mutate the state it is given"
    assert got["steps"] == steps
    assert [c["ticket_id"] for c in steps[-1]["recent"]][:2] == [5, 50]
