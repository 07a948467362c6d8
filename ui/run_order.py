"""Full script runs take turns, oldest browser session first.

When a whole room scans the QR code in the same second, a process has a couple of hundred page
runs to make. Streamlit starts a thread for each and Python's interpreter lock shares the core
between all of them, so every delegate is served a little at a time and everyone reaches the
questionnaire at about the same moment, as late as the last one. Taking turns instead changes the
order, not the work: a run starts once fewer than `SLOTS` runs are drawing, and waiting runs go
by the age of their browser session, so the first delegates through the door are served first
and reach their questionnaire while the rest are still arriving (`python -m bench.qr_moment`).

Only delegates' and visitors' full runs take a turn (`app.py` wraps its whole script in
`turn()`). Fragment runs (an answer changing, a live view redrawing) are small and never wait
here, and staff never do: a facilitator's dashboard or an organiser's export must not queue
behind a room that is arriving, and one long export must not hold the room's turn. A run that
waited `WAIT_SECONDS` goes ahead anyway, so a stuck run can delay others, never stop them.

`SLOTS = 1`: on one process with SQLite (`bench.qr_moment`, 100 cold phones in one second) one
slot took the median time to a usable questionnaire from 23.7 s to 12.8 s and the last from
24.2 s to 20.4 s (less switching between threads: server CPU 23.8 s → 20.5 s); two slots kept
most of the switching (median 19.8 s).
"""
from __future__ import annotations

import heapq
import itertools
import threading
import time
from contextlib import contextmanager

import streamlit as st

SLOTS = 1  # runs drawing at once (see above)
WAIT_SECONDS = 30.0
ARRIVED = "run-order-arrived"  # when this browser session's first run started (monotonic seconds)


class OldestFirst:
    """A counting gate whose waiters are served by priority (lowest first), then in order of
    arrival. A released slot is handed to one waiter directly, so a release wakes one thread,
    not the hundreds that may be waiting."""

    def __init__(self, slots: int) -> None:
        self._lock = threading.Lock()
        self._free = slots
        self._waiting: list[list] = []  # heap of [priority, ticket, event, given up]
        self._tickets = itertools.count()

    def acquire(self, priority: float, timeout: float) -> bool:
        """Wait for a slot; True when one was taken (release it), False after `timeout`."""
        with self._lock:
            if self._free and not self._waiting:
                self._free -= 1
                return True
            entry = [priority, next(self._tickets), threading.Event(), False]
            heapq.heappush(self._waiting, entry)
        if entry[2].wait(timeout):
            return True
        with self._lock:
            if entry[2].is_set():  # handed a slot just as the wait ended
                return True
            entry[3] = True  # left in the heap, skipped when its turn comes
        return False

    def release(self) -> None:
        with self._lock:
            while self._waiting:
                entry = heapq.heappop(self._waiting)
                if not entry[3]:
                    entry[2].set()  # the slot passes to the oldest waiter
                    return
            self._free += 1

    def waiting(self) -> int:
        with self._lock:
            return sum(1 for entry in self._waiting if not entry[3])


_gate = OldestFirst(SLOTS)


@contextmanager
def turn(*, staff: bool, gate: OldestFirst | None = None):
    """Hold a turn for this run of the script (the age of the caller's browser session is its
    priority); staff go ahead without one."""
    gate = gate or _gate
    arrived = st.session_state.setdefault(ARRIVED, time.monotonic())
    took = not staff and gate.acquire(arrived, WAIT_SECONDS)
    try:
        yield
    finally:
        if took:
            gate.release()
