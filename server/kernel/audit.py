"""The audit log: every state-changing staff action and every staff read of personal data.

Use cases call :func:`record` inside their unit of work, so an entry commits (or rolls back)
with the change it describes. Entries are never updated or deleted: the database refuses it
(triggers from :func:`append_only_ddl`, installed by the migration and by ``create_all``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import DDL, event, select
from typing_extensions import TypedDict

from server.kernel.models import AuditEntry
from server.kernel.runtime import Ctx

# Reads are recorded with this prefix convention: "<kind>.read" (e.g. "dossier.read").
MAX_PAGE = 1000


def record(ctx: Ctx, action: str, target_kind: str, target: object, *,
           before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
           center_id: int | None = None) -> None:
    """Append an entry for what the unit of work's actor did (a CLI or task is "system")."""
    who = ctx.actor
    ctx.session.add(AuditEntry(
        at=ctx.clock(),
        center_id=center_id if center_id is not None else (who.center_id if who else None),
        actor_kind=who.kind if who else "system", actor_id=who.id if who else None,
        actor_name=(who.name if who else "")[:100], action=action[:64],
        target_kind=target_kind[:32], target=str(target)[:100],
        before=_jsonable(before), after=_jsonable(after), address=ctx.address[:64]))


def changed(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Keep only the fields that differ, for an entry's before/after."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def _jsonable(value: dict[str, Any] | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in value.items()}


class AuditView(TypedDict):
    """One audit entry as the administrator reads it."""

    id: int
    at: str
    actor_kind: str
    actor: str
    action: str
    target_kind: str
    target: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    address: str


@dataclass(frozen=True)
class AuditFilter:
    """What the administrator narrows the log to (all optional)."""

    center_id: int | None = None
    actor: str | None = None
    action: str | None = None  # an exact action or a prefix ending in "." ("dossier.")
    target_kind: str | None = None
    target: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    before_id: int | None = None  # paging: entries older than this one
    limit: int = 200


def entries(ctx: Ctx, wanted: AuditFilter) -> list[AuditView]:
    """Return the newest entries matching a filter, newest first."""
    q = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(
        max(1, min(wanted.limit, MAX_PAGE)))
    if wanted.center_id is not None:
        q = q.where(AuditEntry.center_id == wanted.center_id)
    if wanted.actor:
        q = q.where(AuditEntry.actor_name == wanted.actor)
    if wanted.action:
        q = q.where(AuditEntry.action.startswith(wanted.action, autoescape=True)
                    if wanted.action.endswith(".") else AuditEntry.action == wanted.action)
    if wanted.target_kind:
        q = q.where(AuditEntry.target_kind == wanted.target_kind)
    if wanted.target:
        q = q.where(AuditEntry.target == wanted.target)
    if wanted.since is not None:
        q = q.where(AuditEntry.at >= wanted.since)
    if wanted.until is not None:
        q = q.where(AuditEntry.at < wanted.until)
    if wanted.before_id is not None:
        q = q.where(AuditEntry.id < wanted.before_id)
    return [AuditView(id=e.id, at=e.at.isoformat(), actor_kind=e.actor_kind,
                      actor=e.actor_name, action=e.action, target_kind=e.target_kind,
                      target=e.target, before=e.before, after=e.after, address=e.address)
            for e in ctx.session.scalars(q)]


def append_only_ddl(dialect: str) -> list[str]:
    """Return the statements that make the audit table refuse UPDATE and DELETE."""
    if dialect == "sqlite":
        return [f"CREATE TRIGGER IF NOT EXISTS audit_log_no_{op.lower()} BEFORE {op} ON audit_log "
                "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
                for op in ("UPDATE", "DELETE")]
    if dialect == "postgresql":
        return [
            "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$ LANGUAGE plpgsql",
            "DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log",
            "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
            "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
        ]
    return []


for _dialect in ("sqlite", "postgresql"):
    for _statement in append_only_ddl(_dialect):
        event.listen(AuditEntry.__table__, "after_create",
                     DDL(_statement).execute_if(dialect=_dialect))  # type: ignore[no-untyped-call]
