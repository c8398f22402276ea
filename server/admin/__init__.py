"""server.admin."""
