"""Helpers of the ratings tests: serve a visit to its end, register a rating screen."""

from __future__ import annotations

from server.kernel import auth
from server.queue.usecases import counters
from support import act, center, issue, open_counter


def serve_one(runtime, number: int = 1, service: str = "LAND",
              username: str = "officer1") -> dict:
    """Open a counter, issue a ticket, call and complete it; return the ticket's view."""
    cid = open_counter(runtime, number, username)
    ticket = issue(runtime, service)
    act(runtime, counters.call_next, cid, username)
    act(runtime, counters.complete, cid, username)
    return ticket


def rating_device(runtime, name: str = "Đánh giá quầy 1", counter: int | None = 1):
    """Register a rating screen for a counter; return (device id, token)."""
    with runtime.uow() as ctx:
        config = {"counter": counter} if counter is not None else {}
        device, token = auth.create_device(ctx, center(ctx), "rating", name, config)
        return device.id, token


def device_principal(runtime, token: str):
    """Resolve a device token as the API would."""
    with runtime.uow(write=False) as ctx:
        return auth.resolve_token(ctx, token)
