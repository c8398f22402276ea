"""Queue use cases: functions taking the unit of work's context."""
