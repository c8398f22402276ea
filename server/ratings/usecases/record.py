"""Record a citizen's rating of a completed visit: once, never edited afterwards."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from typing_extensions import TypedDict

from server.dossiers.models import Dossier
from server.kernel.errors import DomainError
from server.kernel.models import Center, Device
from server.kernel.principals import DeviceKind, Principal
from server.kernel.runtime import Ctx
from server.queue.models import Counter, Service, Ticket
from server.queue.public import get_ticket
from server.queue.rules.states import TicketStatus
from server.ratings.events import RATING_RECORDED, RatingRecordedData
from server.ratings.models import Rating
from server.ratings.rules.scales import check_answer, check_window, window_closes
from server.ratings.settings import ratings_settings
from server.ratings.usecases.alerts import check_counter
from server.ratings.usecases.common import LevelView, domain_errors, level_views, scale_of


class RatingRecorded(TypedDict):
    """The answer to a rating: what was stored (no comment echoed back to a public screen)."""

    id: int
    ticket: str
    score: int
    reasons: list[str]
    source: str
    at: str


class RateStatus(TypedDict):
    """Whether a tracking page offers the later rating of a ticket (reason: why not)."""

    ticket: str
    open: bool
    reason: str | None  # not_completed | rated | window_closed
    closes_at: str | None
    scale: str
    levels: list[LevelView]


def _already_rated() -> DomainError:
    return DomainError("rating.exists", "Lượt phục vụ này đã được đánh giá",
                       "This visit has already been rated", 409)


def _check_device(ctx: Ctx, who: Principal, ticket: Ticket) -> Device:
    """A rating screen may rate only visits completed at the counter it stands beside."""
    device = ctx.find(Device, who.id)
    counter = ctx.find(Counter, ticket.counter_id) if ticket.counter_id else None
    if device is None or device.kind != DeviceKind.RATING or counter is None or \
            device.center_id != ticket.center_id or \
            str((device.config or {}).get("counter", "")) != str(counter.number):
        raise DomainError("rating.wrong_counter",
                          "Màn hình đánh giá này không thuộc quầy đã phục vụ lượt này",
                          "This rating screen is not at the counter that served this visit", 403)
    return device


def _completed(ctx: Ctx, tracking_code: str) -> Ticket:
    ticket = get_ticket(ctx.session, tracking_code)
    if ticket.status != TicketStatus.DONE or ticket.ended_at is None:
        raise DomainError("rating.not_completed", "Lượt phục vụ này chưa hoàn thành",
                          "This visit is not completed yet", 409)
    return ticket


def rate_visit(ctx: Ctx, who: Principal | None, tracking_code: str, score: int,
               reasons: list[str], comment: str | None) -> RatingRecorded:
    """Store a rating from the counter's screen (`who`) or a later one (no token, in the window)."""
    ticket = _completed(ctx, tracking_code)
    center = ctx.get(Center, ticket.center_id)
    options = ratings_settings(ctx.settings)
    with domain_errors():
        reasons = check_answer(score, reasons, comment, scale_of(ctx, center))
        if who is None:
            check_window(ticket.ended_at, ctx.clock(), options.window_days)  # type: ignore[arg-type]
    device = _check_device(ctx, who, ticket) if who is not None else None
    if ctx.session.scalar(select(Rating.id).where(Rating.ticket_id == ticket.id)):
        raise _already_rated()
    # The visit's first dossier, if one was filed: a dossier's rating is its visit's rating.
    dossier_id = ctx.session.scalar(select(Dossier.id).where(Dossier.ticket_id == ticket.id)
                                    .order_by(Dossier.id).limit(1))
    row = Rating(center_id=ticket.center_id, ticket_id=ticket.id, dossier_id=dossier_id,
                 officer_id=ticket.officer_id, counter_id=ticket.counter_id,
                 service_id=ticket.service_id, score=score, reasons=reasons,
                 comment=(comment or "").strip() or None,
                 source="device" if device else "later",
                 device_id=device.id if device else None, at=ctx.clock())
    ctx.session.add(row)
    try:
        ctx.session.flush()  # the unique ticket_id: of two simultaneous ratings one wins
    except IntegrityError:
        raise _already_rated() from None
    _announce(ctx, row)
    return RatingRecorded(id=row.id, ticket=ticket.tracking_code, score=row.score,
                          reasons=list(row.reasons), source=row.source, at=row.at.isoformat())


def _announce(ctx: Ctx, row: Rating) -> None:
    """Tell staff screens and scoreboards; check the counter's low-score alert."""
    counter = ctx.find(Counter, row.counter_id) if row.counter_id else None
    service = ctx.find(Service, row.service_id) if row.service_id else None
    ctx.emit(RATING_RECORDED, row.center_id, RatingRecordedData(
        counter=counter.number if counter else None,
        service=service.code if service else None, score=row.score))
    if counter is not None:
        check_counter(ctx, counter)


def can_rate(ctx: Ctx, tracking_code: str) -> RateStatus:
    """Tell a tracking page whether to offer the later rating: {open, reason, closes_at, ...}."""
    ticket = get_ticket(ctx.session, tracking_code)
    center = ctx.get(Center, ticket.center_id)
    scale = scale_of(ctx, center)
    answer = RateStatus(ticket=ticket.tracking_code, open=False, reason=None, closes_at=None,
                        scale=scale, levels=level_views(scale))
    if ticket.status != TicketStatus.DONE or ticket.ended_at is None:
        answer["reason"] = "not_completed"
        return answer
    closes = window_closes(ticket.ended_at, ratings_settings(ctx.settings).window_days)
    answer["closes_at"] = closes.isoformat()
    if ctx.session.scalar(select(Rating.id).where(Rating.ticket_id == ticket.id)):
        answer["reason"] = "rated"
    elif ctx.clock() > closes:
        answer["reason"] = "window_closed"
    else:
        answer["open"] = True
    return answer
