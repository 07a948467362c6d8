"""The JSON archive's shape, as pydantic models: every field's type, range, enum and length, and
every reference between rows, checked before a restore writes anything.

A restore reads a file from outside the app (it may have been edited, damaged or forged), so it
goes through the same kind of gate as an upload: `check_archive` returns every problem at once,
each named by its path in the archive (`responses[3].answers[12].rank: …`), or the validated
archive. What the app itself checks on the way in is reused, not repeated: a questionnaire's
definition through `questionnaires.loader.validate` (in `exports.archive`).
"""
from __future__ import annotations

import math
from datetime import date, datetime
from typing import Annotated, Any, Literal, Optional

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    field_validator,
    model_validator,
)

from db.models import (
    DEFAULT_TIME_ZONE,
    MAX_OBJECTIVES,
    MAX_PARTNERS,
    OBJECTIVE_MAX_LENGTH,
    PARTNER_MAX_LENGTH,
    TIME_ZONE_MAX_LENGTH,
)
from gapmap.event_time import time_zone_name
from questionnaires.schema import ID_PATTERN

Token = Annotated[StrictStr, Field(min_length=1, max_length=64, pattern=r"^[^\x00-\x1f\x7f]+$")]
Country = Annotated[StrictStr, Field(pattern=r"^[A-Z]{3}$")]
QuestionId = Annotated[StrictStr, Field(pattern=ID_PATTERN)]
Role = Annotated[StrictStr, Field(max_length=20)]
Key = Annotated[StrictStr, Field(max_length=63)]
Day = Annotated[StrictInt, Field(ge=1, le=366)]
Position = Annotated[StrictInt, Field(ge=1, le=10_000)]
MAX_NUMBER = 1e15  # far beyond any count or penalty a delegate reports, well inside a float's exact range
MAX_TEXT = 100_000


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


def _finite(value: float | None) -> float | None:
    if value is not None and (not math.isfinite(value) or abs(value) > MAX_NUMBER):
        raise ValueError(f"must be a finite number of at most {MAX_NUMBER:g} in size")
    return value


class SessionRef(_Strict):
    day: Day
    position: Position


class QuestionnaireRef(_Strict):
    key: Key
    version: Annotated[StrictInt, Field(ge=1, le=1_000_000)]


class ArchivedEvent(_Strict):
    title: Annotated[StrictStr, Field(max_length=300)]
    venue: Annotated[StrictStr, Field(max_length=300)]
    start_date: date
    end_date: date
    organisers: list[Annotated[StrictStr, Field(max_length=300)]]
    countries: list[Country]
    attribution_policy: Literal["attributable", "chatham_house"]
    min_group_size: Annotated[StrictInt, Field(ge=1, le=50)]
    privacy_notice: Annotated[StrictStr, Field(max_length=20_000)]
    code: Annotated[StrictStr, Field(pattern=r"^[A-Z0-9]{4,12}$")]
    is_demo: StrictBool
    archived: StrictBool
    created_at: datetime
    # archives written before events had a time zone have none: their times were shown in UTC
    time_zone: Annotated[StrictStr, Field(max_length=TIME_ZONE_MAX_LENGTH)] = DEFAULT_TIME_ZONE
    # archives written before events had objectives and partners have none
    objectives: list[Annotated[StrictStr, Field(min_length=1, max_length=OBJECTIVE_MAX_LENGTH)]] = Field(
        default=[], max_length=MAX_OBJECTIVES)
    partners: list[Annotated[StrictStr, Field(min_length=1, max_length=PARTNER_MAX_LENGTH)]] = Field(
        default=[], max_length=MAX_PARTNERS)

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, name: str) -> str:
        if time_zone_name(name) != name:
            raise ValueError("must be a time zone's IANA name, e.g. Asia/Bangkok")
        return name


class ArchivedQuestionnaire(_Strict):
    key: Key
    version: Annotated[StrictInt, Field(ge=1, le=1_000_000)]
    theme: Annotated[StrictStr, Field(max_length=40)]
    title: Annotated[StrictStr, Field(max_length=300)]
    definition: dict[str, Any]
    content_hash: Annotated[StrictStr, Field(pattern=r"^[0-9a-f]{64}$")]
    source: Annotated[StrictStr, Field(max_length=300)]


class ArchivedSession(_Strict):
    day: Day
    position: Position
    title: Annotated[StrictStr, Field(max_length=300)]
    questionnaire: QuestionnaireRef
    state: Literal["scheduled", "open", "closed"]
    results_visible: StrictBool
    opened_at: Optional[datetime]
    closed_at: Optional[datetime]


class ArchivedParticipant(_Strict):
    token: Token
    country: Country
    sector: Annotated[StrictStr, Field(max_length=40)]
    consented_at: datetime
    is_demo: StrictBool


class ArchivedModeration(_Strict):
    hidden: StrictBool
    redacted_text: Optional[Annotated[StrictStr, Field(max_length=MAX_TEXT)]]
    tags: list[Annotated[StrictStr, Field(max_length=60)]] = Field(max_length=50)
    quotable: StrictBool = False  # archives written before text could be marked quotable have none
    updated_at: datetime
    updated_by: Role


class ArchivedAnswer(_Strict):
    question_id: QuestionId
    row: Annotated[StrictInt, Field(ge=0, le=10_000)]
    item: Key
    option: Key
    number: Optional[float]
    text: Optional[Annotated[StrictStr, Field(max_length=MAX_TEXT)]]
    rank: Optional[Annotated[StrictInt, Field(ge=1, le=100)]]
    moderation: Optional[ArchivedModeration]

    _number = field_validator("number")(_finite)


class ArchivedResponse(_Strict):
    participant: Token
    session: SessionRef
    questionnaire: QuestionnaireRef
    status: Literal["draft", "submitted"]
    idempotency_token: Optional[Annotated[StrictStr, Field(max_length=64)]]
    late: StrictBool
    created_at: datetime
    updated_at: datetime
    submitted_at: Optional[datetime]
    draft: Optional[dict[str, Any]]
    draft_saved_at: Optional[datetime]
    answers: list[ArchivedAnswer]


class ArchivedHead(_Strict):
    country: Country
    participant: Token
    set_at: datetime
    set_by: Role


class ArchivedPosition(_Strict):
    session: SessionRef
    country: Country
    question_id: QuestionId
    item: Key
    position: Key
    number: Optional[float]
    note: Annotated[StrictStr, Field(max_length=300)]
    cleared_by: Optional[Token]
    cleared_at: datetime

    _number = field_validator("number")(_finite)


class AnswerRef(_Strict):
    participant: Token
    day: Day
    position: Position
    question_id: QuestionId
    row: Annotated[StrictInt, Field(ge=0, le=10_000)]
    item: Key
    option: Key


class ResponseRef(_Strict):
    participant: Token
    day: Day
    position: Position


class AuditDetail(BaseModel):
    """Free-form, except the references a restore turns back into ids."""

    model_config = ConfigDict(extra="allow", strict=True)
    agenda_session_ref: Optional[SessionRef] = None
    response_ref: Optional[ResponseRef] = None
    answer_ref: Optional[AnswerRef] = None
    participant_ref: Optional[Token] = None


class ArchivedAuditEntry(_Strict):
    at: datetime
    actor: Role
    action: Annotated[StrictStr, Field(max_length=60)]
    detail: AuditDetail


class Archive(_Strict):
    """The whole file; `exports.archive.archive_event` writes exactly this shape."""

    format: Literal["gapmap-archive"]
    format_version: Literal[1]
    # the demo event's archive says so (`gapmap.demo_marker`); others, and older archives, have none
    demo_marker: Optional[Annotated[StrictStr, Field(max_length=300)]] = None
    event: ArchivedEvent
    questionnaires: list[ArchivedQuestionnaire]
    agenda: list[ArchivedSession]
    participants: list[ArchivedParticipant]
    responses: list[ArchivedResponse]
    delegation_heads: list[ArchivedHead] = []  # archives written before heads existed have none
    cleared_positions: list[ArchivedPosition] = []
    audit: list[ArchivedAuditEntry]

    @model_validator(mode="after")
    def _consistent(self) -> "Archive":
        if self.event.end_date < self.event.start_date:
            raise ValueError("event.end_date: the event ends before it starts")
        if self.demo_marker is not None and not self.event.is_demo:
            raise ValueError("demo_marker: only the demo event's archive is marked as demo data")
        return self


def _path(location: tuple) -> str:
    out = ""
    for part in location:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(the file)"


def check_archive(text: str | bytes) -> tuple[Archive | None, list[str]]:
    """(the archive, []) or (None, every problem as 'path: message'), from the archive's JSON text
    (strict JSON: a date is an ISO string, a number is never a string, true is never "yes")."""
    try:
        archive = Archive.model_validate_json(text)
    except ValidationError as exc:
        return None, [f"{_path(e['loc'])}: {e['msg']}" for e in exc.errors(include_url=False)][:50]
    problems = _references(archive)
    return (None, problems) if problems else (archive, [])


def _references(archive: Archive) -> list[str]:
    """Every reference between rows points at a row the archive holds (a database would refuse
    the write half-way otherwise)."""
    problems: list[str] = []
    versions = {(q.key, q.version) for q in archive.questionnaires}
    sessions = {(s.day, s.position) for s in archive.agenda}
    tokens = {p.token for p in archive.participants}
    answers = {(r.participant, r.session.day, r.session.position, a.question_id, a.row, a.item, a.option)
               for r in archive.responses for a in r.answers}
    responses = {(r.participant, r.session.day, r.session.position) for r in archive.responses}
    for i, s in enumerate(archive.agenda):
        if (s.questionnaire.key, s.questionnaire.version) not in versions:
            problems.append(f"agenda[{i}].questionnaire: names a questionnaire version the archive lacks")
    for i, r in enumerate(archive.responses):
        if r.participant not in tokens:
            problems.append(f"responses[{i}].participant: names a participant the archive lacks")
        if (r.session.day, r.session.position) not in sessions:
            problems.append(f"responses[{i}].session: names a session the archive lacks")
        if (r.questionnaire.key, r.questionnaire.version) not in versions:
            problems.append(f"responses[{i}].questionnaire: names a questionnaire version the archive lacks")
        if r.status == "submitted" and r.submitted_at is None:
            problems.append(f"responses[{i}].submitted_at: a submitted response needs its time")
        for j, a in enumerate(r.answers):
            if a.moderation is not None and a.moderation.hidden and a.moderation.quotable:
                problems.append(f"responses[{i}].answers[{j}].moderation.quotable: a hidden answer cannot be quotable")
    for i, h in enumerate(archive.delegation_heads):
        if h.participant not in tokens:
            problems.append(f"delegation_heads[{i}].participant: names a participant the archive lacks")
    for i, c in enumerate(archive.cleared_positions):
        if (c.session.day, c.session.position) not in sessions:
            problems.append(f"cleared_positions[{i}].session: names a session the archive lacks")
        if c.cleared_by is not None and c.cleared_by not in tokens:
            problems.append(f"cleared_positions[{i}].cleared_by: cleared by a participant the archive lacks")
    for i, e in enumerate(archive.audit):
        d = e.detail
        session_ref = d.agenda_session_ref
        if session_ref is not None and (session_ref.day, session_ref.position) not in sessions:
            problems.append(f"audit[{i}].detail.agenda_session_ref: names a session the archive lacks")
        if d.response_ref is not None and (d.response_ref.participant, d.response_ref.day,
                                           d.response_ref.position) not in responses:
            problems.append(f"audit[{i}].detail.response_ref: names a response the archive lacks")
        if d.answer_ref is not None and tuple(d.answer_ref.model_dump().values()) not in answers:
            problems.append(f"audit[{i}].detail.answer_ref: names an answer the archive lacks")
        if d.participant_ref is not None and d.participant_ref not in tokens:
            problems.append(f"audit[{i}].detail.participant_ref: names a participant the archive lacks")
    return problems[:50]
