"""The center's dossier report (Biểu II.06a) as pure counting over per-dossier facts.

Feed one `ReportRow` per dossier, built from `dossier.assess(log, due, now=end, ...)` so
that `outcome` and `closed_at` describe the dossier as it stood at the period end.
Formulas are in docs/domain.md, "The center report"; each is restated below.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime

LEVELS = ("commune", "provincial")
CHANNELS = ("in_person", "online", "postal")
_PROCESSED = {"early", "on_time", "late"}
_PENDING = {"pending_in_time", "pending_overdue"}
# Outcomes of dossiers that were never received (refused at intake, or an online
# submission nobody accepted): they appear in no column of the report.
_NEVER_RECEIVED = {"not_received", "awaiting_intake"}


@dataclass(frozen=True)
class ReportRow:
    """What the report needs to know about one dossier, as of the period end."""

    level: str
    field: str
    procedure_code: str
    channel: str
    received_at: datetime | None  # acceptance instant (status 2); None if never accepted
    accepted: bool
    outcome: str  # Assessment.outcome, assessed with now = period end
    closed_at: datetime | None = None  # Assessment.finished_at (left the pending states)


@dataclass
class Counts:
    """One line of the report (a level, a field or a procedure)."""

    received_carried_over: int = 0
    received_new_in_person: int = 0
    received_new_online: int = 0
    received_new_postal: int = 0
    processed_early: int = 0
    processed_on_time: int = 0
    processed_late: int = 0
    pending_in_time: int = 0
    pending_overdue: int = 0
    returned: int = 0
    withdrawn: int = 0

    @property
    def received_new(self) -> int:
        """Return dossiers received in the period, all channels."""
        return self.received_new_in_person + self.received_new_online + self.received_new_postal

    @property
    def received_total(self) -> int:
        """Return carried over + newly received (the form's "tổng số nhận giải quyết")."""
        return self.received_carried_over + self.received_new

    @property
    def processed_total(self) -> int:
        """Return early + on time + late."""
        return self.processed_early + self.processed_on_time + self.processed_late

    @property
    def pending_total(self) -> int:
        """Return pending in time + pending overdue."""
        return self.pending_in_time + self.pending_overdue

    @property
    def on_time_rate(self) -> float | None:
        """Return (early + on time) / processed, None when nothing was processed."""
        total = self.processed_total
        return (self.processed_early + self.processed_on_time) / total if total else None

    @property
    def online_share(self) -> float | None:
        """Return online / newly received, None when nothing new was received."""
        # Carried-over dossiers were counted in their own period's share already.
        total = self.received_new
        return self.received_new_online / total if total else None

    def add(self, other: Counts) -> None:
        """Add another line's counts into this one."""
        # fields() not asdict(): asdict deep-copies, and this runs for every dossier.
        for f in fields(other):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def as_dict(self) -> dict[str, int | float | None]:
        """Return every count, total and rate, for JSON and the Excel export."""
        out: dict[str, int | float | None] = asdict(self)
        for name in ("received_new", "received_total", "processed_total", "pending_total",
                     "on_time_rate", "online_share"):
            out[name] = getattr(self, name)
        return out


@dataclass
class Report:
    """The report for one period: totals per level, per field and per procedure."""

    start: datetime
    end: datetime
    by_level: dict[str, Counts] = field(default_factory=dict)
    by_field: dict[tuple[str, str], Counts] = field(default_factory=dict)
    by_procedure: dict[tuple[str, str], Counts] = field(default_factory=dict)

    @property
    def total(self) -> Counts:
        """Return the sum over both levels."""
        total = Counts()
        for counts in self.by_level.values():
            total.add(counts)
        return total


def classify(row: ReportRow, start: datetime, end: datetime) -> Counts | None:
    """Return the counts one dossier contributes to the period [start, end), None if none."""
    if not row.accepted or row.received_at is None or row.outcome in _NEVER_RECEIVED:
        return None  # status 3 (and 1) dossiers were never received
    if row.received_at >= end:
        return None  # received after the period
    if row.closed_at is not None and row.closed_at > end:
        raise ValueError("row assessed after the period end: use assess(..., now=end)")
    # A closing instant belongs to the period that ends at it (assess includes rows at
    # `now`), so a dossier closed exactly at `start` was reported by the last period.
    carried = row.received_at < start
    if carried and row.closed_at is not None and row.closed_at <= start:
        return None  # finished in an earlier period: that period reported it
    if row.channel not in CHANNELS:
        raise ValueError(f"unknown channel {row.channel!r}")
    c = Counts()
    # Received = carried over (received before start, still pending at start) + new
    # in the period split by channel (in person, online, postal).
    if carried:
        c.received_carried_over = 1
    else:
        setattr(c, f"received_new_{row.channel}", 1)
    # Every received dossier lands in exactly one of: processed (early / on time /
    # late), pending (in time / overdue), returned (status 8), withdrawn (status 7).
    # So received_total == processed_total + pending_total + returned + withdrawn.
    if row.outcome in _PROCESSED:
        setattr(c, f"processed_{row.outcome}", 1)
    elif row.outcome in _PENDING:
        setattr(c, row.outcome, 1)
    elif row.outcome in ("returned", "withdrawn"):
        setattr(c, row.outcome, 1)
    else:
        raise ValueError(f"unknown outcome {row.outcome!r}")
    return c


def build_report(rows: Iterable[ReportRow], start: datetime, end: datetime) -> Report:
    """Count the dossiers of [start, end) per level, per field and per procedure."""
    if end <= start:
        raise ValueError("the period end must be after its start")
    report = Report(start, end, {level: Counts() for level in LEVELS})
    for row in rows:
        c = classify(row, start, end)
        if c is None:
            continue
        if row.level not in LEVELS:
            raise ValueError(f"unknown level {row.level!r}")
        report.by_level[row.level].add(c)
        report.by_field.setdefault((row.level, row.field), Counts()).add(c)
        report.by_procedure.setdefault((row.level, row.procedure_code), Counts()).add(c)
    return report
