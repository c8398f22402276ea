"""Pixel-exact comparison of printed tickets with committed reference PNGs.

The ESC/POS bytes are decoded back (GS v 0 header and bitmap) into an image and compared
pixel for pixel with tests/printers/reference/*.png. After an intended change of the layout
or the renderer, regenerate the references and review them visually:

    .venv/bin/python -m pytest tests/printers/test_printer_reference.py --update-printer-refs
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageChops

from printers.blocks import PAPER_58MM, PAPER_80MM
from printers.pipeline import ticket_to_escpos
from printers.samples import sample_slip

REFERENCE_DIR = Path(__file__).resolve().parent / "reference"

CASES = {
    "cap-gcn-qsdd": ("Cấp Giấy chứng nhận quyền sử dụng đất", "A012", 7, 1260),
    "dang-ky-khai-sinh": ("Đăng ký khai sinh", "B003", 0, 240),
}
WIDTHS = {"58mm": PAPER_58MM, "80mm": PAPER_80MM}


@pytest.mark.parametrize("width_name", sorted(WIDTHS))
@pytest.mark.parametrize("case", sorted(CASES))
def test_ticket_matches_reference(case, width_name, decode_raster, request, tmp_path):
    service, number, ahead, wait = CASES[case]
    slip = sample_slip(service, number, waiting_ahead=ahead, estimated_wait_s=wait)
    data = ticket_to_escpos(slip, WIDTHS[width_name])
    printed, _, _ = decode_raster(data)
    reference_path = REFERENCE_DIR / f"ticket-{case}-{width_name}.png"

    if request.config.getoption("update_printer_refs", default=False):
        REFERENCE_DIR.mkdir(exist_ok=True)
        printed.save(reference_path, optimize=True)
        pytest.skip(f"reference rewritten: {reference_path.name}")

    assert reference_path.exists(), f"missing {reference_path}; run with --update-printer-refs"
    reference = Image.open(reference_path).convert("1")
    actual_path = tmp_path / reference_path.name
    printed.save(actual_path)
    assert printed.size == reference.size, f"size {printed.size} != {reference.size}: {actual_path}"
    diff = ImageChops.difference(printed.convert("L"), reference.convert("L"))
    changed = diff.histogram()[255]
    assert diff.getbbox() is None, (
        f"{changed} pixels differ in {diff.getbbox()}; actual image saved at {actual_path}"
    )
