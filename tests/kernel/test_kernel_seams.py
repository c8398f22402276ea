"""The kernel's typed seams: declared events, payload checks, reactions, typed keys."""

from __future__ import annotations

from typing import NotRequired

import pytest
from sqlalchemy import func, select
from typing_extensions import TypedDict

from server.kernel.events import EventType, PayloadError, check_payload
from server.kernel.runtime import Key, Provided
from server.queue.events import TICKET_ISSUED
from server.queue.models import Ticket
from support import center, issue


class Greeting(TypedDict):
    text: str
    count: int
    extra: NotRequired[str]


GREETED = EventType("test.greeted", Greeting)


class Place(TypedDict):
    counter: int


class Visit(TypedDict):
    place: Place


VISITED = EventType("test.visited", Visit)


def test_payload_check_accepts_the_declared_shape():
    check_payload(GREETED, {"text": "xin chào", "count": 1})
    check_payload(GREETED, {"text": "xin chào", "count": 1, "extra": "x"})


@pytest.mark.parametrize("payload", [
    {"text": "xin chào"},  # a key missing
    {"text": "xin chào", "count": 1, "surprise": True},  # a key nobody declared
    {"text": "xin chào", "count": "many"},  # a value of the wrong type
])
def test_payload_check_refuses_what_the_declaration_does_not_say(payload):
    with pytest.raises(PayloadError, match="test.greeted"):
        check_payload(GREETED, payload)


def test_nested_shapes_are_closed_too():
    check_payload(VISITED, {"place": {"counter": 5}})
    with pytest.raises(PayloadError, match="test.visited"):
        check_payload(VISITED, {"place": {"counter": 5, "officer_name": "Nguyễn Văn A"}})


def test_the_test_runtime_checks_every_emitted_payload(runtime, demo):
    assert runtime.check_events
    with pytest.raises(PayloadError), runtime.uow() as ctx:
        ctx.emit(GREETED, None, {"text": "x"})  # type: ignore[typeddict-item]


def test_provided_values_are_found_by_their_typed_key():
    provided = Provided()
    number: Key[int] = Key("test.number")
    provided.set(number, 5)
    assert provided.get(number) == 5
    assert provided.find(Key[str]("test.missing")) is None
    with pytest.raises(LookupError, match="test.missing"):
        provided.get(Key[str]("test.missing"))
    with pytest.raises(RuntimeError, match="already provided"):
        provided.set(number, 6)


def test_a_reaction_runs_inside_the_transaction_of_its_event(runtime, demo):
    """A reaction that fails undoes the ticket it reacted to: same transaction."""
    seen = []

    def react(ctx, data):
        seen.append(data["number"])
        raise RuntimeError("printer outbox full")

    runtime.react(TICKET_ISSUED, react)
    with runtime.uow(write=False) as ctx:
        before = ctx.session.scalar(select(func.count()).select_from(Ticket))
    with pytest.raises(RuntimeError):
        issue(runtime, "LAND")
    with runtime.uow(write=False) as ctx:
        assert ctx.session.scalar(select(func.count()).select_from(Ticket)) == before
        assert center(ctx) is not None
    assert len(seen) == 1
    runtime.hooks.reactions[TICKET_ISSUED.name].remove(react)
