"""Alembic migrations of every area's tables (`motcua db upgrade`)."""
