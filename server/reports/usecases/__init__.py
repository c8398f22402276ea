"""server.reports.usecases."""
