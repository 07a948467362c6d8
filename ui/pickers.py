"""Event and agenda-session pickers shared by the facilitators' pages (the choice carries over)."""
from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from gapmap.agenda import AgendaSessionSummary, event_agenda, events

if TYPE_CHECKING:
    from db.models import Event

EVENT_KEY = "room-event"
CURRENT_EVENT = "current-event"  # not a widget: the event last chosen on any page, kept across pages
SESSION_KEY = "room-session"

THEME_LABELS = {
    "profile": "Profile", "definitions": "Definitions", "gender": "Gender", "technology": "Technology",
    "forced_labour": "Forced labour", "data": "Data", "prosecution": "Prosecution", "gaps": "Gaps and needs",
    "other": "Other",
}


def pick_event(engine, *, include_archived: bool = False) -> Event:
    """The event the facilitator works on; stops the page when there is none."""
    found = events(engine, include_archived=include_archived)
    if not found:
        st.info("There is no event yet. An organiser sets one up.")
        st.stop()
    ids = [e.id for e in found]
    if st.session_state.get(EVENT_KEY) not in ids:
        current = st.session_state.get(CURRENT_EVENT)
        st.session_state[EVENT_KEY] = current if current in ids else ids[0]
    chosen = st.selectbox("Event", ids, key=EVENT_KEY,
                          format_func=lambda i: next(f"{e.title[:70]} ({e.code}){' · archived' if e.archived else ''}"
                                                     for e in found if e.id == i))
    st.session_state[CURRENT_EVENT] = chosen
    return next(e for e in found if e.id == chosen)


def current_event(engine) -> Event:
    """The event this staff browser works on, without drawing a picker (for the room's screens);
    the same choice `pick_event` makes. Stops the page when there is none."""
    found = events(engine)
    if not found:
        st.info("There is no event yet. An organiser sets one up.")
        st.stop()
    current = st.session_state.get(CURRENT_EVENT)
    return next((e for e in found if e.id == current), found[0])


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
