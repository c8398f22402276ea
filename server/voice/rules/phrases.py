"""Announcement phrase templates (data an admin may override) and the text they produce."""

from __future__ import annotations

import copy
import string
from collections.abc import Mapping
from typing import Any

from server.voice.rules.spoken import NUMBER_MODES, spoken_code

# Per language: "call" is the announcement, "label" wraps the optional counter label,
# "separator" joins repetitions. Placeholders: {number} (spoken ticket), {counter}
# (spoken counter), {label} (formatted label or ""), {ticket} (ticket as printed).
DEFAULT_TEMPLATES: dict[str, dict[str, str]] = {
    "vi": {
        "call": "Xin mời số thứ tự {number} đến quầy số {counter}{label}",
        "label": ", {label}",
        "separator": " ",
    },
    "en": {
        "call": "Ticket number {number}, please go to counter {counter}{label}",
        "label": ", {label}",
        "separator": " ",
    },
}

CALL_FIELDS = frozenset({"number", "counter", "label", "ticket"})
LABEL_FIELDS = frozenset({"label"})
MAX_REPEAT = 5


def resolve_templates(overrides: Mapping[str, Any] | None = None) -> dict[str, dict[str, str]]:
    """Merge admin overrides ({lang: str | {part: str}}) over the defaults and validate them."""
    merged = copy.deepcopy(DEFAULT_TEMPLATES)
    for lang, value in (overrides or {}).items():
        entry = merged.setdefault(lang, {"label": ", {label}", "separator": " "})
        if isinstance(value, str):
            entry["call"] = value
        elif isinstance(value, Mapping):
            entry.update({str(k): str(v) for k, v in value.items()})
        else:
            raise TypeError(f"template for {lang!r} must be a string or a mapping")
    for lang, entry in merged.items():
        if "call" not in entry:
            raise ValueError(f"template for {lang!r} has no 'call' phrase")
        _check_fields(entry["call"], CALL_FIELDS, lang)
        _check_fields(entry.get("label", ""), LABEL_FIELDS, lang)
    return merged


def _check_fields(template: str, allowed: frozenset[str], lang: str) -> None:
    try:
        fields = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError as exc:
        raise ValueError(f"template for {lang!r} is malformed: {exc}") from exc
    unknown = fields - allowed
    if unknown:
        raise ValueError(f"template for {lang!r} uses unknown fields {sorted(unknown)}")


def announcement_text(
    number: str | int,
    counter: str | int,
    *,
    lang: str = "vi",
    templates: Mapping[str, Any] | None = None,
    number_mode: str = "whole",
    repeat: int = 1,
    counter_label: str | None = None,
) -> str:
    """Return the deterministic text spoken when ``number`` is called to ``counter``."""
    if number_mode not in NUMBER_MODES:
        raise ValueError(f"number_mode must be one of {NUMBER_MODES}, not {number_mode!r}")
    if not 1 <= int(repeat) <= MAX_REPEAT:
        raise ValueError(f"repeat must be between 1 and {MAX_REPEAT}, not {repeat!r}")
    table = resolve_templates(templates)
    if lang not in table:
        raise ValueError(f"no announcement template for language {lang!r}")
    entry = table[lang]
    label = (counter_label or "").strip()
    once = entry["call"].format(
        number=spoken_code(number, lang, number_mode),
        counter=spoken_code(counter, lang, "whole"),
        label=entry.get("label", ", {label}").format(label=label) if label else "",
        ticket=str(number).strip(),
    ).strip()
    if once and once[-1] not in ".!?":
        once += "."
    return entry.get("separator", " ").join([once] * int(repeat))
