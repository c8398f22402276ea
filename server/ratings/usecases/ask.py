"""Put a completed visit on its counter's rating screen (a reaction inside the transaction)."""

from __future__ import annotations

from sqlalchemy import select

from server.kernel.events import device_room
from server.kernel.models import Center, Device, Staff
from server.kernel.principals import DeviceKind
from server.kernel.runtime import Ctx
from server.queue.events import TicketCalledData, TicketData
from server.queue.models import Service, Ticket
from server.ratings.events import RATING_ASK, RatingAskData
from server.ratings.settings import ratings_settings
from server.ratings.usecases.common import scale_of


def rating_devices(ctx: Ctx, center_id: int, counter_number: int) -> list[Device]:
    """Return the active rating devices configured for a counter (`counter=N`)."""
    rows = ctx.session.scalars(select(Device).where(
        Device.center_id == center_id, Device.kind == DeviceKind.RATING, Device.active))
    return [d for d in rows if str((d.config or {}).get("counter", "")) == str(counter_number)]


def ask_for_rating(ctx: Ctx, ticket: Ticket, counter_number: int,
                   service_name: str, service_name_en: str) -> None:
    """Send rating.ask to each rating screen of the counter where the ticket was completed."""
    devices = rating_devices(ctx, ticket.center_id, counter_number)
    if not devices:
        return
    officer = ctx.find(Staff, ticket.officer_id) if ticket.officer_id else None
    options = ratings_settings(ctx.settings)
    data = RatingAskData(
        number=ticket.number, tracking_code=ticket.tracking_code,
        officer_name=(officer.full_name or officer.username) if officer else "",
        counter=counter_number, service_name=service_name, service_name_en=service_name_en,
        scale=scale_of(ctx, ctx.get(Center, ticket.center_id)),
        ask_s=options.ask_s, thanks_s=options.thanks_s)
    for device in devices:
        ctx.emit(RATING_ASK, ticket.center_id, data, room=device_room(device.id))


def on_ticket_completed(ctx: Ctx, data: TicketData) -> None:
    """The officer pressed Complete: ask the citizen at that counter."""
    ticket = ctx.get(Ticket, data["ticket_id"])
    ask_for_rating(ctx, ticket, data["counter"], data["service_name"], data["service_name_en"])


def on_ticket_called(ctx: Ctx, data: TicketCalledData) -> None:
    """Calling the next citizen completed the previous one on its way: ask about that one."""
    completed = data.get("completed")
    if completed is None:
        return
    ticket = ctx.get(Ticket, completed["ticket_id"])
    service = ctx.get(Service, ticket.service_id)
    ask_for_rating(ctx, ticket, data["counter"], service.name_vi, service.name_en)
