"""ESC/POS encoding: raster blocks, cut, round trip, and python-escpos import hygiene."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from printers.blocks import PAPER_58MM, PAPER_80MM, Spacer, Text
from printers.encode import encode_image, raster_blocks
from printers.pipeline import blocks_to_escpos, render_ticket, ticket_to_escpos
from printers.render import render
from printers.samples import sample_slip

REPO = Path(__file__).resolve().parents[2]


def same_pixels(a: Image.Image, b: Image.Image) -> bool:
    if a.size != b.size:
        return False
    return ImageChops.difference(a.convert("L"), b.convert("L")).getbbox() is None


@pytest.mark.parametrize("width", [PAPER_58MM, PAPER_80MM])
def test_ticket_bytes_are_init_raster_feed_cut(width, decode_raster):
    data = ticket_to_escpos(sample_slip(), width)
    assert data.startswith(b"\x1b@")  # ESC @ initialise
    assert b"\x1dv0" in data  # GS v 0 raster image
    image, start, end = decode_raster(data)
    assert start == 2
    assert image.width == width
    # after the raster: feed (ESC d n) then cut (GS V 0), nothing else
    assert data[end:] == b"\x1bd\x05\x1dV\x00"


@pytest.mark.parametrize("width", [PAPER_58MM, PAPER_80MM])
def test_raster_round_trip_is_pixel_exact(width, decode_raster):
    rendered = render_ticket(sample_slip(), width)
    decoded, _, _ = decode_raster(encode_image(rendered))
    assert same_pixels(decoded, rendered)
    ink = decoded.convert("L").histogram()[0]
    assert 0.03 < ink / (decoded.width * decoded.height) < 0.5  # real content, not blank


def test_direct_packing_matches_python_escpos_image():
    """Our fast GS v 0 packing must produce exactly what escpos' image() produces."""
    for width in (PAPER_58MM, PAPER_80MM):
        rendered = render_ticket(sample_slip(priority_label="Người cao tuổi"), width)
        assert rendered.height > 960  # exercises the fragment split too
        fast = encode_image(rendered)
        reference = encode_image(rendered, via_escpos_image=True)
        assert fast == reference


def test_tall_image_is_split_into_fragments(decode_raster):
    blocks = [Text("Đầu", 24), Spacer(2000), Text("Cuối", 24)]
    data = blocks_to_escpos(blocks, PAPER_58MM)
    assert data.count(b"\x1dv0") == 3  # 960 + 960 + rest
    image, _, _ = decode_raster(data)
    assert same_pixels(image, render(blocks, PAPER_58MM))


def test_partial_cut_and_no_cut():
    image = render([Text("A", 24)], PAPER_58MM)
    assert encode_image(image, partial_cut=True).endswith(b"\x1dV\x01")
    assert b"\x1dV" not in encode_image(image, cut=False)


def test_width_must_be_a_multiple_of_8():
    with pytest.raises(ValueError):
        raster_blocks(Image.new("1", (100, 10), 1))
    with pytest.raises(ValueError):
        render([Text("x")], 100)


def test_non_1bit_image_goes_through_escpos(decode_raster):
    grey = Image.new("L", (PAPER_58MM, 40), 255)
    grey.paste(0, (10, 10, 50, 30))
    image, _, _ = decode_raster(encode_image(grey))
    assert image.getpixel((20, 20)) == 0 and image.getpixel((100, 20)) == 255


def test_importing_escpos_leaks_no_temp_folder_nor_root_handler(tmp_path):
    tmp, cache = tmp_path / "tmp", tmp_path / "cache"
    tmp.mkdir()
    code = (
        "import json, logging, os, sys\n"
        "import printers.devices, printers.encode\n"
        "print(json.dumps({'handlers': len(logging.getLogger().handlers),"
        " 'tmp': os.listdir(os.environ['TMPDIR']),"
        " 'pickle_dir': os.environ['ESCPOS_CAPABILITIES_PICKLE_DIR']}))\n"
    )
    env = {"PATH": "/usr/bin:/bin", "TMPDIR": str(tmp), "XDG_CACHE_HOME": str(cache),
           "HOME": str(tmp_path)}
    for _ in range(2):  # first run writes the capabilities pickle, second run reads it
        done = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env,
                              capture_output=True, text=True, timeout=120, check=True)
        result = json.loads(done.stdout)
        assert result["handlers"] == 0, "escpos' logging.basicConfig() handler was left behind"
        assert result["tmp"] == [], f"temp folder leaked: {result['tmp']}"
        assert result["pickle_dir"] == str(cache / "motcua" / "escpos")
        assert done.stderr == ""
    assert list((cache / "motcua" / "escpos").glob("*.capabilities.pickle"))
