"""Events of ratings: a visit to rate (to its counter's rating screen), a rating, an alert."""

from __future__ import annotations

from typing import Final

from typing_extensions import TypedDict

from server.kernel.events import EventType


class RatingAskData(TypedDict):
    """rating.ask (one rating device's room on /rating): the visit just completed.

    Only what the citizen saw at the counter: no name of the citizen, no dossier content.
    """

    number: str
    tracking_code: str
    officer_name: str
    counter: int
    service_name: str
    service_name_en: str
    scale: str
    ask_s: int
    thanks_s: int


class RatingRecordedData(TypedDict):
    """rating.recorded (staff screens and scoreboards): figures moved; no comment, no officer."""

    counter: int | None
    service: str | None
    score: int


class RatingAlertData(TypedDict):
    """rating.alert (staff): a counter's share of low scores passed the threshold."""

    kind: str
    severity: str
    counter: int
    considered: int
    low: int
    share: float
    threshold: float
    message_vi: str
    message_en: str


RATING_ASK: Final = EventType("rating.ask", RatingAskData, ("/rating",))
RATING_RECORDED: Final = EventType("rating.recorded", RatingRecordedData, ("/board", "/counter"))
RATING_ALERT: Final = EventType("rating.alert", RatingAlertData, ("/counter",))
