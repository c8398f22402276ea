"""Small pure statistics for durations: count, average, median, 90th percentile, maximum."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence


def percentile(sorted_values: Sequence[float], q: float) -> float | None:
    """Return the q-quantile (0 <= q <= 1) of already sorted values, None when empty.

    Linear interpolation between the two closest ranks (position q·(n−1) in the sorted
    list, 0-based): the same definition as PostgreSQL's percentile_cont, numpy's default
    and statistics.quantiles(method="inclusive"). So the median of 1, 2, 3, 4 is 2.5 and
    the 90th percentile of 1..10 is 9.1.
    """
    n = len(sorted_values)
    if n == 0:
        return None
    if not 0 <= q <= 1:
        raise ValueError("q must be within [0, 1]")
    pos = q * (n - 1)
    lo = math.floor(pos)
    hi = min(lo + 1, n - 1)
    frac = pos - lo
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * frac


def summary(values: Iterable[float | None]) -> dict[str, float | int | None]:
    """Return {count, avg, median, p90, max} in seconds (1 decimal) over the non-null values."""
    data = sorted(v for v in values if v is not None)
    if not data:
        return {"count": 0, "avg": None, "median": None, "p90": None, "max": None}
    return {
        "count": len(data),
        # Average = sum / count; median = 50th percentile; p90 = 90th percentile.
        "avg": round(sum(data) / len(data), 1),
        "median": round(percentile(data, 0.5) or 0.0, 1),  # data is not empty here
        "p90": round(percentile(data, 0.9) or 0.0, 1),
        "max": round(data[-1], 1),
    }
