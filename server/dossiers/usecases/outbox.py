"""Outbound sync to the provincial portal: an outbox table delivered to a webhook.

Every local status change of a dossier appends one row (`enqueue`, same transaction).
`deliver_outbox` posts rows to `portal_webhook_url`: one at a time per dossier and in
order (row n+1 of a dossier waits until row n succeeded), each row until it succeeds,
with exponential backoff between attempts. A row is leased before it is posted, so two
server processes never post the same row at once; the receiver gets `X-Motcua-Event-Id`
to drop a duplicate should a success answer be lost on the way back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update

from server.dossiers.models import Dossier, PortalOutbox
from server.dossiers.rules.dossier import DossierStatus
from server.dossiers.settings import dossier_settings
from server.kernel.runtime import Ctx

log = logging.getLogger(__name__)

CHANNEL_CODES = {"in_person": 1, "online": 2, "postal": 3}
LEASE = timedelta(seconds=120)
# http_post(url, json_body, headers, timeout) -> HTTP status code; raising counts as failure.
HttpPost = Callable[[str, dict, dict, float], int]


def enqueue(ctx: Ctx, dossier: Dossier, event: str, payload: dict) -> PortalOutbox:
    """Append a change of a dossier to its outbox queue (inside the caller's transaction)."""
    last = ctx.session.scalar(select(func.max(PortalOutbox.seq))
                              .where(PortalOutbox.dossier_id == dossier.id)) or 0
    now = ctx.clock()
    row = PortalOutbox(dossier_id=dossier.id, seq=last + 1, event=event, payload=payload,
                       created_at=now, attempts=0, next_attempt_at=now)
    ctx.session.add(row)
    return row


def status_payload(dossier: Dossier, from_status: int | None, at: datetime,
                   stage: str | None, note: str | None, with_applicant: bool = False) -> dict:
    """Describe a status change in the portal's vocabulary (docs/portal.md)."""
    status = DossierStatus(dossier.status)
    body: dict[str, Any] = {
        "MaHoSo": dossier.code,
        "MaHoSoCongDVC": dossier.portal_id,
        "MaTTHC": dossier.procedure_code,
        "MaDonVi": dossier.agency_code,
        "KenhNop": CHANNEL_CODES.get(dossier.channel, 1),
        "TrangThai": int(status),
        "TrangThaiCu": from_status,
        "TenTrangThai": status.label_vi,
        "ThoiGian": at.isoformat(),
        "NgayTiepNhan": dossier.received_at.isoformat() if dossier.received_at else None,
        "NgayHenTra": dossier.due_at.isoformat() if dossier.due_at else None,
        "BuocXuLy": stage,
        "GhiChu": note,
        "HinhThucTraKetQua": dossier.result_method,
    }
    if with_applicant:
        # Only the creation event carries the applicant: the portal registers the dossier.
        body["ChuHoSo"] = {"HoTen": dossier.applicant_name, "SoDienThoai": dossier.applicant_phone,
                           "SoGiayTo": dossier.applicant_id_number}
    return body


def _backoff(settings, attempts: int) -> timedelta:
    base = float(dossier_settings(settings).outbox_backoff_s)
    cap = float(dossier_settings(settings).outbox_backoff_max_s)
    return timedelta(seconds=min(cap, base * 2 ** max(0, attempts - 1)))


def _heads(ctx: Ctx, now: datetime, limit: int) -> list[tuple[int, int]]:
    """Return (id, dossier id) of each dossier's first undelivered row due for an attempt."""
    first = (select(PortalOutbox.dossier_id, func.min(PortalOutbox.seq).label("seq"))
             .where(PortalOutbox.delivered_at.is_(None))
             .group_by(PortalOutbox.dossier_id).subquery())
    rows = ctx.session.execute(
        select(PortalOutbox.id, PortalOutbox.dossier_id)
        .join(first, (PortalOutbox.dossier_id == first.c.dossier_id) &
              (PortalOutbox.seq == first.c.seq))
        .where(PortalOutbox.next_attempt_at <= now,
               (PortalOutbox.locked_until.is_(None)) | (PortalOutbox.locked_until < now))
        .order_by(PortalOutbox.next_attempt_at, PortalOutbox.id)
        .limit(limit)
    ).all()
    return [(row_id, dossier_id) for row_id, dossier_id in rows]


def _lease(ctx: Ctx, row_id: int, now: datetime) -> PortalOutbox | None:
    """Compare-and-set the lease: of two deliverers, exactly one gets the row."""
    result = ctx.session.execute(
        update(PortalOutbox)
        .where(PortalOutbox.id == row_id, PortalOutbox.delivered_at.is_(None),
               (PortalOutbox.locked_until.is_(None)) | (PortalOutbox.locked_until < now))
        .values(locked_until=now + LEASE)
        .execution_options(synchronize_session=False))
    # Session.execute of a Core UPDATE returns a CursorResult; its stub says Result.
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return None
    return ctx.session.get(PortalOutbox, row_id, populate_existing=True)


def deliver_outbox(ctx_factory: Callable[[], AbstractContextManager[Ctx]], http_post: HttpPost,
                   now: datetime | Callable[[], datetime] | None = None,
                   max_rows: int = 500) -> dict:
    """Post due outbox rows to the portal webhook; return {delivered, failed, pending}.

    `ctx_factory` opens a unit of work (`runtime.uow`); nothing is held open while posting.
    `now` is the current instant (or a clock); by default the unit of work's clock.
    """
    stats = {"delivered": 0, "failed": 0, "pending": 0}
    with ctx_factory() as ctx:
        url = str(dossier_settings(ctx.settings).portal_webhook_url)
        timeout = float(dossier_settings(ctx.settings).portal_webhook_timeout_s)
        clock = now if callable(now) else (lambda: now) if now is not None else ctx.clock
    if url:
        blocked: set[int] = set()  # dossiers whose head failed in this run
        while stats["delivered"] + stats["failed"] < max_rows:
            moment = clock()
            with ctx_factory() as ctx:
                leased = []
                for row_id, dossier_id in _heads(ctx, moment, limit=50):
                    if dossier_id in blocked:
                        continue
                    row = _lease(ctx, row_id, moment)
                    if row is not None:
                        leased.append((row.id, row.dossier_id, row.seq, row.event,
                                       dict(row.payload)))
            if not leased:
                break
            for row_id, dossier_id, seq, event, payload in leased:
                ok, error = _post(http_post, url, timeout, row_id, dossier_id, seq, event,
                                  payload)
                _record(ctx_factory, row_id, ok, error, clock())
                if ok:
                    stats["delivered"] += 1
                else:
                    stats["failed"] += 1
                    blocked.add(dossier_id)
    with ctx_factory() as ctx:
        stats["pending"] = ctx.session.scalar(
            select(func.count()).select_from(PortalOutbox)
            .where(PortalOutbox.delivered_at.is_(None))) or 0
    return stats


def _post(http_post: HttpPost, url: str, timeout: float, row_id: int, dossier_id: int,
          seq: int, event: str, payload: dict) -> tuple[bool, str | None]:
    body = {"event_id": row_id, "event": event, "seq": seq, "data": payload}
    headers = {"X-Motcua-Event-Id": str(row_id), "Content-Type": "application/json"}
    try:
        status = http_post(url, body, headers, timeout)
    except Exception as exc:  # noqa: BLE001 - any failure is retried later
        return False, f"{type(exc).__name__}: {exc}"[:500]
    if 200 <= int(status) < 300:
        return True, None
    return False, f"HTTP {status}"


def _record(ctx_factory, row_id: int, ok: bool, error: str | None, at: datetime) -> None:
    with ctx_factory() as ctx:
        row = ctx.session.get(PortalOutbox, row_id)
        row.attempts += 1
        row.locked_until = None
        if ok:
            row.delivered_at = at
            row.last_error = None
        else:
            row.last_error = error
            row.next_attempt_at = at + _backoff(ctx.settings, row.attempts)
            log.warning("portal outbox row %s (dossier %s) failed: %s", row_id, row.dossier_id,
                        error)


def requests_post(url: str, body: dict, headers: dict, timeout: float) -> int:
    """The production http_post: a JSON POST with `requests`."""
    import requests

    return requests.post(url, json=body, headers=headers, timeout=timeout).status_code


def outbox_status(ctx: Ctx, limit: int = 50) -> dict:
    """Describe the outbox: pending count and the latest failures (for administrators)."""
    pending = ctx.session.scalar(select(func.count()).select_from(PortalOutbox)
                                 .where(PortalOutbox.delivered_at.is_(None))) or 0
    failing = ctx.session.execute(
        select(PortalOutbox, Dossier.code).join(Dossier, Dossier.id == PortalOutbox.dossier_id)
        .where(PortalOutbox.delivered_at.is_(None), PortalOutbox.attempts > 0)
        .order_by(PortalOutbox.id).limit(limit)).all()
    return {"pending": pending, "failing": [
        {"id": r.id, "dossier": code, "seq": r.seq, "attempts": r.attempts,
         "next_attempt_at": r.next_attempt_at.isoformat(), "last_error": r.last_error}
        for r, code in failing]}
