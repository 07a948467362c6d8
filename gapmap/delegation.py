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
from db.engine import read_session
from db.models import ClearedPosition, DelegationHead, Participant, QuestionnaireVersion, SessionState, utcnow
from db.questionnaire_store import definition
from db.responses import answers_of, in_own_transaction, session_state_for_write
from gapmap import pii
from gapmap.answers import decode
from gapmap.positions import NOT_SELECTED, SELECTED, counts_by
from gapmap.responding import SECTORS
from gapmap.validation import check_values, clean_text

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
    """Name the head of a State's delegation (None: nobody). Audited; the last naming wins.

    Two facilitators naming heads at the same moment are both applied and both audited, one after
    the other (on PostgreSQL the loser of a race to create the row retries and replaces it)."""

    def write(*, db) -> None:
        members = delegates(db=db, event_id=event_id, country=country)
        labels = {d.participant_id: d.label for d in delegate_labels(members, None)}
        if participant_id is not None and participant_id not in labels:
            raise DelegationError("That delegate is not part of this State's delegation (any more).")
        row = head_row(db=db, event_id=event_id, country=country)
        current = row.participant_id if row is not None else None
        if current == participant_id:
            return  # already so (also: nobody, and nobody was head): nothing to change or log
        if participant_id is None:
            db.delete(row)
        elif row is None:
            db.add(DelegationHead(event_id=event_id, country=country, participant_id=participant_id, set_by=actor))
        else:
            row.participant_id, row.set_at, row.set_by = participant_id, utcnow(), actor
            db.add(row)
        audit.record(db=db, actor=actor, action="head_named" if participant_id is not None else "head_removed",
                     event_id=event_id,
                     detail={"country": country, "from": labels.get(current), "to": labels.get(participant_id)})
        db.flush()

    in_own_transaction(engine, write)


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


def _answered(value: Any, q, item: str) -> bool:
    """Whether one delegate's answer to `q` holds a view on `item` (a matrix row they answered;
    any answer to a multiple choice says, per option, selected or not)."""
    if q.type == "matrix":
        return isinstance(value, dict) and item in value
    return True


def clean_note(note: str | None) -> str:
    """A note as stored: no control characters, on one line, at most MAX_NOTE characters."""
    return " ".join(clean_text(note or "").split())[:MAX_NOTE]


def _the_head(db, participant: Participant, verb: str):
    """Refuse anyone but the head of the participant's delegation (read in the write transaction)."""
    row = head_row(db=db, event_id=participant.event_id, country=participant.country)
    if row is None or row.participant_id != participant.id:
        raise DelegationError(f"Only the head of your delegation can {verb} a position.")


def _open_session(db, participant: Participant, agenda_session_id: int):
    """The agenda session, if it is of the participant's event and open; its state is read (on
    PostgreSQL: locked FOR SHARE) in the write transaction, so a facilitator closing it at the same
    moment either comes after the clearing or refuses it."""
    agenda_session = agenda_session_row(db=db, agenda_session_id=agenda_session_id)
    if agenda_session is None or agenda_session.event_id != participant.event_id:
        raise DelegationError("That session is not part of your event.")
    state = session_state_for_write(db=db, agenda_session_id=agenda_session_id)
    if state == SessionState.SCHEDULED.value:
        raise DelegationError("This session is not open yet: positions can be cleared once it opens.")
    if state != SessionState.OPEN.value:
        raise DelegationError("This session is closed: positions can be changed only while it is open.")
    return agenda_session


def clear_position(engine: Engine, participant: Participant, agenda_session_id: int, question_id: str,
                   item: str = "", *, position: str | None = None, number: float | None = None,
                   note: str = "", personal_data_ok: bool = False) -> ClearedPosition:
    """The head clears the State's position on one question (row, option); audited.

    The note (e.g. "Penal Code s. 312/1") is checked for personal data like any free text: one that
    seems to hold some is refused unless the head confirms it is none (`personal_data_ok`)."""
    note = clean_note(note)

    def write(*, db) -> ClearedPosition:
        _the_head(db, participant, "clear")
        agenda_session = _open_session(db, participant, agenda_session_id)
        questionnaire = definition(db.get(QuestionnaireVersion, agenda_session.questionnaire_version_id))
        q = next((x for x in questionnaire.questions if x.id == question_id), None)
        if q is None or counts_by(q) != "state":
            raise DelegationError("That question does not count by State.")
        if item not in _items(q):
            raise DelegationError("That row or option is not part of the question.")
        allowed, numeric = _allowed(q)
        value = None
        if numeric:
            if number is None:
                raise DelegationError("Give the number your State's position holds.")
            checked = check_values(questionnaire, {question_id: number})
            if question_id in checked.errors:
                raise DelegationError(checked.errors[question_id])
            value = checked.values[question_id]
        elif position not in allowed:
            raise DelegationError("Choose one of the question's answers.")
        answered = [values[question_id] for _, r in submitted_responses(
            db=db, agenda_session_id=agenda_session_id, country=participant.country)
            for values in [decode(questionnaire, answers_of(db=db, response_id=r.id))] if question_id in values]
        if not any(_answered(a, q, item) for a in answered):
            raise DelegationError("Nobody of your delegation has submitted an answer to this question yet: a "
                                  "position is cleared from your delegates' answers.")
        if note and not personal_data_ok and (found := pii.find_personal_data(note)):
            raise DelegationError(f"The note seems to contain {pii.describe_kinds(found)}. Name the provision "
                                  "only, or confirm that it is not personal data.")
        cleared = cleared_row(db=db, agenda_session_id=agenda_session_id, country=participant.country,
                              question_id=question_id, item=item) or ClearedPosition(
            agenda_session_id=agenda_session_id, country=participant.country, question_id=question_id, item=item)
        before = [cleared.position, cleared.number, cleared.note] if cleared.id else None
        cleared.position, cleared.number = ("" if numeric else position), value
        cleared.note, cleared.cleared_by, cleared.cleared_at = note, participant.id, utcnow()
        db.add(cleared)
        audit.record(db=db, actor="delegate", action="position_cleared", event_id=participant.event_id,
                     detail={"agenda_session_id": agenda_session_id, "country": participant.country,
                             "question_id": question_id, "item": item,
                             "position": None if numeric else position, "number": value,
                             "note": note, "before": before})
        db.flush()
        db.refresh(cleared)
        return cleared

    return in_own_transaction(engine, write)


def withdraw_position(engine: Engine, participant: Participant, agenda_session_id: int, question_id: str,
                      item: str = "") -> bool:
    """The head withdraws a clearing: the computed position counts again. Audited."""

    def write(*, db) -> bool:
        _the_head(db, participant, "withdraw")
        _open_session(db, participant, agenda_session_id)
        cleared = cleared_row(db=db, agenda_session_id=agenda_session_id, country=participant.country,
                              question_id=question_id, item=item)
        if cleared is None:
            return False
        db.delete(cleared)
        audit.record(db=db, actor="delegate", action="position_withdrawn", event_id=participant.event_id,
                     detail={"agenda_session_id": agenda_session_id, "country": participant.country,
                             "question_id": question_id, "item": item})
        return True

    return in_own_transaction(engine, write)
