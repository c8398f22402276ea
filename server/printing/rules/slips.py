"""What a print job prints, as JSON data, and its rendering to ESC/POS bytes.

A job stores data, never bytes: the printer's paper width is known only at delivery, and the
data stays readable in the database. The print agent imports this module too (no Flask, no
database): ``render_job`` is the one place that turns a job into bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from datetime import datetime
from typing import Any

from printers.blocks import PAPER_58MM, PAPER_80MM, QR, Align, BigNumber, Rule, Spacer, Text
from printers.layout import TicketSlip

KINDS = ("ticket", "receipt", "test")
WIDTHS = {58: PAPER_58MM, 80: PAPER_80MM}
_BLOCKS = {"text": Text, "big_number": BigNumber, "qr": QR, "rule": Rule, "spacer": Spacer}


def width_dots(paper: object) -> int:
    """Return the printable width in dots for a paper width in mm (58 unless 80)."""
    if not isinstance(paper, int | float | str):  # None, a list, ...: int() refuses them
        return PAPER_58MM
    try:
        return WIDTHS.get(int(paper), PAPER_58MM)
    except ValueError:
        return PAPER_58MM


def slip_to_data(slip: TicketSlip) -> dict:
    """Return a ticket slip as JSON-ready data."""
    data = {f.name: getattr(slip, f.name) for f in fields(TicketSlip)}
    data["issued_at"] = slip.issued_at.isoformat()
    data["footer_vi"] = list(slip.footer_vi)
    data["footer_en"] = list(slip.footer_en)
    return data


def slip_from_data(data: dict) -> TicketSlip:
    """Rebuild a ticket slip from its JSON data (unknown keys are ignored)."""
    names = {f.name for f in fields(TicketSlip)}
    values = {k: v for k, v in data.items() if k in names}
    values["issued_at"] = datetime.fromisoformat(values["issued_at"])
    for key in ("footer_vi", "footer_en"):
        if key in values:
            values[key] = tuple(values[key])
    return TicketSlip(**values)


def ticket_slip_data(view: Mapping[str, Any], center_name: str, timezone: str,
                     priority_label: str | None = None) -> dict:
    """Build a ticket's slip data from the ticket view the kiosk receives."""
    return slip_to_data(TicketSlip(
        center_name=center_name,
        service_name=view["service_name"],
        number=view["number"],
        waiting_ahead=max(0, int(view.get("waiting_ahead") or 0)),
        estimated_wait_s=view.get("estimated_wait_s"),
        issued_at=datetime.fromisoformat(view["issued_at"]),
        tracking_url=view["tracking_url"],
        tracking_code=view["tracking_code"],
        priority_label=priority_label,
        timezone=timezone,
    ))


def blocks_from_data(items: list[dict]) -> list:
    """Rebuild layout blocks from ``[{"type": "text", "text": ..., ...}, ...]`` (receipts)."""
    blocks = []
    for item in items:
        options = dict(item)
        cls = _BLOCKS[options.pop("type")]
        if "align" in options:
            options["align"] = Align(options["align"])
        blocks.append(cls(**options))
    return blocks


def render_job(kind: str, data: dict, width: int) -> bytes:
    """Return the ESC/POS bytes of a job for paper ``width`` dots wide."""
    from printers import pipeline

    if kind == "ticket":
        return pipeline.ticket_to_escpos(slip_from_data(data), width)
    if kind == "receipt":
        return pipeline.blocks_to_escpos(blocks_from_data(data["blocks"]), width)
    if kind == "test":
        from printers.selftest import selftest_ticket_bytes

        return selftest_ticket_bytes(width)
    raise ValueError(f"unknown print job kind: {kind!r}")
