"""The ``motcua printer`` sub-commands, on a bare argparse parser."""

from __future__ import annotations

import argparse

from printers.cli import add_commands
from printers.fake_network import FakeState


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    add_commands(parser.add_subparsers(dest="cmd", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


def test_printer_test_prints_on_the_fake(fake_printer, capsys):
    assert run("printer", "test", fake_printer.url, "--paper", "80", "--timeout", "1") == 0
    assert capsys.readouterr().out.strip() == "ok"
    assert fake_printer.wait_for_tickets(1)


def test_printer_status_and_exit_codes(fake_printer, capsys):
    fake_printer.set_state(FakeState.PAPER_OUT)
    assert run("printer", "status", fake_printer.url, "--timeout", "0.5") == 1
    assert capsys.readouterr().out.strip() == "paper_out"
    assert run("printer", "test", "lpt://1") == 2
    err = capsys.readouterr().err
    assert "bad_printer_url" in err and "Địa chỉ máy in không hợp lệ." in err
