"""``motcua printer ...`` sub-commands, registered through ``add_commands(subparsers)``."""

from __future__ import annotations

import argparse
import sys

_WIDTHS = {"58": 384, "80": 576}


def add_commands(sub) -> None:
    """Register ``printer test URL`` and ``printer status URL`` on the motcua parser."""
    printer = sub.add_parser("printer", help="thermal ticket printers").add_subparsers(
        dest="printer_cmd", required=True
    )
    test = printer.add_parser("test", help="print a test ticket full of Vietnamese diacritics")
    test.add_argument("url", help="network://HOST:9100, usb://VID:PID, serial:///dev/ttyS0, "
                                  "file:///dev/usb/lp0, cups://NAME or dummy://")
    test.add_argument("--paper", choices=sorted(_WIDTHS), default="58", help="paper width, mm")
    test.add_argument("--timeout", type=float, default=5.0, help="seconds (default 5)")
    test.set_defaults(func=cmd_printer_test)
    status = printer.add_parser("status", help="ask a printer for its status")
    status.add_argument("url")
    status.add_argument("--timeout", type=float, default=5.0)
    status.set_defaults(func=cmd_printer_status)


def _report(status) -> int:
    print(status.value)
    return 0 if status.can_print else 1


def _config_error(err) -> int:
    print(f"error {err.code}: {err.message_vi} / {err.message_en} ({err.detail})", file=sys.stderr)
    return 2


def cmd_printer_test(args: argparse.Namespace) -> int:
    """Print the self-test ticket; exit 0 if sent, 1 if printer not ready, 2 if bad config."""
    from .errors import PrinterError
    from .selftest import print_test_ticket

    try:
        status = print_test_ticket(args.url, width_dots=_WIDTHS[args.paper], timeout=args.timeout)
    except PrinterError as err:
        return _config_error(err)
    return _report(status)


def cmd_printer_status(args: argparse.Namespace) -> int:
    """Print the printer's status; exit 0 if it can print, 1 if not, 2 if misconfigured."""
    from .devices import check_printer
    from .errors import PrinterError

    try:
        status = check_printer(args.url, timeout=args.timeout)
    except PrinterError as err:
        return _config_error(err)
    return _report(status)
