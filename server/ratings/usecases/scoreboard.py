"""The public scoreboard: per counter and per service for a month, no personal data.

Served = tickets completed (status done) in the month, by the counter and service that
completed them; average wait = their mean `wait_s`; dossiers on time = the visits' dossiers
finished in the month by their due date; satisfaction = the month's ratings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from sqlalchemy import select
from typing_extensions import TypedDict

from server.dossiers.public import visit_outcomes
from server.kernel.models import Center
from server.kernel.runtime import Ctx
from server.queue.models import Counter, Service, Ticket
from server.queue.rules.states import TicketStatus
from server.ratings.models import Rating
from server.ratings.rules.figures import satisfaction
from server.ratings.rules.months import month_bounds, month_of


class ScoreLine(TypedDict):
    """One counter or service of the scoreboard."""

    key: str
    label_vi: str
    label_en: str
    served: int
    average_wait_s: int | None
    dossiers_finished: int
    dossiers_on_time: int
    ratings: int
    average_score: float | None
    satisfied_share: float | None


class Scoreboard(TypedDict):
    """The month's scoreboard of a center."""

    center: str
    month: str
    counters: list[ScoreLine]
    services: list[ScoreLine]


class _Tally:
    __slots__ = ("served", "waits", "finished", "on_time", "scores")

    def __init__(self) -> None:
        self.served = self.finished = self.on_time = 0
        self.waits: list[float] = []
        self.scores: list[int] = []


def _line(key: str, vi: str, en: str, t: _Tally) -> ScoreLine:
    s = satisfaction(t.scores)
    return ScoreLine(key=key, label_vi=vi, label_en=en, served=t.served,
                     average_wait_s=round(sum(t.waits) / len(t.waits)) if t.waits else None,
                     dossiers_finished=t.finished, dossiers_on_time=t.on_time,
                     ratings=s.ratings, average_score=s.average,
                     satisfied_share=s.satisfied_share)


def _fold(rows: Iterable[Any], by: dict[str, dict[int, _Tally]],
          add: Callable[[_Tally, Any], None], place: Callable[[Any], Any] = lambda r: r) -> None:
    """Add each row to its counter's and its service's tally."""
    for row in rows:
        where = place(row)
        for name, key in (("counter", where.counter_id), ("service", where.service_id)):
            if key is not None:
                add(by[name][key], row)


def scoreboard(ctx: Ctx, center: Center, month: date | None = None) -> Scoreboard:
    """Return the month's figures per counter and per service (the current month by default)."""
    first = month or month_of(ctx.clock(), center.timezone)
    start, end = month_bounds(first, center.timezone)
    by: dict[str, dict[int, _Tally]] = {"counter": defaultdict(_Tally),
                                        "service": defaultdict(_Tally)}
    served = ctx.session.execute(select(Ticket.id, Ticket.counter_id, Ticket.service_id,
                                        Ticket.wait_s).where(
        Ticket.center_id == center.id, Ticket.status == TicketStatus.DONE,
        Ticket.ended_at >= start, Ticket.ended_at < end)).all()
    _fold(served, by, _add_served)
    outcomes = visit_outcomes(ctx, center, start, end)
    if outcomes:
        places = {r.id: r for r in ctx.session.execute(
            select(Ticket.id, Ticket.counter_id, Ticket.service_id)
            .where(Ticket.id.in_({tid for tid, _ in outcomes})))}
        _fold(((places[tid], ok) for tid, ok in outcomes if tid in places), by, _add_dossier,
              place=lambda pair: pair[0])
    rated = ctx.session.execute(select(Rating.counter_id, Rating.service_id, Rating.score).where(
        Rating.center_id == center.id, Rating.at >= start, Rating.at < end)).all()
    _fold(rated, by, lambda t, r: t.scores.append(r.score))
    return Scoreboard(center=center.name, month=f"{first:%Y-%m}",
                      counters=_counter_lines(ctx, center, by["counter"]),
                      services=_service_lines(ctx, center, by["service"]))


def _add_served(t: _Tally, row: Any) -> None:
    t.served += 1
    if row.wait_s is not None:
        t.waits.append(row.wait_s)


def _add_dossier(t: _Tally, pair: Any) -> None:
    t.finished += 1
    t.on_time += bool(pair[1])


def _counter_lines(ctx: Ctx, center: Center, by: dict[int, _Tally]) -> list[ScoreLine]:
    counters = ctx.session.scalars(select(Counter).where(Counter.center_id == center.id)
                                   .order_by(Counter.number))
    return [_line(str(c.number), f"Quầy {c.number}", f"Counter {c.number}", by[c.id])
            for c in counters if c.id in by]


def _service_lines(ctx: Ctx, center: Center, by: dict[int, _Tally]) -> list[ScoreLine]:
    services = ctx.session.scalars(select(Service).where(Service.center_id == center.id)
                                   .order_by(Service.position, Service.id))
    return [_line(s.code, s.name_vi, s.name_en, by[s.id]) for s in services if s.id in by]
