"""server.printing.usecases."""
