"""server.queue."""
