"""A delegate's work: joining, resuming by token, saving drafts, submitting.

Plain functions over an engine; pages call them and show the messages they return.
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.engine import Engine

from db import audit
from db.engine import read_session, write_session
from db.models import AgendaSession, Event, Participant, SessionState
from db.questionnaire_store import definition_by_id
from db.responses import (
    answers_of,
    create_participant,
    in_own_transaction,
    participant_by_token,
    response_for,
    save_draft,
    save_response,
    session_state_for_write,
)
from gapmap.answers import decode, encode
from gapmap.link_params import personal_token
from gapmap.treaties import OnRecord, question_record
from gapmap.validation import check_values
from questionnaires.schema import Questionnaire

#: Broad sectors a delegate may give when joining (no agency names).
SECTORS = {
    "law_enforcement": "Law enforcement",
    "border_immigration": "Border / immigration",
    "prosecution": "Prosecution",
    "judiciary": "Judiciary",
    "justice_ministry": "Justice / legal affairs",
    "labour": "Labour",
    "social_welfare": "Social welfare / victim services",
    "foreign_affairs": "Foreign affairs",
    "fiu": "Financial intelligence / AML",
    "coordination_body": "National anti-trafficking coordination",
    "other": "Other",
    "prefer_not": "Prefer not to say",
}

CLOSED_MESSAGE = (
    "The facilitator has closed this session. Your draft is kept and shown to the facilitators as "
    "a late input, but it can no longer be submitted."
)
EMPTY_MESSAGE = "Answer at least one question before submitting."
ATTENTION_MESSAGE = "Some answers need your attention."


class JoinError(ValueError):
    pass


_recordings = itertools.count(1)
_recorded = 0


def recorded() -> int:
    """A number that moves whenever this process records a delegate joining or a submission: the
    pulse routes (`ui.pulse_routes`) then read again at their next ask instead of answering a value
    shared for up to half a second, so the open views of this process see it about half a second
    sooner (other processes' show up when the shared value expires)."""
    return _recorded


def _record() -> None:
    global _recorded
    _recorded = next(_recordings)  # atomic under the GIL, unlike += on a global


def join(engine: Engine, *, event_id: int, country: str, sector: str) -> Participant:
    """A new anonymous participant; the country must be one of the event's."""
    with write_session(engine) as db:
        event = db.get(Event, event_id)
        if event is None or event.archived:
            raise JoinError("This event is no longer available.")
        if country not in event.countries:
            raise JoinError("Choose one of the participating countries.")
        if sector not in SECTORS:
            raise JoinError("Choose a sector, or “Prefer not to say”.")
        participant = create_participant(db=db, event_id=event_id, country=country, sector=sector)
        audit.record(db=db, actor="delegate", action="participant_joined", event_id=event_id,
                     detail={"country": country})
    _record()
    return participant


def resume(engine: Engine, token: str | None) -> tuple[Participant, Event] | None:
    """The participant and event a personal link opens, or None for a forged or stale token."""
    token = personal_token(token)
    if token is None:
        return None
    with read_session(engine) as db:
        participant = participant_by_token(db=db, token=token)
        if participant is None:
            return None
        event = db.get(Event, participant.event_id)
    if event is None or event.archived:
        return None
    return participant, event


@dataclass
class WorkingCopy:
    agenda_session: AgendaSession
    questionnaire: Questionnaire
    values: dict[str, Any] = field(default_factory=dict)
    status: str | None = None  # None: nothing saved yet
    submitted_at: datetime | None = None
    draft_saved_at: datetime | None = None
    late: bool = False
    #: question id -> the public record it asks about, for the participant's State on the event's date
    records: dict[str, OnRecord] = field(default_factory=dict)


def records_for(questionnaire: Questionnaire, country: str, on: date) -> dict[str, OnRecord]:
    """The records a questionnaire's `record` questions ask about, for one State on one date."""
    return {q.id: found for q in questionnaire.questions
            if (found := question_record(q, country, on)) is not None}


def open_session(engine: Engine, participant: Participant, agenda_session_id: int) -> WorkingCopy | None:
    """The questionnaire of an agenda session of the participant's event, with what they saved."""
    with read_session(engine) as db:
        agenda_session = db.get(AgendaSession, agenda_session_id)
        if agenda_session is None or agenda_session.event_id != participant.event_id:
            return None
        questionnaire = definition_by_id(db=db, version_id=agenda_session.questionnaire_version_id)
        response = response_for(db=db, participant_id=participant.id, agenda_session_id=agenda_session.id)
        event = db.get(Event, participant.event_id)
        copy = WorkingCopy(agenda_session, questionnaire, records=records_for(questionnaire, participant.country,
                                                                             event.start_date))
        if response is None:  # a first visit starts on what the records say; the delegate confirms or corrects
            copy.values = {qid: r.preselect for qid, r in copy.records.items() if r.preselect is not None}
        else:
            copy.status, copy.submitted_at = response.status, response.submitted_at
            copy.draft_saved_at, copy.late = response.draft_saved_at, response.late
            if response.draft is not None:
                copy.values = dict(response.draft)
            else:
                copy.values = decode(questionnaire, answers_of(db=db, response_id=response.id))
    return copy


@dataclass(frozen=True)
class Saved:
    ok: bool
    message: str = ""
    errors: dict[str, str] = field(default_factory=dict)
    at: datetime | None = None
    late: bool = False


def keep_draft(engine: Engine, participant: Participant, copy: WorkingCopy, values: dict[str, Any]) -> Saved:
    """Save the working copy (valid values only); a closed session keeps it as late."""
    checked = check_values(copy.questionnaire, values)

    def write(*, db) -> Saved:
        state = session_state_for_write(db=db, agenda_session_id=copy.agenda_session.id)
        if state == SessionState.SCHEDULED.value:
            return Saved(False, "This session is not open yet.")
        late = state != SessionState.OPEN.value
        response = _save_draft(db, participant, copy, checked.values, late=late)
        return Saved(True, CLOSED_MESSAGE if late else "", checked.errors, response.draft_saved_at, late)

    return in_own_transaction(engine, write)


def _save_draft(db, participant: Participant, copy: WorkingCopy, values: dict[str, Any], *, late: bool):
    return save_draft(
        db=db, participant_id=participant.id, agenda_session_id=copy.agenda_session.id,
        questionnaire_version_id=copy.agenda_session.questionnaire_version_id, values=values, late=late,
    )


def is_empty(questionnaire: Questionnaire, values: dict[str, Any]) -> bool:
    """No answer at all: every question blank (a text of spaces is blank; an invalid value is not)."""
    loose = check_values(questionnaire, values)
    return not loose.values and not loose.errors


def submit(
    engine: Engine, participant: Participant, copy: WorkingCopy, values: dict[str, Any], token: str
) -> Saved:
    """Submit the answers; a repeated `token` (double click, retry) changes nothing.

    The session's state is checked in the transaction that writes, so a facilitator closing the
    session at the same moment either comes after the submission or turns it into a late draft.
    An empty questionnaire (not one answer, valid or not) is refused and stores nothing: a
    delegate is never counted as a respondent for a blank page.
    """
    if is_empty(copy.questionnaire, values):
        return Saved(False, EMPTY_MESSAGE)
    checked = check_values(copy.questionnaire, values, require=True)
    if not checked.ok:
        keep_draft(engine, participant, copy, values)
        return Saved(False, ATTENTION_MESSAGE, checked.errors)

    def write(*, db) -> Saved:
        state = session_state_for_write(db=db, agenda_session_id=copy.agenda_session.id)
        if state != SessionState.OPEN.value:
            # Kept as a late draft, as keep_draft would (a session not opened yet keeps nothing).
            at = None
            if state != SessionState.SCHEDULED.value:
                at = _save_draft(db, participant, copy, checked.values, late=True).draft_saved_at
            return Saved(False, CLOSED_MESSAGE, at=at, late=True)
        saved = save_response(
            db=db, participant_id=participant.id, agenda_session_id=copy.agenda_session.id,
            questionnaire_version_id=copy.agenda_session.questionnaire_version_id,
            answers=encode(copy.questionnaire, checked.values), submit=True, idempotency_token=token,
            draft=checked.values,
        )
        if not saved.replayed:
            audit.record(db=db, actor="delegate", action="response_submitted",
                         event_id=participant.event_id,
                         detail={"agenda_session_id": copy.agenda_session.id, "response_id": saved.id,
                                 "answers": len(checked.values)})
        response = response_for(db=db, participant_id=participant.id, agenda_session_id=copy.agenda_session.id)
        return Saved(True, "Submitted. You can change your answers until the session closes.",
                     at=response.submitted_at)

    saved = in_own_transaction(engine, write)
    if saved.ok:
        _record()
    return saved
