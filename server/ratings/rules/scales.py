"""Rating scales, reasons for a low score, and what a valid rating is (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Final

SCALE_FIVE: Final = "five"
SCALE_THREE: Final = "three"
SCALES: Final = (SCALE_FIVE, SCALE_THREE)

# A score at or below this asks for a reason; at or above SATISFIED counts as satisfied.
LOW: Final = 2
SATISFIED: Final = 4


@dataclass(frozen=True)
class Level:
    """One choice on a rating screen: the score it stores and its words."""

    score: int
    face: str  # the SVG face drawn by the screen
    label_vi: str
    label_en: str


FIVE_LEVELS: Final = (
    Level(5, "very-happy", "Rất hài lòng", "Very satisfied"),
    Level(4, "happy", "Hài lòng", "Satisfied"),
    Level(3, "neutral", "Bình thường", "Neutral"),
    Level(2, "sad", "Không hài lòng", "Dissatisfied"),
    Level(1, "very-sad", "Rất không hài lòng", "Very dissatisfied"),
)
# The three-level scale stores scores on the same 1-5 line so every figure stays comparable:
# "rất hài lòng" = 5, "hài lòng" = 4, "không hài lòng" = 2 (low: it asks for a reason).
THREE_LEVELS: Final = (
    Level(5, "very-happy", "Rất hài lòng", "Very satisfied"),
    Level(4, "happy", "Hài lòng", "Satisfied"),
    Level(2, "sad", "Không hài lòng", "Dissatisfied"),
)


@dataclass(frozen=True)
class Reason:
    """Why a citizen gave a low score."""

    code: str
    label_vi: str
    label_en: str


REASONS: Final = (
    Reason("waited_too_long", "Phải chờ quá lâu", "Waited too long"),
    Reason("unfriendly", "Thái độ chưa thân thiện", "Unfriendly"),
    Reason("extra_papers", "Yêu cầu giấy tờ ngoài danh mục",
           "Asked for papers not on the list"),
    Reason("unclear", "Hướng dẫn chưa rõ ràng", "Not explained clearly"),
    Reason("other", "Lý do khác", "Other"),
)
REASON_CODES: Final = frozenset(r.code for r in REASONS)
COMMENT_MAX: Final = 1000


def levels(scale: str) -> tuple[Level, ...]:
    """Return the choices of a scale (the five-level one for an unknown name)."""
    return THREE_LEVELS if scale == SCALE_THREE else FIVE_LEVELS


class RatingRefused(ValueError):
    """A rating breaks a rule; `code` is stable, `status` is the HTTP answer."""

    def __init__(self, code: str, vi: str, en: str, status: int = 400):
        super().__init__(f"{code}: {en}")
        self.code, self.vi, self.en, self.status = code, vi, en, status


def check_answer(score: int, reasons: list[str], comment: str | None, scale: str) -> list[str]:
    """Check a score, its reasons and comment against a scale; return the reasons, deduplicated."""
    if score not in {level.score for level in levels(scale)}:
        raise RatingRefused("rating.bad_score", f"Điểm đánh giá không hợp lệ: {score}",
                            f"Invalid score: {score}")
    unknown = [r for r in reasons if r not in REASON_CODES]
    if unknown:
        raise RatingRefused("rating.unknown_reason", f"Lý do không hợp lệ: {unknown[0]}",
                            f"Unknown reason: {unknown[0]}")
    if score <= LOW and not reasons:
        raise RatingRefused("rating.reason_required", "Vui lòng chọn ít nhất một lý do",
                            "Please choose at least one reason")
    if comment is not None and len(comment) > COMMENT_MAX:
        raise RatingRefused("rating.comment_too_long", "Ý kiến quá dài",
                            f"The comment is longer than {COMMENT_MAX} characters")
    return list(dict.fromkeys(reasons)) if score <= LOW else []


def window_closes(completed_at: datetime, days: float) -> datetime:
    """Return when a later rating of a visit completed at `completed_at` stops being taken."""
    return completed_at + timedelta(days=days)


def check_window(completed_at: datetime, now: datetime, days: float) -> None:
    """Refuse a later rating once the window after completion has closed (410)."""
    if now > window_closes(completed_at, days):
        raise RatingRefused("rating.window_closed", "Đã hết thời hạn đánh giá lượt phục vụ này",
                            "The time to rate this visit has passed", 410)
