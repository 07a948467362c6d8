"""Who is signed in on this browser (one Streamlit session): a role and, for delegates, their event
and personal token. Not to be confused with a database session or an agenda session."""
from __future__ import annotations

import streamlit as st

ROLE_KEY = "gapmap_role"
EVENT_KEY = "gapmap_event_id"
TOKEN_KEY = "gapmap_token"

#: The roles allowed on each page group; organisers may also run the room.
FACILITATOR_ROLES = ("facilitator", "organiser")
ORGANISER_ROLES = ("organiser",)


def role() -> str | None:
    return st.session_state.get(ROLE_KEY)


def event_id() -> int | None:
    return st.session_state.get(EVENT_KEY)


def token() -> str | None:
    """A delegate's personal token (also in the URL as ?p=, so a reload resumes)."""
    return st.session_state.get(TOKEN_KEY)


def become(new_role: str, *, event: int | None = None, participant_token: str | None = None) -> None:
    st.session_state[ROLE_KEY] = new_role
    st.session_state[EVENT_KEY] = event
    st.session_state[TOKEN_KEY] = participant_token


def leave() -> None:
    for k in (ROLE_KEY, EVENT_KEY, TOKEN_KEY):
        st.session_state.pop(k, None)
    st.query_params.clear()


def require_participant(engine):
    """The signed-in delegate's (participant, event); stops the page when the link is no longer valid."""
    from gapmap.responding import resume

    require("delegate")
    found = resume(engine, token())
    if found is None:
        leave()
        st.error("This personal link is not valid any more. Join again with the code on the screen.")
        st.stop()
    return found


def require(*roles: str) -> str:
    """Stop the page unless this browser is signed in as one of `roles` (defence in depth behind navigation)."""
    current = role()
    if current not in roles:
        st.warning("This page is not available. Join with a code or sign in on the start page.")
        st.stop()
    return current
