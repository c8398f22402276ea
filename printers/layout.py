"""Queue ticket layout as pure data: a ``TicketSlip`` becomes a list of blocks."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .blocks import (
    PAPER_58MM,
    PAPER_80MM,
    QR,
    Align,
    BigNumber,
    Block,
    Rule,
    Spacer,
    Text,
)

__all__ = [
    "PAPER_58MM",
    "PAPER_80MM",
    "QR",
    "Align",
    "BigNumber",
    "Block",
    "Rule",
    "Sizes",
    "Spacer",
    "Text",
    "TicketSlip",
    "build_layout",
    "format_wait_en",
    "format_wait_vi",
    "sizes_for",
]

DEFAULT_TZ = "Asia/Ho_Chi_Minh"
DEFAULT_FOOTER_VI = (
    "Vui lòng chú ý màn hình và loa gọi số.",
    "Số thứ tự chỉ có giá trị trong ngày.",
)
DEFAULT_FOOTER_EN = (
    "Please watch the screen and listen for your number.",
    "This number is valid today only.",
)


@dataclass(frozen=True, slots=True)
class Sizes:
    """Font and element sizes (in dots) for one paper width; reusable by other slips."""

    small: int
    normal: int
    large: int
    number: int
    qr: int
    gap: int


def sizes_for(width_dots: int) -> Sizes:
    """Return the element sizes suited to paper ``width_dots`` wide (58 mm or 80 mm)."""
    if width_dots < 128:
        raise ValueError(f"paper width too small: {width_dots} dots")
    if width_dots >= PAPER_80MM:
        return Sizes(small=22, normal=28, large=34, number=160, qr=240, gap=14)
    if width_dots >= PAPER_58MM:
        return Sizes(small=19, normal=23, large=28, number=128, qr=200, gap=10)
    scale = width_dots / PAPER_58MM
    return Sizes(
        small=max(12, round(19 * scale)),
        normal=max(14, round(23 * scale)),
        large=max(16, round(28 * scale)),
        number=max(48, round(128 * scale)),
        qr=round(200 * scale),
        gap=max(4, round(10 * scale)),
    )


@dataclass(frozen=True, slots=True)
class TicketSlip:
    """Everything printed on a queue ticket."""

    center_name: str
    service_name: str
    number: str
    waiting_ahead: int
    estimated_wait_s: int | None
    issued_at: datetime
    tracking_url: str
    tracking_code: str
    priority_label: str | None = None
    timezone: str = DEFAULT_TZ
    footer_vi: tuple[str, ...] = field(default=DEFAULT_FOOTER_VI)
    footer_en: tuple[str, ...] = field(default=DEFAULT_FOOTER_EN)

    def __post_init__(self) -> None:
        if self.issued_at.tzinfo is None or self.issued_at.utcoffset() is None:
            raise ValueError("issued_at must be a timezone-aware datetime")
        if not self.number.strip():
            raise ValueError("number must not be empty")
        if self.waiting_ahead < 0:
            raise ValueError("waiting_ahead must be >= 0")
        if self.estimated_wait_s is not None and self.estimated_wait_s < 0:
            raise ValueError("estimated_wait_s must be >= 0 or None")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone: {self.timezone!r}") from exc
        # Accept lists from callers but keep the dataclass hashable and immutable.
        object.__setattr__(self, "footer_vi", tuple(self.footer_vi))
        object.__setattr__(self, "footer_en", tuple(self.footer_en))

    @property
    def issued_local(self) -> datetime:
        """Return ``issued_at`` converted to the slip's local time zone."""
        return self.issued_at.astimezone(ZoneInfo(self.timezone))


def _wait_parts(seconds: int) -> tuple[int, int]:
    minutes = max(1, math.ceil(seconds / 60))
    return divmod(minutes, 60)


def format_wait_vi(seconds: int) -> str:
    """Format an estimated wait in Vietnamese, rounded up to the minute."""
    if seconds < 60:
        return "dưới 1 phút"
    hours, minutes = _wait_parts(seconds)
    if hours and minutes:
        return f"khoảng {hours} giờ {minutes} phút"
    if hours:
        return f"khoảng {hours} giờ"
    return f"khoảng {minutes} phút"


def format_wait_en(seconds: int) -> str:
    """Format an estimated wait in English, rounded up to the minute."""
    if seconds < 60:
        return "under 1 min"
    hours, minutes = _wait_parts(seconds)
    if hours and minutes:
        return f"about {hours} h {minutes} min"
    if hours:
        return f"about {hours} h"
    return f"about {minutes} min"


def build_layout(slip: TicketSlip, width_dots: int) -> list[Block]:
    """Lay out a queue ticket for paper ``width_dots`` wide as a list of blocks."""
    s = sizes_for(width_dots)
    center = Align.CENTER
    blocks: list[Block] = [
        Text(slip.center_name, size=s.normal, bold=True, align=center),
        Spacer(s.gap // 2),
        Rule(thickness=2),
        Spacer(s.gap),
        Text("SỐ THỨ TỰ / YOUR NUMBER", size=s.small, align=center),
        BigNumber(slip.number, size=s.number),
    ]
    if slip.priority_label:
        blocks += [
            Text(f"Ưu tiên / Priority: {slip.priority_label}", s.normal, True, center),
            Spacer(s.gap // 2),
        ]
    blocks += [
        Text(slip.service_name, size=s.large, bold=True, align=center),
        Spacer(s.gap),
    ]
    if slip.waiting_ahead == 0:
        blocks += [
            Text("Không có người chờ trước bạn", size=s.normal),
            Text("No one is waiting ahead of you", size=s.small),
        ]
    else:
        blocks += [
            Text(f"Số người chờ trước bạn: {slip.waiting_ahead}", size=s.normal),
            Text(f"People ahead of you: {slip.waiting_ahead}", size=s.small),
        ]
    if slip.estimated_wait_s is not None:
        blocks += [
            Text(f"Thời gian chờ dự kiến: {format_wait_vi(slip.estimated_wait_s)}", s.normal),
            Text(f"Estimated wait: {format_wait_en(slip.estimated_wait_s)}", s.small),
        ]
    local = slip.issued_local
    blocks += [
        Text(f"Giờ lấy số / Issued: {local:%H:%M %d/%m/%Y}", size=s.small),
        Spacer(s.gap // 2),
        Rule(thickness=2, dashed=True),
        QR(slip.tracking_url, size=s.qr),
        Text(f"Mã tra cứu / Tracking code: {slip.tracking_code}", s.normal, True, center),
        Text(slip.tracking_url, size=s.small, align=center),
        Spacer(s.gap // 2),
        Rule(thickness=2),
        Spacer(s.gap // 2),
    ]
    blocks += [Text(line, size=s.small, align=center) for line in slip.footer_vi]
    blocks += [Text(line, size=s.small, align=center) for line in slip.footer_en]
    return blocks
