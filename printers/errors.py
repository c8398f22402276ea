"""Printer errors: each has a stable ``code`` and a message in Vietnamese and English."""

from __future__ import annotations


class PrinterError(Exception):
    """Base class of every error raised by the ``printers`` package."""

    code = "printer_error"
    message_vi = "Lỗi máy in."
    message_en = "Printer error."
    #: False when retrying cannot help until someone changes the configuration.
    retryable = True

    def __init__(self, detail: str = "", *, url: str | None = None) -> None:
        self.detail = detail
        self.url = url
        super().__init__(str(self))

    def __str__(self) -> str:
        parts = [self.message_en]
        if self.url:
            parts.append(f"[{self.url}]")
        if self.detail:
            parts.append(self.detail)
        return " ".join(parts)

    def to_dict(self) -> dict[str, str | None]:
        """Return a JSON-ready description (code, both messages, detail, url)."""
        return {
            "code": self.code,
            "message_vi": self.message_vi,
            "message_en": self.message_en,
            "detail": self.detail or None,
            "url": self.url,
        }


class BadPrinterURL(PrinterError):
    """The printer URL is malformed or uses an unknown scheme or option."""

    code = "bad_printer_url"
    message_vi = "Địa chỉ máy in không hợp lệ."
    message_en = "Invalid printer address."
    retryable = False


class PrinterUnavailable(PrinterError):
    """This kind of printer cannot be used here (a driver or system tool is missing)."""

    code = "printer_unavailable"
    message_vi = "Không dùng được loại máy in này trên máy chủ (thiếu trình điều khiển)."
    message_en = "This printer type cannot be used on this server (driver missing)."
    retryable = False


class PrinterOffline(PrinterError):
    """The printer cannot be reached or does not answer in time."""

    code = "printer_offline"
    message_vi = "Máy in không kết nối được hoặc không phản hồi."
    message_en = "The printer is offline or not responding."


class PaperOut(PrinterError):
    """The printer reports that it has no paper."""

    code = "paper_out"
    message_vi = "Máy in hết giấy."
    message_en = "The printer is out of paper."


class CoverOpen(PrinterError):
    """The printer reports that its cover is open."""

    code = "cover_open"
    message_vi = "Nắp máy in đang mở."
    message_en = "The printer cover is open."


ERRORS_BY_CODE: dict[str, type[PrinterError]] = {
    cls.code: cls
    for cls in (
        PrinterError,
        BadPrinterURL,
        PrinterUnavailable,
        PrinterOffline,
        PaperOut,
        CoverOpen,
    )
}


def is_retryable(code: str) -> bool:
    """Tell whether an error code may go away by itself (so a retry makes sense)."""
    cls = ERRORS_BY_CODE.get(code)
    return True if cls is None else cls.retryable
