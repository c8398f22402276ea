"""Counter routes: open, call next, recall, serve, transfer, pause, close."""

from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import select

from server.kernel.models import Staff
from server.kernel.principals import Role
from server.kernel.web.http import json_body, principal, require_staff, runtime
from server.queue.models import Counter
from server.queue.usecases import counters

bp = Blueprint("counter_api", __name__)


@bp.get("/counters")
@require_staff()
def list_counters():
    """List the counters of the caller's center with their state."""
    who = principal()
    with runtime().uow(write=False) as ctx:
        query = select(Counter).order_by(Counter.number)
        if who.center_id:
            query = query.where(Counter.center_id == who.center_id)
        rows = ctx.session.scalars(query).all()
        return jsonify({"counters": [counters.counter_view(ctx, c) for c in rows]})


def _run(operation, counter_id: int, **kwargs):
    who = principal()
    with runtime().uow() as ctx:
        officer = ctx.session.get(Staff, who.id)
        result = operation(ctx, counter_id, officer, **kwargs)
    if result is None:
        return "", 204
    return jsonify(result)


def _register(name: str, operation) -> None:
    def view(counter_id: int):
        return _run(operation, counter_id)

    view.__name__ = f"counter_{name.replace('-', '_')}"
    view.__doc__ = operation.__doc__
    bp.post(f"/counters/<int:counter_id>/{name}")(require_staff()(view))


for _name, _op in {"open": counters.open_counter, "call-next": counters.call_next,
                   "recall": counters.recall, "no-show": counters.mark_no_show,
                   "start": counters.start, "complete": counters.complete,
                   "hold": counters.hold, "close": counters.close_counter}.items():
    _register(_name, _op)


@bp.post("/counters/<int:counter_id>/call")
@require_staff()
def counter_call(counter_id: int):
    """Call one specific waiting ticket: body {"ticket": tracking code or number}."""
    body = json_body()
    return _run(counters.call_ticket, counter_id, ref=str(body.get("ticket") or ""))


@bp.post("/counters/<int:counter_id>/transfer")
@require_staff()
def counter_transfer(counter_id: int):
    """Transfer the current ticket: body {"service": CODE} and/or {"counter": NUMBER}."""
    body = json_body()
    target = body.get("counter")
    if target is not None and not isinstance(target, int):
        from server.kernel.errors import bad_request

        raise bad_request("transfer.bad_counter", "Số quầy không hợp lệ",
                          "counter must be a counter number")
    return _run(counters.transfer, counter_id, service_code=body.get("service"),
                to_counter=target)


@bp.post("/counters/<int:counter_id>/pause")
@require_staff()
def counter_pause(counter_id: int):
    """Pause the counter: body {"reason": "..."}."""
    body = json_body()
    return _run(counters.pause_counter, counter_id, reason=body.get("reason"))


@bp.post("/counters/<int:counter_id>/resume")
@require_staff()
def counter_resume(counter_id: int):
    """Resume a paused counter, or a held ticket: optional body {"ticket": ...}."""
    body = json_body(required=False)
    return _run(counters.resume, counter_id, ref=body.get("ticket"))


@bp.get("/me/today")
@require_staff()
def my_today():
    """Today's own figures for the caller: served, no-shows, average service and wait."""
    from server.kernel.models import Center
    from server.queue.usecases import stats

    who = principal()
    with runtime().uow(write=False) as ctx:
        center = ctx.session.get(Center, who.center_id) if who.center_id else ctx.session.scalar(
            select(Center))
        return jsonify(stats.officer_today(ctx, who.id, center))


@bp.post("/announcements")
@require_staff(Role.SUPERVISOR)
def announce():
    """Show a message on the lobby boards: {text_vi, text_en, until}; empty text clears it."""
    from server.kernel.models import Center
    from server.queue.usecases import announcements

    body = json_body()
    who = principal()
    with runtime().uow() as ctx:
        center = ctx.session.get(Center, who.center_id) if who.center_id else ctx.session.scalar(
            select(Center))
        note = announcements.set_announcement(ctx, center, body.get("text_vi"),
                                              body.get("text_en"), body.get("until"))
    return jsonify({"announcement": note})
