"""GapMap's server: the Streamlit app (`app.py`) plus what Streamlit cannot offer: the staff
sign-in cookie's routes, the pulse routes open pages ask whether anything changed (`ui.pulse_routes`),
and its bundles served compressed (`ui.static_files`). Run it with `streamlit run server.py` (README).

Streamlit's script reads cookies (`st.context.cookies`) but cannot set one after a click, and a
cookie set by JavaScript cannot be HttpOnly. So the signed-in page posts its new staff-session id
once to `/auth/staff-cookie`, which sets it HttpOnly and SameSite=Strict; `/auth/sign-out` deletes
it. `gapmap.staff_sessions` says why a server-side session id, and what each step checks.
`streamlit run app.py` still works; staff then sign in again after a reload, and phones download
Streamlit's bundles uncompressed (`ui.static_files`).
"""
from contextlib import asynccontextmanager
from functools import cache
from pathlib import Path

import anyio
import streamlit as st
from sqlalchemy.exc import SQLAlchemyError
from starlette.responses import JSONResponse
from starlette.routing import Route

from db.engine import make_engine
from gapmap import staff_sessions
from ui import pulse, pulse_routes, static_files

APP = Path(__file__).resolve().parent / "app.py"


@asynccontextmanager
async def lifespan(_app):
    """Prepare the database when the server starts (migrations, the demo event, passcodes), not
    when the first visitor arrives: the first page is quick, and the routes find their tables."""
    from ui import resources  # after the runtime started: its cache holds the app's engine

    await anyio.to_thread.run_sync(resources.engine)
    yield


@cache
def _engine():
    """The routes' own engine (the app's is a Streamlit resource); the schema is in place: the
    lifespan prepared it before the server took its first request."""
    return make_engine()


async def _in_thread(call):
    """Run a database call off the event loop; a database that is down answers 503, not a trace."""
    try:
        return await anyio.to_thread.run_sync(call), None
    except SQLAlchemyError:
        return None, JSONResponse({"ok": False, "error": "the database is not available"}, status_code=503)


def _secure(request) -> bool:
    return request.url.scheme == "https" or request.headers.get("x-forwarded-proto") == "https"


async def staff_cookie(request):
    """Exchange a fresh staff-session id for an HttpOnly cookie (once, within minutes of sign-in)."""
    try:
        token = str((await request.json()).get("token", ""))
    except (ValueError, AttributeError):
        token = ""
    expires, failed = await _in_thread(lambda: staff_sessions.bind_cookie(_engine(), token))
    if failed:
        return failed
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
        _, failed = await _in_thread(lambda: staff_sessions.end(_engine(), token))
        if failed:
            return failed
    response = JSONResponse({"ok": True})
    response.delete_cookie(staff_sessions.COOKIE, path="/", httponly=True, samesite="strict",
                           secure=_secure(request))
    return response


def _pulse(route: str):
    """The handler of one pulse route (`ui.pulse_routes`): an opaque fingerprint a page compares with
    what it drew; nothing a page does not already show, 404 for an id that names nothing."""
    async def answer(request):
        key = int(request.path_params["id"])
        answered, failed = await _in_thread(lambda: pulse_routes.answer(route, key))
        if failed:
            return failed
        found, value = answered
        if not found:
            return JSONResponse({"v": None}, status_code=404, headers={"Cache-Control": "no-store"})
        return JSONResponse({"v": value}, headers={"Cache-Control": "no-store"})

    return answer


pulse.ROUTES_SERVED = True
app = st.App(str(APP), lifespan=lifespan, routes=[Route("/auth/staff-cookie", staff_cookie, methods=["POST"]),
                               Route("/auth/sign-out", sign_out, methods=["POST"]),
                               *(Route(f"/{route}/{{id:int}}", _pulse(route), methods=["GET"])
                                 for route in pulse_routes.ROUTES)],
             # Streamlit's bundles compressed once and cached for good (`ui.static_files` says why).
             middleware=[static_files.middleware(st.get_option("server.baseUrlPath") or "")])
