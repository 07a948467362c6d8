"""The browser side of the staff cookie: posts to the app's own routes (`server.py`).

A Custom Components v2 inline component: its JavaScript runs once when it is drawn, sends the
request with the page's own cookies and draws nothing. Served by the app itself (no other host).
"""
from __future__ import annotations

import streamlit as st

from gapmap import staff_sessions
from ui import who

_POST = st.components.v2.component(
    "gapmap_staff_cookie",
    js="""
export default function ({ data }) {
  if (!data || !data.url) return;
  fetch(data.url, {
    method: "POST", credentials: "same-origin", cache: "no-store",
    headers: {"Content-Type": "application/json"}, body: JSON.stringify(data.body || {}),
  }).catch(() => {});
}
""",
)


def settle(engine) -> None:
    """On every run: set the cookie of a new staff session (asked again on each run until the
    server took it, for the hand-off's few minutes), or delete an ended one."""
    if session_id := st.session_state.get(who.COOKIE_PENDING):
        if staff_sessions.cookie_pending(engine, session_id):
            attempt = st.session_state.get("staff-cookie-attempt", 0) + 1
            st.session_state["staff-cookie-attempt"] = attempt
            keep_signed_in(session_id, attempt)
        else:
            st.session_state.pop(who.COOKIE_PENDING, None)
    if st.session_state.pop(who.FORGET_COOKIE, None):
        forget()


def _route(path: str) -> str:
    base = (st.get_option("server.baseUrlPath") or "").strip("/")
    return f"/{base}/{path}" if base else f"/{path}"


def keep_signed_in(token: str, attempt: int = 1) -> None:
    """Ask the server to store the new staff session's id in an HttpOnly cookie (a new attempt
    number makes the browser send it again)."""
    _POST(data={"url": _route("auth/staff-cookie"), "body": {"token": token}, "attempt": attempt},
          key="staff-cookie-set", height=0, width="content")


def forget() -> None:
    """Ask the server to delete the staff cookie (after sign-out)."""
    _POST(data={"url": _route("auth/sign-out")}, key="staff-cookie-forget", height=0, width="content")
