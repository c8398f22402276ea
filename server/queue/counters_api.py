"""Counter routes: open, call next, recall, serve, transfer, pause, close."""

from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import select

from server.kernel.bodies import parse_body
from server.kernel.models import Staff
from server.kernel.principals import Role
from server.kernel.web.http import json_body, principal, require_staff, runtime
from server.queue.commands import COMMANDS, CounterCommand, NoBody, ResumeBody
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


def _command_view(command: CounterCommand):
    def view(counter_id: int):
        body = NoBody() if command.body is NoBody else parse_body(
            command.body, json_body(required=command.body is not ResumeBody))
        who = principal()
        with runtime().uow() as ctx:
            officer = ctx.session.get(Staff, who.id)
            result = command.run(ctx, counter_id, officer, body)
        if result is None:
            return "", 204
        return jsonify(result)

    view.__name__ = f"counter_{command.path.replace('-', '_')}"
    view.__doc__ = command.summary
    view.motcua_body = None if command.body is NoBody else command.body  # type: ignore[attr-defined]
    return view


# One route per row of the command table (the socket's `command` handler reads the same table).
for _command in COMMANDS:
    bp.post(f"/counters/<int:counter_id>/{_command.path}")(
        require_staff()(_command_view(_command)))


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
