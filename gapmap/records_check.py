"""Records to check: where delegates' submitted answers differ from the treaty records GapMap holds.

A treaty question starts on the record (`gapmap.treaties`); a delegate who changes it corrects the
record, and that is their answer, counted like any other. Organisers see the corrections here, each
with the note the delegate gave in the questionnaire's note question (an id ending in
`treaty_note`); a correction without a note is accepted and flagged, so someone checks the source
before the record file (`gapmap/reference/treaties.yaml`) is changed. "Don't know" corrects nothing.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy.engine import Engine
from sqlmodel import select

from db.engine import read_session
from db.models import AgendaSession, Answer, Event, Participant, Response
from db.questionnaire_store import definition_by_id
from gapmap.treaties import STATUS_WORDS, question_record
from questionnaires.schema import localise

NOTE_SUFFIX = "treaty_note"
NOT_A_CORRECTION = {"dont_know"}


@dataclass
class RecordToCheck:
    country: str
    session: str  # the agenda session's title
    question_id: str
    treaty: str  # the treaty's short name
    on_record: str  # "party since 4 Jun 2018" / "not a party" / "no record"
    answers: Counter = field(default_factory=Counter)  # option label -> submitted delegates
    corrections: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def without_note(self) -> bool:
        """A correction nobody explained: accepted, but check the source before changing the record."""
        return self.corrections > 0 and not self.notes


def records_to_check(engine: Engine, event_id: int, session_ids: list[int] | None = None) -> list[RecordToCheck]:
    """Every (State, treaty question) where a submitted answer differs from the record, by State
    (in the agenda sessions `session_ids`, or all of the event's)."""
    found: list[RecordToCheck] = []
    with read_session(engine) as db:
        event = db.get(Event, event_id)
        if event is None:
            return []
        sessions = db.exec(select(AgendaSession).where(AgendaSession.event_id == event_id)
                           .order_by(AgendaSession.day, AgendaSession.position)).all()
        for agenda_session in sessions:
            if session_ids is not None and agenda_session.id not in session_ids:
                continue
            questionnaire = definition_by_id(db=db, version_id=agenda_session.questionnaire_version_id)
            asked = [q for q in questionnaire.questions if q.type == "single_choice" and q.record]
            if not asked:
                continue
            notes = [q.id for q in questionnaire.questions if q.id.endswith(NOTE_SUFFIX)]
            rows = db.exec(
                select(Response.id, Participant.country, Answer.question_id, Answer.option, Answer.text)
                .join(Response, Answer.response_id == Response.id)
                .join(Participant, Response.participant_id == Participant.id)
                .where(Response.agenda_session_id == agenda_session.id, Response.status == "submitted",
                       Answer.question_id.in_([q.id for q in asked] + notes))
            ).all()
            given: dict[tuple[str, str], dict[int, str]] = defaultdict(dict)  # (country, qid) -> response -> option
            noted: dict[int, str] = {}
            for response_id, country, question_id, option, text in rows:
                if question_id in notes:
                    if text and text.strip():
                        noted[response_id] = text.strip()
                else:
                    given[(country, question_id)][response_id] = option
            for q in asked:
                labels = {o.id: localise(o.label, questionnaire.default_language) for o in q.options}
                for country in sorted({c for c, qid in given if qid == q.id}):
                    record = question_record(q, country, event.start_date)
                    answers = given[(country, q.id)]
                    corrected = [r for r, option in answers.items()
                                 if option != record.preselect and option not in NOT_A_CORRECTION]
                    if not corrected:
                        continue
                    status = STATUS_WORDS[record.status] + (f" since {record.since:%d %b %Y}" if record.since else "")
                    found.append(RecordToCheck(
                        country=country, session=agenda_session.title, question_id=q.id, treaty=record.treaty.short,
                        on_record=status, answers=Counter(labels.get(o, o) for o in answers.values()),
                        corrections=len(corrected), notes=[noted[r] for r in corrected if r in noted]))
    return sorted(found, key=lambda r: (r.country, r.session, r.question_id))
