"""Old snapshot + an action's events == a fresh snapshot, for every counter operation."""

from __future__ import annotations

import pytest

from server.queue.usecases import counters, snapshot
from support import act, center, issue, open_counter


def _snap(runtime):
    with runtime.uow(write=False) as ctx:
        return snapshot.lobby_snapshot(ctx, center(ctx))


def _check(runtime, action):
    before = _snap(runtime)
    mark = len(runtime.publisher.events)
    action()
    state = before
    for event in runtime.publisher.events[mark:]:
        if event.room is None:  # the lobby stream
            state = snapshot.apply_event(state, event.envelope())
    after = _snap(runtime)
    assert state == after
    # The action changed the lobby (beyond the sequence number): a no-op must not pass.
    assert _without_seq(after) != _without_seq(before)


def _without_seq(snap):
    return {k: v for k, v in snap.items() if k != "seq"}


OPERATIONS = ["issue", "open", "call_next", "recall", "start", "hold", "resume_ticket",
              "transfer_service", "transfer_counter", "call_specific", "no_show", "complete",
              "pause", "resume_counter", "close"]


@pytest.mark.parametrize("operation", OPERATIONS)
def test_events_fold_into_the_fresh_snapshot(runtime, demo, clock, operation):
    runtime.settings.extra["recall_cooldown_s"] = 0
    c1 = open_counter(runtime, 1)
    c2 = open_counter(runtime, 2, "officer2")
    for _ in range(3):
        issue(runtime, "LAND")
        clock.advance(seconds=5)
    act(runtime, counters.call_next, c1)  # A001 at counter 1
    clock.advance(seconds=20)
    steps = {
        "issue": lambda: issue(runtime, "LAND", "elderly"),
        "open": lambda: open_counter(runtime, 3, "officer3"),
        "call_next": lambda: act(runtime, counters.call_next, c2, "officer2"),
        "recall": lambda: act(runtime, counters.recall, c1),
        "start": lambda: act(runtime, counters.start, c1),
        "hold": lambda: (act(runtime, counters.start, c1), act(runtime, counters.hold, c1)),
        "resume_ticket": lambda: act(runtime, counters.resume, c1),
        "transfer_service": lambda: act(runtime, counters.transfer, c1, service_code="PROV"),
        "transfer_counter": lambda: act(runtime, counters.transfer, c1, to_counter=2),
        "call_specific": lambda: act(runtime, counters.call_ticket, c2, "officer2",
                                     ref="A003"),
        "no_show": lambda: act(runtime, counters.mark_no_show, c1),
        "complete": lambda: act(runtime, counters.complete, c1),
        "pause": lambda: act(runtime, counters.pause_counter, c1, reason="Nghỉ"),
        "resume_counter": lambda: act(runtime, counters.resume, c2, "officer2"),
        "close": lambda: act(runtime, counters.close_counter, c2, "officer2"),
    }
    if operation == "resume_ticket":
        act(runtime, counters.start, c1)
        act(runtime, counters.hold, c1)
    if operation == "resume_counter":
        act(runtime, counters.pause_counter, c2, "officer2", reason="Họp")
    _check(runtime, steps[operation])


def test_announcements_fold_into_the_snapshot_too(runtime, demo):
    from server.queue.usecases.announcements import set_announcement

    for text in ("Trung tâm nghỉ trưa từ 11:30", ""):
        def announce(text=text):
            with runtime.uow() as ctx:
                set_announcement(ctx, center(ctx), text, "Lunch break")
        _check(runtime, announce)
    assert _snap(runtime)["announcement"] is None
