"""Ratings options ([motcua.ratings], QMS_RATINGS_<KEY>)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from server.kernel.settings import AreaSettings, Settings, area_settings


@dataclass(frozen=True)
class RatingsSettings(AreaSettings):
    """Rating screens, later ratings and the low-score alert."""

    area: ClassVar[str] = "ratings"

    # five: 1-5 faces; three: rất hài lòng / hài lòng / không hài lòng (stored as 5 / 4 / 2).
    # A center may choose its own in the app setting "ratings" {"scale_by_center": {CODE: ..}}.
    scale: str = "five"
    window_days: float = 3.0  # a later rating is taken this long after the ticket completed
    ask_s: int = 90  # the rating screen goes back to idle if nobody answers
    thanks_s: int = 8  # how long the thanks stay on the screen
    alert_threshold: float = 0.3  # share of scores 1-2 past which a counter raises an alert
    alert_last_n: int = 20  # ... among this counter's last N ratings this month
    alert_min_ratings: int = 5  # fewer ratings than this never alert


def ratings_settings(settings: Settings) -> RatingsSettings:
    """Return the ratings options."""
    return area_settings(settings, RatingsSettings)
