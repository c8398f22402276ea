"""Estimated wait from recent service times and the counters open."""

from __future__ import annotations

import math
import statistics


def average_service_s(recent: list[float], default_s: float) -> float:
    """Return the median of recent service times (robust to a stuck ticket), or the default."""
    return statistics.median(recent) if recent else default_s


def estimated_wait_s(ahead: int, service_s: float, open_counters: int) -> int | None:
    """Estimate seconds until a ticket with `ahead` people before it is called.

    None when no counter serving the service is open: nobody can promise a time.
    """
    if open_counters <= 0:
        return None
    return int(math.ceil(ahead * service_s / open_counters))
