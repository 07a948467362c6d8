"""A delegate's open page follows the room: when a facilitator opens or closes a session, or shows
its results, the agenda and the answer page redraw by themselves within `EVERY` seconds, without
the delegate touching anything (a closed session: a banner at the top and no Submit button; the
draft is kept, as always).

The phone asks the server's `/pulse/event/<id>` route (`server.py`) every `EVERY` seconds for a
short fingerprint of the event's session states, and reruns the page only when it differs from
the one the page was drawn from. A question costs the server one small HTTP answer, not a script
run: about 0.5 ms instead of ~6 ms for a fragment tick, which matters with 200 phones in the room.
The states are read from the database at most once per `SHARED_SECONDS` per event for everyone
in the process (`states`). Where the route is not there (`streamlit run app.py`), a small fragment
asks instead (slower, same result).
"""
from __future__ import annotations

import hashlib
import threading
import time

import streamlit as st
from sqlalchemy.exc import DBAPIError

from gapmap.room import session_states
from ui import resources

#: How often a delegate's page asks whether a session changed.
EVERY = 5
#: Every phone of an event shares one read of the states for this long.
SHARED_SECONDS = 2
#: The server's route (`server.py` sets ROUTE_SERVED when it serves it).
ROUTE = "pulse/event"
ROUTE_SERVED = False

_lock = threading.Lock()
_read_at: dict[int, tuple[float, tuple]] = {}

_PULSE = st.components.v2.component("gapmap_session_pulse", js="""
export default function ({ data, setTriggerValue }) {
  if (!data || !data.url) return
  let stopped = false, timer = null
  const ask = async () => {
    if (stopped) return
    try {
      const answer = await fetch(data.url, { cache: "no-store", credentials: "same-origin" })
      if (answer.ok) {
        const body = await answer.json()
        if (!stopped && body.v && body.v !== data.drawn) { setTriggerValue("changed", body.v); return }
      }
    } catch (e) { /* the network dropped for a moment: ask again later */ }
    if (!stopped) timer = setTimeout(ask, data.every)
  }
  timer = setTimeout(ask, data.every)
  return () => { stopped = true; clearTimeout(timer) }
}
""")


def states(event_id: int) -> tuple | None:
    """The event's session states, read at most once per SHARED_SECONDS for the whole process
    (None when the database is busy for a moment)."""
    now = time.monotonic()
    with _lock:
        cached = _read_at.get(event_id)
    if cached is not None and now - cached[0] < SHARED_SECONDS:
        return cached[1]
    try:
        fresh = session_states(resources.engine(), event_id)
    except DBAPIError:
        return cached[1] if cached else None
    with _lock:
        if len(_read_at) > 1000:  # events come and go; a long-running server keeps only the recent
            _read_at.clear()
        _read_at[event_id] = (now, fresh)
    return fresh


def fingerprint(read: tuple | None) -> str | None:
    """A short, opaque fingerprint of an event's session states (what the route answers)."""
    return None if read is None else hashlib.sha256(repr(read).encode()).hexdigest()[:16]


def follow(event_id: int, drawn: tuple | None) -> None:
    """Rerun the whole page when the event's session states are no longer `drawn` (what the page
    was drawn from; read it with `states` before drawing)."""
    if drawn is None:
        return
    if ROUTE_SERVED:
        base = (st.get_option("server.baseUrlPath") or "").strip("/")
        url = f"/{base}/{ROUTE}/{event_id}" if base else f"/{ROUTE}/{event_id}"
        _PULSE(key="session-pulse", data={"url": url, "drawn": fingerprint(drawn), "every": EVERY * 1000},
               on_changed_change=lambda: None, height=0)
        return

    @st.fragment(run_every=EVERY)
    def watcher() -> None:
        now = states(event_id)
        if now is not None and now != drawn:
            st.rerun(scope="app")

    watcher()
