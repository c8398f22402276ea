"""Queue vocabulary: ticket states, actions, priority categories, roles, devices."""

from __future__ import annotations

from enum import StrEnum

from server.kernel.errors import DomainError


class TicketStatus(StrEnum):
    """Where a ticket stands in its visit."""

    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    HELD = "held"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"


ENDED = frozenset({TicketStatus.DONE, TicketStatus.NO_SHOW, TicketStatus.CANCELLED})


class Action(StrEnum):
    """Every state change recorded in the ticket log."""

    ISSUE = "issue"
    CALL = "call"
    RECALL = "recall"
    START = "start"
    COMPLETE = "complete"
    NO_SHOW = "no_show"
    TRANSFER = "transfer"
    HOLD = "hold"
    RESUME = "resume"
    CANCEL = "cancel"


# Which states an action may leave from, and where it leads.
_TRANSITIONS: dict[Action, tuple[frozenset[TicketStatus], TicketStatus]] = {
    Action.CALL: (frozenset({TicketStatus.WAITING}), TicketStatus.CALLED),
    Action.RECALL: (frozenset({TicketStatus.CALLED}), TicketStatus.CALLED),
    Action.START: (frozenset({TicketStatus.CALLED}), TicketStatus.SERVING),
    Action.COMPLETE: (frozenset({TicketStatus.SERVING, TicketStatus.CALLED}), TicketStatus.DONE),
    Action.NO_SHOW: (frozenset({TicketStatus.CALLED}), TicketStatus.NO_SHOW),
    Action.TRANSFER: (
        frozenset({TicketStatus.CALLED, TicketStatus.SERVING, TicketStatus.HELD}),
        TicketStatus.WAITING,
    ),
    Action.HOLD: (frozenset({TicketStatus.CALLED, TicketStatus.SERVING}), TicketStatus.HELD),
    Action.RESUME: (frozenset({TicketStatus.HELD}), TicketStatus.SERVING),
    Action.CANCEL: (
        frozenset({TicketStatus.WAITING, TicketStatus.HELD, TicketStatus.CALLED}),
        TicketStatus.CANCELLED,
    ),
}


def next_status(current: str, action: Action) -> TicketStatus:
    """Return the state an action leads to, or raise ticket.bad_state."""
    allowed, target = _TRANSITIONS[action]
    if TicketStatus(current) not in allowed:
        raise DomainError(
            "ticket.bad_state",
            f"Không thể thực hiện '{action.value}' khi số đang ở trạng thái '{current}'",
            f"Cannot {action.value} a ticket that is {current}",
        )
    return target


class Priority(StrEnum):
    """Categories served ahead of normal tickets (by law, plus appointments)."""

    ELDERLY = "elderly"
    DISABILITY = "disability"
    PREGNANT = "pregnant"
    SMALL_CHILD = "small_child"
    APPOINTMENT = "appointment"


PRIORITY_LABELS = {
    Priority.ELDERLY: ("Người cao tuổi", "Elderly"),
    Priority.DISABILITY: ("Người khuyết tật", "Person with disability"),
    Priority.PREGNANT: ("Phụ nữ mang thai", "Pregnant woman"),
    Priority.SMALL_CHILD: ("Người có con nhỏ", "With a small child"),
    Priority.APPOINTMENT: ("Có lịch hẹn", "Appointment"),
}


def parse_priority(raw: object) -> Priority | None:
    """Turn the API's priority field into a category, or raise ticket.bad_priority."""
    if raw in (None, "", "none", "normal"):
        return None
    try:
        return Priority(str(raw))
    except ValueError:
        raise DomainError(
            "ticket.bad_priority",
            f"Loại ưu tiên không hợp lệ: {raw}",
            f"Unknown priority category: {raw}",
            400,
        ) from None


class CounterStatus(StrEnum):
    """A counter is closed, open (officer present) or paused (break)."""

    CLOSED = "closed"
    OPEN = "open"
    PAUSED = "paused"


class Level(StrEnum):
    """Administrative level a service or procedure belongs to."""

    COMMUNE = "commune"
    PROVINCIAL = "provincial"


def format_number(prefix: str, seq: int) -> str:
    """Format a ticket number: A + 3 digits (A007), growing past 999 (A1000)."""
    return f"{prefix}{seq:03d}"
