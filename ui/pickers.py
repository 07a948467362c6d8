"""Event and agenda-session pickers shared by the staff pages.

The event is chosen once, in the header every staff page draws (`event_header`, from app.py):
it opens on the event this staff session chose last, else on the running event, else on the
newest. Pages then take it with `pick_event` (or `current_event` on the room's screens) and never
draw a picker of their own."""
from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from gapmap import staff_sessions
from gapmap.agenda import AgendaSessionSummary, event_agenda, events
from gapmap.running_event import running_event, set_running
from ui import demo_banner, who

if TYPE_CHECKING:
    from db.models import Event

EVENT_KEY = "room-event"
CURRENT_EVENT = who.STAFF_EVENT  # not a widget: the event last chosen, kept across pages and reloads
SESSION_KEY = "room-session"

THEME_LABELS = {
    "profile": "Profile", "definitions": "Definitions", "gender": "Gender", "technology": "Technology",
    "forced_labour": "Forced labour", "data": "Data", "prosecution": "Prosecution", "gaps": "Gaps and needs",
    "other": "Other",
}


def _default(found: list[Event], running: Event | None) -> int:
    ids = [e.id for e in found]
    current = st.session_state.get(CURRENT_EVENT)
    if current in ids:
        return current
    if running is not None and running.id in ids and not running.archived:
        return running.id
    return next((e.id for e in found if not e.archived), ids[0])


def _choose(engine, event_id: int) -> None:
    """Remember the choice for this browser and its staff session (a reload opens on it)."""
    if st.session_state.get(CURRENT_EVENT) != event_id:
        st.session_state[CURRENT_EVENT] = event_id
        staff_sessions.remember_event(engine, who.staff_token(), event_id)


def event_header(engine, role: str) -> None:
    """The staff page's header: the demo marker when it is the demo event (`ui.demo_banner`), which
    event (title and code), whether it is the running one, and the one place to choose another.
    Organisers mark the running event here too."""
    found = events(engine, include_archived=True)
    if not found:
        return
    running = running_event(engine)
    by_id = {e.id: e for e in found}
    if st.session_state.get(EVENT_KEY) not in by_id:
        st.session_state[EVENT_KEY] = _default(found, running)
    demo_banner.show(by_id[st.session_state[EVENT_KEY]], sticky=True)  # the choice this run draws (a new one too)
    left, right = st.columns([5, 2], vertical_alignment="center")
    chosen = left.selectbox(
        "Event", list(by_id), key=EVENT_KEY, label_visibility="collapsed",
        format_func=lambda i: f"{by_id[i].title[:90]} · code {by_id[i].code}" + (" · archived" * by_id[i].archived),
        help="The event every staff page works on; this browser remembers it.",
    )
    _choose(engine, chosen)
    with right:
        if running is not None and running.id == chosen:
            st.badge("Running now", icon=":material/radio_button_checked:", color="green")
        elif role in who.ORGANISER_ROLES and not by_id[chosen].archived:
            st.button("Mark as running", key="mark-running", icon=":material/radio_button_checked:",
                      help="Staff pages of every facilitator open on the running event.",
                      on_click=set_running, args=(engine, chosen), kwargs={"actor": role})
        elif running is not None:
            st.caption(f"The room runs **{running.code}**.")


def _chosen(engine, found: list[Event]) -> Event:
    ids = [e.id for e in found]
    current = st.session_state.get(CURRENT_EVENT)
    if current not in ids:
        current = _default(found, running_event(engine))
        _choose(engine, current)
    return next(e for e in found if e.id == current)


def pick_event(engine, *, include_archived: bool = False) -> Event:
    """The event chosen in the header; stops the page when there is none, or when it is archived
    and the page works only on current events (it says so: choose another event above)."""
    found = events(engine, include_archived=True)
    if not found:
        st.info("There is no event yet. An organiser sets one up.")
        st.stop()
    event = _chosen(engine, found)
    if event.archived and not include_archived:
        st.warning(f"“{event.title}” ({event.code}) is archived. Choose another event above; an organiser can "
                   "unarchive it on the Events page.", icon=":material/inventory_2:")
        st.stop()
    return event


def current_event(engine) -> Event:
    """The event this staff browser works on, for the room's screens (which draw no header)."""
    return pick_event(engine)


def pick_agenda_session(engine, event: Event, *, filters: bool = True) -> AgendaSessionSummary:
    """An agenda session of the event, optionally narrowed by day and theme; stops when none."""
    _, agenda_sessions = event_agenda(engine, event.id)
    if not agenda_sessions:
        st.info("This event has no agenda sessions yet.")
        st.stop()
    if filters:
        left, right = st.columns(2)
        days = left.pills("Day", sorted({i.day for i in agenda_sessions}), format_func=lambda d: f"Day {d}",
                          selection_mode="multi", key="room-days")
        themes = right.pills("Theme", sorted({_theme(i) for i in agenda_sessions}), format_func=THEME_LABELS.get,
                             selection_mode="multi", key="room-themes")
        agenda_sessions = [i for i in agenda_sessions
                           if (not days or i.day in days) and (not themes or _theme(i) in themes)]
        if not agenda_sessions:
            st.info("No session matches these filters.")
            st.stop()
    ids = [i.id for i in agenda_sessions]
    if st.session_state.get(SESSION_KEY) not in ids:
        open_now = [i.id for i in agenda_sessions if i.state == "open"]
        st.session_state[SESSION_KEY] = (open_now or ids)[0]
    chosen = st.selectbox("Session", ids, key=SESSION_KEY,
                          format_func=lambda i: next(f"Day {x.day} · {x.title} ({x.state_label.lower()})"
                                                     for x in agenda_sessions if x.id == i))
    return next(i for i in agenda_sessions if i.id == chosen)


def _theme(agenda_session: AgendaSessionSummary) -> str:
    return agenda_session.questionnaire_theme
