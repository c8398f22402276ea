"""Helpers of the printing tests: kiosk printer settings, decoding what a fake printer got."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select, update

from server.kernel.models import Device

RASTER = b"\x1dv0"


def kiosk_id(runtime) -> int:
    """Return the id of the demo kiosk."""
    with runtime.uow(write=False) as ctx:
        return ctx.session.scalar(select(Device.id).where(Device.kind == "kiosk"))


def configure_kiosk(runtime, **config) -> int:
    """Set the demo kiosk's device config (printer, print_mode, paper...); return its id."""
    device_id = kiosk_id(runtime)
    with runtime.uow() as ctx:
        ctx.session.execute(update(Device).where(Device.id == device_id).values(config=config))
    return device_id


def raster_image(ticket: bytes) -> Image.Image:
    """Decode the ``GS v 0`` blocks of one printed ticket into one image (ESC/POS: 1 = ink)."""
    pos, parts = ticket.find(RASTER), []
    assert pos >= 0, "no raster image in the ticket"
    while ticket[pos:pos + 3] == RASTER:
        _m, xl, xh, yl, yh = ticket[pos + 3:pos + 8]
        width_bytes, height = xl + 256 * xh, yl + 256 * yh
        bitmap = ticket[pos + 8:pos + 8 + width_bytes * height]
        parts.append(Image.frombytes("1", (width_bytes * 8, height), bitmap, "raw", "1;I"))
        pos += 8 + width_bytes * height
    full = Image.new("1", (parts[0].width, sum(p.height for p in parts)), 1)
    top = 0
    for part in parts:
        full.paste(part, (0, top))
        top += part.height
    return full


def printed_codes(tickets: list[bytes], tmp_path: Path) -> list[str]:
    """Return the tracking code in the QR of each printed ticket, in printing order."""
    zbarimg = shutil.which("zbarimg")
    if zbarimg is None:
        pytest.skip("zbarimg not installed (Debian package zbar-tools)")
    paths = []
    for index, ticket in enumerate(tickets):
        path = tmp_path / f"printed-{index}.png"
        raster_image(ticket).convert("L").save(path)
        paths.append(str(path))
    if not paths:
        return []
    done = subprocess.run([zbarimg, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", *paths],
                          capture_output=True, text=True, timeout=60, check=False)
    urls = [line for line in done.stdout.splitlines() if line]
    assert len(urls) == len(tickets), (done.returncode, done.stderr)
    return [url.rsplit("/", 1)[-1] for url in urls]
