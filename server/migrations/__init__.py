"""server.migrations."""
