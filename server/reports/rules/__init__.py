"""server.reports.rules."""
