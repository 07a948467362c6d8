"""The agenda as people see it: days, sessions, states and counts, in plain data."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy.engine import Engine

from db.engine import read_session
from db.events import agenda, get_event, list_events, response_counts
from db.models import Event, Response
from db.responses import responses_of
from gapmap.event_time import UTC, clock

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


def event_agenda(engine: Engine, event_id: int, *, counts: bool = True
                 ) -> tuple[Event | None, list[AgendaSessionSummary]]:
    """The event and its agenda items in order (empty when the event does not exist); with
    `counts=False` without the response counts (a delegate's agenda does not show them, and
    counting every response of the event on each of their runs is the costly part)."""
    with read_session(engine) as db:
        event = get_event(db=db, event_id=event_id)
        if event is None:
            return None, []
        rows = agenda(db=db, event_id=event_id)
        counts = response_counts(db=db, event_id=event_id) if counts else {}
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


#: The order of the agenda's sections: what a delegate can answer now, then later, then the past.
STATE_ORDER = {"open": 0, "scheduled": 1, "closed": 2}

NOT_STARTED = "Not started"
DRAFT = "Draft saved"
SUBMITTED = "Submitted ✓"
CHANGED = "Changed since submitting"
LATE = "Late draft"

START = "Start answering"
CONTINUE = "Continue answering"
REVIEW = "Review or change answers"
VIEW = "View my answers"


@dataclass(frozen=True)
class MyProgress:
    """Where one delegate stands on one agenda session, and what its button does.

    `label` is one of NOT_STARTED, DRAFT, SUBMITTED, CHANGED, LATE; `action` the button's text
    (None: no button); `time` the moment the label refers to (UTC, as stored): the submission
    for SUBMITTED, the last saved draft for the others; `time_zone` the event's, in which `text`
    tells the time (the page names the zone once, see `gapmap.event_time.zone_label`)."""
    label: str
    action: str | None
    time: datetime | None = None
    time_zone: str = UTC

    @property
    def text(self) -> str:
        """'Submitted ✓ 17:34', 'Draft saved 17:12', 'Not started'."""
        return f"{self.label} {clock(self.time_zone, self.time)}" if self.time else self.label

    @property
    def done(self) -> bool:
        return self.label == SUBMITTED


def my_progress(response, state: str, time_zone: str = UTC) -> MyProgress:
    """A delegate's state on one agenda session, from their response row (or None) and the
    session's state ('scheduled', 'open', 'closed'), its time told in the event's `time_zone`.
    Pure: reads `status`, `submitted_at`, `draft_saved_at` and `late` of the row.

    A draft saved after the last submission is *changed since submitting* while the session is
    open (submitting again counts it) and a *late draft* once it closed after it was saved late;
    the earlier submission is what counts meanwhile."""
    if response is None:
        return MyProgress(NOT_STARTED, START if state == "open" else None)
    submitted_at, saved_at = response.submitted_at, response.draft_saved_at
    submitted = response.status == "submitted" and submitted_at is not None
    newer_draft = saved_at is not None and (not submitted or saved_at > submitted_at)
    late = bool(response.late) and state != "open" and newer_draft
    if state == "open":
        action = CONTINUE if newer_draft else REVIEW if submitted else START
    else:
        action = VIEW if state == "closed" else None
    if late:
        return MyProgress(LATE, action, saved_at, time_zone)
    if submitted and newer_draft:
        return MyProgress(CHANGED, action, saved_at, time_zone)
    if submitted:
        return MyProgress(SUBMITTED, action, submitted_at, time_zone)
    if saved_at is not None:
        return MyProgress(DRAFT, action, saved_at, time_zone)
    return MyProgress(NOT_STARTED, action)


def agenda_order(agenda_sessions: list[AgendaSessionSummary]) -> list[AgendaSessionSummary]:
    """Open sessions first, then the ones coming later, then the closed ones; each in the
    programme's order (day, then position)."""
    return sorted(agenda_sessions, key=lambda s: (STATE_ORDER.get(s.state, 1), s.day, s.position))
