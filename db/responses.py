"""Participants, responses and answers: the writes a delegate's device makes."""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, delete, select

from db.engine import write_session
from db.models import Answer, Participant, Response, ResponseStatus, utcnow


@dataclass(frozen=True)
class AnswerIn:
    """One value to store: see `db.models.Answer` for what each field means."""

    question_id: str
    option: str = ""
    item: str = ""
    row: int = 0
    number: float | None = None
    text: str | None = None
    rank: int | None = None


def new_token() -> str:
    """An unguessable participant token (192 bits), safe in a URL."""
    return secrets.token_urlsafe(24)


def create_participant(
    *, session: Session, event_id: int, country: str, sector: str = "", is_demo: bool = False
) -> Participant:
    participant = Participant(
        event_id=event_id, token=new_token(), country=country, sector=sector, is_demo=is_demo
    )
    session.add(participant)
    session.flush()
    return participant


def participant_by_token(*, session: Session, token: str) -> Participant | None:
    return session.exec(select(Participant).where(Participant.token == token)).first()


def save_response(
    *, session: Session, participant_id: int, agenda_session_id: int, questionnaire_version_id: int,
    answers: list[AnswerIn], submit: bool, idempotency_token: str | None = None, late: bool = False,
) -> Response:
    """Store a participant's answers to an agenda session, replacing what was there.

    A repeated `idempotency_token` returns the response it already made and writes nothing, so
    a double click or a retry after a time-out gives one response.
    """
    if idempotency_token:
        done = session.exec(select(Response).where(Response.idempotency_token == idempotency_token)).first()
        if done is not None:
            return done
    response = session.exec(
        select(Response)
        .where(Response.participant_id == participant_id, Response.agenda_session_id == agenda_session_id)
        .with_for_update()  # PostgreSQL: two devices of one participant take turns (SQLite queues anyway)
    ).first()
    now = utcnow()
    if response is None:
        response = Response(
            participant_id=participant_id, agenda_session_id=agenda_session_id,
            questionnaire_version_id=questionnaire_version_id, created_at=now,
        )
    else:
        session.exec(delete(Answer).where(Answer.response_id == response.id))
    response.updated_at = now
    response.late = response.late or late
    if submit:
        response.status = ResponseStatus.SUBMITTED.value
        response.submitted_at = now
    if idempotency_token:
        response.idempotency_token = idempotency_token
    session.add(response)
    session.flush()
    session.add_all(Answer(response_id=response.id, **a.__dict__) for a in answers)
    session.flush()
    return response


def save_response_retrying(engine: Engine, **kwargs) -> Response:
    """`save_response` in its own transaction; a lost race on the unique keys is retried once.

    Two devices of one participant may insert the same response at the same moment (on
    PostgreSQL, where writers do not queue); the loser retries and then updates the winner's row.
    """
    for attempt in (1, 2):
        try:
            with write_session(engine) as session:
                return save_response(session=session, **kwargs)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def answers_of(*, session: Session, response_id: int) -> list[Answer]:
    return list(session.exec(select(Answer).where(Answer.response_id == response_id).order_by(Answer.id)))
