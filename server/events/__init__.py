"""Event catalogue and the sink that publishes events after the commit."""
