"""Rendering: Vietnamese glyphs, wrapping, margins, fonts and the QR code."""

from __future__ import annotations

import unicodedata

import pytest
from PIL import Image, ImageChops

from printers import render as render_module
from printers.blocks import PAPER_58MM, PAPER_80MM, QR, Align, BigNumber, Rule, Text
from printers.encode import encode_image
from printers.pipeline import render_ticket, ticket_to_escpos
from printers.render import font_path, load_font, margin_for, render, wrap_text
from printers.samples import LONG_SERVICE, sample_slip

VIETNAMESE_LETTERS = (
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ"
    "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴĐ"
)


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def ink(image: Image.Image) -> int:
    return image.convert("L").histogram()[0]


def same(a: Image.Image, b: Image.Image) -> bool:
    if a.size != b.size:
        return False
    return ImageChops.difference(a.convert("L"), b.convert("L")).getbbox() is None


def test_vietnamese_has_134_letters():
    assert len(VIETNAMESE_LETTERS) == 134
    assert strip_accents("Đăng ký khai sinh") == "Dang ky khai sinh"


def test_diacritics_draw_different_pixels_than_ascii():
    text = "Đăng ký khai sinh"
    accented = render([Text(text, 28)], PAPER_58MM)
    plain = render([Text(strip_accents(text), 28)], PAPER_58MM)
    question = render([Text("?ang k? khai sinh", 28)], PAPER_58MM)
    assert not same(accented, plain)
    assert not same(accented, question)
    assert ink(accented) > ink(plain)  # the marks add ink


@pytest.mark.parametrize("bold", [False, True])
def test_every_vietnamese_letter_has_its_own_glyph(bold):
    """Each accented letter must differ from its base letter and from every other letter."""
    seen: dict[bytes, str] = {}
    for letter in VIETNAMESE_LETTERS:
        image = render([Text(letter, 32, bold)], PAPER_58MM)
        base = render([Text(strip_accents(letter), 32, bold)], PAPER_58MM)
        assert not same(image, base), f"{letter!r} drawn like {strip_accents(letter)!r}"
        key = image.tobytes()
        assert key not in seen, f"{letter!r} drawn like {seen[key]!r}"
        seen[key] = letter


def test_decomposed_input_renders_like_precomposed():
    nfd = unicodedata.normalize("NFD", "Đăng ký khai sinh")
    assert nfd != "Đăng ký khai sinh"
    composed = render([Text("Đăng ký khai sinh", 28)], PAPER_58MM)
    assert same(render([Text(nfd, 28)], PAPER_58MM), composed)


def test_stacked_marks_are_not_clipped():
    """The top of Ấ/Ẫ must sit inside the image, below the first row."""
    image = render([Text("ẤẪỄỖ", 40, True)], PAPER_58MM)
    first_ink_row = ImageChops.invert(image.convert("L")).getbbox()[1]
    assert first_ink_row >= 1


@pytest.mark.parametrize("width", [PAPER_58MM, PAPER_80MM])
def test_long_service_name_wraps_within_the_margins(width):
    font = load_font(28, True)
    usable = width - 2 * margin_for(width)
    lines = wrap_text(LONG_SERVICE, font, usable)
    assert len(lines) >= 3
    assert all(font.getlength(line) <= usable for line in lines)
    assert " ".join(lines).split() == LONG_SERVICE.split()  # nothing lost, nothing reordered
    image = render([Text(LONG_SERVICE, 28, True, Align.CENTER)], width)
    margin = margin_for(width)
    left, _, right, _ = ImageChops.invert(image.convert("L")).getbbox()
    assert left >= margin and right <= width - margin


def test_word_longer_than_the_paper_is_split():
    font = load_font(24)
    word = "https://dichvucong.example.gov.vn/tra-cuu/" + "X" * 60
    lines = wrap_text(word, font, 300)
    assert len(lines) >= 2 and "".join(lines) == word
    assert all(font.getlength(line) <= 300 for line in lines)
    assert lines[0].endswith("/")  # prefers to break after a slash


def test_alignment():
    def ink_box(align):
        image = render([Text("Số", 30, align=align)], PAPER_80MM)
        return ImageChops.invert(image.convert("L")).getbbox()

    left, center, right = ink_box(Align.LEFT), ink_box(Align.CENTER), ink_box(Align.RIGHT)
    assert left[0] == margin_for(PAPER_80MM) or abs(left[0] - margin_for(PAPER_80MM)) <= 3
    assert abs((center[0] + center[2]) / 2 - PAPER_80MM / 2) <= 2
    assert abs(right[2] - (PAPER_80MM - margin_for(PAPER_80MM))) <= 3


def test_big_number_shrinks_to_fit():
    image = render([BigNumber("A0123456789", 200)], PAPER_58MM)
    left, _, right, _ = ImageChops.invert(image.convert("L")).getbbox()
    assert left >= margin_for(PAPER_58MM) and right <= PAPER_58MM - margin_for(PAPER_58MM)


def test_rule_and_output_mode():
    image = render([Rule(4), Rule(2, dashed=True)], PAPER_58MM)
    assert image.mode == "1" and image.width == PAPER_58MM
    assert ink(image) > 0


def test_unknown_block_is_rejected():
    with pytest.raises(TypeError):
        render(["not a block"], PAPER_58MM)


def test_shipped_fonts_are_preferred():
    assert font_path(False) == render_module.FONT_DIR / "DejaVuSans.ttf"
    assert font_path(True) == render_module.FONT_DIR / "DejaVuSans-Bold.ttf"
    assert (render_module.FONT_DIR / "LICENSE-DejaVu.txt").read_text().startswith("Format:")


def test_font_fallback_to_system(monkeypatch, tmp_path):
    monkeypatch.setattr(render_module, "FONT_DIR", tmp_path)  # empty: no shipped copy
    render_module.font_path.cache_clear()
    try:
        path = font_path(False)
        assert path.name == "DejaVuSans.ttf" and path.parent != tmp_path
    except FileNotFoundError:
        pytest.skip("no system DejaVu Sans either")
    finally:
        render_module.font_path.cache_clear()


def test_fonts_are_cached():
    assert load_font(23, True) is load_font(23, True)


@pytest.mark.parametrize("width", [PAPER_58MM, PAPER_80MM])
def test_ticket_qr_decodes_to_tracking_url(width, decode_raster, zbar_decode):
    slip = sample_slip("Đăng ký khai sinh", "B105", tracking_code="ZX81-0042")
    image, _, _ = decode_raster(ticket_to_escpos(slip, width))  # what the printer receives
    assert zbar_decode(image) == [slip.tracking_url]


def test_qr_with_vietnamese_payload(decode_raster, zbar_decode):
    data = "https://dichvucong.example.gov.vn/tra-cuu?ten=Nguyễn Thị Ánh"
    image, _, _ = decode_raster(encode_image(render([QR(data, 240)], PAPER_80MM)))
    assert zbar_decode(image) == [data]


def test_qr_modules_are_at_least_3_dots(zbar_decode):
    image = render([QR("https://dichvucong.example.gov.vn/tra-cuu/K7Q2-9XHD", 10)], PAPER_58MM)
    assert zbar_decode(image) == ["https://dichvucong.example.gov.vn/tra-cuu/K7Q2-9XHD"]
    assert image.height >= 3 * (29 + 8)  # version 3 (29 modules) + quiet zone, 3 dots each


def test_ticket_renders_all_fields():
    slip = sample_slip("Đăng ký khai sinh", "C007", waiting_ahead=0, estimated_wait_s=None)
    image = render_ticket(slip, PAPER_58MM)
    assert image.height > 600 and image.mode == "1"
