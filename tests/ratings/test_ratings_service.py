"""Ratings on a real database: the ask after Complete, once per visit, the window, the alert."""

from __future__ import annotations

import threading

import pytest
from ratings_support import device_principal, rating_device, serve_one
from sqlalchemy import select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from server.kernel.errors import DomainError
from server.queue.usecases import counters
from server.ratings.events import RATING_ALERT, RATING_ASK
from server.ratings.models import Rating
from server.ratings.usecases.record import can_rate, rate_visit
from support import act, issue, open_counter


def _rate(runtime, code, score=5, reasons=(), comment=None, who=None):
    with runtime.uow() as ctx:
        return rate_visit(ctx, who, code, score, list(reasons), comment)


def _refused(runtime, code, **kw) -> DomainError:
    with pytest.raises(DomainError) as err:
        _rate(runtime, code, **kw)
    return err.value


def _asks(runtime):
    return [e for e in runtime.publisher.events if e.is_a(RATING_ASK)]


def test_complete_asks_the_rating_screen_of_that_counter_only(runtime, demo):
    mine, _ = rating_device(runtime, "R1", 1)
    other, _ = rating_device(runtime, "R2", 2)
    ticket = serve_one(runtime, 1)
    (ask,) = _asks(runtime)
    assert ask.room == f"device:{mine}" and ask.namespaces == ("/rating",)
    assert ask.data["number"] == ticket["number"]
    assert ask.data["tracking_code"] == ticket["tracking_code"]
    assert ask.data["officer_name"] == "Officer1" and ask.data["counter"] == 1
    assert ask.data["service_name"] and ask.data["service_name_en"]
    assert other not in (int(e.room.split(":")[1]) for e in _asks(runtime))


def test_call_next_completing_the_previous_visit_asks_too(runtime, demo):
    rating_device(runtime, "R1", 1)
    cid = open_counter(runtime, 1)
    first, _second = issue(runtime), issue(runtime)
    act(runtime, counters.call_next, cid)
    act(runtime, counters.call_next, cid)  # completes the first on its way
    assert [a.data["number"] for a in _asks(runtime)] == [first["number"]]


def test_a_later_rating_is_taken_within_the_window_then_refused(runtime, demo, clock):
    code = serve_one(runtime)["tracking_code"]
    clock.advance(days=3, seconds=1)
    err = _refused(runtime, code)
    assert (err.code, err.http_status) == ("rating.window_closed", 410)
    code2 = serve_one(runtime, 3, "CIVIL", "officer2")["tracking_code"]
    clock.advance(days=2, hours=23)
    assert _rate(runtime, code2, 4)["source"] == "later"
    with runtime.uow(write=False) as ctx:
        assert can_rate(ctx, code2)["reason"] == "rated"
        assert can_rate(ctx, code)["reason"] == "window_closed"


def test_the_window_is_a_setting(runtime, demo, clock):
    runtime.settings.areas["ratings"] = {"window_days": 1}
    code = serve_one(runtime)["tracking_code"]
    clock.advance(days=1, minutes=1)
    assert _refused(runtime, code).code == "rating.window_closed"


def test_not_completed_and_already_rated_are_409(runtime, demo):
    code = serve_one(runtime)["tracking_code"]
    waiting = issue(runtime)
    err = _refused(runtime, waiting["tracking_code"])
    assert (err.code, err.http_status) == ("rating.not_completed", 409)
    _rate(runtime, code, 5)
    err = _refused(runtime, code, score=4)
    assert (err.code, err.http_status) == ("rating.exists", 409)


def test_a_low_score_needs_a_known_reason(runtime, demo):
    code = serve_one(runtime)["tracking_code"]
    assert _refused(runtime, code, score=2).code == "rating.reason_required"
    assert _refused(runtime, code, score=1, reasons=["bad_luck"]).code == "rating.unknown_reason"
    done = _rate(runtime, code, 1, ["waited_too_long", "unclear"], "Chờ 2 tiếng")
    assert done["reasons"] == ["waited_too_long", "unclear"]
    with runtime.uow(write=False) as ctx:
        row = ctx.session.scalar(select(Rating))
        assert row.comment == "Chờ 2 tiếng" and row.officer_id and row.counter_id
        assert row.service_id and row.center_id and row.ticket_id


def test_a_rating_screen_of_another_counter_is_refused(runtime, demo):
    _, token = rating_device(runtime, "R2", 2)
    code = serve_one(runtime, 1)["tracking_code"]
    err = _refused(runtime, code, who=device_principal(runtime, token))
    assert (err.code, err.http_status) == ("rating.wrong_counter", 403)
    _, mine = rating_device(runtime, "R1", 1)
    assert _rate(runtime, code, 5, who=device_principal(runtime, mine))["source"] == "device"


def test_ratings_are_never_edited(runtime, demo):
    _rate(runtime, serve_one(runtime)["tracking_code"], 5)
    with pytest.raises((DBAPIError, IntegrityError)), runtime.uow() as ctx:
        ctx.session.execute(update(Rating).values(score=1))
    with runtime.uow(write=False) as ctx:
        assert ctx.session.execute(text("SELECT score FROM ratings")).scalar() == 5


def test_two_simultaneous_ratings_of_one_visit_exactly_one_wins(runtime, demo):
    code = serve_one(runtime)["tracking_code"]
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def rate_now(score: int) -> None:
        start.wait()
        try:
            _rate(runtime, code, score)
            outcomes.append("ok")
        except DomainError as err:
            outcomes.append(err.code)

    threads = [threading.Thread(target=rate_now, args=(s,)) for s in (5, 4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["ok", "rating.exists"]
    with runtime.uow(write=False) as ctx:
        assert len(ctx.session.scalars(select(Rating)).all()) == 1


def test_a_counter_with_many_low_scores_raises_an_alert(runtime, demo):
    runtime.settings.areas["ratings"] = {"alert_min_ratings": 3, "alert_threshold": 0.5}
    for score in (1, 5, 2, 1):
        _rate(runtime, serve_one(runtime)["tracking_code"], score, ["unfriendly"])
    alerts = [e for e in runtime.publisher.events if e.is_a(RATING_ALERT)]
    # Once, when the third rating crossed the threshold; the fourth keeps it, silently.
    assert len(alerts) == 1 and alerts[0].data["counter"] == 1
    assert alerts[0].data["low"] == 2 and alerts[0].data["considered"] == 3
    from server.ratings.public import low_score_alerts
    from support import center

    with runtime.uow(write=False) as ctx:
        assert [a["counter"] for a in low_score_alerts(ctx, center(ctx))] == [1]
