"""Wall-clock timing for the benchmarks: milliseconds per run of a function."""
from __future__ import annotations

import time


def timed(fn, runs: int) -> list[float]:
    """Run `fn` `runs` times; the milliseconds each run took."""
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out
