"""Delivery after the commit: the server prints to network printers and schedules retries.

One ``Dispatcher`` per server process runs as a background task. Each round, in one unit of
work, it gives up interrupted and expired jobs, claims the next due job of each server-mode
kiosk (oldest first, one at a time per printer so tickets come out in order) and resends
due retries to print agents that are online. Printer I/O happens outside any transaction;
the outcome is recorded in a second unit of work. Claims are compare-and-set updates, so
two processes never deliver the same job.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from printers import jobs as rules
from printers.errors import PrinterUnavailable
from printers.jobs import JobState
from server.kernel.models import Device
from server.kernel.runtime import Ctx, Runtime
from server.printing.models import PrintJobRecord
from server.printing.rules import slips
from server.printing.settings import kiosk_printer, printing_settings, retry_policy
from server.printing.usecases import printer_state
from server.printing.usecases.jobs import (
    agent_online,
    apply,
    expire,
    is_expired,
    send_to_agent,
    to_rule,
)

log = logging.getLogger(__name__)
CLAIM_SCAN = 500  # queued jobs looked at per round
# Printers a server process may drive: socket I/O (green under eventlet), lp, in-memory.
# USB, serial and device files block in C or need poll(): they belong to a print agent.
SERVER_SCHEMES = ("network", "cups", "dummy")


@dataclass(frozen=True)
class Claim:
    """A server-mode job taken for delivery, with what delivering it needs."""

    job_id: int
    device_id: int
    kind: str
    slip: dict
    url: str
    paper: int
    timeout: float
    queued: rules.PrintJob  # the job before its start (``deliver_to_url`` starts it again)


def _claim(ctx: Ctx, row: PrintJobRecord, now: datetime) -> bool:
    """queued -> printing, only if nobody changed the row meanwhile (compare-and-set)."""
    job = rules.start(to_rule(row), now)
    done = ctx.session.execute(
        update(PrintJobRecord)
        .where(PrintJobRecord.id == row.id, PrintJobRecord.state == JobState.QUEUED.value,
               PrintJobRecord.attempts == row.attempts)
        .values(state=job.state.value, attempts=job.attempts, started_at=job.started_at,
                updated_at=now)
        .execution_options(synchronize_session=False))
    return done.rowcount == 1  # type: ignore[attr-defined]  # an UPDATE's CursorResult


def _give_up_stale(ctx: Ctx, now: datetime, policy: rules.RetryPolicy) -> None:
    rows = ctx.session.scalars(select(PrintJobRecord).where(
        PrintJobRecord.state == JobState.PRINTING.value)).all()
    for row in rows:
        job = to_rule(row)
        if rules.is_stale(job, now, policy):
            apply(row, rules.fail(job, "interrupted", now, policy), now)
            printer_state.job_finished(ctx, row)


def has_work(ctx: Ctx) -> bool:
    """Tell whether any job is queued or printing (a cheap read before a write round)."""
    return ctx.session.scalar(select(PrintJobRecord.id).where(PrintJobRecord.state.in_(
        (JobState.QUEUED.value, JobState.PRINTING.value))).limit(1)) is not None


def claim_due(ctx: Ctx) -> list[Claim]:
    """Run one round of bookkeeping and return the server-mode jobs to deliver now."""
    now = ctx.clock()
    policy = retry_policy(ctx.settings)
    _give_up_stale(ctx, now, policy)
    busy = set(ctx.session.scalars(select(PrintJobRecord.device_id).where(
        PrintJobRecord.state == JobState.PRINTING.value, PrintJobRecord.mode == "server")))
    queued = ctx.session.scalars(
        select(PrintJobRecord).where(PrintJobRecord.state == JobState.QUEUED.value)
        .order_by(PrintJobRecord.id).limit(CLAIM_SCAN)).all()
    devices: dict[int, Device] = {}
    claims = []
    for row in queued:
        if is_expired(ctx, row, now):
            apply(row, expire(to_rule(row), now), now)
            printer_state.job_finished(ctx, row)
            continue
        if row.device_id not in devices:
            devices[row.device_id] = printer_state.known_device(ctx, row.device_id)
        printer = kiosk_printer(devices[row.device_id].config)
        if row.mode == "agent":
            if rules.is_due(to_rule(row), now) and agent_online(ctx, row.device_id, now):
                send_to_agent(ctx, row, printer, now)
            continue
        if row.device_id in busy:
            continue
        busy.add(row.device_id)  # strictly one at a time, oldest first, per printer
        if not rules.is_due(to_rule(row), now) or not _claim(ctx, row, now):
            continue
        url = printer.url if printer and printer.url else ""
        timeout = (printer.timeout if printer and printer.timeout
                   else printing_settings(ctx.settings).timeout_s)
        claims.append(Claim(row.id, row.device_id, row.kind, row.slip, url,
                            printer.paper if printer else 58, timeout, to_rule(row)))
    return claims


def record_delivery(ctx: Ctx, claim: Claim, job: rules.PrintJob, status: str | None) -> None:
    """Store the outcome of one delivery and its printer status (alerts included)."""
    now = ctx.clock()
    row = ctx.session.get(PrintJobRecord, claim.job_id)
    if status is not None:
        device = printer_state.known_device(ctx, claim.device_id)
        printer_state.record_status(ctx, device, status, source="server")
    if row is None or row.state != JobState.PRINTING.value or \
            row.attempts != claim.queued.attempts + 1:
        return  # given up as stale meanwhile: that decision stands
    apply(row, job, now)
    row.printer_status = status or row.printer_status
    printer_state.job_finished(ctx, row)


class Dispatcher:
    """Deliver server-mode jobs and schedule retries, in the background or round by round."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._started = False
        self._start_lock = threading.Lock()
        self.running = False

    def start(self, spawn) -> bool:
        """Run ``run_forever`` through ``spawn(target)`` once; return whether it started now."""
        with self._start_lock:
            if self._started:
                return False
            self._started = True
        spawn(self.run_forever)
        return True

    def wake(self) -> None:
        """Ask for a round now (a job was just queued)."""
        self._wake.set()

    def run_once(self) -> int:
        """Run one round and deliver what it claimed; return the number of deliveries."""
        with self.runtime.uow(write=False) as ctx:
            if not has_work(ctx):
                return 0
        with self.runtime.uow() as ctx:
            claims = claim_due(ctx)
        by_device: dict[int, list[Claim]] = {}
        for claim in claims:
            by_device.setdefault(claim.device_id, []).append(claim)
        groups = list(by_device.values())
        if len(groups) == 1:
            self._deliver_all(groups[0])
        else:  # printers in parallel: one silent printer must not delay the others
            threads = [threading.Thread(target=self._deliver_all, args=(g,), daemon=True)
                       for g in groups]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        return len(claims)

    def _deliver_all(self, claims: list[Claim]) -> None:
        for claim in claims:
            try:
                self.deliver(claim)
            except Exception:  # noqa: BLE001 - one bad job must not stop the others
                log.exception("print job %s: delivery crashed", claim.job_id)

    def deliver(self, claim: Claim) -> None:
        """Render, check status, send and record one claimed job."""
        job, status = self._attempt(claim)
        with self.runtime.uow() as ctx:
            record_delivery(ctx, claim, job, status)

    def _attempt(self, claim: Claim) -> tuple[rules.PrintJob, str | None]:
        from printers.spooler import deliver_to_url

        policy = retry_policy(self.runtime.settings)
        clock = self.runtime.clock

        def failed(code: str) -> tuple[rules.PrintJob, None]:
            return rules.fail(rules.start(claim.queued, clock()), code, clock(), policy), None

        url = claim.url or "network://"
        if url.split(":", 1)[0].lower() not in SERVER_SCHEMES:
            log.warning("print job %s: %s blocks a server; use print_mode=agent", claim.job_id,
                        url)
            return failed(PrinterUnavailable.code)
        try:
            data = slips.render_job(claim.kind, claim.slip, slips.width_dots(claim.paper))
        except Exception:  # noqa: BLE001 - bad slip data: counts as a failed attempt
            log.exception("print job %s: cannot render", claim.job_id)
            return failed("render_error")
        try:
            delivery = deliver_to_url(data, url, claim.queued, clock=clock,
                                      timeout=claim.timeout, policy=policy)
        except Exception:  # noqa: BLE001 - a driver bug must not leave the job "printing"
            log.exception("print job %s: delivery crashed", claim.job_id)
            return failed("printer_error")
        if delivery.error is not None and delivery.status is None:
            log.warning("print job %s: %s", claim.job_id, delivery.error)
        return delivery.job, delivery.status.value if delivery.status is not None else None

    def run_forever(self) -> None:
        """Run rounds until ``stop``: right after a wake, else every ``print_poll_s``."""
        poll = printing_settings(self.runtime.settings).poll_s
        self.running = True
        while not self._stop.is_set():
            self._wake.clear()  # a wake during the round below makes the next one immediate
            try:
                busy = self.run_once()
            except Exception:  # noqa: BLE001 - e.g. the database restarting: try again later
                log.exception("print dispatcher round failed")
                busy = 0
            if not busy:
                self._wake.wait(poll)
        self.running = False

    def stop(self) -> None:
        """End ``run_forever`` after its current round."""
        self._stop.set()
        self._wake.set()
