"""REST routes of ratings: rate a visit, the reasons, staff lists, the public scoreboard."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from server.kernel.bodies import parse_body
from server.kernel.centers import center_of, get_center
from server.kernel.errors import DomainError
from server.kernel.principals import DeviceKind, Role
from server.kernel.web.http import (
    accepts,
    answers,
    bearer_token,
    json_body,
    principal,
    require_staff,
    runtime,
    signed_in,
    unit,
)
from server.ratings.bodies import RatingBody
from server.ratings.usecases import common, lists, record
from server.ratings.usecases import scoreboard as board

bp = Blueprint("ratings_api", __name__)


@bp.post("/ratings")
@accepts(RatingBody)
@answers(record.RatingRecorded, 201)
def rate():
    """Rate a completed visit: from its counter's rating screen (its token) or later (no token)."""
    body = parse_body(RatingBody, json_body())
    who = principal()
    if who is None and bearer_token():  # a revoked or mistyped token is not "no token"
        raise DomainError("auth.required", "Mã thiết bị không hợp lệ", "Invalid token", 401)
    if who is not None and not (who.kind == "device" and who.device_kind == DeviceKind.RATING):
        raise DomainError("auth.forbidden", "Chỉ công dân hoặc màn hình đánh giá được đánh giá",
                          "Only citizens or rating screens may rate", 403)
    with unit() as ctx:
        done = record.rate_visit(ctx, who, body.ticket, body.score, list(body.reasons),
                                 body.comment)
    return jsonify(done), 201


@bp.get("/ratings/reasons")
@answers(list[common.ReasonView])
def reasons():
    """List the reasons a citizen may give for a score of 1 or 2."""
    return jsonify(common.reason_views())


@bp.get("/ratings/open/<tracking_code>")
@answers(record.RateStatus)
def rate_status(tracking_code: str):
    """Tell a tracking page whether this ticket may still be rated (public, no personal data)."""
    with runtime().uow(write=False) as ctx:
        return jsonify(record.can_rate(ctx, tracking_code))


@bp.get("/ratings")
@require_staff(Role.OFFICER)
@answers(lists.RatingList)
def staff_list():
    """Ratings: ?month=YYYY-MM&counter=N&officer=USERNAME&service=CODE (officers: their own)."""
    who = signed_in()
    with runtime().uow(write=False) as ctx:
        center = center_of(ctx.session, who.center_id)
        return jsonify(lists.list_ratings(ctx, who, center, dict(request.args)))


@bp.get("/scoreboard")
@answers(board.Scoreboard)
def scoreboard():
    """The month's public scoreboard per counter and per service: ?month=YYYY-MM, ?center=CODE."""
    with runtime().uow(write=False) as ctx:
        center = get_center(ctx.session, request.args.get("center") or None)
        return jsonify(board.scoreboard(ctx, center, lists.month_start(request.args.get("month"))))

