"""Counter commands in one table: REST routes and the counter panel's socket use the same rows.

Each row names the socket action, the REST path, the body it takes and the plain use case it
runs (``server/queue/usecases/counters.py``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import StrictInt, StrictStr

from server.kernel.bodies import Body
from server.kernel.errors import DomainError
from server.kernel.models import Staff
from server.kernel.principals import Principal
from server.kernel.runtime import Ctx, Runtime
from server.queue.usecases import counters


class NoBody(Body):
    """A command that takes no body."""


class CallBody(Body):
    """Call one waiting ticket: its tracking code or today's number (A012)."""

    ticket: StrictStr | None = None


class TransferBody(Body):
    """Where the current ticket goes: a service code and/or a counter number."""

    service: StrictStr | None = None
    counter: StrictInt | None = None
    errors = {"counter": ("transfer.bad_counter", "Số quầy không hợp lệ",
                          "counter must be a counter number")}


class PauseBody(Body):
    """Why the counter pauses (a break, a meeting)."""

    reason: StrictStr | None = None


class ResumeBody(Body):
    """Optionally, which held ticket to bring back (else the counter itself resumes)."""

    ticket: StrictStr | None = None


Result = Mapping[str, Any] | None  # a counter or ticket view; None: nobody to call
Run = Callable[[Ctx, int, Staff | None, Any], Result]


@dataclass(frozen=True)
class CounterCommand:
    """One thing an officer does at a counter."""

    action: str  # the socket command's `action`
    path: str  # POST /api/v1/counters/{id}/<path>
    body: type[Body]
    run: Run
    summary: str


def _plain(use_case: Callable[[Ctx, int, Staff | None], Result]) -> Run:
    return lambda ctx, counter_id, officer, _body: use_case(ctx, counter_id, officer)


def _known(officer: Staff | None) -> Staff:
    """Return the acting officer; opening, pausing and closing a counter need one."""
    if officer is None:  # the account was deleted after its token was issued
        raise DomainError("auth.required", "Tài khoản cán bộ không còn tồn tại",
                          "The officer's account no longer exists", 401)
    return officer


def _by_officer(use_case: Callable[[Ctx, int, Staff], Result]) -> Run:
    return lambda ctx, counter_id, officer, _body: use_case(ctx, counter_id, _known(officer))


def perform(runtime: Runtime, command: CounterCommand, who: Principal, counter_id: int,
            body: Body) -> Result:
    """Run a command for a signed-in officer in its own unit of work (REST and socket alike)."""
    with runtime.uow() as ctx:
        return command.run(ctx, counter_id, ctx.session.get(Staff, who.id), body)


COMMANDS: tuple[CounterCommand, ...] = (
    CounterCommand("open", "open", NoBody, _by_officer(counters.open_counter),
                   "Open the counter for the calling officer."),
    CounterCommand("call_next", "call-next", NoBody, _plain(counters.call_next),
                   "Call the next citizen (204 when nobody waits)."),
    CounterCommand("call", "call", CallBody,
                   lambda ctx, cid, officer, body: counters.call_ticket(
                       ctx, cid, officer, body.ticket or ""),
                   "Call one specific waiting ticket."),
    CounterCommand("recall", "recall", NoBody, _plain(counters.recall),
                   "Call the current ticket again (no-show past the call limit)."),
    CounterCommand("no_show", "no-show", NoBody, _plain(counters.mark_no_show),
                   "Mark the called citizen as not having come."),
    CounterCommand("start", "start", NoBody, _plain(counters.start),
                   "Start serving the citizen who came."),
    CounterCommand("complete", "complete", NoBody, _plain(counters.complete),
                   "Finish serving the current ticket."),
    CounterCommand("hold", "hold", NoBody, _plain(counters.hold),
                   "Put the current ticket on hold."),
    CounterCommand("resume", "resume", ResumeBody,
                   lambda ctx, cid, officer, body: counters.resume(ctx, cid, officer,
                                                                   body.ticket),
                   "Resume a paused counter, or a held ticket."),
    CounterCommand("transfer", "transfer", TransferBody,
                   lambda ctx, cid, officer, body: counters.transfer(
                       ctx, cid, officer, body.service, body.counter),
                   "Transfer the current ticket to a service or a counter."),
    CounterCommand("pause", "pause", PauseBody,
                   lambda ctx, cid, officer, body: counters.pause_counter(
                       ctx, cid, _known(officer), body.reason),
                   "Pause the counter with a reason."),
    CounterCommand("close", "close", NoBody, _by_officer(counters.close_counter),
                   "Close the counter (refused while a citizen is at it)."),
)
BY_ACTION = {c.action: c for c in COMMANDS}
