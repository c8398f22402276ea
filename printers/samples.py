"""Sample slips with heavy Vietnamese diacritics, for the self-test, demos, tests and benchmarks."""

from __future__ import annotations

from datetime import UTC, datetime

from .layout import DEFAULT_FOOTER_VI, TicketSlip

LONG_SERVICE = (
    "Cấp Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất"
)
DIACRITICS_CHECK = (
    "ẮẰẲẴẶ ẤẦẨẪẬ ẾỀỂỄỆ ỐỒỔỖỘ ỚỜỞỠỢ ỨỪỬỮỰ ỲỶỸỴ Đđ",
    "ắằẳẵặ ấầẩẫậ ếềểễệ ốồổỗộ ớờởỡợ ứừửữự ỳỷỹỵ",
)
FIXED_ISSUED_AT = datetime(2026, 11, 28, 1, 15, 0, tzinfo=UTC)
"""08:15 in Hanoi: a fixed time so that sample output is byte-for-byte reproducible."""


def sample_slip(
    service_name: str = LONG_SERVICE,
    number: str = "A012",
    *,
    waiting_ahead: int = 7,
    estimated_wait_s: int | None = 1260,
    issued_at: datetime = FIXED_ISSUED_AT,
    tracking_code: str = "K7Q2-9XHD",
    priority_label: str | None = None,
    footer_vi: tuple[str, ...] | None = None,
) -> TicketSlip:
    """Return a realistic ticket slip; every argument has a deterministic default."""
    return TicketSlip(
        center_name="TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH THỪA THIÊN HUẾ",
        service_name=service_name,
        number=number,
        waiting_ahead=waiting_ahead,
        estimated_wait_s=estimated_wait_s,
        issued_at=issued_at,
        tracking_url=f"https://dichvucong.example.gov.vn/tra-cuu/{tracking_code}",
        tracking_code=tracking_code,
        priority_label=priority_label,
        footer_vi=DEFAULT_FOOTER_VI if footer_vi is None else footer_vi,
    )
