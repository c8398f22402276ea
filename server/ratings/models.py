"""Ratings table: one row per rating, never edited (the database refuses an UPDATE)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DDL, JSON, ForeignKey, Index, Integer, String, Text, event
from sqlalchemy.orm import Mapped, mapped_column

from server.kernel.db.base import Base, UTCDateTime


class Rating(Base):
    """A citizen's rating of one visit: its ticket (or dossier), officer, counter, service."""

    __tablename__ = "ratings"
    __table_args__ = (Index("ix_ratings_center_at", "center_id", "at"),
                      Index("ix_ratings_counter_at", "counter_id", "at"))
    id: Mapped[int] = mapped_column(primary_key=True)
    center_id: Mapped[int] = mapped_column(ForeignKey("centers.id"))
    # Unique: of two simultaneous ratings of one visit, the database lets exactly one in.
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"), unique=True,
                                                  nullable=True)
    dossier_id: Mapped[int | None] = mapped_column(ForeignKey("dossiers.id"), unique=True,
                                                   nullable=True)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("staff.id"), nullable=True,
                                                   index=True)
    counter_id: Mapped[int | None] = mapped_column(ForeignKey("counters.id"), nullable=True)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("services.id"), nullable=True)
    score: Mapped[int] = mapped_column(Integer)
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    comment: Mapped[str | None] = mapped_column(Text, nullable=True)
    # device: on the counter's rating screen; later: from a tracking page, no login.
    source: Mapped[str] = mapped_column(String(16))
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id"), nullable=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())


def no_update_ddl(dialect: str) -> list[str]:
    """Return the statements that make the ratings table refuse UPDATE (never edited)."""
    if dialect == "sqlite":
        return ["CREATE TRIGGER IF NOT EXISTS ratings_no_update BEFORE UPDATE ON ratings "
                "BEGIN SELECT RAISE(ABORT, 'ratings are never edited'); END"]
    if dialect == "postgresql":
        return [
            "CREATE OR REPLACE FUNCTION ratings_no_update() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'ratings are never edited'; END $$ LANGUAGE plpgsql",
            "DROP TRIGGER IF EXISTS ratings_no_update ON ratings",
            "CREATE TRIGGER ratings_no_update BEFORE UPDATE ON ratings "
            "FOR EACH ROW EXECUTE FUNCTION ratings_no_update()",
        ]
    return []


for _dialect in ("sqlite", "postgresql"):
    for _statement in no_update_ddl(_dialect):
        event.listen(Rating.__table__, "after_create",
                     DDL(_statement).execute_if(dialect=_dialect))
