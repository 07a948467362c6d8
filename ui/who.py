"""Who is signed in on this browser (one Streamlit session): a role and, for delegates, their event
and personal token; for staff, their staff session (`gapmap.staff_sessions`), which a reload
resumes from the cookie. Not to be confused with a database session or an agenda session."""
from __future__ import annotations

import os

import streamlit as st

from gapmap import staff_sessions

ROLE_KEY = "gapmap_role"
EVENT_KEY = "gapmap_event_id"
TOKEN_KEY = "gapmap_token"
STAFF_KEY = "gapmap_staff_session"
COOKIE_PENDING = "gapmap_staff_cookie_pending"  # a new staff session whose cookie is still to be set
FORGET_COOKIE = "gapmap_staff_cookie_forget"
STAFF_EVENT = "current-event"  # the event chosen on this staff session (ui.pickers keeps it)

#: The roles allowed on each page group; organisers may also run the room.
FACILITATOR_ROLES = ("facilitator", "organiser")
ORGANISER_ROLES = ("organiser",)
STAFF = FACILITATOR_ROLES


def role() -> str | None:
    return st.session_state.get(ROLE_KEY)


def event_id() -> int | None:
    return st.session_state.get(EVENT_KEY)


def token() -> str | None:
    """A delegate's personal token (also in the URL as ?p=, so a reload resumes)."""
    return st.session_state.get(TOKEN_KEY)


def staff_token() -> str | None:
    """This browser's staff session id (never shown, never in the URL)."""
    return st.session_state.get(STAFF_KEY)


def become(new_role: str, *, event: int | None = None, participant_token: str | None = None) -> None:
    st.session_state[ROLE_KEY] = new_role
    st.session_state[EVENT_KEY] = event
    st.session_state[TOKEN_KEY] = participant_token


def become_staff(engine, new_role: str) -> None:
    """After a passcode was checked: a new staff session, and its cookie set on the next run."""
    session_id = staff_sessions.start(engine, new_role, hours=staff_hours())
    become(new_role)
    st.session_state[STAFF_KEY] = session_id
    st.session_state[COOKIE_PENDING] = session_id


def staff_hours() -> float | None:
    try:
        return staff_sessions.configured_hours(os.environ)
    except ValueError as exc:
        print(f"WARNING: {exc}; staff stay signed in for the running event's days", flush=True)
        return None


def resume_staff(engine) -> None:
    """At the start of every run: a staff browser's session still valid, or signed out now.

    A new browser session (a reload, a reconnect after sleep) takes its staff session from the
    cookie; a session revoked meanwhile signs this browser out at its next interaction."""
    current = staff_token()
    if role() in STAFF:
        if staff_sessions.resume(engine, current) is None:
            leave()
            st.session_state["start-message"] = "Your sign-in has ended. Sign in again with your passcode."
        return
    if role() is not None:
        return  # a delegate: their personal link decides
    cookie = _cookie()
    grant = staff_sessions.resume(engine, cookie)
    if grant is not None:
        become(grant.role)
        st.session_state[STAFF_KEY] = cookie
        if grant.event_id is not None:
            st.session_state.setdefault(STAFF_EVENT, grant.event_id)
    elif cookie and "staff-cookie-checked" not in st.session_state:
        st.session_state["staff-cookie-checked"] = True  # an ended or forged cookie: the start page, once
        if staff_sessions.known(engine, cookie):
            st.session_state["start-message"] = "Your sign-in has ended. Sign in again with your passcode."
        st.session_state[FORGET_COOKIE] = True


def _cookie() -> str | None:
    try:
        value = st.context.cookies.get(staff_sessions.COOKIE)
    except Exception:  # noqa: BLE001 - no HTTP request behind this run (AppTest): no cookie
        return None
    return value if isinstance(value, str) else None


def sign_out(engine) -> None:
    """Revoke this browser's staff session everywhere it is used, and forget its cookie."""
    staff_sessions.end(engine, staff_token())
    leave()
    st.session_state[FORGET_COOKIE] = True
    st.session_state["staff-cookie-checked"] = True  # the old cookie of this page load is known to be gone


def leave() -> None:
    for k in (ROLE_KEY, EVENT_KEY, TOKEN_KEY, STAFF_KEY, COOKIE_PENDING, STAFF_EVENT):
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
