"""Delegates' script runs take turns, oldest browser session first.

When a whole room scans the QR code in the same second, a process has hundreds of script runs to
make. Streamlit starts a thread for each and Python's interpreter lock shares the core between all
of them, so every delegate is served a little at a time and everyone reaches the questionnaire at
about the same moment, as late as the last one. Taking turns changes the order, not the work: a
run starts once fewer than `SLOTS` runs are drawing, and waiting runs go by the age of their
browser session, so the first delegates through the door are served first and reach their
questionnaire while the rest are still arriving (`python -m bench.qr_moment`). A delegate already
seated is older than anyone arriving, so their Submit goes ahead of the arrivals.

Who takes a turn: a delegate's or visitor's full run (`app.py` wraps its whole script in
`turn()`). Fragment runs (a choice on the join form, an answer changing) are small and do not
wait: making them take turns too changed nothing measurable (200 phones: median 38.5 s against
38.8 s), since what they wait for then is the event loop sending every phone's files and
messages. Staff never wait: a facilitator's dashboard or an organiser's export must not queue
behind a room that is arriving, and one long export must not hold the room's turn.

A run that holds a turn for more than `STUCK_SECONDS` (a database lock, say) no longer holds the
others back: waiting runs then go ahead without a turn, so a stuck run can delay the room by
seconds, never stop it. A long queue of short runs is not stuck, and keeps its order.

`SLOTS = 1`: on one process with SQLite (`bench.qr_moment`, 100 cold phones in one second), one
slot for full runs took the median time to a usable questionnaire from 23.7 s to 12.8 s (less
switching between threads: server CPU 23.8 s → 20.5 s); two slots kept most of the switching.
"""
from __future__ import annotations

import heapq
import itertools
import threading
import time
from contextlib import contextmanager

import streamlit as st

from ui import who

SLOTS = 1  # runs drawing at once (see above)
STUCK_SECONDS = 10.0
CHECK_SECONDS = 1.0  # how often a waiting run looks whether a turn is stuck
ARRIVED = "run-order-arrived"  # when this browser session's first run started (monotonic seconds)


class OldestFirst:
    """A counting gate whose waiters are served by priority (lowest first), then in order of
    asking. A released slot is handed to one waiter directly, so a release wakes one thread, not
    the hundreds that may be waiting."""

    def __init__(self, slots: int, *, stuck_after: float = STUCK_SECONDS, check_every: float = CHECK_SECONDS):
        self._lock = threading.Lock()
        self._free = slots
        self._waiting: list[list] = []  # heap of [priority, ticket, event, given up]
        self._held: dict[int, float] = {}  # ticket -> when its holder took the slot
        self._tickets = itertools.count()
        self.stuck_after, self.check_every = stuck_after, check_every

    def acquire(self, priority: float) -> int | None:
        """Wait for a slot; its ticket (pass it to `release`), or None when the run goes ahead
        without one because a holder is stuck."""
        with self._lock:
            self._drop_given_up()
            ticket = next(self._tickets)
            if self._free and not self._waiting:
                self._free -= 1
                self._held[ticket] = time.monotonic()
                return ticket
            entry = [priority, ticket, threading.Event(), False]
            heapq.heappush(self._waiting, entry)
        while not entry[2].wait(self.check_every):
            with self._lock:
                if entry[2].is_set():  # handed a slot just as the wait ended
                    break
                if self._held and time.monotonic() - min(self._held.values()) > self.stuck_after:
                    entry[3] = True  # left in the heap, skipped when its turn comes
                    return None
        return ticket

    def release(self, ticket: int) -> None:
        with self._lock:
            self._held.pop(ticket, None)
            self._drop_given_up()
            if self._waiting:
                entry = heapq.heappop(self._waiting)
                self._held[entry[1]] = time.monotonic()
                entry[2].set()  # the slot passes to the oldest waiter
            else:
                self._free += 1

    def waiting(self) -> int:
        with self._lock:
            return sum(1 for entry in self._waiting if not entry[3])

    def _drop_given_up(self) -> None:
        while self._waiting and self._waiting[0][3]:
            heapq.heappop(self._waiting)


_gate = OldestFirst(SLOTS)


@contextmanager
def turn():
    """Hold a turn for this script run (the age of the caller's browser session is its
    priority); staff go ahead without one."""
    arrived = st.session_state.setdefault(ARRIVED, time.monotonic())
    ticket = None if who.role() in who.STAFF else _gate.acquire(arrived)
    try:
        yield
    finally:
        if ticket is not None:
            _gate.release(ticket)
