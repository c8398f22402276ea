"""Full state of a center's lobby, tagged with the event seq it reflects."""

from __future__ import annotations

from sqlalchemy import select

from server.kernel.models import Center
from server.kernel.runtime import Ctx
from server.queue.models import Counter, Service, Ticket, TicketEvent
from server.queue.rules.schedule import local_day
from server.queue.usecases import queue_state
from server.queue.usecases.counters import counter_view

RECENT_CALLS = 8


def recent_calls(ctx: Ctx, center: Center, limit: int = RECENT_CALLS) -> list[dict]:
    """Return today's latest calls, newest first, one entry per ticket."""
    day = local_day(ctx.clock(), center.timezone)
    rows = ctx.session.execute(
        select(TicketEvent, Ticket.number, Ticket.day)
        .join(Ticket, Ticket.id == TicketEvent.ticket_id)
        .where(TicketEvent.center_id == center.id, TicketEvent.action.in_(("call", "recall")),
               Ticket.day == day)
        .order_by(TicketEvent.at.desc(), TicketEvent.id.desc())
        .limit(limit * 6)
    ).all()
    counters = {c.id: c for c in ctx.session.scalars(
        select(Counter).where(Counter.center_id == center.id))}
    seen: set[int] = set()
    calls = []
    for event, number, _day in rows:
        if event.ticket_id in seen:
            continue
        seen.add(event.ticket_id)
        service = ctx.get(Service, event.service_id)
        if event.counter_id is None:  # every call is logged with its counter
            raise LookupError(f"call of ticket {event.ticket_id} logged without a counter")
        counter = counters[event.counter_id]
        calls.append({"ticket_id": event.ticket_id, "number": number, "service": service.code,
                      "counter": counter.number, "counter_id": counter.id,
                      "counter_label": counter.label})
        if len(calls) == limit:
            break
    return calls


def lobby_snapshot(ctx: Ctx, center: Center) -> dict:
    """Return what every lobby screen shows: counters, last calls, waiting per service."""
    ctx.session.refresh(center)
    services = ctx.session.scalars(
        select(Service).where(Service.center_id == center.id, Service.active)
        .order_by(Service.position)).all()
    counts = queue_state.waiting_counts(ctx.session, center.id)
    counters = ctx.session.scalars(
        select(Counter).where(Counter.center_id == center.id).order_by(Counter.number)).all()
    return {
        "seq": center.event_seq,
        "center": {"code": center.code, "name": center.name, "timezone": center.timezone},
        "services": [{"code": s.code, "name_vi": s.name_vi, "name_en": s.name_en,
                      "prefix": s.prefix} for s in services],
        "waiting": {s.code: counts.get(s.id, 0) for s in services},
        "counters": [counter_view(ctx, c) for c in counters],
        "recent": recent_calls(ctx, center),
        "announcement": current_announcement(center, ctx.clock()),
    }


def current_announcement(center: Center, now) -> dict | None:
    """Return the ticker text if one is set and not expired."""
    note = center.announcement
    if not note or (note.get("until") and note["until"] <= now.isoformat()):
        return None
    return note


def apply_event(state: dict, envelope: dict) -> dict:
    """Fold one event into a lobby snapshot: the same reducer the boards run in JS.

    Used by tests to prove that events + an old snapshot == a fresh snapshot.
    """
    kind, data = envelope["type"], envelope["data"]
    state = {**state, "seq": envelope["seq"]}
    if kind == "queue.changed":
        state["waiting"] = dict(data["waiting"])
    elif kind == "counter.changed":
        state["counters"] = [data if c["id"] == data["id"] else c for c in state["counters"]]
    elif kind == "board.announcement":
        state["announcement"] = data if data and data.get("text_vi") else None
    elif kind in ("ticket.called", "ticket.recalled"):
        entry = {k: data[k] for k in ("ticket_id", "number", "service", "counter", "counter_id",
                                      "counter_label")}
        rest = [c for c in state["recent"] if c["ticket_id"] != data["ticket_id"]]
        state["recent"] = ([entry] + rest)[:RECENT_CALLS]
        # A call carries the counter's new state and the waiting counts: one message per call.
        if "counter_state" in data:
            cs = data["counter_state"]
            state["counters"] = [cs if c["id"] == cs["id"] else c for c in state["counters"]]
        if "waiting" in data:
            state["waiting"] = dict(data["waiting"])
    return state
