"""Announcement texts: Vietnamese number words, letter names, modes, repeat, templates."""

import pytest

from server.voice.rules.phrases import announcement_text, resolve_templates
from server.voice.rules.spoken import letter_name, spoken_code, vi_number_words


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "không"),
        (5, "năm"),
        (10, "mười"),
        (11, "mười một"),
        (12, "mười hai"),
        (14, "mười bốn"),
        (15, "mười lăm"),
        (20, "hai mươi"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (25, "hai mươi lăm"),
        (100, "một trăm"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (115, "một trăm mười lăm"),
        (121, "một trăm hai mươi mốt"),
        (1000, "một nghìn"),
        (1005, "một nghìn không trăm linh năm"),
        (1023, "một nghìn không trăm hai mươi ba"),
        (1100, "một nghìn một trăm"),
        (2010, "hai nghìn không trăm mười"),
        (9999, "chín nghìn chín trăm chín mươi chín"),
    ],
)
def test_vietnamese_number_words(n, words):
    assert vi_number_words(n) == words


def test_number_words_out_of_range():
    with pytest.raises(ValueError):
        vi_number_words(-1)


@pytest.mark.parametrize(
    ("letter", "name"),
    [("A", "A"), ("B", "Bê"), ("C", "Xê"), ("D", "Dê"), ("Đ", "Đê"), ("G", "Giê"), ("H", "Hát"),
     ("K", "Ca"), ("L", "E-lờ"), ("M", "Em-mờ"), ("N", "En-nờ"), ("Q", "Quy"), ("S", "Ét-xì"),
     ("X", "Ích-xì"), ("Y", "I dài"), ("c", "Xê")],
)
def test_vietnamese_letter_names(letter, name):
    assert letter_name(letter, "vi") == name


def test_english_letter_names():
    assert [letter_name(c, "en") for c in "ABHWZ"] == ["A", "bee", "aitch", "double-u", "zed"]
    assert letter_name("Đ", "en") == "dee"


def test_spoken_code_modes():
    assert spoken_code("A012", "vi", "digits") == "A không một hai"
    assert spoken_code("A012", "vi", "whole") == "A mười hai"
    assert spoken_code("C0105", "vi", "whole") == "Xê một trăm linh năm"
    assert spoken_code("0000", "vi", "whole") == "không"
    assert spoken_code("B-021", "vi", "whole") == "Bê hai mươi mốt"
    assert spoken_code("A012", "en", "digits") == "A, zero one two"
    assert spoken_code("A012", "en", "whole") == "A, 12"
    assert spoken_code(7, "vi", "whole") == "bảy"


def test_vietnamese_announcement_default():
    text = announcement_text("A012", 5)
    assert text == "Xin mời số thứ tự A mười hai đến quầy số năm."


def test_digits_mode_and_label():
    text = announcement_text("A012", 5, number_mode="digits", counter_label="Tư pháp")
    assert text == "Xin mời số thứ tự A không một hai đến quầy số năm, Tư pháp."


def test_english_announcement():
    text = announcement_text("B007", 12, lang="en", number_mode="digits")
    assert text == "Ticket number bee, zero zero seven, please go to counter 12."


def test_repeat():
    once = announcement_text("A1", 2)
    assert announcement_text("A1", 2, repeat=3) == " ".join([once] * 3)
    with pytest.raises(ValueError):
        announcement_text("A1", 2, repeat=0)


def test_deterministic():
    args = dict(lang="vi", number_mode="whole", repeat=2, counter_label="Đất đai")
    assert announcement_text("Đ123", 4, **args) == announcement_text("Đ123", 4, **args)


def test_admin_template_override():
    templates = {"vi": "Mời công dân có số {number} tới quầy {counter}{label}", "fr": {
        "call": "Numéro {ticket}, guichet {counter}"}}
    assert announcement_text("A5", 3, templates=templates) == \
        "Mời công dân có số A năm tới quầy ba."
    assert announcement_text("A5", 3, lang="fr", templates=templates) == \
        "Numéro A5, guichet 3."
    # The defaults are not modified by an override.
    assert "Xin mời" in announcement_text("A5", 3)


def test_bad_templates_rejected():
    with pytest.raises(ValueError, match="unknown fields"):
        resolve_templates({"vi": "Số {numero}"})
    with pytest.raises(ValueError, match="no announcement template"):
        announcement_text("A1", 1, lang="de")
    with pytest.raises(ValueError):
        announcement_text("A1", 1, number_mode="roman")
