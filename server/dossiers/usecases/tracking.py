"""Public tracking: code + secret, one 404 for every miss, misses rate-limited per IP and code."""

from __future__ import annotations

import hmac
from datetime import timedelta

from sqlalchemy import delete, func, select

from server.dossiers.models import Dossier, TrackFailure
from server.dossiers.settings import dossier_settings
from server.dossiers.usecases.common import dossier_not_found, has_nul
from server.dossiers.usecases.views import public_view
from server.kernel.errors import DomainError
from server.kernel.runtime import Ctx, Runtime
from server.queue.models import Ticket


def _keys(code: str, ip: str | None) -> list[str]:
    keys = [f"code:{code.strip().upper().replace(chr(0), '?')[:100]}"]
    if ip:
        keys.append(f"ip:{ip[:100]}")
    return keys


def rate_limited(ctx: Ctx, code: str, ip: str | None) -> bool:
    """Tell whether this IP or this code had too many misses within the window."""
    limit = int(dossier_settings(ctx.settings).track_max_failures)
    since = ctx.clock() - timedelta(seconds=int(dossier_settings(ctx.settings).track_window_s))
    for key in _keys(code, ip):
        misses = ctx.session.scalar(select(func.count()).select_from(TrackFailure)
                                    .where(TrackFailure.key == key, TrackFailure.at > since))
        if (misses or 0) >= limit:
            return True
    return False


def record_miss(ctx: Ctx, code: str, ip: str | None) -> None:
    """Remember a miss under both keys; forget misses older than the window."""
    now = ctx.clock()
    since = now - timedelta(seconds=int(dossier_settings(ctx.settings).track_window_s))
    keys = _keys(code, ip)
    ctx.session.execute(delete(TrackFailure).where(TrackFailure.key.in_(keys),
                                                   TrackFailure.at <= since))
    for key in keys:
        ctx.session.add(TrackFailure(key=key, at=now))


def _too_many() -> DomainError:
    return DomainError("track.rate_limited",
                       "Nhập sai quá nhiều lần, vui lòng thử lại sau ít phút",
                       "Too many failed lookups, please try again in a few minutes", 429)


def find_public(ctx: Ctx, code: str, secret: str) -> Dossier | None:
    """Return the dossier when code and secret match, else None (no hint which one failed)."""
    code = str(code or "").strip()
    ok_code = code and not has_nul(code)
    dossier = ctx.session.scalar(select(Dossier).where(Dossier.code == code)) if ok_code else None
    given = str(secret or "").strip().upper()
    expected = dossier.secret.upper() if dossier else "-" * 6
    # Compare even for unknown codes so both misses take the same time.
    ok = hmac.compare_digest(expected.encode(), given.encode())
    return dossier if ok and dossier is not None else None


def track_dossier(runtime: Runtime, code: str, secret: str, ip: str | None) -> dict:
    """Describe a dossier for its holder, or raise the shared 404 (429 after too many misses)."""
    with runtime.uow(write=False) as ctx:
        if rate_limited(ctx, code, ip):
            raise _too_many()
        dossier = find_public(ctx, code, secret)
        if dossier is not None:
            return public_view(ctx, dossier)
    with runtime.uow() as ctx:
        record_miss(ctx, code, ip)
    raise dossier_not_found(code)


def visit_ticket_code(ctx: Ctx, code: str) -> str | None:
    """Return the tracking code of the ticket a dossier was filed on (its visit), if any."""
    return ctx.session.scalar(select(Ticket.tracking_code).join(
        Dossier, Dossier.ticket_id == Ticket.id).where(Dossier.code == code))
