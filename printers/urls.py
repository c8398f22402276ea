"""Parse and validate printer URLs such as ``network://10.0.0.5:9100`` or ``usb://04b8:0e15``.

Schemes::

    network://HOST[:PORT]            raw TCP (JetDirect), port 9100 by default
    usb://VID:PID[?in_ep=0x82&out_ep=0x01]         vendor and product ids in hex
    serial:///dev/ttyS0[?baudrate=9600&bytesize=8&parity=N&stopbits=1&xonxoff=0&dsrdtr=1]

    network, usb and serial also take ``query_status=no`` for printers that never answer
    ``DLE EOT`` (status() then reports UNKNOWN instead of asking, and jobs are sent).
    file:///dev/usb/lp0              a device node (or an existing file) written directly
    cups://QUEUE_NAME                a CUPS queue, raw mode
    dummy://[?status=ok]             keeps the bytes in memory (tests, demos)
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import SplitResult, parse_qsl, urlsplit

from .errors import BadPrinterURL
from .status import PrinterStatus

SCHEMES = ("network", "usb", "serial", "file", "cups", "dummy")
DEFAULT_NETWORK_PORT = 9100

_HOSTNAME = re.compile(
    r"^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$"
)
_USB_IDS = re.compile(r"^(?:0x)?([0-9a-f]{1,4}):(?:0x)?([0-9a-f]{1,4})$", re.IGNORECASE)
# CUPS refuses names with spaces, "/", "#", quotes and control characters; we are stricter.
_CUPS_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.+-]{0,126}$")
_BOOL = {"1": True, "true": True, "yes": True, "0": False, "false": False, "no": False}


def _int_any_base(value: str) -> int:
    return int(value, 0)


def _bool(value: str) -> bool:
    return _BOOL[value.lower()]


def _one_of(*choices: str):
    def convert(value: str) -> str:
        if value.upper() not in choices:
            raise ValueError(value)
        return value.upper()

    return convert


def _in_range(low: int, high: int):
    def convert(value: str) -> int:
        number = int(value)
        if not low <= number <= high:
            raise ValueError(value)
        return number

    return convert


def _stopbits(value: str) -> float:
    if value not in ("1", "1.5", "2"):
        raise ValueError(value)
    return float(value) if value == "1.5" else int(value)


def _status(value: str) -> PrinterStatus:
    return PrinterStatus(value.lower())


# Per scheme: option name -> converter from its query-string text (raises ValueError, KeyError).
_OPTIONS: dict[str, dict[str, Callable[[str], object]]] = {
    "network": {"query_status": _bool},
    "usb": {"in_ep": _int_any_base, "out_ep": _int_any_base, "query_status": _bool},
    "serial": {
        "query_status": _bool,
        "baudrate": _in_range(50, 4_000_000),
        "bytesize": _in_range(5, 8),
        "parity": _one_of("N", "E", "O", "M", "S"),
        "stopbits": _stopbits,
        "xonxoff": _bool,
        "dsrdtr": _bool,
    },
    "file": {},
    "cups": {},
    "dummy": {"status": _status},
}


@dataclass(frozen=True, slots=True)
class PrinterURL:
    """A validated printer URL; only the fields of its scheme are set."""

    scheme: str
    url: str
    host: str | None = None
    port: int | None = None
    vendor_id: int | None = None
    product_id: int | None = None
    path: str | None = None
    name: str | None = None
    options: tuple[tuple[str, object], ...] = ()

    def option(self, key: str, default: object = None) -> object:
        """Return the converted value of a query option, or ``default``."""
        return dict(self.options).get(key, default)


def _bad(url: str, why: str) -> BadPrinterURL:
    return BadPrinterURL(why, url=url)


def _parse_options(url: str, scheme: str, query: str) -> tuple[tuple[str, object], ...]:
    if not query:
        return ()
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=True)
    except ValueError as exc:
        raise _bad(url, f"malformed query: {exc}") from None
    allowed = _OPTIONS[scheme]
    seen: dict[str, object] = {}
    for key, value in pairs:
        if key not in allowed:
            known = ", ".join(sorted(allowed)) or "none"
            raise _bad(url, f"unknown option {key!r} for {scheme}:// (known: {known})")
        if key in seen:
            raise _bad(url, f"option {key!r} given twice")
        try:
            seen[key] = allowed[key](value)
        except (ValueError, KeyError):
            raise _bad(url, f"bad value {value!r} for option {key!r}") from None
    return tuple(sorted(seen.items()))


def _check_host(url: str, host: str | None) -> str:
    if not host:
        raise _bad(url, "missing host")
    try:
        return str(ipaddress.ip_address(host))
    except ValueError:
        pass
    if not _HOSTNAME.match(host):
        raise _bad(url, f"invalid host name {host!r}")
    return host


def _check_path(url: str, path: str) -> str:
    if not path.startswith("/") or path == "/" or "\x00" in path:
        raise _bad(url, "an absolute device path is required, e.g. file:///dev/usb/lp0")
    return path


def parse_printer_url(url: str) -> PrinterURL:
    """Validate a printer URL and split it into its parts; raise BadPrinterURL if invalid."""
    if not isinstance(url, str) or not url.strip():
        raise BadPrinterURL("empty printer URL", url=str(url))
    url = url.strip()
    parts, scheme = _split(url)
    options = _parse_options(url, scheme, parts.query)
    return _BUILDERS[scheme](url, scheme, parts, options)


def _split(url: str) -> tuple[SplitResult, str]:
    """Split a stripped URL; return its parts and its lower-case, known scheme."""
    if any(ord(c) < 32 or ord(c) == 127 or c.isspace() for c in url):
        raise _bad(url, "control characters or spaces in URL")
    if "://" not in url:
        raise _bad(url, f"expected SCHEME://..., with SCHEME one of {', '.join(SCHEMES)}")
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise _bad(url, str(exc)) from None
    scheme = parts.scheme.lower()
    if scheme not in SCHEMES:
        raise _bad(url, f"unknown scheme {parts.scheme!r}; use one of {', '.join(SCHEMES)}")
    if parts.fragment:
        raise _bad(url, "fragments (#...) are not allowed")
    return parts, scheme


_Options = tuple[tuple[str, object], ...]


def _network(url: str, scheme: str, parts: SplitResult, options: _Options) -> PrinterURL:
    netloc, path = parts.netloc, parts.path
    if "@" in netloc:
        raise _bad(url, "user names are not allowed")
    if path not in ("", "/"):
        raise _bad(url, "no path expected after host:port")
    host = _check_host(url, parts.hostname)
    try:
        port = parts.port
    except ValueError:
        raise _bad(url, "invalid port") from None
    if port is None:
        if netloc.endswith(":"):
            raise _bad(url, "empty port")
        port = DEFAULT_NETWORK_PORT
    if not 1 <= port <= 65535:
        raise _bad(url, "port must be in 1..65535")
    return PrinterURL(scheme, url, host=host, port=port, options=options)


def _usb(url: str, scheme: str, parts: SplitResult, options: _Options) -> PrinterURL:
    match = _USB_IDS.match(parts.netloc)
    if not match or parts.path not in ("", "/"):
        raise _bad(url, "expected usb://VID:PID in hex, e.g. usb://04b8:0e15")
    vendor, product = (int(g, 16) for g in match.groups())
    if not vendor or not product:
        raise _bad(url, "vendor and product ids must not be 0")
    return PrinterURL(scheme, url, vendor_id=vendor, product_id=product, options=options)


def _device(url: str, scheme: str, parts: SplitResult, options: _Options) -> PrinterURL:
    """serial:// and file://: an absolute device path."""
    if parts.netloc:
        raise _bad(url, f"expected {scheme}:///absolute/path (three slashes)")
    return PrinterURL(scheme, url, path=_check_path(url, parts.path), options=options)


def _cups(url: str, scheme: str, parts: SplitResult, options: _Options) -> PrinterURL:
    if parts.path not in ("", "/") or not _CUPS_NAME.match(parts.netloc):
        raise _bad(url, "expected cups://QUEUE with letters, digits, '_', '.', '+', '-'")
    return PrinterURL(scheme, url, name=parts.netloc, options=options)


def _dummy(url: str, scheme: str, parts: SplitResult, options: _Options) -> PrinterURL:
    if parts.netloc or parts.path not in ("", "/"):
        raise _bad(url, "expected dummy:// (optionally ?status=...)")
    return PrinterURL(scheme, url, options=options)


_BUILDERS = {"network": _network, "usb": _usb, "serial": _device, "file": _device,
             "cups": _cups, "dummy": _dummy}
