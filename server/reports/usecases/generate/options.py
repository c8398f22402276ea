"""What `motcua demo generate` is asked to generate."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

Progress = Callable[[int, int, str], None]


@dataclass
class Options:
    """What to generate."""

    centers: int = 100
    days: int = 365
    tickets: int = 1_000_000
    dossiers: int = 300_000
    seed: int = 1
    prefix: str = "LC"
    include_existing: bool = False
    end_day: date | str | None = None  # last day of history; default yesterday
    chunk: int = 20_000
