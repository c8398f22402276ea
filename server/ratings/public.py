"""What other areas may use of ratings: rows for reports, the figures, the dashboard's alerts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from typing_extensions import TypedDict

from server.kernel.models import Center, Staff
from server.kernel.runtime import Ctx
from server.queue.models import Counter, Service
from server.ratings.models import Rating
from server.ratings.rules.figures import Satisfaction, satisfaction
from server.ratings.rules.months import month_of
from server.ratings.usecases.alerts import low_score_alerts


class RatingRow(TypedDict):
    """One rating as a report groups it (no comment)."""

    month: str
    officer: str | None
    counter: int | None
    service: str | None
    score: int


def rating_rows(ctx: Ctx, center: Center, start: datetime, end: datetime) -> list[RatingRow]:
    """Return the center's ratings given in [start, end), for the queue report."""
    rows = ctx.session.execute(
        select(Rating.at, Rating.score, Staff.username, Counter.number, Service.code)
        .outerjoin(Staff, Staff.id == Rating.officer_id)
        .outerjoin(Counter, Counter.id == Rating.counter_id)
        .outerjoin(Service, Service.id == Rating.service_id)
        .where(Rating.center_id == center.id, Rating.at >= start, Rating.at < end)
        .order_by(Rating.at, Rating.id))
    return [RatingRow(month=f"{month_of(at, center.timezone):%Y-%m}", officer=officer,
                      counter=counter, service=service, score=score)
            for at, score, officer, counter, service in rows]


__all__ = ["RatingRow", "Satisfaction", "low_score_alerts", "rating_rows", "satisfaction"]
