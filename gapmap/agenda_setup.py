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
    with same_moment(), write_session(engine) as session:
        event = event_or_error(session, event_id)
        title = _check(session, event, day=day, title=title, version_id=version_id)
        last = session.exec(select(func.max(AgendaSession.position))
                            .where(AgendaSession.event_id == event.id, AgendaSession.day == day)).one()
        slot = AgendaSession(event_id=event.id, day=day, position=(last or 0) + 1, title=title,
                             questionnaire_version_id=version_id)
        session.add(slot)
        session.flush()
        audit.record(session=session, actor=actor, action="session_added", event_id=event.id,
                     detail={"agenda_session_id": slot.id, "title": title, "day": day,
                             "questionnaire": _version_name(session, version_id)})
        session.refresh(slot)
        return slot


def update_session(engine: Engine, session_id: int, *, day: int, title: str, version_id: int,
                   actor: str = "organiser") -> list[str]:
    """Change a session's title, day or questionnaire version; returns what changed."""
    with same_moment(), write_session(engine) as session:
        slot = _slot(session, session_id)
        event = event_or_error(session, slot.event_id)
        title = _check(session, event, day=day, title=title, version_id=version_id)
        before = {"title": slot.title, "day": slot.day,
                  "questionnaire": _version_name(session, slot.questionnaire_version_id)}
        changed = []
        if version_id != slot.questionnaire_version_id:
            if reason := _keeps_questionnaire(session, slot):
                raise SetupError({"questionnaire": f"{reason}, so it keeps "
                                                   f"{_version_name(session, slot.questionnaire_version_id)}. "
                                                   "Add a new session for the other questionnaire instead."})
            slot.questionnaire_version_id = version_id
            changed.append("questionnaire")
        if title != slot.title:
            slot.title = title
            changed.append("title")
        if day != slot.day:
            _move_to_day(session, slot, day)
            changed.append("day")
        if changed:
            session.add(slot)
            after = {"title": slot.title, "day": slot.day,
                     "questionnaire": _version_name(session, slot.questionnaire_version_id)}
            audit.record(session=session, actor=actor, action="session_updated", event_id=event.id,
                         detail={"agenda_session_id": slot.id,
                                 **{name: f"{before[name]} → {after[name]}" for name in changed}})
        return changed


def _keeps_questionnaire(session: Session, slot: AgendaSession) -> str | None:
    """Why the session cannot switch questionnaire any more, or None."""
    answered = _responses(session, slot.id)
    if answered:
        return f"{answered} delegate(s) have already answered this session"
    if slot.state != SessionState.SCHEDULED.value or slot.opened_at is not None:
        return "This session has been opened, so delegates may have it on their screens"
    return None


def move_session(engine: Engine, session_id: int, step: int, *, actor: str = "organiser") -> bool:
    """Swap a session with its neighbour on the same day (step -1: earlier, +1: later)."""
    with same_moment(), write_session(engine) as session:
        slot = _slot(session, session_id)
        neighbour = session.exec(
            select(AgendaSession)
            .where(AgendaSession.event_id == slot.event_id, AgendaSession.day == slot.day,
                   AgendaSession.position < slot.position if step < 0 else AgendaSession.position > slot.position)
            .order_by(col(AgendaSession.position).desc() if step < 0 else col(AgendaSession.position))
        ).first()
        if neighbour is None:
            return False
        mine, theirs = slot.position, neighbour.position
        slot.position = 0  # the (event, day, position) slot is unique: step aside first
        session.add(slot)
        session.flush()
        neighbour.position, slot.position = mine, theirs
        session.add(neighbour)
        session.flush()
        session.add(slot)
        audit.record(session=session, actor=actor, action="session_moved", event_id=slot.event_id,
                     detail={"agenda_session_id": slot.id, "title": slot.title, "day": slot.day,
                             "position": slot.position})
        return True


def remove_session(engine: Engine, session_id: int, *, actor: str = "organiser") -> None:
    """Remove a session nobody has answered; the sessions after it move up."""
    with same_moment(), write_session(engine) as session:
        slot = _slot(session, session_id)
        answered = _responses(session, slot.id)
        if answered:
            raise SetupError(f"{answered} delegate(s) have answered “{slot.title}”, so it cannot be removed. "
                             "Close it instead; its answers stay in the reports.")
        if slot.state == SessionState.OPEN.value:
            raise SetupError(f"“{slot.title}” is open: delegates may be answering it. Close it on Run sessions "
                             "before removing it.")
        event_id, day, title = slot.event_id, slot.day, slot.title
        session.delete(slot)
        session.flush()
        _renumber(session, event_id, day)
        audit.record(session=session, actor=actor, action="session_removed", event_id=event_id,
                     detail={"agenda_session_id": session_id, "title": title, "day": day})


# --- helpers ---------------------------------------------------------------------------------

def _check(session: Session, event: Event, *, day: int, title: str, version_id: int) -> str:
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
    if session.get(QuestionnaireVersion, version_id) is None:
        problems["questionnaire"] = "Choose a questionnaire from the library."
    if problems:
        raise SetupError(problems)
    return title


def _move_to_day(session: Session, slot: AgendaSession, day: int) -> None:
    old_day = slot.day
    last = session.exec(select(func.max(AgendaSession.position))
                        .where(AgendaSession.event_id == slot.event_id, AgendaSession.day == day)).one()
    slot.day, slot.position = day, (last or 0) + 1
    session.add(slot)
    session.flush()
    _renumber(session, slot.event_id, old_day)


def _renumber(session: Session, event_id: int, day: int) -> None:
    """Positions 1, 2, 3 ... again after a session left the day (in order, never clashing)."""
    slots = session.exec(select(AgendaSession).where(AgendaSession.event_id == event_id, AgendaSession.day == day)
                         .order_by(col(AgendaSession.position))).all()
    for n, s in enumerate(slots, start=1):
        if s.position != n:
            s.position = n
            session.add(s)
            session.flush()


def _responses(session: Session, slot_id: int) -> int:
    return int(session.exec(select(func.count()).where(Response.agenda_session_id == slot_id)).one())


def _version_name(session: Session, version_id: int) -> str:
    version = session.get(QuestionnaireVersion, version_id)
    return f"{version.key} v{version.version}" if version else str(version_id)


def _slot(session: Session, session_id: int) -> AgendaSession:
    slot = session.get(AgendaSession, session_id)
    if slot is None:
        raise SetupError("That agenda session no longer exists.")
    return slot

