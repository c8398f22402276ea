"""Atomic daily sequences: one upsert in the caller's transaction, never max+1."""

from __future__ import annotations

from datetime import date

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from server.db.models import DailySequence


def next_in_sequence(session: Session, scope: str, day: date) -> int:
    """Allocate the next number of a scope for a day, inside the current transaction.

    A single INSERT .. ON CONFLICT DO UPDATE .. RETURNING: the row lock it takes
    serialises concurrent allocators, and a rollback of the caller gives the
    number back, so there are neither duplicates nor gaps.
    """
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(DailySequence).values(scope=scope, day=day, last=1)
    stmt = stmt.on_conflict_do_update(
        index_elements=[DailySequence.scope, DailySequence.day],
        set_={"last": DailySequence.last + 1},
    ).returning(DailySequence.last)
    return session.execute(stmt).scalar_one()
