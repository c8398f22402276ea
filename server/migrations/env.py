"""Alembic environment: our metadata, our URL, batch mode for SQLite."""

from alembic import context
from sqlalchemy import create_engine, pool

from server.kernel.db.base import Base
from server.migrations import all_models  # noqa: F401  (registers every table)

config = context.config
url = config.get_main_option("sqlalchemy.url") or ""


def run() -> None:
    """Run migrations online against the configured URL."""
    engine = create_engine(url, poolclass=pool.NullPool)
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=Base.metadata,
                          render_as_batch=connection.dialect.name == "sqlite",
                          compare_type=True)
        with context.begin_transaction():
            context.run_migrations()


run()
