"""Staff sessions: a facilitator or organiser stays signed in across a reload, a dropped
connection and a laptop sleep, with no credential in the address bar (that laptop is on the
projector).

The mechanism is a server-side session, as OWASP's session-management guidance describes it:

- **sign-in**: the passcode is checked (`gapmap.auth`); `start` makes a random 256-bit id
  (`secrets`) and stores only its SHA-256, the role and an expiry.
- **cookie**: the browser posts the id once, within `HANDOFF_SECONDS`, to the app's own route
  (`server.py`), which sets it as an HttpOnly, SameSite=Strict cookie. `bind_cookie` refuses a
  second hand-off, so a script that reads the page later cannot mint a cookie.
- **reload**: `resume` looks the cookie's id up: valid, unexpired and unrevoked gives the role
  back, and the event last chosen on it.
- **every interaction**: `resume` again (one indexed read): a revoked session is signed out at
  its next click.
- **sign-out**: `end` revokes it (audited); the route deletes the cookie.
- **organiser**: `revoke_all` ends every staff session at once (audited).

Why not a signed token (itsdangerous, a JWT)? A signed token is valid until it expires unless the
server keeps a revocation list anyway; an id looked up in the database is revocable by
construction, needs no signing key shared between processes, and a copy of the database (which
holds only hashes) signs nobody in. Why not `st.login`? It needs an identity provider on the
internet; the venue may have none.

How long: `GAPMAP_STAFF_SESSION_HOURS` when set; otherwise until the day after the running
event's last day (its days), at least `MIN_HOURS` and at most `MAX_DAYS`.
"""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from typing import Mapping

from sqlalchemy import update
from sqlalchemy.engine import Engine
from sqlmodel import select

from db import audit
from db.engine import read_session, write_session
from db.models import Event, RunningEvent, StaffSession, utcnow
from gapmap.auth import PASSCODE_ROLES

COOKIE = "gapmap_staff"
HANDOFF_SECONDS = 120
MIN_HOURS = 12
MAX_DAYS = 14
HOURS_ENV = "GAPMAP_STAFF_SESSION_HOURS"


@dataclass(frozen=True)
class StaffGrant:
    """What a valid staff session gives back: the role, and the event last chosen on it."""

    role: str
    event_id: int | None
    expires_at: datetime


def _digest(token: str) -> str:
    return hashlib.sha256(str(token).encode()).hexdigest()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)  # SQLite returns naive UTC


def configured_hours(env: Mapping[str, str]) -> float | None:
    """The operator's fixed lifetime in hours, or None for the running event's days.

    Raises ValueError with a message naming the variable when it is not a positive number."""
    raw = (env.get(HOURS_ENV) or "").strip()
    if not raw:
        return None
    try:
        hours = float(raw)
    except ValueError:
        raise ValueError(f"{HOURS_ENV} must be a number of hours, e.g. 72 (it is {raw!r})") from None
    if not 0 < hours <= MAX_DAYS * 24:
        raise ValueError(f"{HOURS_ENV} must be between 0 and {MAX_DAYS * 24} hours (it is {raw})")
    return hours


def expiry(now: datetime, running: Event | None, hours: float | None) -> datetime:
    """When a staff session started `now` ends (see the module's docstring)."""
    if hours is not None:
        return now + timedelta(hours=hours)
    at_least = now + timedelta(hours=MIN_HOURS)
    if running is None:
        return at_least
    after_event = datetime.combine(running.end_date + timedelta(days=2), time(0), tzinfo=timezone.utc)
    return min(max(at_least, after_event), now + timedelta(days=MAX_DAYS))


def start(engine: Engine, role: str, *, hours: float | None = None, now: datetime | None = None) -> str:
    """A new staff session for `role` (after its passcode was checked); returns the id for the cookie."""
    if role not in PASSCODE_ROLES:
        raise ValueError(f"staff sessions are for {', '.join(PASSCODE_ROLES)}")
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    with write_session(engine) as db:
        running = db.get(RunningEvent, 1)
        event = db.get(Event, running.event_id) if running and running.event_id else None
        db.add(StaffSession(token_hash=_digest(token), role=role, created_at=now,
                            expires_at=expiry(now, event, hours)))
    return token


def bind_cookie(engine: Engine, token: str, *, now: datetime | None = None) -> datetime | None:
    """Allow the cookie for `token` once, soon after sign-in; returns when it expires, else None."""
    now = now or utcnow()
    with write_session(engine) as db:
        found = db.exec(select(StaffSession).where(StaffSession.token_hash == _digest(token or ""))).first()
        if (found is None or found.cookie_set_at is not None or found.revoked_at is not None
                or now - _aware(found.created_at) > timedelta(seconds=HANDOFF_SECONDS)
                or _aware(found.expires_at) <= now):
            return None
        found.cookie_set_at = now
        db.add(found)
        return _aware(found.expires_at)


def cookie_pending(engine: Engine, token: str | None, *, now: datetime | None = None) -> bool:
    """Whether the browser may still take this session's cookie (not taken yet, and in time)."""
    if not token:
        return False
    now = now or utcnow()
    with read_session(engine) as db:
        found = db.exec(select(StaffSession).where(StaffSession.token_hash == _digest(token))).first()
    return (found is not None and found.cookie_set_at is None and found.revoked_at is None
            and now - _aware(found.created_at) <= timedelta(seconds=HANDOFF_SECONDS))


def resume(engine: Engine, token: str | None, *, now: datetime | None = None) -> StaffGrant | None:
    """The role behind a cookie's id, or None when it is unknown, expired or revoked."""
    if not token:
        return None
    now = now or utcnow()
    with read_session(engine) as db:
        found = db.exec(select(StaffSession).where(StaffSession.token_hash == _digest(token))).first()
    if found is None or found.revoked_at is not None or _aware(found.expires_at) <= now:
        return None
    return StaffGrant(found.role, found.event_id, _aware(found.expires_at))


def known(engine: Engine, token: str | None) -> bool:
    """Whether `token` names a staff session that existed (an ended one, not a forged id)."""
    if not token:
        return False
    with read_session(engine) as db:
        found = db.exec(select(StaffSession).where(StaffSession.token_hash == _digest(token))).first()
    return found is not None


def remember_event(engine: Engine, token: str | None, event_id: int | None) -> None:
    """Keep the event chosen on this staff session, so a reload opens on it again."""
    if not token:
        return
    with write_session(engine) as db:
        db.execute(update(StaffSession).where(StaffSession.token_hash == _digest(token))
                   .values(event_id=event_id))


def end(engine: Engine, token: str | None, *, now: datetime | None = None) -> None:
    """Sign-out: the session stops working at once, on every tab and device that holds it."""
    if not token:
        return
    now = now or utcnow()
    with write_session(engine) as db:
        found = db.exec(select(StaffSession).where(StaffSession.token_hash == _digest(token))).first()
        if found is None or found.revoked_at is not None:
            return
        found.revoked_at = now
        db.add(found)
        audit.record(db=db, actor=found.role, action="sign_out")


def revoke_all(engine: Engine, *, actor: str, now: datetime | None = None) -> int:
    """End every staff session (a passcode was shared too widely, a laptop was lost); audited."""
    now = now or utcnow()
    with write_session(engine) as db:
        live = db.exec(select(StaffSession).where(StaffSession.revoked_at.is_(None),  # type: ignore[union-attr]
                                                  StaffSession.expires_at > now)).all()
        for found in live:
            found.revoked_at = now
            db.add(found)
        audit.record(db=db, actor=actor, action="staff_sessions_revoked", detail={"count": len(live)})
    return len(live)


def active_count(engine: Engine, *, now: datetime | None = None) -> int:
    """How many staff sessions are signed in now (shown beside the organiser's revoke button)."""
    now = now or utcnow()
    with read_session(engine) as db:
        return len(db.exec(select(StaffSession.id).where(StaffSession.revoked_at.is_(None),  # type: ignore[union-attr]
                                                         StaffSession.expires_at > now)).all())
