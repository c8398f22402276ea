"""Alembic migrations build exactly the schema the models describe."""

from __future__ import annotations

import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from server.kernel.db.base import Base
from server.migrations import all_models  # noqa: F401
from server.migrations.migrate import upgrade

POSTGRES_URL = os.environ.get("QMS_TEST_POSTGRES_URL", "")


def _diff(url: str) -> list:
    engine = create_engine(url)
    with engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"compare_type": True})
        diff = compare_metadata(ctx, Base.metadata)
    engine.dispose()
    return diff


def test_sqlite_migrations_match_models(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(url)
    assert _diff(url) == []


@pytest.mark.postgres
def test_postgres_migrations_match_models():
    if not POSTGRES_URL:
        pytest.skip("needs QMS_TEST_POSTGRES_URL (CI sets it)")
    from support import reset_postgres

    reset_postgres(POSTGRES_URL)
    upgrade(POSTGRES_URL)
    assert _diff(POSTGRES_URL) == []
