"""The audit log as organisers read it: the filters it offers and its entries, newest first."""
from __future__ import annotations

from sqlalchemy.engine import Engine

from db import audit
from db.engine import read_session
from db.models import AuditLog

#: Who can appear in the log: a role, never a person.
ACTORS = ["system", "cli", "delegate", "facilitator", "organiser"]


def actions(engine: Engine) -> list[str]:
    """Every action the log holds, for the filter."""
    with read_session(engine) as db:
        return audit.distinct_actions(db=db)


def entries(engine: Engine, *, actions: list[str] | None = None, actors: list[str] | None = None,
            event_id: int | None = None, limit: int = 500) -> list[AuditLog]:
    with read_session(engine) as db:
        return audit.entries(db=db, actions=actions, actors=actors, event_id=event_id, limit=limit)
