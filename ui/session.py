"""Who is using this browser session: a role and, for delegates, the event they joined."""
from __future__ import annotations

import streamlit as st

ROLE_KEY = "gapmap_role"
EVENT_KEY = "gapmap_event_id"

#: The roles allowed on each page group; organisers may also run the room.
FACILITATOR_ROLES = ("facilitator", "organiser")
ORGANISER_ROLES = ("organiser",)


def role() -> str | None:
    return st.session_state.get(ROLE_KEY)


def event_id() -> int | None:
    return st.session_state.get(EVENT_KEY)


def become(new_role: str, *, event: int | None = None) -> None:
    st.session_state[ROLE_KEY] = new_role
    st.session_state[EVENT_KEY] = event


def leave() -> None:
    for key in (ROLE_KEY, EVENT_KEY):
        st.session_state.pop(key, None)
    st.query_params.clear()


def require(*roles: str) -> str:
    """Stop the page unless the session holds one of `roles` (defence in depth behind navigation)."""
    current = role()
    if current not in roles:
        st.warning("This page is not available. Join with a code or sign in on the start page.")
        st.stop()
    return current
