"""Delegations: the head of each State's delegation, the positions they clear, and what the head
sees of their colleagues' answers.

- A facilitator or organiser names one delegate per State as its **head** (the last naming wins;
  every change is audited; naming nobody removes the head).
- The head may **clear** the State's position on a question that counts by State (per matrix row,
  per multiple-choice option) while the session is open, with an optional note such as the
  provision ("Penal Code s. 312/1"). A cleared position overrides the computed one; a closed and
  reopened session keeps it. The head may also withdraw a clearing.
- The head's **delegation view** shows, per question, the State's position and each colleague's
  answer as "Delegate 1, 2 …" with their sector: GapMap holds no other identity.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.engine import Engine

from db import audit
from db.delegations import (
    agenda_session_row,
    cleared_row,
    cleared_rows,
    delegates,
    head_row,
    heads,
    submitted_responses,
)
from db.engine import read_session, write_session
from db.models import ClearedPosition, DelegationHead, Participant, QuestionnaireVersion, SessionState, utcnow
from db.questionnaire_store import definition
from db.responses import answers_of
from gapmap.answers import decode
from gapmap.positions import NOT_SELECTED, SELECTED, counts_by
from gapmap.responding import SECTORS

MAX_NOTE = 300


class DelegationError(ValueError):
    pass


@dataclass(frozen=True)
class Delegate:
    participant_id: int
    label: str  # "Delegate 2 · Prosecution"
    is_head: bool


def delegate_labels(members: list[Participant], head_id: int | None) -> list[Delegate]:
    return [Delegate(p.id, f"Delegate {n} · {SECTORS.get(p.sector, p.sector or 'no sector')}", p.id == head_id)
            for n, p in enumerate(members, start=1)]


def delegations(engine: Engine, event_id: int, countries: list[str]) -> dict[str, list[Delegate]]:
    """State -> its delegates in the order they joined (with who is head), for the States given."""
    with read_session(engine) as db:
        current = heads(db=db, event_id=event_id)
        return {c: delegate_labels(delegates(db=db, event_id=event_id, country=c), current.get(c)) for c in countries}


def set_head(engine: Engine, event_id: int, country: str, participant_id: int | None, *, actor: str) -> None:
    """Name the head of a State's delegation (None: nobody). Audited; the last naming wins."""
    with write_session(engine) as db:
        members = delegates(db=db, event_id=event_id, country=country)
        labels = {d.participant_id: d.label for d in delegate_labels(members, None)}
        if participant_id is not None and participant_id not in labels:
            raise DelegationError("That delegate is not part of this State's delegation (any more).")
        row = head_row(db=db, event_id=event_id, country=country)
        before = labels.get(row.participant_id) if row else None
        if row is not None and row.participant_id == participant_id:
            return
        if row is not None:
            db.delete(row)
            db.flush()
        if participant_id is not None:
            db.add(DelegationHead(event_id=event_id, country=country, participant_id=participant_id, set_by=actor))
        audit.record(db=db, actor=actor, action="head_named" if participant_id else "head_removed", event_id=event_id,
                     detail={"country": country, "from": before, "to": labels.get(participant_id)})


def is_head(engine: Engine, participant: Participant) -> bool:
    with read_session(engine) as db:
        row = head_row(db=db, event_id=participant.event_id, country=participant.country)
    return row is not None and row.participant_id == participant.id


@dataclass
class ColleagueAnswer:
    delegate: str  # "Delegate 2 · Prosecution"
    value: Any  # as gapmap.answers decodes it (an option id, option ids, a row -> option dict, a number)
    mine: bool = False


@dataclass
class DelegationQuestion:
    """One state question as the head sees it: colleagues' answers and what was cleared."""

    question: Any  # questionnaires.schema question
    answers: list[ColleagueAnswer]
    cleared: dict[str, ClearedPosition] = field(default_factory=dict)  # item -> cleared position


def delegation_view(engine: Engine, participant: Participant, agenda_session_id: int) -> list[DelegationQuestion]:
    """Per state question of the session: the State's delegates' submitted answers and its cleared
    positions. Only the head of the delegation may see it."""
    with read_session(engine) as db:
        row = head_row(db=db, event_id=participant.event_id, country=participant.country)
        if row is None or row.participant_id != participant.id:
            raise DelegationError("Only the head of your delegation sees the delegation's answers.")
        agenda_session = agenda_session_row(db=db, agenda_session_id=agenda_session_id)
        if agenda_session is None or agenda_session.event_id != participant.event_id:
            raise DelegationError("That session is not part of your event.")
        questionnaire = definition(db.get(QuestionnaireVersion, agenda_session.questionnaire_version_id))
        members = delegate_labels(delegates(db=db, event_id=participant.event_id, country=participant.country),
                                  participant.id)
        labels = {d.participant_id: d.label for d in members}
        answered = [(p, decode(questionnaire, answers_of(db=db, response_id=r.id)))
                    for p, r in submitted_responses(db=db, agenda_session_id=agenda_session_id,
                                                    country=participant.country)]
        cleared = [c for c in cleared_rows(db=db, agenda_session_id=agenda_session_id)
                   if c.country == participant.country]
    view = []
    for q in questionnaire.questions:
        if counts_by(q) != "state":
            continue
        answers = [ColleagueAnswer(labels.get(p.id, "Delegate"), values[q.id], p.id == participant.id)
                   for p, values in answered if q.id in values]
        view.append(DelegationQuestion(q, answers, {c.item: c for c in cleared if c.question_id == q.id}))
    return view


def _allowed(q) -> tuple[set[str], bool]:
    """(the answers a cleared position may take, whether it is a number) for a question."""
    if q.type == "single_choice":
        return {o.id for o in q.options}, False
    if q.type == "multiple_choice":
        return {SELECTED, NOT_SELECTED}, False
    if q.type == "matrix":
        return {o.id for o in q.scale}, False
    if q.type == "number":
        return set(), True
    raise DelegationError("A gap register is merged from every delegate's gaps: there is no position to clear.")


def _items(q) -> set[str]:
    if q.type == "matrix":
        return {r.id for r in q.rows}
    if q.type == "multiple_choice":
        return {o.id for o in q.options}
    return {""}


def clear_position(engine: Engine, participant: Participant, agenda_session_id: int, question_id: str,
                   item: str = "", *, position: str | None = None, number: float | None = None,
                   note: str = "") -> ClearedPosition:
    """The head clears the State's position on one question (row, option); audited."""
    note = " ".join((note or "").split())[:MAX_NOTE]
    with write_session(engine) as db:
        row = head_row(db=db, event_id=participant.event_id, country=participant.country)
        if row is None or row.participant_id != participant.id:
            raise DelegationError("Only the head of your delegation can clear a position.")
        agenda_session = agenda_session_row(db=db, agenda_session_id=agenda_session_id)
        if agenda_session is None or agenda_session.event_id != participant.event_id:
            raise DelegationError("That session is not part of your event.")
        if agenda_session.state != SessionState.OPEN.value:
            raise DelegationError("This session is closed: positions can be cleared while it is open.")
        questionnaire = definition(db.get(QuestionnaireVersion, agenda_session.questionnaire_version_id))
        q = next((x for x in questionnaire.questions if x.id == question_id), None)
        if q is None or counts_by(q) != "state":
            raise DelegationError("That question does not count by State.")
        if item not in _items(q):
            raise DelegationError("That row or option is not part of the question.")
        allowed, numeric = _allowed(q)
        if numeric:
            if number is None:
                raise DelegationError("Give the number your State's position holds.")
            if (q.min is not None and number < q.min) or (q.max is not None and number > q.max):
                raise DelegationError(f"The number must lie between {q.min} and {q.max}.")
        elif position not in allowed:
            raise DelegationError("Choose one of the question's answers.")
        answered = [values for _, r in submitted_responses(db=db, agenda_session_id=agenda_session_id,
                                                           country=participant.country)
                    for values in [decode(questionnaire, answers_of(db=db, response_id=r.id))] if question_id in values]
        if not answered:
            raise DelegationError("Nobody of your delegation has submitted an answer to this question yet: a "
                                  "position is cleared from your delegates' answers.")
        cleared = cleared_row(db=db, agenda_session_id=agenda_session_id, country=participant.country,
                              question_id=question_id, item=item) or ClearedPosition(
            agenda_session_id=agenda_session_id, country=participant.country, question_id=question_id, item=item)
        before = (cleared.position, cleared.number, cleared.note) if cleared.id else None
        cleared.position, cleared.number = ("" if numeric else position), (number if numeric else None)
        cleared.note, cleared.cleared_by, cleared.cleared_at = note, participant.id, utcnow()
        db.add(cleared)
        audit.record(db=db, actor="delegate", action="position_cleared", event_id=participant.event_id,
                     detail={"agenda_session_id": agenda_session_id, "country": participant.country,
                             "question_id": question_id, "item": item, "position": position, "number": number,
                             "note": note, "before": list(before) if before else None})
        db.flush()
        db.refresh(cleared)
        return cleared


def withdraw_position(engine: Engine, participant: Participant, agenda_session_id: int, question_id: str,
                      item: str = "") -> bool:
    """The head withdraws a clearing: the computed position counts again. Audited."""
    with write_session(engine) as db:
        row = head_row(db=db, event_id=participant.event_id, country=participant.country)
        if row is None or row.participant_id != participant.id:
            raise DelegationError("Only the head of your delegation can withdraw a position.")
        agenda_session = agenda_session_row(db=db, agenda_session_id=agenda_session_id)
        if agenda_session is None or agenda_session.state != SessionState.OPEN.value:
            raise DelegationError("This session is closed: positions can be changed while it is open.")
        cleared = cleared_row(db=db, agenda_session_id=agenda_session_id, country=participant.country,
                              question_id=question_id, item=item)
        if cleared is None:
            return False
        db.delete(cleared)
        audit.record(db=db, actor="delegate", action="position_withdrawn", event_id=participant.event_id,
                     detail={"agenda_session_id": agenda_session_id, "country": participant.country,
                             "question_id": question_id, "item": item})
        return True
