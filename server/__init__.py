"""motcua server: queue engine, dossiers, API and realtime events."""
