"""Running the room: open, close and reopen agenda sessions; reveal their results to delegates.

The rules (which state may follow which) and the audit entries live here; `db/` only reads and
writes the rows. Each function is one unit of work: it opens the write transaction itself.

| From      | May become | Audit action       |
|-----------|------------|--------------------|
| scheduled | open       | `session_open`     |
| open      | closed     | `session_closed`   |
| closed    | open       | `session_reopened` |
"""
from __future__ import annotations

import itertools

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from db import audit
from db.engine import read_session, write_session
from db.models import AgendaSession, SessionState, utcnow

ALLOWED_TRANSITIONS = {
    SessionState.SCHEDULED.value: {SessionState.OPEN.value},
    SessionState.OPEN.value: {SessionState.CLOSED.value},
    SessionState.CLOSED.value: {SessionState.OPEN.value},  # reopen
}


class StateChangeError(ValueError):
    pass


_counter = itertools.count(1)
_changes = 0  # session states changed by this process (read by caches of the states: `changes()`)


def changes() -> int:
    """A number that moves whenever this process changes a session's state or results visibility:
    a cache of session states in this process is stale when it moved (other processes' changes
    show up when such a cache expires)."""
    return _changes


def _changed() -> None:
    global _changes
    _changes = next(_counter)  # atomic under the GIL, unlike += on a global


def _agenda_session(db: Session, agenda_session_id: int) -> AgendaSession:
    agenda_session = db.get(AgendaSession, agenda_session_id)
    if agenda_session is None:
        raise StateChangeError("That agenda session no longer exists.")
    return agenda_session


def set_state(engine: Engine, agenda_session_id: int, state: str, *, actor: str) -> AgendaSession:
    """Open, close or reopen an agenda session; the change goes to the audit log."""
    with write_session(engine) as db:
        agenda_session = _agenda_session(db, agenda_session_id)
        if state not in ALLOWED_TRANSITIONS.get(agenda_session.state, set()):
            raise StateChangeError(f"A session that is {agenda_session.state} cannot become {state}.")
        previous = agenda_session.state
        agenda_session.state = state
        if state == SessionState.OPEN.value:
            agenda_session.opened_at, agenda_session.closed_at = utcnow(), None
        else:
            agenda_session.closed_at = utcnow()
        db.add(agenda_session)
        audit.record(db=db, actor=actor, action=f"session_{'reopened' if previous == 'closed' else state}",
                     event_id=agenda_session.event_id,
                     detail={"agenda_session_id": agenda_session.id, "title": agenda_session.title, "from": previous})
        db.flush()
        db.refresh(agenda_session)
    _changed()
    return agenda_session


def set_results_visible(engine: Engine, agenda_session_id: int, visible: bool, *, actor: str) -> AgendaSession:
    """Reveal a session's consolidated results to delegates, or hide them again (logged when it changes)."""
    with write_session(engine) as db:
        agenda_session = _agenda_session(db, agenda_session_id)
        if agenda_session.results_visible != visible:
            agenda_session.results_visible = visible
            db.add(agenda_session)
            audit.record(db=db, actor=actor, action="results_shown" if visible else "results_hidden",
                         event_id=agenda_session.event_id,
                         detail={"agenda_session_id": agenda_session.id, "title": agenda_session.title})
            db.flush()
            db.refresh(agenda_session)
    _changed()
    return agenda_session


def session_states(engine: Engine, event_id: int) -> tuple[tuple[int, str, bool], ...]:
    """(agenda session id, state, results visible) of every session of an event, in one small query:
    what a delegate's open page watches to redraw when a session opens, closes or shows its results."""
    with read_session(engine) as db:
        rows = db.exec(select(AgendaSession.id, AgendaSession.state, AgendaSession.results_visible)
                       .where(AgendaSession.event_id == event_id).order_by(AgendaSession.id)).all()
    return tuple((row[0], row[1], bool(row[2])) for row in rows)
