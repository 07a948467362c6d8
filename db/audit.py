"""The append-only audit log: who (a role, never a person) did what, when."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, func, select

from db.models import AuditLog


def record(
    *, db: Session, actor: str, action: str, event_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditLog:
    entry = AuditLog(actor=actor, action=action, event_id=event_id, detail=detail or {})
    db.add(entry)
    return entry


def entries(
    *, db: Session, actions: list[str] | None = None, actors: list[str] | None = None,
    event_id: int | None = None, since: datetime | None = None, limit: int = 500,
) -> list[AuditLog]:
    """The newest entries first, filtered by action, actor, event and time."""
    query = select(AuditLog)
    if actions:
        query = query.where(col(AuditLog.action).in_(actions))
    if actors:
        query = query.where(col(AuditLog.actor).in_(actors))
    if event_id is not None:
        query = query.where(AuditLog.event_id == event_id)
    if since is not None:
        query = query.where(AuditLog.at >= since)
    return list(db.exec(query.order_by(col(AuditLog.id).desc()).limit(limit)))


def count(*, db: Session, action: str, actor: str, since: datetime) -> tuple[int, datetime | None]:
    """How many `action` entries by `actor` since `since`, and the time of the last one."""
    query = select(func.count(), func.max(AuditLog.at)).where(
        AuditLog.action == action, AuditLog.actor == actor, AuditLog.at >= since
    )
    n, last = db.exec(query).one()
    return int(n), last


def distinct_actions(*, db: Session) -> list[str]:
    return list(db.exec(select(AuditLog.action).distinct().order_by(AuditLog.action)))
