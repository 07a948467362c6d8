"""Delegation rows: heads of delegation, cleared positions, and which States are present."""
from __future__ import annotations

from sqlmodel import Session, col, select

from db.models import AgendaSession, ClearedPosition, DelegationHead, Participant, Response


def present_states(*, db: Session, event_id: int) -> list[str]:
    """The States whose delegates joined the event, in code order."""
    rows = db.exec(select(Participant.country).where(Participant.event_id == event_id).distinct())
    return sorted(rows)


def heads(*, db: Session, event_id: int) -> dict[str, int]:
    """State -> the participant id of its head of delegation."""
    return {h.country: h.participant_id for h in db.exec(select(DelegationHead).where(
        DelegationHead.event_id == event_id))}


def head_row(*, db: Session, event_id: int, country: str) -> DelegationHead | None:
    return db.get(DelegationHead, (event_id, country))


def delegates(*, db: Session, event_id: int, country: str) -> list[Participant]:
    """A State's delegates in the order they joined."""
    return list(db.exec(select(Participant).where(Participant.event_id == event_id, Participant.country == country)
                        .order_by(col(Participant.consented_at), col(Participant.id))))


def cleared_rows(*, db: Session, agenda_session_id: int) -> list[ClearedPosition]:
    return list(db.exec(select(ClearedPosition).where(ClearedPosition.agenda_session_id == agenda_session_id)
                        .order_by(col(ClearedPosition.id))))


def cleared_row(*, db: Session, agenda_session_id: int, country: str, question_id: str,
                item: str) -> ClearedPosition | None:
    return db.exec(select(ClearedPosition).where(
        ClearedPosition.agenda_session_id == agenda_session_id, ClearedPosition.country == country,
        ClearedPosition.question_id == question_id, ClearedPosition.item == item)).first()


def submitted_responses(*, db: Session, agenda_session_id: int, country: str) -> list[tuple[Participant, Response]]:
    """The submitted responses of one State's delegates to one agenda session."""
    return list(db.exec(
        select(Participant, Response).join(Response, Response.participant_id == Participant.id)
        .where(Response.agenda_session_id == agenda_session_id, Response.status == "submitted",
               Participant.country == country)
        .order_by(col(Participant.consented_at), col(Participant.id))))


def agenda_session_row(*, db: Session, agenda_session_id: int) -> AgendaSession | None:
    return db.get(AgendaSession, agenda_session_id)
