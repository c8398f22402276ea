"""What the lobby and the back office share while they write a center's days."""

from __future__ import annotations

import random
from datetime import date, datetime

from .plans import ProcedurePlan
from .workdays import WorkingDays
from .writer import Ids


class HistoryState:
    """Randomness, calendar, procedures, ids and the daily number sequences."""

    def __init__(self, rng: random.Random, days: WorkingDays, procs: list[ProcedurePlan],
                 history_end: datetime, sequences: dict, ids: Ids):
        self.rng, self.days, self.procs = rng, days, procs
        self.history_end = history_end
        self.sequences, self.ids = sequences, ids
        self.tracking: set[str] = set()
        self.proc_levels = {lvl: [p for p in procs if p.level == lvl]
                            for lvl in ("commune", "provincial")}
        self.proc_weights = {lvl: [p.weight for p in ps] for lvl, ps in self.proc_levels.items()}

    def _seq(self, scope: str, day: date) -> int:
        key = (scope, day)
        n = self.sequences.get(key, 0) + 1
        self.sequences[key] = n
        return n
