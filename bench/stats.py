"""The percentiles every benchmark prints for a list of timings, in one shape."""

from __future__ import annotations

import numpy as np


def percentiles(values: list[float]) -> dict:
    """n, median, p95, p99 and max of `values` (just n when there are none)."""
    if not values:
        return {"n": 0}
    array = np.asarray(values)
    return {
        "n": len(values),
        "median": float(np.percentile(array, 50)),
        "p95": float(np.percentile(array, 95)),
        "p99": float(np.percentile(array, 99)),
        "max": float(array.max()),
    }
