"""Printer adapters: network (against the fake printer), file, lp, dummy, missing drivers."""

from __future__ import annotations

import os
import socket
import stat
import threading
import time

import pytest

from printers import devices
from printers.devices import LpPrinter, check_printer, open_printer
from printers.errors import (
    CoverOpen,
    PaperOut,
    PrinterOffline,
    PrinterUnavailable,
)
from printers.fake_network import FakeState
from printers.status import PrinterStatus, decode_status

# ---------------------------------------------------------------- network


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (FakeState.ONLINE, PrinterStatus.OK),
        (FakeState.PAPER_LOW, PrinterStatus.PAPER_LOW),
        (FakeState.PAPER_OUT, PrinterStatus.PAPER_OUT),
        (FakeState.COVER_OPEN, PrinterStatus.COVER_OPEN),
        (FakeState.OFFLINE, PrinterStatus.OFFLINE),
    ],
)
def test_network_status_follows_the_printer(fake_printer, state, expected):
    fake_printer.set_state(state)
    assert check_printer(fake_printer.url, timeout=1.0) is expected


def test_network_status_uses_real_time_requests(fake_printer):
    with open_printer(fake_printer.url, timeout=1.0) as printer:
        assert printer.status() is PrinterStatus.OK
    assert fake_printer.status_requests == [b"\x10\x04\x01", b"\x10\x04\x02", b"\x10\x04\x04"]


def test_silent_printer_is_offline_within_the_timeout(fake_printer):
    fake_printer.set_state(FakeState.SILENT)
    printer = open_printer(fake_printer.url, timeout=0.5)
    started = time.monotonic()
    status = printer.status()
    elapsed = time.monotonic() - started
    printer.close()
    assert status is PrinterStatus.OFFLINE
    assert 0.4 <= elapsed < 1.5, f"took {elapsed:.2f}s with a 0.5s timeout"


def test_refused_connection_is_offline_and_send_raises(fake_printer):
    fake_printer.set_state(FakeState.OFFLINE)
    printer = open_printer(fake_printer.url, timeout=0.5)
    assert printer.status() is PrinterStatus.OFFLINE
    with pytest.raises(PrinterOffline) as info:
        printer.send(b"\x1b@hello")
    assert info.value.code == "printer_offline"
    printer.close()


def test_network_send_delivers_bytes_and_reconnects_after_an_outage(fake_printer):
    printer = open_printer(fake_printer.url, timeout=1.0)
    printer.send(b"\x1b@first\x1dV\x00")
    printer.close()
    assert fake_printer.wait_for_tickets(1)
    fake_printer.set_state(FakeState.OFFLINE)
    assert printer.status() is PrinterStatus.OFFLINE
    fake_printer.set_state(FakeState.ONLINE)
    assert printer.status() is PrinterStatus.OK  # the same adapter reconnects
    printer.send(b"\x1b@second\x1dV\x00")
    printer.close()
    assert fake_printer.wait_for_tickets(2)
    assert fake_printer.tickets == [b"\x1b@first\x1dV\x00", b"\x1b@second\x1dV\x00"]


def test_printer_that_hangs_up_is_offline():
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    printer = open_printer(f"network://127.0.0.1:{port}", timeout=1.0)
    try:

        def hang_up():
            conn, _ = server.accept()
            conn.close()

        thread = threading.Thread(target=hang_up)
        thread.start()
        assert printer.status() is PrinterStatus.OFFLINE
        thread.join()
    finally:
        printer.close()
        server.close()


def test_decode_status_rejects_garbage():
    assert decode_status(0x12, 0x12, 0x12) is PrinterStatus.OK
    assert decode_status(0xFF, 0x12, 0x12) is PrinterStatus.UNKNOWN
    assert decode_status(0x1A, 0x12, 0x12) is PrinterStatus.OFFLINE  # offline, no known cause


# ---------------------------------------------------------------- file


def test_file_printer_appends_bytes(tmp_path):
    target = tmp_path / "lp0"
    target.write_bytes(b"")
    printer = open_printer(f"file://{target}", timeout=1.0)
    assert printer.status() is PrinterStatus.UNKNOWN
    printer.send(b"one")
    printer.send(b"two")
    assert target.read_bytes() == b"onetwo"


def test_missing_device_file_is_offline(tmp_path):
    printer = open_printer(f"file://{tmp_path}/usb/lp9", timeout=1.0)
    assert printer.status() is PrinterStatus.OFFLINE
    with pytest.raises(PrinterOffline):
        printer.send(b"x")


def test_file_write_times_out_on_a_stalled_device(tmp_path):
    fifo = tmp_path / "stalled"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # opened, never read: like a stuck printer
    try:
        printer = open_printer(f"file://{fifo}", timeout=0.3)
        started = time.monotonic()
        with pytest.raises(PrinterOffline, match="timed out"):
            printer.send(b"\0" * (4 * 1024 * 1024))
        assert time.monotonic() - started < 1.5
    finally:
        os.close(reader)


def test_file_device_without_reader_is_offline(tmp_path):
    fifo = tmp_path / "nobody"
    os.mkfifo(fifo)
    with pytest.raises(PrinterOffline):
        open_printer(f"file://{fifo}", timeout=0.3).send(b"x")


# ---------------------------------------------------------------- cups / lp


@pytest.fixture
def fake_lp(tmp_path, monkeypatch):
    """Put a fake ``lp`` first on PATH; it records its argv and standard input."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    script = bin_dir / "lp"
    script.write_text(
        "#!/bin/sh\n"
        'for a in "$@"; do printf "%s\\n" "$a"; done > "$FAKE_LP_ARGS"\n'
        'cat > "$FAKE_LP_DATA"\n'
        'if [ -n "$FAKE_LP_SLEEP" ]; then sleep "$FAKE_LP_SLEEP"; fi\n'
        'exit "${FAKE_LP_EXIT:-0}"\n'
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}:{os.environ.get('PATH', '')}")
    monkeypatch.setenv("FAKE_LP_ARGS", str(tmp_path / "args"))
    monkeypatch.setenv("FAKE_LP_DATA", str(tmp_path / "data"))
    return tmp_path


def test_cups_uses_lp_with_an_argument_list(fake_lp):
    printer = open_printer("cups://Kiosk_TM-T20.1", timeout=5)
    assert isinstance(printer, LpPrinter)
    assert printer.status() is PrinterStatus.UNKNOWN
    printer.send(b"\x1b@\x00raw;$(bytes)\n")
    args = (fake_lp / "args").read_text().splitlines()
    assert args == ["-d", "Kiosk_TM-T20.1", "-o", "raw", "-t", "motcua", "-s", "--"]
    assert (fake_lp / "data").read_bytes() == b"\x1b@\x00raw;$(bytes)\n"


def test_lp_failure_and_timeout(fake_lp, monkeypatch):
    monkeypatch.setenv("FAKE_LP_EXIT", "1")
    with pytest.raises(PrinterOffline, match="lp exit 1"):
        open_printer("cups://kiosk").send(b"x")
    monkeypatch.setenv("FAKE_LP_EXIT", "0")
    monkeypatch.setenv("FAKE_LP_SLEEP", "5")
    started = time.monotonic()
    with pytest.raises(PrinterOffline, match="did not finish"):
        open_printer("cups://kiosk", timeout=0.5).send(b"x")
    assert time.monotonic() - started < 3


def test_cups_without_lp_nor_pycups_is_unavailable(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no lp here
    monkeypatch.setattr(devices.CupsPrinter, "is_usable", staticmethod(lambda: False))
    with pytest.raises(PrinterUnavailable) as info:
        open_printer("cups://kiosk")
    assert info.value.code == "printer_unavailable"
    assert "lp" in info.value.detail and "pycups" in info.value.detail


# ---------------------------------------------------------------- usb / serial


def test_usb_without_pyusb_is_unavailable(monkeypatch):
    monkeypatch.setattr(devices.Usb, "is_usable", staticmethod(lambda: False))
    with pytest.raises(PrinterUnavailable, match="pyusb"):
        open_printer("usb://04b8:0e15")


def test_serial_without_pyserial_is_unavailable(monkeypatch):
    monkeypatch.setattr(devices.Serial, "is_usable", staticmethod(lambda: False))
    with pytest.raises(PrinterUnavailable, match="pyserial"):
        open_printer("serial:///dev/ttyS0?baudrate=9600")


def test_usb_gets_a_timeout_in_milliseconds_and_unplugged_is_offline(monkeypatch):
    made = {}

    class FakeUsb:
        is_usable = staticmethod(lambda: True)

        def __init__(self, **kwargs):
            made.update(kwargs)

        def open(self):
            raise devices.DeviceNotFoundError("not plugged")

    monkeypatch.setattr(devices, "Usb", FakeUsb)
    printer = open_printer("usb://04b8:0e15?out_ep=3", timeout=2.5)
    assert printer.status() is PrinterStatus.OFFLINE
    with pytest.raises(PrinterOffline):
        printer.send(b"x")
    assert made == {"idVendor": 0x04B8, "idProduct": 0x0E15, "timeout": 2500, "out_ep": 3}


# ---------------------------------------------------------------- dummy


def test_dummy_records_and_fails_like_its_status():
    printer = open_printer("dummy://")
    printer.send(b"abc")
    assert printer.sent == [b"abc"] and printer.status() is PrinterStatus.OK
    printer.set_status(PrinterStatus.PAPER_OUT)
    with pytest.raises(PaperOut):
        printer.send(b"x")
    with pytest.raises(CoverOpen):
        open_printer("dummy://?status=cover_open").send(b"x")
    printer.close()
    assert printer.closed


def test_query_status_no_skips_dle_eot_but_still_detects_refusal(fake_printer):
    url = f"{fake_printer.url}?query_status=no"
    with open_printer(url, timeout=0.5) as printer:
        assert printer.status() is PrinterStatus.UNKNOWN
        printer.send(b"\x1b@x\x1dV\x00")
    assert fake_printer.wait_for_tickets(1)
    assert fake_printer.status_requests == []
    fake_printer.set_state(FakeState.OFFLINE)
    assert check_printer(url, timeout=0.5) is PrinterStatus.OFFLINE
