"""Small builders for test data: an event with one agenda session and its questionnaire."""
from __future__ import annotations

from datetime import date

from db.engine import write_session
from db.models import AgendaSession, Event
from db.questionnaire_store import store_version
from db.responses import create_participant, save_response
from gapmap.answers import encode
from questionnaires.loader import validate

TINY = {
    "key": "tiny",
    "title": "Tiny questionnaire",
    "theme": "other",
    "questions": [
        {"id": "q1", "type": "single_choice", "text": "Pick one",
         "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]},
        {"id": "q2", "type": "long_text", "text": "Say more"},
    ],
}


def make_event(engine, *, code="TEST2024", countries=("THA", "KHM"), state="open", questionnaire=None):
    """An event, a questionnaire version, one agenda session; returns their ids."""
    with write_session(engine) as s:
        version, _ = store_version(db=s, questionnaire=validate(questionnaire or TINY))
        event = Event(code=code, title="Test event", start_date=date(2024, 8, 20), end_date=date(2024, 8, 21),
                      countries=list(countries))
        s.add(event)
        s.flush()
        agenda_session = AgendaSession(event_id=event.id, day=1, position=1, title="Session one",
                                       questionnaire_version_id=version.id, state=state)
        s.add(agenda_session)
        s.flush()
        return {"event": event.id, "version": version.id, "session": agenda_session.id}


def make_participants(engine, event_id, n, country="THA"):
    with write_session(engine) as s:
        return [create_participant(db=s, event_id=event_id, country=country).id for _ in range(n)]


def answer(engine, ids, values=None, *, country="THA", questionnaire=None):
    """One new delegate of `country` submits `values` (default: q1 = a) to the event's session."""
    participant = make_participants(engine, ids["event"], 1, country=country)[0]
    rows = encode(validate(questionnaire or TINY), values or {"q1": "a"})
    with write_session(engine) as s:
        save_response(db=s, participant_id=participant, agenda_session_id=ids["session"],
                      questionnaire_version_id=ids["version"], answers=rows, submit=True)
    return participant
