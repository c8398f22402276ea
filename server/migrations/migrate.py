"""Run Alembic migrations programmatically (`motcua db upgrade`)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent


def alembic_config(url: str) -> Config:
    """Build an Alembic config pointing at our migrations and a database URL."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def upgrade(url: str, revision: str = "head") -> None:
    """Bring a database up to the newest schema."""
    command.upgrade(alembic_config(url), revision)
