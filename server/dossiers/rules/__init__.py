"""server.dossiers.rules."""
