"""Open pages that follow the room ask the server "did anything change?" over plain HTTP, and rerun
only when the answer differs from what they were drawn from.

The question goes to a route of `server.py` (`/pulse/<name>/<id>`, one per entry of
`ui.pulse_routes.ROUTES`) that answers a short, opaque fingerprint from a cache shared by the whole
process; the browser asks on a timer. An unchanged
answer costs the server one small HTTP response (about 2 ms), not a script run (6–12 ms for a
fragment tick): it is what lets 200 phones and a few dashboards sit open at no real cost. Where the
routes are not served (`streamlit run app.py`, AppTest), callers fall back to a fragment timer.
"""
from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Hashable

import streamlit as st

#: Set by `server.py` when it serves the pulse routes.
ROUTES_SERVED = False

# One asking loop per mounted instance. Streamlit runs this function again whenever `data` changes
# (a page drawn from newer data) and calls the returned cleanup only at unmount, so each run hands
# the loop its new data instead of starting another. A changed answer is sent once: if the rerun it
# asks for draws the same thing (a cache a moment behind), the loop goes on asking, quietly. With
# `calm`, a change found less than `calm` ms after the last one it sent waits until then: while
# answers pour in, the view redraws every `calm` ms with everything new, not after each one.
_ASK = st.components.v2.component("gapmap_pulse", js="""
const loops = new WeakMap()
export default function ({ data, setTriggerValue, parentElement }) {
  if (!data || !data.url) return
  let loop = loops.get(parentElement)
  if (!loop) {
    // spread: views that all saw one change at once do not stay in step (0.75–1.25 × calm each)
    loop = { timer: null, sent: null, stopped: false, lastSent: 0, spread: 0.75 + Math.random() / 2 }
    const ask = async () => {
      const { url, drawn } = loop.data
      try {
        const answer = await fetch(url, { cache: "no-store", credentials: "same-origin" })
        if (answer.ok) {
          const body = await answer.json()
          if (!loop.stopped && body.v && body.v !== loop.data.drawn && body.v !== loop.sent
              && url === loop.data.url && drawn === loop.data.drawn) {
            const calm = loop.lastSent + (loop.data.calm || 0) * loop.spread - Date.now()
            if (calm > 0) { loop.timer = setTimeout(ask, calm); return }  // redrawn a moment ago: wait
            loop.sent = body.v
            loop.lastSent = Date.now()
            loop.send("changed", body.v)
          }
        }
      } catch (e) { /* the network dropped for a moment: ask again later */ }
      if (!loop.stopped) loop.timer = setTimeout(ask, loop.data.every)
    }
    loop.start = () => { loop.timer = setTimeout(ask, loop.data.every) }
    loops.set(parentElement, loop)
  }
  if (loop.data && (loop.data.drawn !== data.drawn || loop.data.url !== data.url)) loop.sent = null
  const first = !loop.data
  loop.data = data
  loop.send = setTriggerValue
  if (first) loop.start()
  return () => { loop.stopped = true; clearTimeout(loop.timer); loops.delete(parentElement) }
}
""")


def fingerprint(value: Hashable | None) -> str | None:
    """A short, opaque fingerprint of what a page was drawn from (what the routes answer)."""
    return None if value is None else hashlib.sha256(repr(value).encode()).hexdigest()[:16]


def url(route: str) -> str:
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/{route}" if base else f"/{route}"


def ask(route: str, drawn: Hashable, *, every: float, key: str, calm: float = 0.0) -> None:
    """Ask `route` every `every` seconds; when its fingerprint is no longer `drawn`'s, rerun: the
    whole page, or only the fragment this is called in. `calm`: at most one rerun in that many
    seconds (the first change after a quiet spell still comes within `every`)."""
    _ASK(key=key, data={"url": url(route), "drawn": fingerprint(drawn), "every": int(every * 1000),
                        "calm": int(calm * 1000)},
         on_changed_change=lambda: None, height=0)


class Shared:
    """Values shared by the whole process for `seconds` (one read for every page asking)."""

    def __init__(self, seconds: float, max_keys: int = 1000):
        self.seconds, self.max_keys = seconds, max_keys
        self._lock = threading.Lock()
        self._values: dict[Hashable, tuple[float, Hashable, object]] = {}

    def get(self, key: Hashable, compute: Callable[[], object], *, stamp: Hashable = None) -> object:
        """The value for `key`, computed again when older than `seconds` or when `stamp` moved."""
        now = time.monotonic()
        with self._lock:
            cached = self._values.get(key)
        if cached is not None and now - cached[0] < self.seconds and cached[1] == stamp:
            return cached[2]
        value = compute()
        with self._lock:
            if len(self._values) > self.max_keys:
                self._values.clear()
            self._values[key] = (now, stamp, value)
        return value
