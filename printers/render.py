"""Render layout blocks to a 1-bit Pillow image as wide as the printer's paper."""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Callable, Iterable
from functools import lru_cache
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont
from qrcode.constants import ERROR_CORRECT_M

from .blocks import PAPER_80MM, QR, Align, BigNumber, Block, Rule, Spacer, Text

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
SYSTEM_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/TTF"),
    Path("/usr/local/share/fonts"),
    Path("/Library/Fonts"),
    Path("C:/Windows/Fonts"),
)
QR_QUIET_ZONE = 4
"""Modules of white around a QR code, as the QR specification asks."""
QR_MIN_MODULE = 3
"""Smallest module in dots (0.375 mm at 203 dpi) that phones still scan reliably."""

_TALL_SAMPLE = "ẤẦẨẪẬỄỂỀẾỆỖỔỒỐỘÁÀẢÃẠÝỸ|"
_DEEP_SAMPLE = "gjpqyỵỴẠỌỤ|,"

_RENDER_LOCK = threading.RLock()
"""FreeType faces are shared by the font cache and are not safe for concurrent use."""

_Draw = Callable[[Image.Image, ImageDraw.ImageDraw, int], None]


def margin_for(width_dots: int) -> int:
    """Return the blank margin in dots kept on each side of the paper."""
    return 12 if width_dots >= PAPER_80MM else 8


@lru_cache(maxsize=2)
def font_path(bold: bool = False) -> Path:
    """Return the DejaVu Sans file to use: the copy shipped in printers/fonts, else the system's."""
    name = FONT_FILES[bool(bold)]
    for folder in (FONT_DIR, *SYSTEM_FONT_DIRS):
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(
        f"font {name} not found in {FONT_DIR} nor in the system font folders; "
        "install fonts-dejavu-core"
    )


@lru_cache(maxsize=64)
def load_font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    """Load (once per size and weight) DejaVu Sans with the deterministic basic layout."""
    if size < 4:
        raise ValueError(f"font size too small: {size}")
    return ImageFont.truetype(
        str(font_path(bold)), size=size, layout_engine=ImageFont.Layout.BASIC
    )


def _ink_box(font: ImageFont.FreeTypeFont, text: str) -> tuple[int, int, int, int]:
    """Return (left, top, right, bottom) of ``text`` around its baseline pen position.

    Pillow types the box as floats; with the basic layout its values are whole dots.
    """
    left, top, right, bottom = font.getbbox(text, anchor="ls")
    return int(left), int(top), int(right), int(bottom)


@lru_cache(maxsize=64)
def _line_box(size: int, bold: bool) -> tuple[int, int]:
    """Return (ascent above baseline, total line height) covering stacked Vietnamese marks."""
    font = load_font(size, bold)
    top = _ink_box(font, _TALL_SAMPLE)[1]
    bottom = _ink_box(font, _DEEP_SAMPLE)[3]
    return -top, bottom - top


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def wrap_text(text: str, font: ImageFont.FreeTypeFont, max_width: int) -> list[str]:
    """Word-wrap ``text`` to lines at most ``max_width`` dots wide (long words are split)."""
    lines: list[str] = []
    for paragraph in _nfc(text).split("\n"):
        words = paragraph.split()
        if not words:
            lines.append("")
            continue
        current = ""
        for word in words:
            candidate = f"{current} {word}" if current else word
            if font.getlength(candidate) <= max_width:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = ""
            if font.getlength(word) <= max_width:
                current = word
                continue
            # A single word wider than the paper (a URL): split it, after a "/" when possible.
            for char in word:
                if current and font.getlength(current + char) > max_width:
                    cut = current.rfind("/") + 1
                    if 0 < cut < len(current):
                        lines.append(current[:cut])
                        current = current[cut:]
                    else:
                        lines.append(current)
                        current = ""
                current += char
        lines.append(current)
    return lines


@lru_cache(maxsize=4096)
def _wrapped(text: str, size: int, bold: bool, max_width: int) -> tuple[str, ...]:
    return tuple(wrap_text(text, load_font(size, bold), max_width))


@lru_cache(maxsize=2048)
def _line_mask(line: str, size: int, bold: bool) -> tuple[Image.Image, int, int, float]:
    """Return (ink mask, left and top offsets from the pen position, advance) for one line."""
    font = load_font(size, bold)
    left, top, right, bottom = _ink_box(font, line)
    mask = Image.new("1", (max(1, right - left), max(1, bottom - top)), 0)
    ImageDraw.Draw(mask).text((-left, -top), line, font=font, fill=255, anchor="ls")
    return mask, left, top, font.getlength(line)


def _x_for(align: Align, line_width: float, width_dots: int, margin: int) -> int:
    if align == Align.CENTER:
        return round((width_dots - line_width) / 2)
    if align == Align.RIGHT:
        return round(width_dots - margin - line_width)
    return margin


def _text(block: Text, width_dots: int, margin: int) -> tuple[int, _Draw]:
    ascent, line_height = _line_box(block.size, block.bold)
    advance = line_height + max(1, round(block.size * 0.12))
    lines = _wrapped(block.text, block.size, block.bold, width_dots - 2 * margin)

    def draw(img: Image.Image, d: ImageDraw.ImageDraw, y: int) -> None:
        for i, line in enumerate(lines):
            if line:
                mask, left, top, length = _line_mask(line, block.size, block.bold)
                x = _x_for(block.align, length, width_dots, margin)
                img.paste(0, (x + left, y + i * advance + ascent + top), mask)

    return advance * len(lines), draw


def _big_number(block: BigNumber, width_dots: int, margin: int) -> tuple[int, _Draw]:
    text = _nfc(block.text.strip())
    size = block.size
    font = load_font(size, True)
    while size > 16 and font.getlength(text) > width_dots - 2 * margin:
        size = int(size * 0.9)
        font = load_font(size, True)
    left, top, right, bottom = _ink_box(font, text)
    pad = max(2, round(size * 0.08))

    def draw(img: Image.Image, d: ImageDraw.ImageDraw, y: int) -> None:
        x = round((width_dots - (right - left)) / 2) - left
        d.text((x, y + pad - top), text, font=font, fill=0, anchor="ls")

    return bottom - top + 2 * pad, draw


def qr_matrix(data: str) -> list[list[bool]]:
    """Return the QR modules (True = dark) for ``data`` at error correction M, no border."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=1, border=0)
    code.add_data(data)
    code.make(fit=True)
    return code.get_matrix()


def _qr(block: QR, width_dots: int, margin: int) -> tuple[int, _Draw]:
    matrix = qr_matrix(block.data)
    n = len(matrix)
    span = n + 2 * QR_QUIET_ZONE
    box = max(1, min(block.size, width_dots - 2 * margin) // span)
    if box < QR_MIN_MODULE and span * QR_MIN_MODULE <= width_dots:
        box = QR_MIN_MODULE
    pixels = bytes(0 if dark else 255 for row in matrix for dark in row)
    small = Image.frombytes("L", (n, n), pixels)
    code_img = small.resize((n * box, n * box), Image.Resampling.NEAREST).convert(
        "1", dither=Image.Dither.NONE
    )
    quiet = QR_QUIET_ZONE * box

    def draw(img: Image.Image, d: ImageDraw.ImageDraw, y: int) -> None:
        x = (width_dots - n * box) // 2
        img.paste(code_img, (x, y + quiet))

    return n * box + 2 * quiet, draw


def _rule(block: Rule, width_dots: int, margin: int) -> tuple[int, _Draw]:
    pad = 4
    thickness = max(1, block.thickness)

    def draw(img: Image.Image, d: ImageDraw.ImageDraw, y: int) -> None:
        top, bottom = y + pad, y + pad + thickness - 1
        if not block.dashed:
            d.rectangle((margin, top, width_dots - margin - 1, bottom), fill=0)
            return
        for x in range(margin, width_dots - margin, 12):
            d.rectangle((x, top, min(x + 7, width_dots - margin - 1), bottom), fill=0)

    return thickness + 2 * pad, draw


def _spacer(block: Spacer, width_dots: int, margin: int) -> tuple[int, _Draw]:
    return max(0, block.height), lambda img, d, y: None


# Block class -> its measure function (each takes its own block class: hence the "...").
_MEASURE: dict[type[Block], Callable[..., tuple[int, _Draw]]] = {
    Text: _text, BigNumber: _big_number, QR: _qr, Rule: _rule, Spacer: _spacer}


def render(blocks: Iterable[Block], width_dots: int, margin: int | None = None) -> Image.Image:
    """Render blocks top to bottom into a mode "1" image ``width_dots`` wide (black = ink)."""
    if width_dots % 8 or not 128 <= width_dots <= 1024:
        raise ValueError(f"paper width must be a multiple of 8 in 128..1024, not {width_dots}")
    margin = margin_for(width_dots) if margin is None else margin
    blocks = list(blocks)
    for block in blocks:
        if type(block) not in _MEASURE:
            raise TypeError(f"not a layout block: {block!r}")
    with _RENDER_LOCK:
        placed: list[tuple[int, _Draw]] = []
        height = 0
        for block in blocks:
            block_height, draw = _MEASURE[type(block)](block, width_dots, margin)
            placed.append((height, draw))
            height += block_height
        image = Image.new("1", (width_dots, max(1, height)), 255)
        canvas = ImageDraw.Draw(image)
        for y, draw in placed:
            draw(image, canvas, y)
    return image
