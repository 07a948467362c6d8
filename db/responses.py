"""Participants, responses and answers: the writes a delegate's device makes."""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import delete, insert, update
from sqlalchemy import select as sql_select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from db.engine import write_session
from db.models import AgendaSession, Answer, Participant, Response, ResponseStatus, utcnow


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
    *, db: Session, event_id: int, country: str, sector: str = "", is_demo: bool = False
) -> Participant:
    participant = Participant(
        event_id=event_id, token=new_token(), country=country, sector=sector, is_demo=is_demo
    )
    db.add(participant)
    db.flush()
    return participant


def participant_by_token(*, db: Session, token: str) -> Participant | None:
    return db.exec(select(Participant).where(Participant.token == token)).first()


@dataclass(frozen=True)
class SavedResponse:
    id: int
    status: str
    replayed: bool = False  # True when the idempotency token had been seen: nothing was written


def save_response(
    *, db: Session, participant_id: int, agenda_session_id: int, questionnaire_version_id: int,
    answers: list[AnswerIn], submit: bool, idempotency_token: str | None = None, late: bool = False,
    draft: dict | None = None,
) -> SavedResponse:
    """Store a participant's answers to an agenda session, replacing what was there.

    A repeated `idempotency_token` returns the response it already made and writes nothing, so
    a double click or a retry after a time-out gives one response. Written with SQL expressions
    rather than ORM objects: a submission is the hot path when a room submits at once.
    """
    conn = db.connection()
    table = Response.__table__
    existing = conn.execute(
        sql_select(table.c.id, table.c.status, table.c.idempotency_token, table.c.late)
        .where(table.c.participant_id == participant_id, table.c.agenda_session_id == agenda_session_id)
        .with_for_update()  # PostgreSQL: two devices of one participant take turns (SQLite queues anyway)
    ).first()
    if existing is not None and idempotency_token and existing.idempotency_token == idempotency_token:
        return SavedResponse(existing.id, existing.status, replayed=True)
    now = utcnow()
    values: dict = {"updated_at": now}
    if submit:
        values.update(status=ResponseStatus.SUBMITTED.value, submitted_at=now)
    if idempotency_token:
        values["idempotency_token"] = idempotency_token
    if draft is not None:
        values.update(draft=draft, draft_saved_at=now)
    if existing is None:
        values.setdefault("status", ResponseStatus.DRAFT.value)
        response_id = conn.execute(
            insert(table).values(
                participant_id=participant_id, agenda_session_id=agenda_session_id,
                questionnaire_version_id=questionnaire_version_id, created_at=now, late=late, **values,
            ).returning(table.c.id)
        ).scalar_one()
        status = values["status"]
    else:
        response_id = existing.id
        conn.execute(delete(Answer.__table__).where(Answer.__table__.c.response_id == response_id))
        conn.execute(update(table).where(table.c.id == response_id).values(late=existing.late or late, **values))
        status = values.get("status", existing.status)
    _insert_answers(conn, response_id, answers)
    return SavedResponse(response_id, status)


_ANSWER_COLUMNS = ("response_id", "question_id", "row", "item", "option", "number", "text", "rank")


def _insert_answers(conn, response_id: int, answers: list[AnswerIn]) -> None:
    """One executemany straight to the driver: the hot path when a whole room submits at once.

    The values are plain str/int/float, so SQLAlchemy's per-value processing adds nothing but
    time (it doubled the cost of a 40-answer response in bench/concurrent_writes.py).
    """
    if not answers:
        return
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    columns = ", ".join(f'"{c}"' for c in _ANSWER_COLUMNS)
    sql = f"INSERT INTO answer ({columns}) VALUES ({', '.join([mark] * len(_ANSWER_COLUMNS))})"
    conn.exec_driver_sql(sql, [
        (response_id, a.question_id, a.row, a.item, a.option, a.number, a.text, a.rank) for a in answers
    ])


def in_own_transaction(engine: Engine, write, **kwargs):
    """Run `write(session=..., **kwargs)` in its own transaction; a lost race on a unique key
    is retried once.

    Two devices of one participant may insert the same response at the same moment (on
    PostgreSQL, where writers do not queue); the loser retries and then updates the winner's row.
    """
    for attempt in (1, 2):
        try:
            with write_session(engine) as db:
                return write(db=db, **kwargs)
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def save_response_retrying(engine: Engine, **kwargs) -> SavedResponse:
    return in_own_transaction(engine, save_response, **kwargs)


def session_state_for_write(*, db: Session, agenda_session_id: int) -> str | None:
    """The agenda session's state (None if it is gone), read inside the write transaction that
    acts on it, so the write matches the state it was checked against.

    On PostgreSQL the row is locked FOR SHARE until the transaction ends: a facilitator closing
    the session waits for this write to commit, and a close already under way is waited for and
    then read as closed. On SQLite a write session (`BEGIN IMMEDIATE`) already keeps every other
    writer out until it ends.
    """
    table = AgendaSession.__table__
    return db.connection().execute(
        sql_select(table.c.state).where(table.c.id == agenda_session_id).with_for_update(read=True)
    ).scalar_one_or_none()


def response_for(*, db: Session, participant_id: int, agenda_session_id: int) -> Response | None:
    return db.exec(
        select(Response).where(
            Response.participant_id == participant_id, Response.agenda_session_id == agenda_session_id
        )
    ).first()


def save_draft(
    *, db: Session, participant_id: int, agenda_session_id: int, questionnaire_version_id: int,
    values: dict, late: bool = False,
) -> Response:
    """Keep a delegate's working copy; submitted answers (Answer rows) stay as they were."""
    response = response_for(db=db, participant_id=participant_id, agenda_session_id=agenda_session_id)
    now = utcnow()
    if response is None:
        response = Response(
            participant_id=participant_id, agenda_session_id=agenda_session_id,
            questionnaire_version_id=questionnaire_version_id, created_at=now,
        )
    response.draft = values
    response.draft_saved_at = now
    response.updated_at = now
    response.late = response.late or late
    db.add(response)
    db.flush()
    return response


def answers_of(*, db: Session, response_id: int) -> list[Answer]:
    return list(db.exec(select(Answer).where(Answer.response_id == response_id).order_by(Answer.id)))


def responses_of(*, db: Session, participant_id: int) -> dict[int, Response]:
    """A participant's responses, keyed by agenda session id."""
    rows = db.exec(select(Response).where(Response.participant_id == participant_id))
    return {r.agenda_session_id: r for r in rows}
