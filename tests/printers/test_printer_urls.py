"""Printer URL parsing: every scheme, and malformed URLs raising BadPrinterURL."""

from __future__ import annotations

import pytest

from printers.devices import DummyPrinter, FilePrinter, NetworkPrinter, open_printer
from printers.errors import BadPrinterURL
from printers.status import PrinterStatus
from printers.urls import parse_printer_url


def test_network_with_port():
    url = parse_printer_url("network://192.168.1.50:9101")
    assert (url.scheme, url.host, url.port) == ("network", "192.168.1.50", 9101)


def test_network_default_port_hostname_and_ipv6():
    assert parse_printer_url("network://Printer-1.local").port == 9100
    assert parse_printer_url("network://Printer-1.local").host == "printer-1.local"
    v6 = parse_printer_url("network://[::1]:9100")
    assert (v6.host, v6.port) == ("::1", 9100)
    assert parse_printer_url("NETWORK://10.0.0.1/").host == "10.0.0.1"


def test_usb_hex_ids_and_endpoints():
    url = parse_printer_url("usb://04b8:0e15")
    assert (url.vendor_id, url.product_id) == (0x04B8, 0x0E15)
    url = parse_printer_url("usb://0x0416:0x5011?in_ep=0x81&out_ep=3")
    assert (url.vendor_id, url.product_id) == (0x0416, 0x5011)
    assert url.option("in_ep") == 0x81 and url.option("out_ep") == 3


def test_serial_path_and_options():
    url = parse_printer_url("serial:///dev/ttyS0?baudrate=9600")
    assert (url.path, url.option("baudrate")) == ("/dev/ttyS0", 9600)
    url = parse_printer_url(
        "serial:///dev/ttyUSB0?baudrate=115200&bytesize=7&parity=e&stopbits=1.5&xonxoff=1&dsrdtr=no"
    )
    assert dict(url.options) == {
        "baudrate": 115200, "bytesize": 7, "parity": "E", "stopbits": 1.5,
        "xonxoff": True, "dsrdtr": False,
    }


def test_file_cups_dummy():
    assert parse_printer_url("file:///dev/usb/lp0").path == "/dev/usb/lp0"
    assert parse_printer_url("cups://EPSON_TM-T20II").name == "EPSON_TM-T20II"
    assert parse_printer_url("dummy://").scheme == "dummy"
    dummy = parse_printer_url("dummy://?status=paper_out")
    assert dummy.option("status") is PrinterStatus.PAPER_OUT


@pytest.mark.parametrize(
    "url",
    [
        "",
        "   ",
        "192.168.1.50:9100",  # no scheme
        "http://printer:9100",  # unknown scheme
        "network://",  # no host
        "network://:9100",
        "network://host:",
        "network://host:0",
        "network://host:70000",
        "network://host:abc",
        "network://user@host:9100",
        "network://host:9100/path",
        "network://host:9100?timeout=3",  # unknown option
        "network://host:9100?query_status=maybe",
        "network://bad_host!:9100",
        "network://host:9100#frag",
        "network://ho st:9100",
        "usb://",
        "usb://04b8",
        "usb://04b8:xyz",
        "usb://12345:0001",
        "usb://0000:0e15",
        "usb://04b8:0e15/extra",
        "usb://04b8:0e15?in_ep=zz",
        "usb://04b8:0e15?endpoint=1",
        "serial://dev/ttyS0",  # two slashes: "dev" would be a host
        "serial:///",
        "serial:///dev/ttyS0?baudrate=fast",
        "serial:///dev/ttyS0?baudrate=9600&baudrate=19200",
        "serial:///dev/ttyS0?parity=X",
        "serial:///dev/ttyS0?stopbits=3",
        "serial:///dev/ttyS0?bytesize=9",
        "serial:///dev/ttyS0?baudrate",  # malformed query with strict parsing
        "file://dev/usb/lp0",
        "file://",
        "file:///dev/usb/lp0?x=1",
        "cups://",
        "cups://name with space",
        "cups://a;rm -rf /",
        "cups://-dEvil",  # would look like an lp option
        "cups://queue/extra",
        "cups://$(reboot)",
        "dummy://x",
        "dummy://?status=happy",
        "network://host\n:9100",
        "network://ho\x00st",
    ],
)
def test_bad_urls_raise(url):
    with pytest.raises(BadPrinterURL) as info:
        parse_printer_url(url)
    assert info.value.code == "bad_printer_url"
    assert info.value.message_vi and info.value.message_en


def test_surrounding_whitespace_is_ignored():
    assert parse_printer_url("  network://10.0.0.2:9100\n").host == "10.0.0.2"


def test_non_string_url_raises():
    with pytest.raises(BadPrinterURL):
        parse_printer_url(None)  # type: ignore[arg-type]


def test_open_printer_picks_the_adapter():
    assert isinstance(open_printer("network://127.0.0.1:9"), NetworkPrinter)
    assert isinstance(open_printer("file:///dev/null"), FilePrinter)
    assert isinstance(open_printer("dummy://"), DummyPrinter)
    with pytest.raises(BadPrinterURL):
        open_printer("lpt://1")
    with pytest.raises(ValueError):
        open_printer("dummy://", timeout=0)
