"""A delegate's open page follows the room: when a facilitator opens or closes a session, or shows
its results, the agenda and the answer page redraw by themselves within `EVERY` seconds, without
the delegate touching anything (a closed session: a banner at the top and no Submit button; the
draft is kept, as always).

The phone asks the server's `/pulse/event/<id>` route (`server.py`, `ui.pulse`) every `EVERY`
seconds for a fingerprint of the event's session states, and reruns the page only when it differs
from the one the page was drawn from: about 2 ms of server time per ask instead of ~6 ms for a
fragment tick, which matters with 200 phones in the room. The states are read from the database
at most once per `SHARED_SECONDS` per event for the whole process (`states`), and at once after
this process changed one. Where the route is not there, a small fragment asks instead.
"""
from __future__ import annotations

import time

import streamlit as st
from sqlalchemy.exc import DBAPIError

from gapmap.agenda import event_agenda
from gapmap.room import changes, session_states
from ui import pulse, resources
from ui.latest import latest

#: How often a delegate's page asks whether a session changed.
EVERY = 5
#: Every phone of an event shares one read of the states for this long.
SHARED_SECONDS = 2
#: A delegate's agenda is drawn from one copy per event in the process, read again when a session's
#: state changes and at least this often (an organiser may have renamed a session).
AGENDA_SECONDS = 30
#: The server's route.
ROUTE = "pulse/event"

_shared = pulse.Shared(SHARED_SECONDS)


def states(event_id: int) -> tuple | None:
    """The event's session states, read at most once per SHARED_SECONDS for the whole process, and
    at once after this process changed one (None when the database is busy for a moment)."""
    try:
        return _shared.get(event_id, lambda: session_states(resources.engine(), event_id), stamp=changes())
    except DBAPIError:
        return None


def delegate_agenda(event_id: int, drawn: tuple | None):
    """`gapmap.agenda.event_agenda` without the response counts, shared by every delegate of the
    event: when the room arrives, 200 agenda runs cost one read of the agenda, not 200."""
    version = (drawn, int(time.monotonic() // AGENDA_SECONDS))
    return latest("delegate-agenda", event_id, version,
                  lambda: event_agenda(resources.engine(), event_id, counts=False))


def follow(event_id: int, drawn: tuple | None) -> None:
    """Rerun the whole page when the event's session states are no longer `drawn` (what the page
    was drawn from; read it with `states` before drawing)."""
    if drawn is None:
        return
    if pulse.ROUTES_SERVED:
        pulse.ask(f"{ROUTE}/{event_id}", drawn, every=EVERY, key="session-pulse")
        return

    @st.fragment(run_every=EVERY)
    def watcher() -> None:
        now = states(event_id)
        if now is not None and now != drawn:
            st.rerun(scope="app")

    watcher()
