"""``motcua printer test URL``: print a sample ticket full of Vietnamese diacritics."""

from __future__ import annotations

from .blocks import PAPER_58MM
from .devices import open_printer
from .errors import CoverOpen, PaperOut, PrinterOffline
from .pipeline import ticket_to_escpos
from .samples import DIACRITICS_CHECK, LONG_SERVICE, sample_slip
from .status import PrinterStatus


def selftest_ticket_bytes(width_dots: int = PAPER_58MM) -> bytes:
    """Return the ESC/POS bytes of the self-test ticket for paper ``width_dots`` wide."""
    slip = sample_slip(
        LONG_SERVICE,
        "T001",
        priority_label="Người khuyết tật, phụ nữ mang thai",
        footer_vi=("IN THỬ / TEST PRINT", *DIACRITICS_CHECK),
    )
    return ticket_to_escpos(slip, width_dots)




def print_test_ticket(
    url: str, *, width_dots: int = PAPER_58MM, timeout: float = 5.0
) -> PrinterStatus:
    """Print the self-test ticket on ``url`` and return the printer's status.

    The ticket is sent unless the printer reports offline, paper out or cover open. 58 mm
    width is the default because it also prints on 80 mm paper. BadPrinterURL and
    PrinterUnavailable (configuration errors) are raised to the caller.
    """
    data = selftest_ticket_bytes(width_dots)
    printer = open_printer(url, timeout=timeout)
    try:
        status = printer.status()
        if not status.can_print:
            return status
        try:
            printer.send(data)
        except PrinterOffline:
            return PrinterStatus.OFFLINE
        except PaperOut:
            return PrinterStatus.PAPER_OUT
        except CoverOpen:
            return PrinterStatus.COVER_OPEN
        return status
    finally:
        printer.close()
