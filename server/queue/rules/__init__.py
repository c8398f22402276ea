"""server.queue.rules."""
