"""Moderation rows: a free-text answer with its event, and the facilitators' decision on it.

The rules and the audit entry are in `gapmap.moderation`.
"""
from __future__ import annotations

from sqlmodel import Session, select

from db.models import AgendaSession, Answer, Moderation, Response


def text_answer(*, db: Session, answer_id: int) -> tuple[Answer, int] | None:
    """A free-text answer and the id of its event, or None when there is no such text."""
    row = db.exec(
        select(Answer, AgendaSession.event_id)
        .join(Response, Answer.response_id == Response.id)
        .join(AgendaSession, Response.agenda_session_id == AgendaSession.id)
        .where(Answer.id == answer_id)
    ).first()
    if row is None or row[0].text is None:
        return None
    return row[0], row[1]


def decision_for(*, db: Session, answer_id: int) -> Moderation | None:
    return db.exec(select(Moderation).where(Moderation.answer_id == answer_id)).first()
