"""A process-wide cache that keeps, for each key, only the value of the newest data version.

The results of a session change with every submission. Keyed by (key, version), Streamlit's own
caches kept every stale version until their time-to-live ran out: a projector left open while
delegates submitted every 20 s grew the server by ~3.5 MB a minute (`bench/projector_soak.py`).
Here a new version replaces the old value at once, and the number of keys is bounded (least
recently used first out), so memory stays flat however long the event runs.

Concurrent viewers of one key wait for the one computation of a new version and share its value
(one aggregation per data change, whatever the number of open dashboards and projectors). Values
are shared: callers never modify them.

The stores live in a Streamlit resource, so `st.cache_resource.clear()` (tests, a redeploy)
empties them with everything else.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

import streamlit as st

MAX_KEYS = 256


class _Slot:
    __slots__ = ("lock", "version", "value", "filled")

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.version: Any = None
        self.value: Any = None
        self.filled = False


class LatestStore:
    """Per key, the value of the newest version only; at most `max_keys` keys."""

    def __init__(self, max_keys: int = MAX_KEYS) -> None:
        self.max_keys = max_keys
        self._slots: OrderedDict[Hashable, _Slot] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, version: Hashable, compute: Callable[[], Any]) -> Any:
        with self._lock:
            slot = self._slots.get(key)
            if slot is None:
                slot = self._slots[key] = _Slot()
                while len(self._slots) > self.max_keys:
                    self._slots.popitem(last=False)
            else:
                self._slots.move_to_end(key)
        with slot.lock:  # one computation per new version; the others wait for it
            if not slot.filled or slot.version != version:
                slot.value, slot.version, slot.filled = compute(), version, True
            return slot.value

    def __len__(self) -> int:
        return len(self._slots)


@st.cache_resource(show_spinner=False)
def _stores() -> dict[str, LatestStore]:
    return {}


_creating = threading.Lock()


def store(name: str) -> LatestStore:
    """The process's store called `name` (one per kind of value: results, views, figures…)."""
    stores = _stores()
    found = stores.get(name)
    if found is None:
        with _creating:
            found = stores.setdefault(name, LatestStore())
    return found


def latest(name: str, key: Hashable, version: Hashable, compute: Callable[[], Any]) -> Any:
    """`compute()` for `key` at `version`, computed once per new version and shared."""
    return store(name).get(key, version, compute)
