"""server.kernel.db."""
