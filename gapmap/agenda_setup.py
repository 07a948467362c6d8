"""Organisers edit an event's agenda: add, edit, reorder and remove sessions.

A session keeps its questionnaire version once it has been opened (delegates may have it on their
screens, and answers are stored by that version's ids). A session that is open or has answers
cannot be removed. Each refusal says why; every change is audited.
"""
from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from db import audit
from db.engine import write_session
from db.models import AgendaSession, Event, QuestionnaireVersion, Response, SessionState
from gapmap.event_setup import SetupError, event_days, event_or_error, same_moment
from questionnaires.markup import find_markup, markup_message

MAX_TITLE = 300


def add_session(engine: Engine, event_id: int, *, day: int, title: str, version_id: int,
                actor: str = "organiser") -> AgendaSession:
    """A new scheduled session at the end of `day`."""
    with same_moment(), write_session(engine) as db:
        event = event_or_error(db, event_id)
        title = _check(db, event, day=day, title=title, version_id=version_id)
        last = db.exec(select(func.max(AgendaSession.position))
                       .where(AgendaSession.event_id == event.id, AgendaSession.day == day)).one()
        agenda_session = AgendaSession(event_id=event.id, day=day, position=(last or 0) + 1, title=title,
                                       questionnaire_version_id=version_id)
        db.add(agenda_session)
        db.flush()
        audit.record(db=db, actor=actor, action="session_added", event_id=event.id,
                     detail={"agenda_session_id": agenda_session.id, "title": title, "day": day,
                             "questionnaire": _version_name(db, version_id)})
        db.refresh(agenda_session)
        return agenda_session


def update_session(engine: Engine, session_id: int, *, day: int, title: str, version_id: int,
                   actor: str = "organiser") -> list[str]:
    """Change a session's title, day or questionnaire version; returns what changed."""
    with same_moment(), write_session(engine) as db:
        agenda_session = _agenda_session(db, session_id)
        event = event_or_error(db, agenda_session.event_id)
        title = _check(db, event, day=day, title=title, version_id=version_id)
        before = {"title": agenda_session.title, "day": agenda_session.day,
                  "questionnaire": _version_name(db, agenda_session.questionnaire_version_id)}
        changed = []
        if version_id != agenda_session.questionnaire_version_id:
            if reason := _keeps_questionnaire(db, agenda_session):
                raise SetupError({"questionnaire": f"{reason}, so it keeps "
                                                   f"{_version_name(db, agenda_session.questionnaire_version_id)}. "
                                                   "Add a new session for the other questionnaire instead."})
            agenda_session.questionnaire_version_id = version_id
            changed.append("questionnaire")
        if title != agenda_session.title:
            agenda_session.title = title
            changed.append("title")
        if day != agenda_session.day:
            _move_to_day(db, agenda_session, day)
            changed.append("day")
        if changed:
            db.add(agenda_session)
            after = {"title": agenda_session.title, "day": agenda_session.day,
                     "questionnaire": _version_name(db, agenda_session.questionnaire_version_id)}
            audit.record(db=db, actor=actor, action="session_updated", event_id=event.id,
                         detail={"agenda_session_id": agenda_session.id,
                                 **{name: f"{before[name]} → {after[name]}" for name in changed}})
        return changed


def _keeps_questionnaire(db: Session, agenda_session: AgendaSession) -> str | None:
    """Why the session cannot switch questionnaire any more, or None."""
    answered = _responses(db, agenda_session.id)
    if answered:
        return f"{answered} delegate(s) have already answered this session"
    if agenda_session.state != SessionState.SCHEDULED.value or agenda_session.opened_at is not None:
        return "This session has been opened, so delegates may have it on their screens"
    return None


def move_session(engine: Engine, session_id: int, step: int, *, actor: str = "organiser") -> bool:
    """Swap a session with its neighbour on the same day (step -1: earlier, +1: later)."""
    with same_moment(), write_session(engine) as db:
        agenda_session = _agenda_session(db, session_id)
        neighbour = db.exec(
            select(AgendaSession)
            .where(AgendaSession.event_id == agenda_session.event_id, AgendaSession.day == agenda_session.day,
                   AgendaSession.position < agenda_session.position if step < 0
                   else AgendaSession.position > agenda_session.position)
            .order_by(col(AgendaSession.position).desc() if step < 0 else col(AgendaSession.position))
        ).first()
        if neighbour is None:
            return False
        mine, theirs = agenda_session.position, neighbour.position
        agenda_session.position = 0  # the (event, day, position) slot is unique: step aside first
        db.add(agenda_session)
        db.flush()
        neighbour.position, agenda_session.position = mine, theirs
        db.add(neighbour)
        db.flush()
        db.add(agenda_session)
        audit.record(db=db, actor=actor, action="session_moved", event_id=agenda_session.event_id,
                     detail={"agenda_session_id": agenda_session.id, "title": agenda_session.title,
                             "day": agenda_session.day, "position": agenda_session.position})
        return True


def remove_session(engine: Engine, session_id: int, *, actor: str = "organiser") -> None:
    """Remove a session nobody has answered; the sessions after it move up."""
    with same_moment(), write_session(engine) as db:
        agenda_session = _agenda_session(db, session_id)
        answered = _responses(db, agenda_session.id)
        if answered:
            raise SetupError(f"{answered} delegate(s) have answered “{agenda_session.title}”, so it cannot be removed. "
                             "Close it instead; its answers stay in the reports.")
        if agenda_session.state == SessionState.OPEN.value:
            raise SetupError(f"“{agenda_session.title}” is open: delegates may be answering it. "
                             "Close it on Run sessions before removing it.")
        event_id, day, title = agenda_session.event_id, agenda_session.day, agenda_session.title
        db.delete(agenda_session)
        db.flush()
        _renumber(db, event_id, day)
        audit.record(db=db, actor=actor, action="session_removed", event_id=event_id,
                     detail={"agenda_session_id": session_id, "title": title, "day": day})


# --- helpers ---------------------------------------------------------------------------------

def _check(db: Session, event: Event, *, day: int, title: str, version_id: int) -> str:
    problems = {}
    title = " ".join((title or "").split())
    days = len(event_days(event))
    if not title:
        problems["title"] = "Give the session a title."
    elif found := find_markup(title):
        problems["title"] = f"A session title: {markup_message(found)}."
    elif len(title) > MAX_TITLE:
        problems["title"] = f"A title has at most {MAX_TITLE} characters."
    if not 1 <= int(day) <= days:
        problems["day"] = f"The event has {days} day(s): choose a day from 1 to {days}."
    if db.get(QuestionnaireVersion, version_id) is None:
        problems["questionnaire"] = "Choose a questionnaire from the library."
    if problems:
        raise SetupError(problems)
    return title


def _move_to_day(db: Session, agenda_session: AgendaSession, day: int) -> None:
    old_day = agenda_session.day
    last = db.exec(select(func.max(AgendaSession.position))
                   .where(AgendaSession.event_id == agenda_session.event_id, AgendaSession.day == day)).one()
    agenda_session.day, agenda_session.position = day, (last or 0) + 1
    db.add(agenda_session)
    db.flush()
    _renumber(db, agenda_session.event_id, old_day)


def _renumber(db: Session, event_id: int, day: int) -> None:
    """Positions 1, 2, 3 ... again after a session left the day (in order, never clashing)."""
    agenda_sessions = db.exec(select(AgendaSession).where(AgendaSession.event_id == event_id, AgendaSession.day == day)
                              .order_by(col(AgendaSession.position))).all()
    for n, s in enumerate(agenda_sessions, start=1):
        if s.position != n:
            s.position = n
            db.add(s)
            db.flush()


def _responses(db: Session, slot_id: int) -> int:
    return int(db.exec(select(func.count()).where(Response.agenda_session_id == slot_id)).one())


def _version_name(db: Session, version_id: int) -> str:
    version = db.get(QuestionnaireVersion, version_id)
    return f"{version.key} v{version.version}" if version else str(version_id)


def _agenda_session(db: Session, session_id: int) -> AgendaSession:
    agenda_session = db.get(AgendaSession, session_id)
    if agenda_session is None:
        raise SetupError("That agenda session no longer exists.")
    return agenda_session

