"""Voice use cases: the voice service and the administrator's phrases."""
