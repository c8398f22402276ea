"""Checks on text that arrives from outside."""

from __future__ import annotations

from typing import Any


def has_nul(value: Any) -> bool:
    """Tell whether text anywhere in a JSON-like value holds a NUL (PostgreSQL refuses it)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(has_nul(k) or has_nul(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(has_nul(v) for v in value)
    return False
