"""The supervisor's alert: a counter whose share of low scores passes the threshold."""

from __future__ import annotations

from sqlalchemy import select

from server.kernel.models import Center
from server.kernel.runtime import Ctx
from server.queue.models import Counter
from server.ratings.events import RATING_ALERT, RatingAlertData
from server.ratings.models import Rating
from server.ratings.rules.figures import LowScoreCheck, low_score_check
from server.ratings.rules.months import month_bounds, month_of
from server.ratings.settings import ratings_settings


def _recent_scores(ctx: Ctx, counter: Counter, center: Center, extra: int = 0) -> list[int]:
    """The counter's last N (+ extra) scores of this local month, newest first."""
    start, end = month_bounds(month_of(ctx.clock(), center.timezone), center.timezone)
    return list(ctx.session.scalars(
        select(Rating.score).where(Rating.counter_id == counter.id, Rating.at >= start,
                                   Rating.at < end)
        .order_by(Rating.at.desc(), Rating.id.desc())
        .limit(max(1, ratings_settings(ctx.settings).alert_last_n) + extra)))


def counter_check(ctx: Ctx, counter: Counter) -> LowScoreCheck:
    """Apply the alert rule to a counter's recent ratings."""
    options = ratings_settings(ctx.settings)
    return low_score_check(_recent_scores(ctx, counter, ctx.get(Center, counter.center_id)),
                           options.alert_threshold, options.alert_min_ratings)


def _alert(counter: Counter, check: LowScoreCheck, threshold: float) -> RatingAlertData:
    pct = round(check.share * 100)
    return RatingAlertData(
        kind="rating_low", severity="high", counter=counter.number,
        considered=check.considered, low=check.low, share=check.share, threshold=threshold,
        message_vi=f"Quầy {counter.number}: {check.low}/{check.considered} đánh giá gần đây "
                   f"không hài lòng ({pct}%)",
        message_en=f"Counter {counter.number}: {check.low} of the last {check.considered} "
                   f"ratings are low ({pct}%)")


def check_counter(ctx: Ctx, counter: Counter) -> None:
    """After a rating: emit rating.alert to staff when this rating takes the counter past the
    threshold (not again for each rating while it stays there: the dashboard keeps showing it).
    """
    options = ratings_settings(ctx.settings)
    n = max(1, options.alert_last_n)
    scores = _recent_scores(ctx, counter, ctx.get(Center, counter.center_id), extra=1)
    now = low_score_check(scores[:n], options.alert_threshold, options.alert_min_ratings)
    before = low_score_check(scores[1:n + 1], options.alert_threshold, options.alert_min_ratings)
    if now.alert and not before.alert:
        ctx.emit(RATING_ALERT, counter.center_id, _alert(counter, now, options.alert_threshold))


def low_score_alerts(ctx: Ctx, center: Center) -> list[RatingAlertData]:
    """Every counter of a center now past the threshold (for the supervisor's dashboard)."""
    threshold = ratings_settings(ctx.settings).alert_threshold
    rated = set(ctx.session.scalars(select(Rating.counter_id).where(
        Rating.center_id == center.id, Rating.at >= month_bounds(
            month_of(ctx.clock(), center.timezone), center.timezone)[0]).distinct()))
    alerts = []
    for counter in ctx.session.scalars(select(Counter).where(Counter.center_id == center.id)
                                       .order_by(Counter.number)):
        if counter.id in rated:
            check = counter_check(ctx, counter)
            if check.alert:
                alerts.append(_alert(counter, check, threshold))
    return alerts
