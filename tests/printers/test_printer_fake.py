"""The fake network printer itself: protocol answers, stream parsing, stop and restart."""

from __future__ import annotations

import socket

import pytest

from printers.devices import check_printer
from printers.fake_network import EscPosStream, FakeNetworkPrinter, FakeState
from printers.selftest import print_test_ticket, selftest_ticket_bytes
from printers.status import PrinterStatus


def ask(url_port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", url_port), timeout=1) as conn:
        conn.sendall(request)
        return conn.recv(16)


@pytest.mark.parametrize(
    ("state", "gs_r_1", "dle_eot_4"),
    [
        (FakeState.ONLINE, 0x00, 0x12),
        (FakeState.PAPER_LOW, 0x03, 0x1E),
        (FakeState.PAPER_OUT, 0x0F, 0x7E),
    ],
)
def test_paper_sensor_answers(fake_printer, state, gs_r_1, dle_eot_4):
    fake_printer.set_state(state)
    assert ask(fake_printer.port, b"\x1dr\x01") == bytes([gs_r_1])  # GS r 1
    assert ask(fake_printer.port, b"\x1dr1") == bytes([gs_r_1])  # GS r 49
    assert ask(fake_printer.port, b"\x10\x04\x04") == bytes([dle_eot_4])


def test_stream_parser_handles_split_chunks_and_raster_data():
    # Raster data containing DLE EOT / GS V byte patterns must not be taken as commands.
    bitmap = b"\x10\x04\x01\x1dV\x00" * 2  # 12 bytes = 2 bytes wide x 6 rows
    job = b"\x1b@" + b"\x1dv0\x00\x02\x00\x06\x00" + bitmap + b"\x1bd\x05\x1dV\x00"
    stream = b"\x10\x04\x01" + job + b"\x1dr\x01" + job
    for chunk_size in (1, 2, 3, 7, len(stream)):
        parser = EscPosStream()
        events = []
        for i in range(0, len(stream), chunk_size):
            events += parser.feed(stream[i:i + chunk_size])
        assert events == [
            ("status", b"\x10\x04\x01"),
            ("ticket", job),
            ("status", b"\x1dr\x01"),
            ("ticket", job),
        ], chunk_size
        assert parser.pending == b""


def test_stop_and_restart_on_the_same_port():
    fake = FakeNetworkPrinter().start()
    try:
        port = fake.port
        assert check_printer(fake.url, timeout=0.5) is PrinterStatus.OK
        fake.stop()
        assert check_printer(fake.url, timeout=0.5) is PrinterStatus.OFFLINE
        fake.start()
        assert fake.port == port
        assert check_printer(fake.url, timeout=0.5) is PrinterStatus.OK
        fake.restart()
        assert fake.port == port and check_printer(fake.url, timeout=0.5) is PrinterStatus.OK
        fake.set_state(FakeState.OFFLINE)
        fake.set_state(FakeState.ONLINE)
        assert fake.port == port and check_printer(fake.url, timeout=0.5) is PrinterStatus.OK
    finally:
        fake.stop()


def test_starting_offline_still_reserves_a_port():
    with FakeNetworkPrinter(state=FakeState.OFFLINE) as fake:
        assert fake.port > 0
        assert check_printer(fake.url, timeout=0.5) is PrinterStatus.OFFLINE
        fake.set_state(FakeState.ONLINE)
        assert check_printer(fake.url, timeout=0.5) is PrinterStatus.OK


def test_selftest_prints_one_ticket(fake_printer, decode_raster, zbar_decode):
    assert print_test_ticket(fake_printer.url, timeout=1.0) is PrinterStatus.OK
    assert fake_printer.wait_for_tickets(1)
    assert fake_printer.tickets == [selftest_ticket_bytes()]
    image, _, _ = decode_raster(fake_printer.tickets[0])
    assert zbar_decode(image) == ["https://dichvucong.example.gov.vn/tra-cuu/K7Q2-9XHD"]


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        (FakeState.PAPER_OUT, PrinterStatus.PAPER_OUT),
        (FakeState.OFFLINE, PrinterStatus.OFFLINE),
        (FakeState.SILENT, PrinterStatus.OFFLINE),
    ],
)
def test_selftest_reports_problems_without_printing(fake_printer, state, expected):
    fake_printer.set_state(state)
    assert print_test_ticket(fake_printer.url, timeout=0.5) is expected
    assert fake_printer.tickets == []
