"""Request bodies of ratings."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field, StrictInt

from server.kernel.bodies import Body


class RatingBody(Body):
    """A rating: the ticket's tracking code, a score 1-5, reasons for 1-2, an optional comment."""

    errors: ClassVar[dict[str, tuple[str, str, str]]] = {
        "ticket": ("rating.bad_ticket", "Thiếu mã số thứ tự", "The ticket code is missing"),
        "score": ("rating.bad_score", "Điểm đánh giá phải từ 1 đến 5",
                  "The score must be 1 to 5"),
        "reasons": ("rating.unknown_reason", "Danh sách lý do không hợp lệ",
                    "The reasons must be a list of codes"),
        "comment": ("rating.bad_comment", "Ý kiến không hợp lệ", "Invalid comment"),
    }
    ticket: str = Field(min_length=1, max_length=32)
    score: StrictInt = Field(ge=1, le=5)
    reasons: list[str] = Field(default_factory=list, max_length=10)
    comment: str | None = Field(default=None, max_length=1000)
