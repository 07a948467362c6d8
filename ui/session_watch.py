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

from gapmap.agenda import event_agenda
from gapmap.room import changes, session_states
from ui import resources
from ui.latest import latest

#: How often a delegate's page asks whether a session changed.
EVERY = 5
#: Every phone of an event shares one read of the states for this long.
SHARED_SECONDS = 2
#: A delegate's agenda is drawn from one copy per event in the process, read again when a session's
#: state changes and at least this often (an organiser may have renamed a session).
AGENDA_SECONDS = 30
#: The server's route (`server.py` sets ROUTE_SERVED when it serves it).
ROUTE = "pulse/event"
ROUTE_SERVED = False

_lock = threading.Lock()
_read_at: dict[int, tuple[float, int, tuple]] = {}  # event id -> (when, changes() then, states)

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
    """The event's session states, read at most once per SHARED_SECONDS for the whole process, and
    at once after this process changed one (None when the database is busy for a moment)."""
    now, changed = time.monotonic(), changes()
    with _lock:
        cached = _read_at.get(event_id)
    if cached is not None and now - cached[0] < SHARED_SECONDS and cached[1] == changed:
        return cached[2]
    try:
        fresh = session_states(resources.engine(), event_id)
    except DBAPIError:
        return cached[2] if cached else None
    with _lock:
        if len(_read_at) > 1000:  # events come and go; a long-running server keeps only the recent
            _read_at.clear()
        _read_at[event_id] = (now, changed, fresh)
    return fresh


def delegate_agenda(event_id: int, drawn: tuple | None):
    """`gapmap.agenda.event_agenda` without the response counts, shared by every delegate of the
    event: when the room arrives, 200 agenda runs cost one read of the agenda, not 200."""
    version = (drawn, int(time.monotonic() // AGENDA_SECONDS))
    return latest("delegate-agenda", event_id, version,
                  lambda: event_agenda(resources.engine(), event_id, counts=False))


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
