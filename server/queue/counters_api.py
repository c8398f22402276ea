"""Counter routes: open, call next, recall, serve, transfer, pause, close."""

from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import select

from server.kernel import centers
from server.kernel.bodies import parse_body
from server.kernel.principals import Role
from server.kernel.web.http import (
    accepts,
    answers,
    json_body,
    require_staff,
    runtime,
    signed_in,
)
from server.queue.bodies import AnnouncementBody
from server.queue.commands import COMMANDS, CounterCommand, NoBody, ResumeBody, perform
from server.queue.events import CounterView
from server.queue.models import Counter
from server.queue.usecases import announcements, counters, stats
from server.queue.views import AnnouncementAnswer, CounterList, OfficerToday, TicketView

bp = Blueprint("counter_api", __name__)


@bp.get("/counters")
@require_staff()
@answers(CounterList)
def list_counters():
    """List the counters of the caller's center with their state."""
    who = signed_in()
    with runtime().uow(write=False) as ctx:
        query = select(Counter).order_by(Counter.number)
        if who.center_id:
            query = query.where(Counter.center_id == who.center_id)
        rows = ctx.session.scalars(query).all()
        return jsonify({"counters": [counters.counter_view(ctx, c) for c in rows]})


# What each command answers: the counter itself, or the ticket acted on (resume does either).
ANSWERS = {"open": CounterView, "pause": CounterView, "close": CounterView,
           "resume": CounterView | TicketView}


def _command_view(command: CounterCommand):
    def view(counter_id: int):
        body = NoBody() if command.body is NoBody else parse_body(
            command.body, json_body(required=command.body is not ResumeBody))
        result = perform(runtime(), command, signed_in(), counter_id, body)
        if result is None:
            return "", 204
        return jsonify(result)

    view.__name__ = f"counter_{command.path.replace('-', '_')}"
    view.__doc__ = command.summary
    view = answers(ANSWERS.get(command.action, TicketView))(view)
    return view if command.body is NoBody else accepts(command.body)(view)


# One route per row of the command table (the socket's `command` handler reads the same table).
for _command in COMMANDS:
    bp.post(f"/counters/<int:counter_id>/{_command.path}")(
        require_staff()(_command_view(_command)))


@bp.get("/me/today")
@require_staff()
@answers(OfficerToday)
def my_today():
    """Today's own figures for the caller: served, no-shows, average service and wait."""
    who = signed_in()
    with runtime().uow(write=False) as ctx:
        center = centers.center_of(ctx.session, who.center_id)
        return jsonify(stats.officer_today(ctx, who.id, center))


@bp.post("/announcements")
@require_staff(Role.SUPERVISOR)
@accepts(AnnouncementBody)
@answers(AnnouncementAnswer)
def announce():
    """Show a message on the lobby boards: {text_vi, text_en, until}; empty text clears it."""
    body = parse_body(AnnouncementBody, json_body())
    who = signed_in()
    with runtime().uow() as ctx:
        center = centers.center_of(ctx.session, who.center_id)
        note = announcements.set_announcement(ctx, center, body.text_vi, body.text_en,
                                              body.until)
    return jsonify({"announcement": note})
