"""Who is called next: priority first, without starving normal tickets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True)
class Candidate:
    """A waiting ticket as the policy sees it."""

    ticket_id: int
    service_rank: int  # the counter's order of preference for the ticket's service
    issued_at: datetime
    priority: bool
    directed: bool = False  # transferred to this very counter


def choose_next(candidates: list[Candidate], priority_streak: int,
                max_streak: int) -> tuple[Candidate | None, int]:
    """Pick the next ticket and return (candidate, new_streak), or (None, streak).

    Tickets transferred to this counter go first. Otherwise a priority ticket
    is taken unless the counter already made `max_streak` priority calls in a
    row and a normal ticket waits. Within a class: the counter's preferred
    service first, then first issued first served.
    """
    if not candidates:
        return None, priority_streak
    directed = [c for c in candidates if c.directed]
    pool = directed or candidates
    prio = [c for c in pool if c.priority]
    normal = [c for c in pool if not c.priority]

    def order(c: Candidate) -> tuple[Any, ...]:
        return (c.service_rank, c.issued_at, c.ticket_id)

    if prio and (priority_streak < max_streak or not normal):
        return min(prio, key=order), priority_streak + 1
    return min(normal, key=order), 0
