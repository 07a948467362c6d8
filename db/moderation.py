"""Moderation rows: a free-text answer with its event, the facilitators' decision on it, and the
answers they marked quotable.

The rules and the audit entry are in `gapmap.moderation`; what a quote says, in `gapmap.quotes`.
"""
from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from sqlalchemy import false, true
from sqlmodel import Session, col, select

from db.models import AgendaSession, Answer, Moderation, Participant, Response, ResponseStatus


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


class QuotableText(NamedTuple):
    """A submitted answer a facilitator marked quotable (and did not hide), with where it was said."""

    agenda_session_id: int
    session_title: str
    questionnaire_version_id: int  # the session's
    question_id: str
    answer_id: int
    text: str  # the delegate's own
    redacted_text: str | None
    country: str
    submitted_at: datetime | None


def quotable_texts(*, db: Session, event_id: int, session_ids: list[int] | None = None) -> list[QuotableText]:
    """The event's quotable texts in agenda order (day, position), newest submission first within a
    session; only from the sessions `session_ids` when given. Text answers only (no item, no option)."""
    query = (
        select(AgendaSession.id, AgendaSession.title, AgendaSession.questionnaire_version_id, Answer.question_id,
               Answer.id, Answer.text, Moderation.redacted_text, Participant.country, Response.submitted_at)
        .join(Response, Answer.response_id == Response.id)
        .join(Participant, Response.participant_id == Participant.id)
        .join(AgendaSession, Response.agenda_session_id == AgendaSession.id)
        .join(Moderation, Moderation.answer_id == Answer.id)
        .where(AgendaSession.event_id == event_id, Response.status == ResponseStatus.SUBMITTED.value,
               Moderation.quotable == true(), Moderation.hidden == false(), col(Answer.text).is_not(None),
               Answer.item == "", Answer.option == "")
        .order_by(AgendaSession.day, AgendaSession.position, col(Response.submitted_at).desc(), col(Answer.id).desc())
    )
    if session_ids is not None:
        query = query.where(col(AgendaSession.id).in_(list(session_ids)))
    return [QuotableText(*row) for row in db.exec(query)]
