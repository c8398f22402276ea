"""REST API /api/v1: thin adapters over the service layer."""
