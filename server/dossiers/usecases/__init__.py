"""server.dossiers.usecases."""
