"""server.voice.engines.registry."""
