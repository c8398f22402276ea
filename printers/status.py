"""Printer status values and the decoding of ESC/POS real-time status bytes (``DLE EOT n``)."""

from __future__ import annotations

from enum import StrEnum

from .errors import CoverOpen, PaperOut, PrinterError, PrinterOffline


class PrinterStatus(StrEnum):
    """What a printer can tell us about itself."""

    OK = "ok"
    OFFLINE = "offline"
    PAPER_LOW = "paper_low"
    PAPER_OUT = "paper_out"
    COVER_OPEN = "cover_open"
    UNKNOWN = "unknown"

    @property
    def can_print(self) -> bool:
        """True when sending a job makes sense (ok, paper low, or no way to know)."""
        return self in (PrinterStatus.OK, PrinterStatus.PAPER_LOW, PrinterStatus.UNKNOWN)


# DLE EOT n answers: bit 0 and bit 7 are 0, bits 1 and 4 are 1 (Epson ESC/POS reference).
_FIXED_MASK = 0x93
_FIXED_VALUE = 0x12
# n = 1, printer status
_PRINTER_OFFLINE = 0x08
# n = 2, offline cause
_CAUSE_COVER_OPEN = 0x04
_CAUSE_PAPER_END_STOP = 0x20
# n = 4, roll paper sensor
_PAPER_NEAR_END = 0x0C
_PAPER_END = 0x60


def is_status_byte(value: int) -> bool:
    """Tell whether ``value`` has the fixed bits of a ``DLE EOT`` answer."""
    return value & _FIXED_MASK == _FIXED_VALUE


def decode_status(printer: int, offline_cause: int | None, paper: int | None) -> PrinterStatus:
    """Turn the answers to ``DLE EOT 1``, ``DLE EOT 2`` and ``DLE EOT 4`` into a status."""
    answers = [b for b in (printer, offline_cause, paper) if b is not None]
    if not all(is_status_byte(b) for b in answers):
        return PrinterStatus.UNKNOWN
    if offline_cause is not None and offline_cause & _CAUSE_COVER_OPEN:
        return PrinterStatus.COVER_OPEN
    if (paper is not None and paper & _PAPER_END) or (
        offline_cause is not None and offline_cause & _CAUSE_PAPER_END_STOP
    ):
        return PrinterStatus.PAPER_OUT
    if printer & _PRINTER_OFFLINE:
        return PrinterStatus.OFFLINE
    if paper is not None and paper & _PAPER_NEAR_END:
        return PrinterStatus.PAPER_LOW
    return PrinterStatus.OK


def error_for_status(status: PrinterStatus, url: str | None = None) -> PrinterError | None:
    """Return the error that a status forbidding printing stands for, else None."""
    if status is PrinterStatus.OFFLINE:
        return PrinterOffline("status query", url=url)
    if status is PrinterStatus.PAPER_OUT:
        return PaperOut(url=url)
    if status is PrinterStatus.COVER_OPEN:
        return CoverOpen(url=url)
    return None
