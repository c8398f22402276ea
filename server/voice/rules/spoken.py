"""How ticket numbers, letters and counters are spoken: Vietnamese and English words."""

from __future__ import annotations

import re
import unicodedata

NUMBER_MODES = ("digits", "whole")

VI_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
EN_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")

# Vietnamese letter names as announced in public offices (a few foreign letters included).
VI_LETTERS = {
    "A": "A", "Ă": "Á", "Â": "Ớ", "B": "Bê", "C": "Xê", "D": "Dê", "Đ": "Đê",
    "E": "E", "Ê": "Ê", "F": "Ép", "G": "Giê", "H": "Hát", "I": "I", "J": "Gi",
    "K": "Ca", "L": "E-lờ", "M": "Em-mờ", "N": "En-nờ", "O": "O", "Ô": "Ô", "Ơ": "Ơ",
    "P": "Pê", "Q": "Quy", "R": "E-rờ", "S": "Ét-xì", "T": "Tê", "U": "U", "Ư": "Ư",
    "V": "Vê", "W": "Vê kép", "X": "Ích-xì", "Y": "I dài", "Z": "Dét",
}  # fmt: skip

# English letter names spelled so that TTS engines read them as letters ("ay" is read "eye").
EN_LETTERS = {
    "A": "A", "B": "bee", "C": "see", "D": "dee", "E": "ee", "F": "eff", "G": "gee",
    "H": "aitch", "I": "eye", "J": "jay", "K": "kay", "L": "el", "M": "em", "N": "en",
    "O": "oh", "P": "pee", "Q": "cue", "R": "ar", "S": "ess", "T": "tee", "U": "you",
    "V": "vee", "W": "double-u", "X": "ex", "Y": "why", "Z": "zed",
}  # fmt: skip

_TOKEN = re.compile(r"\d+|[^\W\d_]")


def vi_number_words(n: int) -> str:
    """Return Vietnamese words for 0 <= n < 1,000,000, e.g. 105 -> "một trăm linh năm"."""
    if n < 0 or n >= 1_000_000:
        raise ValueError(f"number out of range for Vietnamese words: {n}")
    if n == 0:
        return VI_DIGITS[0]
    thousands, rest = divmod(n, 1000)
    parts = []
    if thousands:
        parts.append(f"{_vi_under_1000(thousands, full=False)} nghìn")
    if rest:
        parts.append(_vi_under_1000(rest, full=bool(thousands)))
    return " ".join(parts)


def _vi_under_1000(n: int, *, full: bool) -> str:
    hundreds, rest = divmod(n, 100)
    parts = []
    if hundreds or full:
        parts.append(f"{VI_DIGITS[hundreds]} trăm")
    if rest:
        parts.append(_vi_under_100(rest, after_hundreds=bool(hundreds or full)))
    return " ".join(parts)


def _vi_under_100(n: int, *, after_hundreds: bool) -> str:
    tens, units = divmod(n, 10)
    if tens == 0:
        return f"linh {VI_DIGITS[units]}" if after_hundreds else VI_DIGITS[units]
    head = "mười" if tens == 1 else f"{VI_DIGITS[tens]} mươi"
    if units == 0:
        return head
    if units == 5:
        tail = "lăm"
    elif units == 1 and tens > 1:
        tail = "mốt"
    elif units == 4 and tens > 1:
        tail = "tư"
    else:
        tail = VI_DIGITS[units]
    return f"{head} {tail}"


def letter_name(letter: str, lang: str) -> str:
    """Return the spoken name of one letter in ``lang`` ("vi" or "en"), e.g. "C" -> "Xê"."""
    up = letter.upper()
    if lang == "vi":
        return VI_LETTERS.get(up, up)
    base = unicodedata.normalize("NFD", up.replace("Đ", "D"))[0]
    return EN_LETTERS.get(base, base)


def digit_run_words(digits: str, lang: str, mode: str) -> str:
    """Return a run of digits spoken one by one ("digits") or as a whole number ("whole")."""
    if mode not in NUMBER_MODES:
        raise ValueError(f"number_mode must be one of {NUMBER_MODES}, not {mode!r}")
    if mode == "digits":
        names = VI_DIGITS if lang == "vi" else EN_DIGITS
        return " ".join(names[int(d)] for d in digits)
    value = int(digits)
    if lang == "vi" and value < 1_000_000:
        return vi_number_words(value)
    return str(value)  # let the engine read "12"


def spoken_code(code: str | int, lang: str, mode: str) -> str:
    """Return a ticket or counter code such as "A012" as words: letters named, digits per mode."""
    tokens = _TOKEN.findall(unicodedata.normalize("NFC", str(code).strip()))
    words = [
        digit_run_words(tok, lang, mode) if tok.isdigit() else letter_name(tok, lang)
        for tok in tokens
    ]
    # English: a comma after a letter, else espeak reads "A 12" as the article "a twelve".
    return (" " if lang == "vi" else ", ").join(words)
