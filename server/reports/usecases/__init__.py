"""Report use cases: queries over the logs, exports, the history generator."""
