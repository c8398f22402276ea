"""Staff views of ratings: an officer sees their own, supervisors see all with comments."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from typing_extensions import TypedDict

from server.kernel.errors import bad_request
from server.kernel.models import Center, Staff
from server.kernel.principals import Principal, Role
from server.kernel.runtime import Ctx
from server.queue.models import Counter, Service, Ticket
from server.ratings.models import Rating
from server.ratings.rules.figures import satisfaction
from server.ratings.rules.months import month_bounds, parse_month

MAX_ROWS = 1000


class RatingView(TypedDict):
    """One rating as staff see it (`comment` is null for an officer's own list)."""

    id: int
    at: str
    number: str | None
    ticket: str | None
    score: int
    reasons: list[str]
    comment: str | None
    source: str
    counter: int | None
    service: str | None
    officer: str | None


class RatingList(TypedDict):
    """The ratings a caller may see, with their count, average and share satisfied."""

    ratings: list[RatingView]
    count: int
    average_score: float | None
    satisfied_share: float | None
    comments_shown: bool


def _filters(ctx: Ctx, center: Center, args: dict[str, str]) -> list[Any]:
    """Turn ?month=YYYY-MM&counter=N&officer=USERNAME&service=CODE into conditions."""
    where: list[Any] = [Rating.center_id == center.id]
    if args.get("month"):
        first = parse_month(args["month"])
        if first is None:
            raise bad_request("rating.bad_month", "Tháng phải có dạng YYYY-MM",
                              "The month must look like YYYY-MM")
        start, end = month_bounds(first, center.timezone)
        where += [Rating.at >= start, Rating.at < end]
    if args.get("counter"):
        where.append(Rating.counter_id.in_(select(Counter.id).where(
            Counter.center_id == center.id, Counter.number == _int(args["counter"]))))
    if args.get("service"):
        where.append(Rating.service_id.in_(select(Service.id).where(
            Service.center_id == center.id, Service.code == args["service"].upper())))
    if args.get("officer"):
        where.append(Rating.officer_id.in_(select(Staff.id).where(
            Staff.username == args["officer"])))
    return where


def _int(text: str) -> int:
    if not text.isdigit():
        raise bad_request("rating.bad_counter", "Số quầy không hợp lệ", "Invalid counter number")
    return int(text)


def list_ratings(ctx: Ctx, who: Principal, center: Center, args: dict[str, str]) -> RatingList:
    """List ratings: supervisors and admins see all with comments; officers their own, no comments.

    Officers do not see comments, even on their own ratings: a comment may name the citizen
    or the officer's colleagues, and supervisors are the ones who follow them up.
    """
    where = _filters(ctx, center, args)
    full = who.has_role(Role.SUPERVISOR)
    if not full:
        where.append(Rating.officer_id == who.id)
    rows = ctx.session.execute(
        select(Rating, Ticket.number, Ticket.tracking_code, Counter.number, Service.code,
               Staff.username)
        .outerjoin(Ticket, Ticket.id == Rating.ticket_id)
        .outerjoin(Counter, Counter.id == Rating.counter_id)
        .outerjoin(Service, Service.id == Rating.service_id)
        .outerjoin(Staff, Staff.id == Rating.officer_id)
        .where(*where).order_by(Rating.at.desc(), Rating.id.desc()).limit(MAX_ROWS)).all()
    views = [RatingView(id=r.id, at=r.at.isoformat(), number=number, ticket=code,
                        score=r.score, reasons=list(r.reasons or []),
                        comment=r.comment if full else None, source=r.source,
                        counter=counter, service=service, officer=officer)
             for r, number, code, counter, service, officer in rows]
    s = satisfaction([v["score"] for v in views])
    return RatingList(ratings=views, count=len(views), average_score=s.average,
                      satisfied_share=s.satisfied_share, comments_shown=full)


def month_start(text: str | None) -> date | None:
    """Parse an optional ?month= argument (400 when malformed)."""
    if not text:
        return None
    first = parse_month(text)
    if first is None:
        raise bad_request("rating.bad_month", "Tháng phải có dạng YYYY-MM",
                          "The month must look like YYYY-MM")
    return first
