"""Turn a rendered 1-bit image into ESC/POS bytes: init, raster image (GS v 0), feed, cut."""

from __future__ import annotations

from PIL import Image

from ._escpos import Dummy, constants, width_profile

FRAGMENT_HEIGHT = 960
"""Raster rows per ``GS v 0`` block (python-escpos default; some printers limit the height)."""


def encode_image(image: Image.Image, *, feed_lines: int = 5, cut: bool = True,
                 partial_cut: bool = False) -> bytes:
    """Return ESC/POS bytes printing ``image`` as raster graphics, then feeding and cutting."""
    if image.width % 8:
        raise ValueError(f"image width must be a multiple of 8 dots, not {image.width}")
    printer = Dummy(profile=width_profile(image.width))
    printer.hw("INIT")
    printer.image(image, impl="bitImageRaster", fragment_height=FRAGMENT_HEIGHT, center=False)
    if feed_lines:
        printer.print_and_feed(feed_lines)
    if cut:
        # GS V 1 / GS V 0; escpos' own cut(feed=False) would send GS V 66 whatever the mode.
        printer._raw(constants.PAPER_PART_CUT if partial_cut else constants.PAPER_FULL_CUT)
    return printer.output
