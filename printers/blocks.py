"""Layout blocks: the pure-data vocabulary shared by tickets, receipts and the renderer.

Sizes are in printer dots (203 dpi: 8 dots per mm). A layout is a ``list[Block]``; any slip
(queue ticket, dossier receipt) is built as such a list and rendered by ``printers.render``.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

PAPER_58MM = 384
"""Printable width in dots of 58 mm paper."""
PAPER_80MM = 576
"""Printable width in dots of 80 mm paper."""


class Align(StrEnum):
    """Horizontal alignment of a text block."""

    LEFT = "left"
    CENTER = "center"
    RIGHT = "right"


@dataclass(frozen=True, slots=True)
class Text:
    """A paragraph, word-wrapped to the paper width; ``size`` is the font size in dots."""

    text: str
    size: int = 24
    bold: bool = False
    align: Align = Align.LEFT


@dataclass(frozen=True, slots=True)
class BigNumber:
    """The queue number in large bold digits, centered, shrunk if it would not fit."""

    text: str
    size: int = 120


@dataclass(frozen=True, slots=True)
class QR:
    """A QR code (error correction M), centered, at most ``size`` dots wide with quiet zone."""

    data: str
    size: int = 192


@dataclass(frozen=True, slots=True)
class Rule:
    """A horizontal line across the printable width."""

    thickness: int = 2
    dashed: bool = False


@dataclass(frozen=True, slots=True)
class Spacer:
    """Blank vertical space."""

    height: int = 12


Block = Text | BigNumber | QR | Rule | Spacer
