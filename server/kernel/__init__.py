"""server.kernel."""
