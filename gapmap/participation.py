"""Who has answered what: the event's countries × agenda sessions, for the facilitator."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from db.engine import read_session
from db.models import AgendaSession, Participant, Response

NOT_STARTED, DRAFT, SUBMITTED, LATE = "not started", "draft", "submitted", "late"


@dataclass
class Cell:
    submitted: int = 0
    drafts: int = 0
    late: int = 0

    @property
    def state(self) -> str:
        if self.submitted:
            return SUBMITTED
        if self.late:
            return LATE
        return DRAFT if self.drafts else NOT_STARTED

    def label(self) -> str:
        parts = []
        if self.submitted:
            parts.append(f"{self.submitted} submitted")
        if self.drafts:
            parts.append(f"{self.drafts} draft")
        if self.late:
            parts.append(f"{self.late} late")
        return " · ".join(parts) or NOT_STARTED


@dataclass
class Board:
    sessions: list[tuple[int, str]]  # (agenda session id, short title), in agenda order
    countries: list[str]
    joined: dict[str, int]  # participants per country
    cells: dict[tuple[str, int], Cell] = field(default_factory=dict)

    def cell(self, country: str, session_id: int) -> Cell:
        return self.cells.get((country, session_id), Cell())

    def totals(self, session_id: int) -> Cell:
        total = Cell()
        for country in self.countries:
            c = self.cell(country, session_id)
            total.submitted += c.submitted
            total.drafts += c.drafts
            total.late += c.late
        return total


def board(engine: Engine, event_id: int, countries: list[str]) -> Board:
    with read_session(engine) as s:
        agenda_sessions = s.execute(
            select(AgendaSession.id, AgendaSession.day, AgendaSession.position, AgendaSession.title)
            .where(AgendaSession.event_id == event_id).order_by(AgendaSession.day, AgendaSession.position)
        ).all()
        joined = dict(s.execute(
            select(Participant.country, func.count()).where(Participant.event_id == event_id)
            .group_by(Participant.country)
        ).all())
        rows = s.execute(
            select(Response.agenda_session_id, Participant.country, Response.status, Response.late, func.count())
            .join(Participant, Response.participant_id == Participant.id)
            .where(Participant.event_id == event_id)
            .group_by(Response.agenda_session_id, Participant.country, Response.status, Response.late)
        ).all()
    cells: dict[tuple[str, int], Cell] = defaultdict(Cell)
    for session_id, country, status, late, n in rows:
        cell = cells[(country, session_id)]
        if status == "submitted":
            cell.submitted += n
        elif late:
            cell.late += n
        else:
            cell.drafts += n
    sessions = [(sid, f"D{day}.{pos} {title[:24]}{'…' if len(title) > 24 else ''}")
                for sid, day, pos, title in agenda_sessions]
    return Board(sessions, list(countries), {c: int(n) for c, n in joined.items()}, dict(cells))
