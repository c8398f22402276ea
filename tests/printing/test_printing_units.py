"""Pure pieces of printing: slip data, kiosk settings, expiry, layering, the migration."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect

from printers import jobs as rules
from printers.samples import sample_slip
from server.kernel.db.base import Base
from server.migrations import all_models  # noqa: F401
from server.migrations.migrate import alembic_config, upgrade
from server.printing.rules import slips
from server.printing.settings import kiosk_printer
from server.printing.usecases.jobs import expire

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 11, 30, 2, 0, tzinfo=UTC)
TABLES = {"print_jobs", "printer_states"}


def test_a_slip_survives_its_trip_through_json():
    slip = sample_slip(priority_label="Người cao tuổi")
    data = slips.slip_to_data(slip)
    assert data["issued_at"] == "2026-11-28T01:15:00+00:00"
    assert slips.slip_from_data(data) == slip
    assert slips.render_job("ticket", data, 384) == slips.render_job(
        "ticket", slips.slip_to_data(slip), 384)


def test_receipts_are_blocks_as_data_and_render_to_raster_and_cut():
    data = {"blocks": [{"type": "text", "text": "GIẤY TIẾP NHẬN HỒ SƠ", "size": 24,
                        "bold": True, "align": "center"},
                       {"type": "rule"}, {"type": "qr", "data": "https://x.test/t/ABC"},
                       {"type": "spacer", "height": 8}]}
    out = slips.render_job("receipt", data, 576)
    assert b"\x1dv0" in out and out.endswith(b"\x1dV\x00")
    with pytest.raises(ValueError):
        slips.render_job("poster", {}, 384)


@pytest.mark.parametrize(("config", "expected"), [
    ({}, None),
    ({"print_mode": "server"}, None),  # a server needs a URL
    ({"printer": "network://10.0.0.5:9100"}, ("network://10.0.0.5:9100", "server", 58)),
    ({"printer": "usb://04b8:0e15", "print_mode": "agent", "paper": "80"},
     ("usb://04b8:0e15", "agent", 80)),
    ({"print_mode": "agent"}, (None, "agent", 58)),
    ({"printer": "network://x", "print_mode": "fax"}, None),
])
def test_kiosk_printer_settings(config, expected):
    printer = kiosk_printer(config)
    assert (printer and (printer.url, printer.mode, printer.paper)) == expected


def test_only_a_queued_job_expires():
    job = rules.new_job(NOW)
    gone = expire(job, NOW + timedelta(minutes=20))
    assert (gone.state, gone.last_error, gone.next_attempt_at) == (rules.JobState.FAILED,
                                                                   "expired", None)
    with pytest.raises(rules.InvalidTransition):
        expire(rules.start(job, NOW), NOW)



def test_migration_0003_builds_exactly_the_printing_models_and_drops_them(tmp_path):
    from alembic import command

    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(url)
    engine = create_engine(url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                Base.metadata)
    assert [d for d in diff if TABLES & set(str(d).split("'"))] == []
    assert TABLES <= set(inspect(engine).get_table_names())
    command.downgrade(alembic_config(url), "0002")
    assert not TABLES & set(inspect(engine).get_table_names())
    engine.dispose()


def test_the_agents_journal_survives_a_restart_and_stays_small(tmp_path):
    from kiosk.print_agent import PrintJournal

    path = tmp_path / "state" / "journal.txt"
    journal = PrintJournal(path, keep=3)
    for n in range(7):
        journal.add(f"key{n}")
    assert "key0" in journal and "key9" not in journal
    again = PrintJournal(path, keep=3)  # 7 > 2 * 3 lines: compacted to the last 3
    assert [k for k in (f"key{n}" for n in range(7)) if k in again] == ["key4", "key5", "key6"]
    assert path.read_text().split() == ["key4", "key5", "key6"]


def test_the_agents_command_line(capsys):
    from kiosk.print_agent import parser

    args = parser().parse_args(["--server", "http://10.0.0.2:5000", "--token", "k_x",
                                "--printer", "usb://04b8:0e15", "--paper", "80"])
    assert (args.server, args.printer, args.paper, args.journal) == (
        "http://10.0.0.2:5000", "usb://04b8:0e15", 80, None)
    with pytest.raises(SystemExit):
        parser().parse_args(["--server", "x", "--printer", "dummy://", "--paper", "57"])
