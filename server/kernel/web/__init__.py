"""server.kernel.web."""
