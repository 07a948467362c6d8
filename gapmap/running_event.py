"""The running event: the one event the room is running now. Staff pages open on it, unless a
staff browser chose another; an organiser marks it (audited; when two organisers mark different
events, the last one wins and both are in the audit log)."""
from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from db import audit
from db.engine import read_session, write_session
from db.models import Event, RunningEvent, utcnow
from gapmap.event_setup import event_or_error


def running_event(engine: Engine) -> Event | None:
    """The event marked as running (archived or not: the caller says so), or None."""
    with read_session(engine) as db:
        row = db.get(RunningEvent, 1)
        return db.get(Event, row.event_id) if row is not None and row.event_id is not None else None


def set_running(engine: Engine, event_id: int | None, *, actor: str = "organiser") -> None:
    """Mark `event_id` as the running event (None: no event is running)."""
    try:
        _set(engine, event_id, actor)
    except IntegrityError:  # two first marks at once created the single row twice: the row exists now
        _set(engine, event_id, actor)


def _set(engine: Engine, event_id: int | None, actor: str) -> None:
    with write_session(engine) as db:
        if event_id is not None:
            event_or_error(db, event_id)
        row = db.get(RunningEvent, 1) or RunningEvent(id=1)
        previous = row.event_id
        row.event_id, row.set_at, row.set_by = event_id, utcnow(), actor
        db.add(row)
        audit.record(db=db, actor=actor, action="running_event_set", event_id=event_id,
                     detail={"previous_event_id": previous})
