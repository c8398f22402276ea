"""The scoreboard's satisfaction figures and the low-score alert rule (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from server.ratings.rules.scales import LOW, SATISFIED


@dataclass(frozen=True)
class Satisfaction:
    """Ratings of one line of the scoreboard: count, average (2 decimals), share satisfied."""

    ratings: int
    average: float | None
    satisfied_share: float | None  # 0..1, rounded to 4 decimals (a percentage with 2)


def satisfaction(scores: Sequence[int]) -> Satisfaction:
    """Average score (rounded half-up to 2 decimals: 5, 1, 4 -> 3.33) and share of scores >= 4."""
    if not scores:
        return Satisfaction(0, None, None)
    average = _round(sum(scores) / len(scores), 2)
    share = _round(sum(s >= SATISFIED for s in scores) / len(scores), 4)
    return Satisfaction(len(scores), average, share)


def _round(value: float, digits: int) -> float:
    """Round half up (Python's round() is half-even: 2.675 -> 2.67)."""
    from decimal import ROUND_HALF_UP, Decimal

    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-digits), ROUND_HALF_UP))


@dataclass(frozen=True)
class LowScoreCheck:
    """What the alert rule saw for one counter."""

    considered: int
    low: int
    share: float
    alert: bool


def low_score_check(recent_scores: Sequence[int], threshold: float,
                    min_ratings: int) -> LowScoreCheck:
    """Alert when the share of scores 1-2 among the recent ones passes `threshold`.

    Fewer than `min_ratings` scores never alert: one unhappy citizen out of two is not a trend.
    """
    low = sum(s <= LOW for s in recent_scores)
    n = len(recent_scores)
    share = low / n if n else 0.0
    return LowScoreCheck(n, low, round(share, 4), n >= min_ratings and share > threshold)
