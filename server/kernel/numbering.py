"""Atomic daily sequences: one upsert in the caller's transaction, never max+1."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from server.kernel.models import DailySequence


def next_in_sequence(session: Session, scope: str, day: date) -> int:
    """Allocate the next number of a scope for a day, inside the current transaction.

    A single INSERT .. ON CONFLICT DO UPDATE .. RETURNING: the row lock it takes
    serialises concurrent allocators, and a rollback of the caller gives the
    number back, so there are neither duplicates nor gaps.
    """
    stmt = _UPSERT[session.get_bind().dialect.name]
    return int(session.execute(stmt, {"scope": scope, "day": day}).scalar_one())


def _upsert(insert: Any) -> Any:
    table = DailySequence.__table__  # Core, not the ORM bulk path: this runs on every ticket
    stmt = insert(table).values(scope=bindparam("scope"), day=bindparam("day"), last=1)
    return stmt.on_conflict_do_update(
        index_elements=[table.c.scope, table.c.day],
        set_={"last": table.c.last + 1},
    ).returning(table.c.last)


# Built once per dialect: both speak INSERT .. ON CONFLICT .. RETURNING.
_UPSERT = {"postgresql": _upsert(postgresql.insert), "sqlite": _upsert(sqlite.insert)}
