"""server.queue.usecases."""
