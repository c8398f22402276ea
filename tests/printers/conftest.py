"""Fixtures for the printers package tests."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image

from printers.fake_network import FakeNetworkPrinter

RASTER = b"\x1dv0"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-printer-refs",
        action="store_true",
        default=False,
        help="rewrite tests/printers/reference/*.png from the current renderer",
    )


def parse_raster(data: bytes) -> tuple[Image.Image, int, int]:
    """Decode the consecutive GS v 0 blocks of ``data``: (image, start offset, end offset).

    Written from the ESC/POS reference, independently of printers.encode: GS v 0 m xL xH yL yH
    then (xL + 256 xH) * (yL + 256 yH) bytes, rows top to bottom, bit 7 = leftmost, 1 = ink.
    """
    start = data.find(RASTER)
    assert start >= 0, "no GS v 0 raster block in the ESC/POS bytes"
    pos, parts = start, []
    while data[pos:pos + 3] == RASTER:
        m, xl, xh, yl, yh = data[pos + 3:pos + 8]
        assert m in (0, 48), f"unexpected raster mode {m}"
        width_bytes, height = xl + 256 * xh, yl + 256 * yh
        bitmap = data[pos + 8:pos + 8 + width_bytes * height]
        assert len(bitmap) == width_bytes * height, "truncated raster block"
        rows = [bitmap[r * width_bytes:(r + 1) * width_bytes] for r in range(height)]
        image = Image.new("1", (width_bytes * 8, height), 255)
        pixels = image.load()
        for y, row in enumerate(rows):
            for xb, byte in enumerate(row):
                if byte:
                    for bit in range(8):
                        if byte & (0x80 >> bit):
                            pixels[xb * 8 + bit, y] = 0
        parts.append(image)
        pos += 8 + width_bytes * height
    width = parts[0].width
    assert all(p.width == width for p in parts), "raster fragments of different widths"
    full = Image.new("1", (width, sum(p.height for p in parts)), 255)
    y = 0
    for part in parts:
        full.paste(part, (0, y))
        y += part.height
    return full, start, pos


@pytest.fixture
def decode_raster():
    """Return a function decoding the GS v 0 blocks of ESC/POS bytes into an image."""
    return parse_raster


@pytest.fixture
def zbar_decode(tmp_path: Path):
    """Return a function decoding the QR codes of an image with the zbarimg command."""
    zbarimg = shutil.which("zbarimg")
    if zbarimg is None:
        pytest.skip("zbarimg not installed (Debian package zbar-tools)")

    def decode(image: Image.Image) -> list[str]:
        path = tmp_path / "qr.png"
        image.convert("L").save(path)
        done = subprocess.run(
            [zbarimg, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(path)],
            capture_output=True,
            timeout=60,
            check=False,
        )
        if done.returncode not in (0, 4):  # 4: no symbol found
            raise AssertionError(done.stderr.decode(errors="replace"))
        return [line for line in done.stdout.decode().splitlines() if line]

    return decode


class FakeClock:
    """An injectable clock: calling it returns ``now``; ``advance`` moves it forward."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    """A fake clock starting at 2026-11-28 01:00 UTC."""
    return FakeClock(datetime(2026, 11, 28, 1, 0, tzinfo=UTC))


@pytest.fixture
def fake_printer():
    """A started fake network printer, stopped after the test."""
    fake = FakeNetworkPrinter().start()
    try:
        yield fake
    finally:
        fake.stop()
