"""Events and their agenda sessions: reads. State changes and their rules are in `gapmap.room`."""
from __future__ import annotations

from sqlmodel import Session, col, func, select

from db.models import AgendaSession, Event, Participant, QuestionnaireVersion, Response


def event_by_code(*, db: Session, code: str, include_archived: bool = False) -> Event | None:
    """The event whose join code is `code` (already normalised); archived ones only when asked."""
    query = select(Event).where(Event.code == code)
    if not include_archived:
        query = query.where(Event.archived == False)  # noqa: E712
    return db.exec(query).first()


def get_event(*, db: Session, event_id: int) -> Event | None:
    return db.get(Event, event_id)


def list_events(*, db: Session, include_archived: bool = False) -> list[Event]:
    query = select(Event)
    if not include_archived:
        query = query.where(Event.archived == False)  # noqa: E712
    return list(db.exec(query.order_by(col(Event.start_date).desc(), col(Event.id))))


def agenda(*, db: Session, event_id: int) -> list[tuple[AgendaSession, QuestionnaireVersion]]:
    """The event's agenda sessions in order, each with its questionnaire version."""
    query = (
        select(AgendaSession, QuestionnaireVersion)
        .join(QuestionnaireVersion, AgendaSession.questionnaire_version_id == QuestionnaireVersion.id)
        .where(AgendaSession.event_id == event_id)
        .order_by(col(AgendaSession.day), col(AgendaSession.position))
    )
    return list(db.exec(query))


def response_counts(*, db: Session, event_id: int) -> dict[int, dict[str, int]]:
    """Per agenda session: how many responses are draft and submitted, and how many came late."""
    query = (
        select(Response.agenda_session_id, Response.status, Response.late, func.count())
        .join(AgendaSession, Response.agenda_session_id == AgendaSession.id)
        .where(AgendaSession.event_id == event_id)
        .group_by(Response.agenda_session_id, Response.status, Response.late)
    )
    counts: dict[int, dict[str, int]] = {}
    for session_id, status, late, n in db.exec(query):
        row = counts.setdefault(session_id, {"draft": 0, "submitted": 0, "late": 0})
        row[status] += int(n)
        if late:
            row["late"] += int(n)
    return counts


def participant_count(*, db: Session, event_id: int) -> int:
    return int(db.exec(select(func.count()).where(Participant.event_id == event_id)).one())
