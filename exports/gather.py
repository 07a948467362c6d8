"""Everything a report needs, read up front: the event, its agenda, each session's results as the
report's audience may see them, the gap register's gaps, the raw answers and the participation.

`gather` is the part of an export that reads the database. The sheets (`exports.sheets`) are
plain functions of the `ReportData` it returns and can be tested without a database.

The event, the agenda, the gaps and the raw answers are read in one read transaction.
`gapmap.aggregation.session_results` and `gapmap.participation.board` take an engine and open
their own read session, so each session's results and the participation board are read in
transactions of their own.

Privacy is applied here, once, through `gapmap.privacy`: the results are `VisibleResults`, the
State findings (`gapmap.positions`, on the same results) are `visible_states` views that name a
State only where the audience may, and gaps come only from countries whose rows the audience may see.
Participant tokens never leave this module: raw answers carry a respondent label ("R00001" when
anonymised, else a hash).
"""
from __future__ import annotations

import hashlib
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Collection, NamedTuple

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from db.engine import read_session
from db.events import agenda, event_by_code
from db.models import Answer, Event, Moderation, Participant, Response, utcnow
from db.questionnaire_store import definition
from gapmap.aggregation import session_results
from gapmap.gap_rows import Gap, joined_answers, read_gaps
from gapmap.participation import Board, board
from gapmap.positions import StateResult, session_positions
from gapmap.privacy import (
    Audience,
    VisibleResults,
    export_audience,
    visible,
    visible_answers,
    visible_rows,
    visible_states,
)
from gapmap.records_check import RecordToCheck, records_to_check

#: What `gather` can read besides the event, the agenda and the results; a CSV of one long table
#: needs only some of it.
GAPS, RAW, PARTICIPATION, POSITIONS, RECORDS = "gaps", "raw", "participation", "positions", "records"
ALL_PARTS = frozenset({GAPS, RAW, PARTICIPATION, POSITIONS, RECORDS})


class ReportError(ValueError):
    pass


class RawAnswer(NamedTuple):
    """One submitted answer row; `respondent` stands in for the participant (never their token)."""

    respondent: str
    country: str
    sector: str
    agenda_session_id: int
    question_id: str
    row: int
    item: str
    option: str
    number: float | None
    text: str | None
    rank: int | None
    hidden: bool = False  # by a facilitator (free text only)
    redacted: str | None = None  # the facilitator's redaction (free text only)


@dataclass
class SessionData:
    """One agenda session of the report: where it sits on the agenda, and what may be shown of it."""

    id: int
    day: int
    position: int
    title: str
    questionnaire_version: int
    results: VisibleResults
    gaps: dict[str, list[Gap]] = field(default_factory=dict)  # gap register question id -> gaps the audience may see
    #: question id -> its State findings as the audience may see them (questions that count by State;
    #: empty when not read)
    states: dict[str, StateResult] = field(default_factory=dict)
    #: number question id -> the median of the State values (each answering State's value, or its
    #: delegation's median when split), taken before privacy leaves the States unnamed
    state_medians: dict[str, float] = field(default_factory=dict)


@dataclass
class ReportData:
    """Everything the sheets are laid out from."""

    event: Event
    anonymised: bool
    audience: Audience
    sessions: list[SessionData]
    generated_at: datetime = field(default_factory=utcnow)
    participation: Board | None = None  # None when not read
    raw: list[RawAnswer] = field(default_factory=list)  # empty when not read
    records: list[RecordToCheck] = field(default_factory=list)  # treaty records delegates corrected

    @property
    def session_ids(self) -> list[int]:
        return [s.id for s in self.sessions]


def gather(engine: Engine, event_code: str, *, session_ids: list[int] | None = None, anonymise: bool = False,
           parts: Collection[str] = ALL_PARTS) -> ReportData:
    """Read what a report of the event needs (all its sessions, or `session_ids`)."""
    with read_session(engine) as s:
        event = event_by_code(db=s, code=event_code, include_archived=True)
        if event is None:
            raise ReportError(f"No event has the code {event_code}.")
        agenda_sessions = agenda(db=s, event_id=event.id)
        if session_ids:
            unknown = set(session_ids) - {agenda_session.id for agenda_session, _ in agenda_sessions}
            if unknown:
                raise ReportError(f"Sessions {sorted(unknown)} are not part of event {event_code}.")
            agenda_sessions = [(agenda_session, version) for agenda_session, version in agenda_sessions
                               if agenda_session.id in session_ids]
        questions = {agenda_session.id: [q.id for q in definition(version).questions if q.type == "gap_register"]
                     for agenda_session, version in agenda_sessions}
        gaps = read_gaps(db=s, questions=questions) if GAPS in parts else {}
        raw = read_raw_answers(db=s, session_ids=[agenda_session.id for agenda_session, _ in agenda_sessions],
                               anonymise=anonymise) if RAW in parts else []

    audience = export_audience(event, anonymise=anonymise)
    by_session: dict[int, list[RawAnswer]] = defaultdict(list)
    for answer in raw:
        by_session[answer.agenda_session_id].append(answer)
    raw = []
    sessions = []
    for agenda_session, version in agenda_sessions:
        results = session_results(engine, agenda_session.id, text_limit=100_000)
        if results is None:
            continue  # removed from the agenda since
        view = visible(results, audience)
        shown_gaps = {q.id: visible_rows(gaps.get(agenda_session.id, {}).get(q.id, []), q, audience)
                      for q in results.questions if q.type == "gap_register"}
        found = session_positions(engine, agenda_session.id, results) if POSITIONS in parts else {}
        sessions.append(SessionData(agenda_session.id, agenda_session.day, agenda_session.position,
                                    agenda_session.title, version.version, view, shown_gaps,
                                    visible_states(found, audience), state_medians(found)))
        raw += visible_answers(by_session.pop(agenda_session.id, []), results.countries, audience)
    participation = board(engine, event.id, event.countries) if PARTICIPATION in parts else None
    records = records_to_check(engine, event.id, session_ids=[s.id for s in sessions]) if RECORDS in parts else []
    return ReportData(event, anonymise, audience, sessions, participation=participation, raw=raw, records=records)


def state_medians(found: dict[str, StateResult]) -> dict[str, float]:
    """Number question id -> the median of its answering States' values (no States named)."""
    medians = {}
    for question_id, result in found.items():
        if result.question.type != "number":
            continue
        values = [p.number for f in result.findings for p in f.positions.values() if p.number is not None]
        if values:
            medians[question_id] = statistics.median(values)
    return medians


def read_raw_answers(*, db: Session, session_ids: list[int], anonymise: bool) -> list[RawAnswer]:
    """Every submitted answer of the sessions, one per row, in a stable order. Respondents are
    numbered R00001, R00002… in that order when anonymised, else named by a hash of their token."""
    rows = db.execute(
        select(Participant.token, Participant.country, Participant.sector, Response.agenda_session_id,
               Answer.question_id, Answer.row, Answer.item, Answer.option, Answer.number, Answer.text, Answer.rank,
               Moderation.hidden, Moderation.redacted_text)
        .select_from(joined_answers().outerjoin(Moderation.__table__, Moderation.answer_id == Answer.id))
        .where(Response.agenda_session_id.in_(session_ids), Response.status == "submitted")
        .order_by(Response.agenda_session_id, Participant.token, Answer.question_id, Answer.row, Answer.item,
                  Answer.option)
    )
    labels: dict[str, str] = {}

    def respondent(token: str) -> str:
        label = labels.get(token)
        if label is None:
            label = labels[token] = (f"R{len(labels) + 1:05d}" if anonymise
                                     else "P-" + hashlib.sha256(token.encode()).hexdigest()[:10])
        return label

    return [RawAnswer(respondent(r[0]), *r[1:11], bool(r[11]), r[12]) for r in rows]
