"""GapMap's server: the Streamlit app (`app.py`) plus the one HTTP route Streamlit cannot offer,
the staff sign-in cookie. Run it with `streamlit run server.py` (README).

Streamlit's script reads cookies (`st.context.cookies`) but cannot set one after a click, and a
cookie set by JavaScript cannot be HttpOnly. So the signed-in page posts its new staff-session id
once to `/auth/staff-cookie`, which sets it HttpOnly and SameSite=Strict; `/auth/sign-out` deletes
it. `gapmap.staff_sessions` says why a server-side session id, and what each step checks.
`streamlit run app.py` still works; staff then sign in again after a reload.
"""
from functools import cache
from pathlib import Path

import anyio
import streamlit as st
from starlette.responses import JSONResponse
from starlette.routing import Route

from db.engine import make_engine
from gapmap import staff_sessions

APP = Path(__file__).resolve().parent / "app.py"


@cache
def _engine():
    """Its own engine (the app's is a Streamlit resource, made inside a script run); the schema is
    in place by then: a staff session id exists only after the app signed someone in."""
    return make_engine()


def _secure(request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"


async def staff_cookie(request):
    """Exchange a fresh staff-session id for an HttpOnly cookie (once, within minutes of sign-in)."""
    try:
        token = str((await request.json()).get("token", ""))
    except (ValueError, AttributeError):
        token = ""
    expires = await anyio.to_thread.run_sync(lambda: staff_sessions.bind_cookie(_engine(), token))
    if expires is None:
        return JSONResponse({"ok": False}, status_code=403)
    response = JSONResponse({"ok": True})
    response.set_cookie(staff_sessions.COOKIE, token, expires=expires, path="/", httponly=True,
                        samesite="strict", secure=_secure(request))
    return response


async def sign_out(request):
    """Delete the staff cookie (the session itself was revoked by the sign-out button)."""
    token = request.cookies.get(staff_sessions.COOKIE)
    if token:
        await anyio.to_thread.run_sync(lambda: staff_sessions.end(_engine(), token))
    response = JSONResponse({"ok": True})
    response.delete_cookie(staff_sessions.COOKIE, path="/", httponly=True, samesite="strict",
                           secure=_secure(request))
    return response


app = st.App(str(APP), routes=[Route("/auth/staff-cookie", staff_cookie, methods=["POST"]),
                               Route("/auth/sign-out", sign_out, methods=["POST"])])
