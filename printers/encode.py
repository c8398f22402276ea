"""Turn a rendered image into ESC/POS bytes: init, raster image (GS v 0), feed, cut.

All bytes go through python-escpos' ``Dummy`` printer. For the 1-bit images that
``printers.render`` produces, the ``GS v 0`` blocks are packed directly from the image's bits:
python-escpos' ``image()`` converts every image through RGBA, grey and inversion (twice when
the image is split into fragments), about 16-28 ms per ticket, more than all the rendering.
The direct packing is byte-for-byte identical to ``Dummy.image(impl="bitImageRaster")``
(tests/printers/test_printer_escpos.py checks it); other image modes use ``image()`` itself.
"""

from __future__ import annotations

from PIL import Image

from ._escpos import Dummy, constants, width_profile

FRAGMENT_HEIGHT = 960
"""Raster rows per ``GS v 0`` block (python-escpos' default; printers limit the height)."""
RASTER_HEADER = constants.GS + b"v0"
"""``GS v 0``: print raster bit image."""


def _int_low_high(value: int) -> bytes:
    return value.to_bytes(2, "little")


def raster_blocks(image: Image.Image, fragment_height: int = FRAGMENT_HEIGHT) -> bytes:
    """Pack a mode "1" image (black = 0) into ``GS v 0`` blocks of at most fragment_height rows."""
    if image.mode != "1":
        raise ValueError(f"raster_blocks needs a mode '1' image, not {image.mode!r}")
    if image.width % 8:
        raise ValueError(f"image width must be a multiple of 8 dots, not {image.width}")
    out = []
    width_bytes = image.width // 8
    for top in range(0, image.height, fragment_height):
        part = image.crop((0, top, image.width, min(top + fragment_height, image.height)))
        out.append(
            RASTER_HEADER
            + b"\x00"  # density: normal (high) horizontal and vertical density
            + _int_low_high(width_bytes)
            + _int_low_high(part.height)
            + part.tobytes("raw", "1;I")  # ESC/POS: bit 1 = printed dot
        )
    return b"".join(out)


def encode_image(
    image: Image.Image,
    *,
    feed_lines: int = 5,
    cut: bool = True,
    partial_cut: bool = False,
    via_escpos_image: bool = False,
) -> bytes:
    """Return ESC/POS bytes printing ``image`` as raster graphics, then feeding and cutting."""
    if image.width % 8:
        raise ValueError(f"image width must be a multiple of 8 dots, not {image.width}")
    printer = Dummy(profile=width_profile(image.width))
    printer.hw("INIT")
    if image.mode == "1" and not via_escpos_image:
        printer._raw(raster_blocks(image))
    else:
        printer.image(
            image, impl="bitImageRaster", fragment_height=FRAGMENT_HEIGHT, center=False
        )
    if feed_lines:
        printer.print_and_feed(feed_lines)
    if cut:
        # GS V 1 / GS V 0; escpos' cut(feed=False) would always send GS V 66 (partial).
        printer._raw(constants.PAPER_PART_CUT if partial_cut else constants.PAPER_FULL_CUT)
    return printer.output
