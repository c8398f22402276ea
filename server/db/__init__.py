"""Database: typed models, engine, units of work and migrations."""
