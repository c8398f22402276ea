"""Pure domain rules: no Flask, no Socket.IO, no database session."""
