"""Who has answered what: the event's countries × agenda sessions, for the facilitator (counts of
responses only, never an answer)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from db.engine import read_session
from db.models import AgendaSession, Participant, Response

NOT_STARTED, DRAFT, SUBMITTED, LATE = "not started", "draft", "submitted", "late"
#: The board's column order: what is happening now first, then what comes, then the past.
STATE_ORDER = {"open": 0, "scheduled": 1, "closed": 2}


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

    def brief(self, joined: int) -> str:
        """A short label for a narrow column: "3 of 3", "1 of 3 · 1 draft", "1 late", "–"."""
        parts = [f"{self.submitted} of {joined}"] if self.submitted else []
        if self.drafts:
            parts.append(f"{self.drafts} draft{'s' if self.drafts > 1 else ''}")
        if self.late:
            parts.append(f"{self.late} late")
        return " · ".join(parts) or "–"


@dataclass(frozen=True)
class BoardColumn:
    """An agenda session as a column of the board."""

    id: int
    code: str  # "D2.1"
    title: str
    state: str  # scheduled / open / closed


@dataclass
class Board:
    sessions: list[tuple[int, str]]  # (agenda session id, short title), in agenda order
    countries: list[str]
    joined: dict[str, int]  # participants per country
    cells: dict[tuple[str, int], Cell] = field(default_factory=dict)
    columns: list[BoardColumn] = field(default_factory=list)  # in agenda order

    def cell(self, country: str, session_id: int) -> Cell:
        return self.cells.get((country, session_id), Cell())

    def ordered(self) -> list[BoardColumn]:
        """The columns as the room needs them: open sessions first, then scheduled ones (both in agenda
        order), then closed ones, the most recent first (the past runs off to the right)."""
        current = sorted((c for c in self.columns if c.state != "closed"), key=lambda c: STATE_ORDER[c.state])
        return current + [c for c in reversed(self.columns) if c.state == "closed"]

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
            select(AgendaSession.id, AgendaSession.day, AgendaSession.position, AgendaSession.title,
                   AgendaSession.state)
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
                for sid, day, pos, title, _ in agenda_sessions]
    columns = [BoardColumn(sid, f"D{day}.{pos}", title, state) for sid, day, pos, title, state in agenda_sessions]
    return Board(sessions, list(countries), {c: int(n) for c, n in joined.items()}, dict(cells), columns)


def session_counts(engine: Engine, event_id: int) -> tuple:
    """A cheap fingerprint of what Run sessions shows: per agenda session its state, whether results
    are revealed, and its responses by status and lateness (one small GROUP BY)."""
    with read_session(engine) as s:
        return _session_counts(s, event_id)


def board_fingerprint(engine: Engine, event_id: int) -> tuple:
    """A cheap fingerprint of the board: the session counts and the delegates joined per country."""
    with read_session(engine) as s:
        joined = s.execute(select(Participant.country, func.count()).where(Participant.event_id == event_id)
                           .group_by(Participant.country).order_by(Participant.country)).all()
        return _session_counts(s, event_id), tuple(tuple(row) for row in joined)


def _session_counts(s, event_id: int) -> tuple:
    rows = s.execute(
        select(AgendaSession.id, AgendaSession.state, AgendaSession.results_visible, Response.status,
               Response.late, func.count(Response.id))
        .outerjoin(Response, Response.agenda_session_id == AgendaSession.id)
        .where(AgendaSession.event_id == event_id)
        .group_by(AgendaSession.id, AgendaSession.state, AgendaSession.results_visible, Response.status,
                  Response.late)
        .order_by(AgendaSession.id, Response.status, Response.late)
    ).all()
    return tuple(tuple(row) for row in rows)
