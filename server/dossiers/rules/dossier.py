"""Dossier (hồ sơ) lifecycle: national status codes, transitions, clock rules, stages, codes.

Rules follow docs/domain.md, "Dossiers" and "Due dates in working days".
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import IntEnum
from typing import NamedTuple

from server.dossiers.rules.calendar import WorkCalendar
from server.kernel.errors import DomainError


class DossierStatus(IntEnum):
    """The ten status codes every Vietnamese public service portal shares."""

    NEW = 1
    ACCEPTED = 2
    NOT_ACCEPTED = 3
    PROCESSING = 4
    SUPPLEMENT = 5
    FINANCIAL_OBLIGATION = 6
    WITHDRAWN = 7
    STOPPED = 8
    RESULT_READY = 9
    RETURNED = 10

    @property
    def label_vi(self) -> str:
        """Return the Vietnamese label shown to citizens and officers."""
        return _LABELS[self][0]

    @property
    def label_en(self) -> str:
        """Return the English label."""
        return _LABELS[self][1]


S = DossierStatus
_LABELS = {
    S.NEW: ("Mới đăng ký", "Newly registered"),
    S.ACCEPTED: ("Đã tiếp nhận", "Accepted"),
    S.NOT_ACCEPTED: ("Không tiếp nhận", "Not accepted"),
    S.PROCESSING: ("Đang xử lý", "Processing"),
    S.SUPPLEMENT: ("Yêu cầu bổ sung", "Supplement requested"),
    S.FINANCIAL_OBLIGATION: ("Chờ thực hiện nghĩa vụ tài chính", "Awaiting financial obligation"),
    S.WITHDRAWN: ("Công dân rút hồ sơ", "Withdrawn by citizen"),
    S.STOPPED: ("Dừng xử lý", "Processing stopped"),
    S.RESULT_READY: ("Đã có kết quả", "Result ready"),
    S.RETURNED: ("Đã trả kết quả", "Result returned"),
}

# Allowed moves. Why each one:
# - 1 NEW (online, not yet checked) is accepted, refused at intake, or withdrawn by the
#   citizen before anyone accepted it.
# - 2 ACCEPTED starts the clock; the officer hands it on (4), finds a missing paper
#   (5), or it ends by withdrawal (7) or a stop (8). No 2->9: even a same-day procedure
#   passes through processing so the log shows who handled it.
# - 4 PROCESSING can ask for a supplement (5) or a fee/tax (6), end with a result (9),
#   a withdrawal (7) or a stop (8).
# - 5 SUPPLEMENT goes back to processing once completed, or ends (7, 8: not completed).
# - 6 FINANCIAL_OBLIGATION goes back to processing or straight to the result once paid
#   (land: the certificate is printed already), or ends (7, 8: not paid).
# - 9 RESULT_READY only goes to 10 RETURNED; the result exists, so no withdrawal.
# - 3, 7, 8 and 10 are terminal: a new request is a new dossier with a new code.
TRANSITIONS: dict[DossierStatus, frozenset[DossierStatus]] = {
    S.NEW: frozenset({S.ACCEPTED, S.NOT_ACCEPTED, S.WITHDRAWN}),
    S.ACCEPTED: frozenset({S.PROCESSING, S.SUPPLEMENT, S.WITHDRAWN, S.STOPPED}),
    S.PROCESSING: frozenset(
        {S.SUPPLEMENT, S.FINANCIAL_OBLIGATION, S.WITHDRAWN, S.STOPPED, S.RESULT_READY}
    ),
    S.SUPPLEMENT: frozenset({S.PROCESSING, S.WITHDRAWN, S.STOPPED}),
    S.FINANCIAL_OBLIGATION: frozenset({S.PROCESSING, S.RESULT_READY, S.WITHDRAWN, S.STOPPED}),
    S.RESULT_READY: frozenset({S.RETURNED}),
    S.NOT_ACCEPTED: frozenset(),
    S.WITHDRAWN: frozenset(),
    S.STOPPED: frozenset(),
    S.RETURNED: frozenset(),
}
TERMINAL = frozenset(s for s, nxt in TRANSITIONS.items() if not nxt)
# A dossier can start as 1 (online submission) or 2 / 3 (decided at the counter).
INITIAL = frozenset({S.NEW, S.ACCEPTED, S.NOT_ACCEPTED})
PENDING = frozenset({S.ACCEPTED, S.PROCESSING, S.SUPPLEMENT, S.FINANCIAL_OBLIGATION})
PROCESSED = frozenset({S.RESULT_READY, S.RETURNED})


class DossierError(DomainError):
    """A dossier rule was broken."""


def check_transition(from_status: int | None, to_status: int) -> DossierStatus:
    """Raise DossierError unless the move is allowed; from None means a new dossier."""
    to = DossierStatus(to_status)
    allowed = INITIAL if from_status is None else TRANSITIONS[DossierStatus(from_status)]
    if to not in allowed:
        src = DossierStatus(from_status) if from_status is not None else None
        vi = src.label_vi if src else "(chưa có)"
        en = src.label_en if src else "(none)"
        raise DossierError(
            "dossier.bad_transition",
            f"Không thể chuyển hồ sơ từ “{vi}” sang “{to.label_vi}”",
            f"Cannot move a dossier from '{en}' to '{to.label_en}'",
        )
    return to


def allowed_next(status: int) -> frozenset[DossierStatus]:
    """Return the statuses a dossier may move to from `status`."""
    return TRANSITIONS[DossierStatus(status)]


# --- Clock rules -------------------------------------------------------------------

class Transition(NamedTuple):
    """One row of the dossier's status log, as the clock rules need it."""

    status: int
    at: datetime


@dataclass(frozen=True)
class Assessment:
    """Where a dossier stands against its due date at a given instant."""

    status: DossierStatus | None
    accepted_at: datetime | None
    effective_due: datetime | None
    supplement_count: int
    paused_working_days: int
    overdue_by_rule: bool
    finished_at: datetime | None
    outcome: str


OUTCOMES = (
    "early", "on_time", "late", "pending_in_time", "pending_overdue",
    "returned", "withdrawn", "not_received", "awaiting_intake",
)


def assess(
    transitions: Iterable[Transition | tuple[int, datetime]],
    due_at: datetime | None,
    now: datetime,
    calendar: WorkCalendar,
    *,
    pause_on_financial_obligation: bool = False,
) -> Assessment:
    """Apply the clock rules to a status log as it stood at `now`."""
    # Rows after `now` are ignored, so a report for a past period is assessed "as of"
    # its end (docs/domain.md, "The center report"): pending in May, on time in June.
    log = sorted((Transition(DossierStatus(s), at) for s, at in transitions), key=_at)
    log = [t for t in log if t.at <= now]
    status = S(log[-1].status) if log else None
    accepted_at = next((t.at for t in log if t.status == S.ACCEPTED), None)
    supplements = sum(t.status == S.SUPPLEMENT for t in log)
    # docs/domain.md, "Supplement pause": on time = ended by the due date minus the time spent
    # waiting for a supplement, so the due moves by the working days of the wait.
    # Only the first supplement pauses: a second request already makes it overdue.
    # The financial-obligation wait pauses only when asked (land law excludes it from
    # the statutory time; other procedures may not).
    paused = 0
    seen_supplement = False
    for i, t in enumerate(log):
        first_supplement = t.status == S.SUPPLEMENT and not seen_supplement
        seen_supplement |= t.status == S.SUPPLEMENT
        money = t.status == S.FINANCIAL_OBLIGATION and pause_on_financial_obligation
        if first_supplement or money:
            resumed = log[i + 1].at if i + 1 < len(log) else now
            paused += max(0, calendar.working_days_between(_day(calendar, t.at),
                                                           _day(calendar, resumed)))
    effective_due = calendar.extend_for_pause(due_at, paused) if due_at else None
    overdue_by_rule = supplements >= 2
    finished_at = _finished_at(log)
    outcome = _outcome(status, finished_at, effective_due, overdue_by_rule, now, calendar)
    return Assessment(status, accepted_at, effective_due, supplements, paused,
                      overdue_by_rule, finished_at, outcome)


def _finished_at(log: Sequence[Transition]) -> datetime | None:
    """Return when the dossier left the pending states (first 9/10, else 3/7/8)."""
    # Processing ends when the result is ready (9), not when the citizen collects it.
    done = next((t.at for t in log if t.status in PROCESSED), None)
    if done is not None:
        return done
    return next((t.at for t in log if t.status in {S.NOT_ACCEPTED, S.WITHDRAWN, S.STOPPED}),
                None)


def _outcome(
    status: DossierStatus | None,
    finished_at: datetime | None,
    due: datetime | None,
    overdue_by_rule: bool,
    now: datetime,
    calendar: WorkCalendar,
) -> str:
    """Classify the dossier for the report (see OUTCOMES)."""
    if status is None or status == S.NEW:
        return "awaiting_intake"  # online submission nobody has accepted: not received
    if status == S.NOT_ACCEPTED:
        return "not_received"  # refused at intake: never counted as received
    if status == S.WITHDRAWN:
        return "withdrawn"
    if status == S.STOPPED:
        return "returned"  # docs/domain.md, "Dossiers": accepted, then stopped and handed back
    if due is None:
        raise ValueError("due_at is required once a dossier is accepted")
    if status in PROCESSED:
        if finished_at is None:
            raise ValueError("a processed dossier has a finish time")
        if overdue_by_rule or finished_at > due:
            return "late"
        # Early = the result was ready on a day with at least one working day left
        # before the due day (Biểu II.06a splits "trước hạn" from "đúng hạn").
        ahead = calendar.working_days_between(_day(calendar, finished_at), _day(calendar, due))
        return "early" if ahead >= 1 else "on_time"
    return "pending_overdue" if overdue_by_rule or now > due else "pending_in_time"


def _at(t: Transition) -> datetime:
    """Sort key of a transition."""
    return t.at


def _day(calendar: WorkCalendar, at: datetime) -> date:
    """Return the local calendar day of an instant."""
    return calendar.local(at).date()


# --- Stages ------------------------------------------------------------------------

@dataclass(frozen=True)
class Stage:
    """One step of a procedure's internal process, with its time budget and role."""

    name: str
    budget_days: int | None = None
    budget_hours: float | None = None
    role: str = "officer"

    @classmethod
    def from_dict(cls, d: dict) -> Stage:
        """Build a stage from the catalogue's JSON shape."""
        return cls(d["name"], d.get("budget_days"), d.get("budget_hours"), d.get("role", "officer"))


def stage_deadlines(
    accepted_at: datetime,
    stages: Sequence[Stage],
    calendar: WorkCalendar,
    due: datetime | None = None,
) -> list[datetime]:
    """Return each stage's due instant, stages running one after another."""
    # The first stage starts with the dossier (intake cutoff applies); each next stage
    # starts when the previous one's budget ends. A days budget ends at closing time of
    # the n-th working day after the previous end's day; an hours budget adds working
    # hours. The statutory due always wins over internal budgets, hence the cap.
    result: list[datetime] = []
    for stage in stages:
        if not result:
            end = calendar.due_at(accepted_at, stage.budget_days, stage.budget_hours)
        else:
            end = stage_due(result[-1], stage, calendar)
        result.append(min(end, due) if due else end)
    return result


def stage_due(started_at: datetime, stage: Stage, calendar: WorkCalendar) -> datetime:
    """Return the due instant of a stage that started at `started_at` (no intake cutoff)."""
    if (stage.budget_days is None) == (stage.budget_hours is None):
        raise ValueError(f"stage {stage.name!r}: give exactly one of budget_days, budget_hours")
    if stage.budget_hours is not None:
        return calendar.add_working_hours(started_at, stage.budget_hours)
    return calendar.close_of(
        calendar.add_working_days(_day(calendar, started_at), stage.budget_days or 0)
    )


def stage_alert(
    stage_due_at: datetime,
    now: datetime,
    nearly_due_hours: float,
    calendar: WorkCalendar | None = None,
) -> str:
    """Return 'ok', 'nearly_due' or 'overdue' for one stage."""
    if now > stage_due_at:
        return "overdue"
    # "Nearly due" has no legal threshold (docs/domain.md, "Stages"): the center sets it. With a
    # calendar the hours left are working hours, so a Monday due is not "far" on Friday.
    if calendar is not None:
        left = calendar.working_hours_between(now, stage_due_at)
    else:
        left = (stage_due_at - now) / timedelta(hours=1)
    return "nearly_due" if left <= nearly_due_hours else "ok"


# --- Codes and secrets -------------------------------------------------------------

_CODE_RE = re.compile(r"^(?P<agency>.+)-(?P<day>\d{6})-(?P<seq>\d{4,})$")
# No 0/O, 1/I/L: the secret is read off paper and typed by citizens.
LOOKUP_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def format_dossier_code(agency: str, local_date: date, seq: int) -> str:
    """Return `{agency}-{yymmdd}-{seq:04d}`, e.g. H15.50.05.13-261008-0975."""
    if seq < 1:
        raise ValueError("the daily sequence starts at 1")
    if not agency or "-" in agency:
        raise ValueError("agency code must be non-empty without '-'")
    # Zero-padded to 4 digits; a 10 000th dossier in one day just gets a 5th digit.
    return f"{agency}-{local_date:%y%m%d}-{seq:04d}"


def parse_dossier_code(code: str) -> tuple[str, date, int] | None:
    """Split a dossier code into (agency, local date, sequence), None if malformed."""
    m = _CODE_RE.match(code.strip())
    if not m:
        return None
    try:
        day = datetime.strptime(m["day"], "%y%m%d").date()
    except ValueError:
        return None
    return m["agency"], day, int(m["seq"])


def new_lookup_secret(length: int = 6) -> str:
    """Return a random secret for the public lookup, printed on the receipt."""
    return "".join(secrets.choice(LOOKUP_ALPHABET) for _ in range(length))


def mask_id_number(id_number: str | None, visible: int = 4) -> str:
    """Mask an ID number for paper and screens, keeping the last digits."""
    value = (id_number or "").strip()
    if len(value) <= visible:
        return "*" * len(value)
    return "*" * (len(value) - visible) + value[-visible:]
