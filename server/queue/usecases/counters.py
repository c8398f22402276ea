"""Counter use cases: open, pause, close; call, recall, serve, transfer tickets."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import bindparam, or_, select, update

from server.kernel.errors import DomainError, bad_request, not_found
from server.kernel.events import EventType
from server.kernel.models import Staff
from server.kernel.principals import ROLE_RANK, Role
from server.kernel.runtime import Ctx
from server.queue import events as ev
from server.queue.events import CounterView, TicketCalledData, TicketData
from server.queue.models import Counter, CounterLog, Service, Ticket, TicketEvent
from server.queue.rules import policy
from server.queue.rules.states import ENDED, Action, CounterStatus, TicketStatus, next_status
from server.queue.rules.times import LogEntry, derive_times
from server.queue.settings import queue_settings
from server.queue.usecases import lookup, queue_state
from server.queue.usecases.tickets import log_ticket, queue_event
from server.queue.views import TicketView

ACTIVE = (TicketStatus.CALLED, TicketStatus.SERVING)
_CALL_EVENTS: dict[Action, EventType[TicketCalledData]] = {
    Action.CALL: ev.TICKET_CALLED, Action.RECALL: ev.TICKET_RECALLED}
_TICKET_EVENTS: dict[Action, EventType[TicketData]] = {
    Action.START: ev.TICKET_STARTED, Action.COMPLETE: ev.TICKET_COMPLETED,
    Action.NO_SHOW: ev.TICKET_NO_SHOW, Action.TRANSFER: ev.TICKET_TRANSFERRED,
    Action.HOLD: ev.TICKET_HELD, Action.RESUME: ev.TICKET_RESUMED,
    Action.CANCEL: ev.TICKET_CANCELLED,
}


def current_ticket(ctx: Ctx, counter: Counter) -> Ticket | None:
    """Return the ticket called to or served at a counter, if any."""
    return ctx.session.scalar(
        select(Ticket).where(Ticket.counter_id == counter.id, Ticket.status.in_(ACTIVE))
    )


def counter_view(ctx: Ctx, counter: Counter, current: Ticket | None = None,
                 lookup_current: bool = True) -> CounterView:
    """Describe a counter for panels and boards (numbers only, no personal data)."""
    if current is None and lookup_current:
        current = current_ticket(ctx, counter)
    service = ctx.get(Service, current.service_id) if current else None
    held = ctx.session.scalars(select(Ticket.number).where(
        Ticket.counter_id == counter.id, Ticket.status == TicketStatus.HELD)).all()
    return {
        "id": counter.id, "number": counter.number, "label": counter.label,
        "status": counter.status, "pause_reason": counter.pause_reason,
        "officer_id": counter.officer_id,
        "services": [link_service_code(ctx, link.service_id) for link in counter.links],
        "current": None if current is None else {
            "ticket_id": current.id, "number": current.number, "status": current.status,
            "service": service.code if service else None, "tracking_code": current.tracking_code,
            "called_at": current.last_called_at.isoformat() if current.last_called_at else None,
            "calls": current.calls,
        },
        "held": list(held),
    }


def link_service_code(ctx: Ctx, service_id: int) -> str:
    """Return a service's code (identity map makes repeated lookups free)."""
    return ctx.get(Service, service_id).code


def _is_supervisor(staff: Staff | None) -> bool:
    return staff is not None and ROLE_RANK[Role(staff.role)] >= ROLE_RANK[Role.SUPERVISOR]


def _own(counter: Counter, officer: Staff | None) -> None:
    """Only the officer working a counter (or a supervisor) may act on it."""
    if counter.officer_id is not None and officer is not None and \
            counter.officer_id != officer.id and not _is_supervisor(officer):
        raise DomainError("counter.not_yours", f"Quầy {counter.number} do cán bộ khác phụ trách",
                          f"Counter {counter.number} is worked by another officer", 403)


def _require_open(counter: Counter, officer: Staff | None) -> None:
    if counter.status == CounterStatus.CLOSED:
        raise DomainError("counter.closed", f"Quầy {counter.number} đang đóng",
                          f"Counter {counter.number} is closed", 409)
    if counter.status == CounterStatus.PAUSED:
        raise DomainError("counter.paused", f"Quầy {counter.number} đang tạm dừng",
                          f"Counter {counter.number} is paused", 409)
    _own(counter, officer)


def _set_counter(ctx: Ctx, counter: Counter, status: CounterStatus, officer: Staff | None,
                 reason: str | None = None) -> CounterView:
    ctx.session.add(CounterLog(counter_id=counter.id, officer_id=officer.id if officer else None,
                               from_status=counter.status, to_status=status, reason=reason,
                               at=ctx.clock()))
    counter.status = status
    counter.pause_reason = reason if status == CounterStatus.PAUSED else None
    if status == CounterStatus.CLOSED:
        counter.officer_id = None
    elif officer is not None and counter.officer_id is None:
        counter.officer_id = officer.id
    ctx.session.flush()
    view = counter_view(ctx, counter)
    ctx.emit(ev.COUNTER_CHANGED, counter.center_id, view)
    return view


def open_counter(ctx: Ctx, counter_id: int, officer: Staff) -> CounterView:
    """Open a counter for an officer (it was closed, or reopen a paused one)."""
    counter = lookup.get_counter(ctx.session, counter_id, officer.center_id)
    if counter.status != CounterStatus.CLOSED:
        _own(counter, officer)
    counter.officer_id = officer.id if counter.status == CounterStatus.CLOSED else \
        counter.officer_id
    return _set_counter(ctx, counter, CounterStatus.OPEN, officer)


def pause_counter(ctx: Ctx, counter_id: int, officer: Staff,
                  reason: str | None) -> CounterView:
    """Pause a counter with a reason (break, meeting); its current ticket stays."""
    counter = lookup.get_counter(ctx.session, counter_id, officer.center_id)
    _require_open(counter, officer)
    if not reason or not str(reason).strip():
        raise bad_request("counter.reason_required", "Cần nêu lý do tạm dừng",
                          "A reason is required to pause")
    return _set_counter(ctx, counter, CounterStatus.PAUSED, officer, str(reason).strip()[:200])


def close_counter(ctx: Ctx, counter_id: int, officer: Staff) -> CounterView:
    """Close a counter; refused while a citizen is still called or served there."""
    counter = lookup.get_counter(ctx.session, counter_id, officer.center_id)
    _own(counter, officer)
    if current_ticket(ctx, counter) is not None:
        raise DomainError("counter.busy", "Hãy hoàn thành số đang phục vụ trước khi đóng quầy",
                          "Finish the current ticket before closing the counter", 409)
    return _set_counter(ctx, counter, CounterStatus.CLOSED, officer)


def _transition(ctx: Ctx, ticket: Ticket, action: Action, counter: Counter,
                officer: Staff | None, note: str | None = None, lobby: bool = True) -> None:
    """Apply an action to a ticket, log it, end it if needed, and queue its event."""
    before = ticket.status
    ticket.status = next_status(before, action)
    now = ctx.clock()
    if ticket.status in ENDED:
        ticket.ended_at = now
        _store_times(ctx, ticket, action, now)
    log_ticket(ctx, ticket, action, before, counter.id, officer.id if officer else None, note)
    _emit_ticket(ctx, ticket, action, counter, lobby=lobby)


def _store_times(ctx: Ctx, ticket: Ticket, final_action: Action, ended_at: datetime) -> None:
    rows = ctx.session.scalars(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id))
    log = [LogEntry(r.action, r.to_status, r.at) for r in rows]
    log.append(LogEntry(final_action, ticket.status, ended_at))
    times = derive_times(ticket.issued_at, log)
    ticket.wait_s, ticket.walk_s, ticket.service_s = times.wait_s, times.walk_s, times.service_s


def _ticket_data(ctx: Ctx, ticket: Ticket, counter: Counter) -> TicketData:
    service = ctx.get(Service, ticket.service_id)
    return {
        "ticket_id": ticket.id, "number": ticket.number, "service": service.code,
        "service_id": service.id, "service_name": service.name_vi,
        "service_name_en": service.name_en, "counter": counter.number,
        "counter_id": counter.id, "counter_label": counter.label, "status": ticket.status,
        "calls": ticket.calls, "audio_url": None,
    }


def _emit_ticket(ctx: Ctx, ticket: Ticket, action: Action, counter: Counter,
                 lobby: bool = True) -> None:
    if lobby:
        ctx.emit(_TICKET_EVENTS[action], ticket.center_id, _ticket_data(ctx, ticket, counter))
    _emit_public(ctx, ticket, counter)


def _emit_public(ctx: Ctx, ticket: Ticket, counter: Counter) -> None:
    ctx.emit(ev.TICKET_CHANGED_PUBLIC, None, ev.TicketChangedData(
        tracking_code=ticket.tracking_code, status=ticket.status,
        counter=counter.number if ticket.status != TicketStatus.WAITING else None,
    ), room=ev.ticket_room(ticket.tracking_code), namespaces=("/track",))


def _after_ticket_change(ctx: Ctx, counter: Counter,
                         ticket: Ticket | None = None) -> CounterView:
    ctx.session.flush()
    # The ticket just acted on is the counter's current one while it is called or served.
    current = ticket if ticket is not None and ticket.status in ACTIVE else None
    view = counter_view(ctx, counter, current, lookup_current=current is None)
    ctx.emit(ev.COUNTER_CHANGED, counter.center_id, view)
    queue_event(ctx, counter.center_id)
    return view


def _finish_current(ctx: Ctx, counter: Counter, officer: Staff | None) -> Ticket | None:
    """Calling the next citizen completes the one still at the counter.

    The lobby hears of it inside the next call's event (or as ticket.completed when
    nobody is called): one message per call keeps a hundred boards fast.
    """
    current = current_ticket(ctx, counter)
    if current is not None:
        _transition(ctx, current, Action.COMPLETE, counter, officer, note="auto: call next",
                    lobby=False)
    return current


def _emit_call(ctx: Ctx, ticket: Ticket, action: Action, counter: Counter,
               completed: Ticket | None = None) -> CounterView:
    """Queue one ticket.called/recalled carrying the counter's state and the waiting counts."""
    ctx.session.flush()
    view = counter_view(ctx, counter, ticket if ticket.status in ACTIVE else None,
                        lookup_current=ticket.status not in ACTIVE)
    data: TicketCalledData = {
        **_ticket_data(ctx, ticket, counter), "counter_state": view,
        "waiting": queue_state.waiting_by_code(ctx.session, counter.center_id)}
    if completed is not None:
        data["completed"] = {"ticket_id": completed.id, "number": completed.number}
    ctx.emit(_CALL_EVENTS[action], ticket.center_id, data)
    return view


def _first_waiting(priority: bool):
    """Build the statement for a service's first waiting ticket of one class (index-ordered)."""
    return (select(Ticket.id, Ticket.issued_at)
            .where(Ticket.status == TicketStatus.WAITING,
                   Ticket.priority.is_not(None) if priority else Ticket.priority.is_(None),
                   Ticket.service_id == bindparam("service_id"),
                   Ticket.target_counter_id.is_(None))
            .order_by(Ticket.issued_at, Ticket.id).limit(1))


# Built once; each runs as a LIMIT 1 walk of ix_tickets_service_queue.
_FIRST = {prio: _first_waiting(prio) for prio in (True, False)}
# Tickets transferred to one counter are rare: one small query returns them all.
_DIRECTED = (select(Ticket.id, Ticket.issued_at, Ticket.priority.is_not(None))
             .where(Ticket.target_counter_id == bindparam("counter_id"),
                    Ticket.status == TicketStatus.WAITING)
             .order_by(Ticket.issued_at, Ticket.id).limit(50))


def _candidates(ctx: Ctx, counter: Counter) -> list[policy.Candidate]:
    """Fetch only the head of each class and service: the policy never looks further."""
    heads = [policy.Candidate(tid, 0, at, bool(prio), True) for tid, at, prio in
             ctx.session.execute(_DIRECTED, {"counter_id": counter.id})]
    if heads:
        return heads
    for link in counter.links:
        for prio in (True, False):
            row = ctx.session.execute(_FIRST[prio], {"service_id": link.service_id}).first()
            if row is not None:
                heads.append(policy.Candidate(row[0], link.rank, row[1], prio, False))
    return heads


def _claim(ctx: Ctx, ticket_id: int, counter: Counter, officer: Staff | None) -> bool:
    """Compare-and-set waiting -> called: of two counters racing, exactly one wins."""
    result = ctx.session.execute(
        update(Ticket).where(Ticket.id == ticket_id, Ticket.status == TicketStatus.WAITING)
        .values(status=TicketStatus.CALLED, counter_id=counter.id,
                officer_id=officer.id if officer else None, calls=Ticket.calls + 1,
                last_called_at=ctx.clock(), target_counter_id=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1  # type: ignore[attr-defined]  # an UPDATE's CursorResult


def _called(ctx: Ctx, ticket_id: int, counter: Counter, officer: Staff | None,
            completed: Ticket | None = None) -> TicketView:
    ticket = ctx.session.get(Ticket, ticket_id, populate_existing=True)
    if ticket is None:  # _claim() just updated this row in the same transaction
        raise LookupError(f"claimed ticket {ticket_id} not found")
    log_ticket(ctx, ticket, Action.CALL, TicketStatus.WAITING, counter.id,
               officer.id if officer else None)
    _emit_public(ctx, ticket, counter)
    _emit_call(ctx, ticket, Action.CALL, counter, completed)
    service = ctx.get(Service, ticket.service_id)
    return queue_state.ticket_view(ctx.session, ctx.settings, ticket, service, counter)


def call_next(ctx: Ctx, counter_id: int, officer: Staff | None) -> TicketView | None:
    """Call the next citizen for a counter, or return None when nobody waits."""
    counter = lookup.get_counter(ctx.session, counter_id,
                                 officer.center_id if officer else None)
    _require_open(counter, officer)
    completed = _finish_current(ctx, counter, officer)
    for _attempt in range(8):
        chosen, streak = policy.choose_next(_candidates(ctx, counter), counter.priority_streak,
                                            queue_settings(ctx.settings).max_priority_streak)
        if chosen is None:
            if completed is not None:
                ctx.emit(ev.TICKET_COMPLETED, counter.center_id,
                         _ticket_data(ctx, completed, counter))
            _after_ticket_change(ctx, counter)
            return None
        if _claim(ctx, chosen.ticket_id, counter, officer):
            counter.priority_streak = streak
            return _called(ctx, chosen.ticket_id, counter, officer, completed)
    raise DomainError("queue.contention", "Hệ thống bận, vui lòng thử lại",
                      "The queue is busy, please retry", 503)


def call_ticket(ctx: Ctx, counter_id: int, officer: Staff | None, ref: str) -> TicketView:
    """Call one specific waiting ticket (by tracking code or today's number)."""
    counter = lookup.get_counter(ctx.session, counter_id,
                                 officer.center_id if officer else None)
    _require_open(counter, officer)
    ticket = _find_waiting(ctx, counter, ref)
    completed = _finish_current(ctx, counter, officer)
    if not _claim(ctx, ticket.id, counter, officer):
        raise DomainError("ticket.taken", f"Số {ticket.number} vừa được quầy khác gọi",
                          f"Ticket {ticket.number} was just called by another counter", 409)
    return _called(ctx, ticket.id, counter, officer, completed)


def _find_waiting(ctx: Ctx, counter: Counter, ref: str) -> Ticket:
    if not ref:
        raise bad_request("ticket.ref_required", "Cần số thứ tự", "A ticket is required")
    ticket = ctx.session.scalar(select(Ticket).where(
        Ticket.center_id == counter.center_id,
        or_(Ticket.tracking_code == ref, Ticket.number == str(ref).upper()),
        Ticket.status == TicketStatus.WAITING).order_by(Ticket.issued_at.desc()))
    if ticket is None:
        raise not_found("ticket", "số thứ tự đang chờ", ref)
    return ticket


def _need_current(ctx: Ctx, counter: Counter) -> Ticket:
    ticket = current_ticket(ctx, counter)
    if ticket is None:
        raise DomainError("counter.no_ticket", f"Quầy {counter.number} chưa gọi số nào",
                          f"Counter {counter.number} has no current ticket", 409)
    return ticket


def _operate(ctx: Ctx, counter_id: int, officer: Staff | None) -> Counter:
    counter = lookup.get_counter(ctx.session, counter_id,
                                 officer.center_id if officer else None)
    _require_open(counter, officer)
    return counter


def recall(ctx: Ctx, counter_id: int, officer: Staff | None) -> TicketView:
    """Call the current ticket again; past the call limit it becomes a no-show."""
    counter = _operate(ctx, counter_id, officer)
    ticket = _need_current(ctx, counter)
    if ticket.status != TicketStatus.CALLED:
        raise DomainError("ticket.bad_state", "Chỉ gọi lại được số chưa đến quầy",
                          "Only a called ticket can be recalled", 409)
    now = ctx.clock()
    options = queue_settings(ctx.settings)
    wait = timedelta(seconds=options.recall_cooldown_s)
    if ticket.last_called_at and now - ticket.last_called_at < wait:
        left = int((ticket.last_called_at + wait - now).total_seconds()) + 1
        raise DomainError("ticket.recall_too_soon", f"Vui lòng đợi {left} giây rồi gọi lại",
                          f"Wait {left} s before recalling", 429)
    if ticket.calls >= options.max_calls:
        _transition(ctx, ticket, Action.NO_SHOW, counter, officer, note="auto: call limit")
        return _ticket_result(ctx, ticket, counter)
    ticket.calls += 1
    ticket.last_called_at = now
    _transition(ctx, ticket, Action.RECALL, counter, officer, lobby=False)
    _emit_call(ctx, ticket, Action.RECALL, counter)
    return queue_state.ticket_view(ctx.session, ctx.settings, ticket,
                                   ctx.get(Service, ticket.service_id), counter)


def _ticket_result(ctx: Ctx, ticket: Ticket, counter: Counter) -> TicketView:
    _after_ticket_change(ctx, counter, ticket)
    service = ctx.get(Service, ticket.service_id)
    return queue_state.ticket_view(ctx.session, ctx.settings, ticket, service, counter)


def _act_on_current(ctx: Ctx, counter_id: int, officer: Staff | None, action: Action) -> TicketView:
    counter = _operate(ctx, counter_id, officer)
    ticket = _need_current(ctx, counter)
    _transition(ctx, ticket, action, counter, officer)
    return _ticket_result(ctx, ticket, counter)


def start(ctx: Ctx, counter_id: int, officer: Staff | None) -> TicketView:
    """Start serving the citizen who came to the counter."""
    return _act_on_current(ctx, counter_id, officer, Action.START)


def complete(ctx: Ctx, counter_id: int, officer: Staff | None) -> TicketView:
    """Finish serving the current ticket."""
    return _act_on_current(ctx, counter_id, officer, Action.COMPLETE)


def mark_no_show(ctx: Ctx, counter_id: int, officer: Staff | None) -> TicketView:
    """Mark the called citizen as not having come."""
    return _act_on_current(ctx, counter_id, officer, Action.NO_SHOW)


def hold(ctx: Ctx, counter_id: int, officer: Staff | None) -> TicketView:
    """Put the current ticket on hold (the citizen fetches a document)."""
    return _act_on_current(ctx, counter_id, officer, Action.HOLD)


def resume(ctx: Ctx, counter_id: int, officer: Staff | None,
           ref: str | None = None) -> CounterView | TicketView:
    """Resume a paused counter, or else bring a held ticket back to service."""
    counter = lookup.get_counter(ctx.session, counter_id,
                                 officer.center_id if officer else None)
    if counter.status == CounterStatus.PAUSED:
        _own(counter, officer)
        return _set_counter(ctx, counter, CounterStatus.OPEN, officer)
    _require_open(counter, officer)
    if current_ticket(ctx, counter) is not None:
        raise DomainError("counter.busy", "Quầy đang phục vụ một số khác",
                          "The counter is serving another ticket", 409)
    query = select(Ticket).where(Ticket.counter_id == counter.id,
                                 Ticket.status == TicketStatus.HELD)
    if ref:
        query = query.where(or_(Ticket.tracking_code == ref, Ticket.number == str(ref).upper()))
    ticket = ctx.session.scalars(query.order_by(Ticket.last_called_at)).first()
    if ticket is None:
        raise DomainError("counter.nothing_to_resume", "Không có gì để tiếp tục",
                          "Nothing to resume: the counter is open and no ticket is held", 409)
    _transition(ctx, ticket, Action.RESUME, counter, officer)
    return _ticket_result(ctx, ticket, counter)


def transfer(ctx: Ctx, counter_id: int, officer: Staff | None, service_code: str | None = None,
             to_counter: int | None = None) -> TicketView:
    """Send the current ticket to another service or counter, keeping its issue time."""
    counter = _operate(ctx, counter_id, officer)
    ticket = _need_current(ctx, counter)
    if not service_code and to_counter is None:
        raise bad_request("transfer.target_required", "Cần chọn dịch vụ hoặc quầy chuyển đến",
                          "Give a service or a counter to transfer to")
    target = None
    if to_counter is not None:
        target = ctx.session.scalar(select(Counter).where(
            Counter.center_id == counter.center_id, Counter.number == int(to_counter)))
        if target is None:
            raise not_found("counter", "quầy", to_counter)
    if service_code:
        ticket.service_id = lookup.get_service(ctx.session, counter.center_id, service_code).id
    ticket.target_counter_id = target.id if target else None
    ticket.transfers += 1
    _transition(ctx, ticket, Action.TRANSFER, counter, officer,
                note=f"to service={service_code} counter={to_counter}")
    ticket.counter_id = None
    return _ticket_result(ctx, ticket, counter)
