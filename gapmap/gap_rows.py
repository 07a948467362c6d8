"""The rows of gap registers: every gap submitted, with its country, decoded as `gapmap.answers` does.

The workbook (`exports.gather`), the Compare page and the rapporteur's brief read gaps here, then
`gapmap.privacy.visible_rows` decides which an audience may see and `gapmap.synthesis` merges them
per gap type.
"""
from __future__ import annotations

from collections import defaultdict
from typing import NamedTuple

from sqlalchemy import select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from db.engine import read_session
from db.models import Answer, Participant, Response
from gapmap.answers import DECODERS


class Gap(NamedTuple):
    """One gap of a gap register question, as `gapmap.answers` decodes it, with its country: a field
    for each of questionnaires.schema's GAP_FIELDS and GAP_OPTIONAL_FIELDS (None where the register
    does not ask it)."""

    country: str
    gap_type: str | None = None
    description: str | None = None
    law: str | None = None
    severity: int | None = None
    need_type: str | None = None
    priority: str | None = None
    emerging_form: str | None = None
    reform: str | None = None
    addressee: str | None = None


def joined_answers():
    """Answer rows joined to their response and participant (the country)."""
    return (Answer.__table__.join(Response.__table__, Answer.response_id == Response.id)
            .join(Participant.__table__, Response.participant_id == Participant.id))


def read_gaps(*, db: Session, questions: dict[int, list[str]]) -> dict[int, dict[str, list[Gap]]]:
    """Every gap of the given gap register questions (agenda session id -> question ids), submitted
    responses only: agenda session id -> question id -> gaps, by country, response and row."""
    wanted = {(sid, qid) for sid, qids in questions.items() for qid in qids}
    if not wanted:
        return {}
    cells = db.execute(
        select(Response.agenda_session_id, Response.id.label("response_id"), Participant.country,
               Answer.question_id, Answer.row, Answer.item, Answer.option, Answer.text, Answer.number, Answer.rank)
        .select_from(joined_answers())
        .where(Response.agenda_session_id.in_({sid for sid, _ in wanted}), Response.status == "submitted",
               Answer.question_id.in_({qid for _, qid in wanted}))
        .order_by(Response.agenda_session_id, Participant.country, Response.id, Answer.question_id, Answer.row)
    ).all()
    answers: dict[tuple[int, str, int], list] = defaultdict(list)  # (session, question, response) -> rows
    countries: dict[int, str] = {}
    for cell in cells:
        if (cell.agenda_session_id, cell.question_id) in wanted:
            answers[(cell.agenda_session_id, cell.question_id, cell.response_id)].append(cell)
            countries[cell.response_id] = cell.country
    decode = DECODERS["gap_register"]
    gaps: dict[int, dict[str, list[Gap]]] = defaultdict(lambda: defaultdict(list))
    for (sid, qid, response_id), rows in answers.items():
        for fields in decode(rows):
            gaps[sid][qid].append(Gap(countries[response_id], **{f: fields.get(f) for f in Gap._fields[1:]}))
    return {sid: dict(by_question) for sid, by_question in gaps.items()}


def session_gaps(engine: Engine, agenda_session_id: int, question_id: str) -> list[Gap]:
    """Every submitted gap of one gap register question of one agenda session."""
    with read_session(engine) as db:
        return read_gaps(db=db, questions={agenda_session_id: [question_id]}).get(agenda_session_id, {}).get(
            question_id, [])
