"""Public and kiosk routes: services, tickets, ticket tracking."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify, request

from server.kernel import centers
from server.kernel.bodies import parse_body
from server.kernel.models import Center
from server.kernel.web.http import (
    accepts,
    answers,
    json_body,
    principal,
    require_device,
    runtime,
    signed_in,
)
from server.queue.bodies import TicketBody
from server.queue.public import TICKET_PRINT
from server.queue.usecases import tickets
from server.queue.views import IssuedTicket, ServiceList, TicketView

bp = Blueprint("queue_api", __name__)


def _center_code() -> str | None:
    return request.args.get("center") or None


@bp.get("/services")
@answers(ServiceList)
def list_services():
    """List services with open state, waiting count and estimated wait (public)."""
    with runtime().uow(write=False) as ctx:
        who = principal()
        if who is not None and who.center_id and not _center_code():
            center = ctx.get(Center, who.center_id)
        else:
            center = centers.get_center(ctx.session, _center_code())
        return jsonify({"center": center.code, "services": tickets.list_services(ctx, center)})


@bp.post("/tickets")
@require_device("kiosk")
@accepts(TicketBody)
@answers(IssuedTicket, 201)
def issue_ticket() -> tuple[Response, int]:
    """Issue a ticket from a kiosk; its print job (if the kiosk has a printer) is queued."""
    body = parse_body(TicketBody, json_body())
    who = signed_in()
    with runtime().uow(actor=who) as ctx:
        center = ctx.get(Center, who.center_id)
        view = tickets.issue_ticket(ctx, center, body.service, body.priority, device_id=who.id)
        # Printing queued its job in this transaction (it reacts to ticket.issued).
        printing = ctx.answered(TICKET_PRINT)
    issued = IssuedTicket(**view, print=printing["print"] if printing else None,
                          printed=printing["printed"] if printing else False)
    return jsonify(issued), 201


@bp.get("/tickets/<tracking_code>")
@answers(TicketView)
def ticket_status(tracking_code: str):
    """Show a ticket's status, position and estimate (public, no personal data)."""
    with runtime().uow(write=False) as ctx:
        return jsonify(tickets.ticket_status(ctx, tracking_code))
