"""server.voice.rules."""
