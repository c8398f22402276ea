"""server.voice.usecases."""
