"""Ticket layout as data, wait formatting, and error messages."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta, timezone

import pytest

from printers.blocks import PAPER_58MM, PAPER_80MM, QR, BigNumber, Rule, Text
from printers.errors import (
    ERRORS_BY_CODE,
    BadPrinterURL,
    CoverOpen,
    PaperOut,
    PrinterError,
    PrinterOffline,
    PrinterUnavailable,
)
from printers.layout import TicketSlip, build_layout, format_wait_en, format_wait_vi, sizes_for
from printers.samples import sample_slip


def texts(blocks):
    return [b.text for b in blocks if isinstance(b, Text)]


def test_layout_contains_the_ticket_fields():
    slip = sample_slip("Đăng ký khai sinh", "B003", waiting_ahead=4, estimated_wait_s=600,
                       priority_label="Người cao tuổi")
    blocks = build_layout(slip, PAPER_80MM)
    assert [b.text for b in blocks if isinstance(b, BigNumber)] == ["B003"]
    assert [b.data for b in blocks if isinstance(b, QR)] == [slip.tracking_url]
    lines = texts(blocks)
    assert slip.center_name in lines and "Đăng ký khai sinh" in lines
    assert "Số người chờ trước bạn: 4" in lines and "People ahead of you: 4" in lines
    assert "Thời gian chờ dự kiến: khoảng 10 phút" in lines
    assert "Ưu tiên / Priority: Người cao tuổi" in lines
    assert any(slip.tracking_code in line for line in lines)
    assert any(isinstance(b, Rule) for b in blocks)
    for line in (*slip.footer_vi, *slip.footer_en):
        assert line in lines


def test_issued_time_is_shown_in_local_time():
    slip = sample_slip(issued_at=datetime(2026, 11, 27, 23, 30, tzinfo=UTC))
    assert "Giờ lấy số / Issued: 06:30 28/11/2026" in texts(build_layout(slip, PAPER_58MM))
    other = dataclasses.replace(slip, timezone="UTC")
    assert "Giờ lấy số / Issued: 23:30 27/11/2026" in texts(build_layout(other, PAPER_58MM))
    ict = timezone(timedelta(hours=7))
    plus7 = sample_slip(issued_at=datetime(2026, 11, 28, 6, 30, tzinfo=ict))
    assert "Giờ lấy số / Issued: 06:30 28/11/2026" in texts(build_layout(plus7, PAPER_58MM))


def test_optional_parts():
    slip = sample_slip(waiting_ahead=0, estimated_wait_s=None)
    lines = texts(build_layout(slip, PAPER_58MM))
    assert "Không có người chờ trước bạn" in lines
    assert not any(line.startswith("Thời gian chờ") for line in lines)
    assert not any(line.startswith("Ưu tiên") for line in lines)


def test_sizes_grow_with_the_paper():
    small, large = sizes_for(PAPER_58MM), sizes_for(PAPER_80MM)
    assert small.number < large.number and small.qr < large.qr
    with pytest.raises(ValueError):
        sizes_for(64)


@pytest.mark.parametrize(
    ("seconds", "vi", "en"),
    [
        (0, "dưới 1 phút", "under 1 min"),
        (59, "dưới 1 phút", "under 1 min"),
        (60, "khoảng 1 phút", "about 1 min"),
        (61, "khoảng 2 phút", "about 2 min"),
        (3600, "khoảng 1 giờ", "about 1 h"),
        (3900, "khoảng 1 giờ 5 phút", "about 1 h 5 min"),
    ],
)
def test_wait_formatting(seconds, vi, en):
    assert format_wait_vi(seconds) == vi
    assert format_wait_en(seconds) == en


@pytest.mark.parametrize(
    "changes",
    [
        {"issued_at": datetime(2026, 11, 28, 8, 0)},  # naive
        {"number": " "},
        {"waiting_ahead": -1},
        {"estimated_wait_s": -5},
        {"timezone": "Mars/Olympus"},
    ],
)
def test_slip_validation(changes):
    base = dataclasses.asdict(sample_slip())
    base.update(changes)
    with pytest.raises(ValueError):
        TicketSlip(**base)


def test_slip_is_frozen_and_hashable():
    slip = sample_slip(footer_vi=["một", "hai"])
    assert slip.footer_vi == ("một", "hai")
    hash(slip)
    with pytest.raises(dataclasses.FrozenInstanceError):
        slip.number = "X"  # type: ignore[misc]


def test_errors_have_stable_codes_and_bilingual_messages():
    expected = {
        BadPrinterURL: "bad_printer_url",
        PrinterUnavailable: "printer_unavailable",
        PrinterOffline: "printer_offline",
        PaperOut: "paper_out",
        CoverOpen: "cover_open",
        PrinterError: "printer_error",
    }
    for cls, code in expected.items():
        error = cls("detail", url="network://x")
        assert isinstance(error, PrinterError) and error.code == code
        assert ERRORS_BY_CODE[code] is cls
        assert error.message_vi != error.message_en
        assert error.to_dict() == {
            "code": code, "message_vi": cls.message_vi, "message_en": cls.message_en,
            "detail": "detail", "url": "network://x",
        }
    assert "Máy in hết giấy." == PaperOut.message_vi
