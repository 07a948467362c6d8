"""A delegate's open page follows the room: when a facilitator opens or closes a session, or shows
its results, the agenda and the answer page redraw by themselves within `EVERY` seconds, without
the delegate touching anything (a closed session: a banner at the top and no Submit button; the
draft is kept, as always).

A small fragment reads the event's session states (`gapmap.room.session_states`, one tiny query,
shared by every phone of the event for `SHARED_SECONDS`) and reruns the page only when they differ
from what the page drew. An unchanged tick draws nothing and sends nothing but the fragment's end.
"""
from __future__ import annotations

import streamlit as st
from sqlalchemy.exc import DBAPIError

from gapmap.room import session_states
from ui import resources

#: How often a delegate's page asks whether a session changed. A phone's tick costs a few
#: milliseconds of server time; at 5 s, 200 phones ask 40 times a second.
EVERY = 5
#: Every phone of an event shares one read of the states for this long.
SHARED_SECONDS = 2


@st.cache_data(ttl=SHARED_SECONDS, show_spinner=False, max_entries=200)
def _states(event_id: int) -> tuple:
    return session_states(resources.engine(), event_id)


def states(event_id: int) -> tuple | None:
    """The event's session states now (None when the database is busy for a moment)."""
    try:
        return _states(event_id)
    except DBAPIError:
        return None


def follow(event_id: int, drawn: tuple | None) -> None:
    """Rerun the whole page when the event's session states are no longer `drawn` (what the page
    was drawn from; read it with `states` before drawing)."""

    @st.fragment(run_every=EVERY)
    def watcher() -> None:
        now = states(event_id)
        if drawn is not None and now is not None and now != drawn:
            st.rerun(scope="app")

    watcher()
