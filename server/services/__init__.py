"""Use cases: each takes a context (session, event sink, clock, settings)."""
