"""The agenda as people see it: days, sessions, states and counts, in plain data."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy.engine import Engine

from db.engine import read_session
from db.events import agenda, get_event, list_events, response_counts
from db.models import Event, Response
from db.responses import responses_of

STATE_LABELS = {
    "scheduled": "Coming later",
    "open": "Open now",
    "closed": "Closed",
}


@dataclass(frozen=True)
class AgendaSessionSummary:
    id: int
    day: int
    day_date: date
    position: int
    title: str
    questionnaire_key: str
    questionnaire_theme: str
    questionnaire_title: str
    questionnaire_version: int
    state: str
    results_visible: bool
    submitted: int
    drafts: int
    late: int = 0

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)


def event_agenda(engine: Engine, event_id: int) -> tuple[Event | None, list[AgendaSessionSummary]]:
    """The event and its agenda items in order (empty when the event does not exist)."""
    with read_session(engine) as db:
        event = get_event(db=db, event_id=event_id)
        if event is None:
            return None, []
        rows = agenda(db=db, event_id=event_id)
        counts = response_counts(db=db, event_id=event_id)
    agenda_sessions = []
    for agenda_session, version in rows:
        n = counts.get(agenda_session.id, {})
        agenda_sessions.append(AgendaSessionSummary(
            id=agenda_session.id, day=agenda_session.day,
            day_date=event.start_date + timedelta(days=agenda_session.day - 1),
            position=agenda_session.position, title=agenda_session.title, questionnaire_key=version.key,
            questionnaire_theme=version.theme,
            questionnaire_title=version.title, questionnaire_version=version.version, state=agenda_session.state,
            results_visible=agenda_session.results_visible,
            submitted=n.get("submitted", 0), drafts=n.get("draft", 0), late=n.get("late", 0),
        ))
    return event, agenda_sessions


def event_dates(event: Event) -> str:
    """'20–21 Aug 2024', '30 Aug – 2 Sep 2024' or '20 Aug 2024'."""
    s, e = event.start_date, event.end_date
    if s == e:
        return f"{s.day} {s:%b %Y}"
    if (s.year, s.month) == (e.year, e.month):
        return f"{s.day}–{e.day} {e:%b %Y}"
    if s.year == e.year:
        return f"{s.day} {s:%b} – {e.day} {e:%b %Y}"
    return f"{s.day} {s:%b %Y} – {e.day} {e:%b %Y}"


def events(engine: Engine, *, include_archived: bool = False) -> list[Event]:
    """Events, newest first (archived ones only when asked)."""
    with read_session(engine) as db:
        return list_events(db=db, include_archived=include_archived)


def event_by_id(engine: Engine, event_id: int) -> Event | None:
    with read_session(engine) as db:
        return get_event(db=db, event_id=event_id)


def my_responses(engine: Engine, participant_id: int) -> dict[int, Response]:
    """A delegate's own responses, per agenda session id (their progress on the agenda)."""
    with read_session(engine) as db:
        return responses_of(db=db, participant_id=participant_id)
