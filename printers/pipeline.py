"""From slip to printer bytes: layout, render, encode in one call."""

from __future__ import annotations

from collections.abc import Iterable

from PIL import Image

from .blocks import Block
from .encode import encode_image
from .layout import TicketSlip, build_layout
from .render import render


def render_ticket(slip: TicketSlip, width_dots: int) -> Image.Image:
    """Render a queue ticket to a 1-bit image ``width_dots`` wide (384 = 58 mm, 576 = 80 mm)."""
    return render(build_layout(slip, width_dots), width_dots)


def ticket_to_escpos(slip: TicketSlip, width_dots: int) -> bytes:
    """Return the ESC/POS bytes (init, raster, feed, cut) printing one queue ticket."""
    return encode_image(render_ticket(slip, width_dots))


def blocks_to_escpos(blocks: Iterable[Block], width_dots: int) -> bytes:
    """Return the ESC/POS bytes printing any block layout (e.g. a dossier receipt)."""
    return encode_image(render(blocks, width_dots))
