"""GapMap's tables (SQLModel), one section per entity, as in DESIGN.md section 3.

No `from __future__ import annotations` here: it breaks SQLModel relationships on Python 3.11.
Timestamps are timezone-aware UTC. No table holds a name, e-mail, agency or IP address.
"""
import enum
from datetime import date, datetime, timezone
from typing import Any, Optional

from sqlalchemy import JSON, CheckConstraint, Index, UniqueConstraint, false
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class AttributionPolicy(str, enum.Enum):
    ATTRIBUTABLE = "attributable"  # country-level results may be shown with the country named
    CHATHAM_HOUSE = "chatham_house"  # regional aggregates only, no country attribution


class SessionState(str, enum.Enum):
    SCHEDULED = "scheduled"
    OPEN = "open"
    CLOSED = "closed"


class ResponseStatus(str, enum.Enum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class Role(str, enum.Enum):
    DELEGATE = "delegate"
    FACILITATOR = "facilitator"
    ORGANISER = "organiser"


# --- Event -----------------------------------------------------------------------------------

DEFAULT_TIME_ZONE = "UTC"
TIME_ZONE_MAX_LENGTH = 64  # IANA names are at most ~32 characters ("America/Argentina/ComodRivadavia")
#: An event's objectives and the partners its reports acknowledge: short lines, a few of them
#: (checked by gapmap.event_setup and exports.archive_schema; shown on every export's cover).
MAX_OBJECTIVES, OBJECTIVE_MAX_LENGTH = 10, 200
MAX_PARTNERS, PARTNER_MAX_LENGTH = 20, 120


class EventBase(SQLModel):
    title: str = Field(max_length=300)
    venue: str = Field(default="", max_length=300)
    start_date: date
    end_date: date
    organisers: list[str] = Field(default_factory=list, sa_type=JSON)
    countries: list[str] = Field(default_factory=list, sa_type=JSON)  # ISO 3166-1 alpha-3
    attribution_policy: str = Field(default=AttributionPolicy.CHATHAM_HOUSE.value, max_length=20)
    min_group_size: int = Field(default=3, ge=1, le=50)
    privacy_notice: str = Field(default="")
    # The IANA zone of the venue's clocks ("Asia/Bangkok"): delegates read times of day in it
    # (gapmap.event_time); stored times stay UTC. Checked against zoneinfo by gapmap.event_setup.
    time_zone: str = Field(default=DEFAULT_TIME_ZONE, max_length=TIME_ZONE_MAX_LENGTH,
                           sa_column_kwargs={"server_default": DEFAULT_TIME_ZONE})
    # What the consultation is for ("Inform the regional workplan") and the organisations its
    # reports acknowledge ("UN Women"); events made before these existed have none.
    objectives: list[str] = Field(default_factory=list, sa_type=JSON, sa_column_kwargs={"server_default": "[]"})
    partners: list[str] = Field(default_factory=list, sa_type=JSON, sa_column_kwargs={"server_default": "[]"})


class Event(EventBase, table=True):
    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="event_dates_ordered"),
        CheckConstraint("min_group_size >= 1", name="event_min_group_size_positive"),
        CheckConstraint(
            "attribution_policy IN ('attributable', 'chatham_house')", name="event_policy_valid"
        ),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    code: str = Field(max_length=16, unique=True, index=True)  # the join code, upper case
    is_demo: bool = Field(default=False)
    archived: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow)


# --- Questionnaire version -------------------------------------------------------------------

class QuestionnaireVersion(SQLModel, table=True):
    """One immutable version of a questionnaire; a changed file becomes a new version."""

    __tablename__ = "questionnaire_version"
    __table_args__ = (
        UniqueConstraint("key", "version", name="uq_questionnaire_key_version"),
        UniqueConstraint("key", "content_hash", name="uq_questionnaire_key_hash"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    key: str = Field(max_length=63, index=True)
    version: int = Field(ge=1)
    theme: str = Field(max_length=40)
    title: str = Field(max_length=300)
    definition: dict[str, Any] = Field(sa_type=JSON)  # the validated Questionnaire, as JSON
    content_hash: str = Field(max_length=64)
    source: str = Field(default="", max_length=300)  # file name it came from
    created_at: datetime = Field(default_factory=utcnow)


# --- Agenda session --------------------------------------------------------------------------

class AgendaSession(SQLModel, table=True):
    """One slot of the event's agenda, answered with one questionnaire version."""

    __tablename__ = "agenda_session"
    __table_args__ = (
        UniqueConstraint("event_id", "day", "position", name="uq_agenda_slot"),
        CheckConstraint("state IN ('scheduled', 'open', 'closed')", name="agenda_state_valid"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True, ondelete="CASCADE")
    day: int = Field(ge=1)
    position: int = Field(ge=1)
    title: str = Field(max_length=300)
    questionnaire_version_id: int = Field(foreign_key="questionnaire_version.id", ondelete="RESTRICT")
    state: str = Field(default=SessionState.SCHEDULED.value, max_length=12)
    results_visible: bool = Field(default=False)
    opened_at: Optional[datetime] = None
    closed_at: Optional[datetime] = None


# --- Participant -----------------------------------------------------------------------------

class Participant(SQLModel, table=True):
    """A delegate's anonymous seat: an unguessable token, a country and a broad sector."""

    id: Optional[int] = Field(default=None, primary_key=True)
    event_id: int = Field(foreign_key="event.id", index=True, ondelete="CASCADE")
    token: str = Field(max_length=64, unique=True, index=True)
    country: str = Field(max_length=3)
    sector: str = Field(default="", max_length=40)
    consented_at: datetime = Field(default_factory=utcnow)
    is_demo: bool = Field(default=False)


# --- Response and answers --------------------------------------------------------------------

class Response(SQLModel, table=True):
    """One participant's answers to one agenda session (at most one per pair)."""

    __table_args__ = (
        UniqueConstraint("participant_id", "agenda_session_id", name="uq_response_participant_session"),
        CheckConstraint("status IN ('draft', 'submitted')", name="response_status_valid"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", index=True, ondelete="CASCADE")
    agenda_session_id: int = Field(foreign_key="agenda_session.id", index=True, ondelete="CASCADE")
    questionnaire_version_id: int = Field(foreign_key="questionnaire_version.id", ondelete="RESTRICT")
    status: str = Field(default=ResponseStatus.DRAFT.value, max_length=12)
    idempotency_token: Optional[str] = Field(default=None, max_length=64, unique=True)
    late: bool = Field(default=False)  # saved after the session was closed
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    submitted_at: Optional[datetime] = None
    # The delegate's working copy (question id -> value, see gapmap.answers), saved as they go.
    # Answer rows hold the latest *submitted* answers only, so charts never count half-done work.
    draft: Optional[dict[str, Any]] = Field(default=None, sa_type=JSON)
    draft_saved_at: Optional[datetime] = None


class Answer(SQLModel, table=True):
    """One value of a response: every chart is a GROUP BY over these rows.

    `row` numbers the rows of a repeatable question (gap register), `item` names a matrix row or
    a gap register field, `option` holds a chosen option id (one row per chosen option), and
    `number`, `text` and `rank` hold the other kinds of value.
    """

    __table_args__ = (
        UniqueConstraint("response_id", "question_id", "row", "item", "option", name="uq_answer_cell"),
        Index("ix_answer_question_option", "question_id", "item", "option"),
        # Covers the dashboard's GROUP BY: a session's answers are read from the index alone.
        Index("ix_answer_counts", "response_id", "question_id", "item", "option", "rank"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    response_id: int = Field(foreign_key="response.id", ondelete="CASCADE")
    question_id: str = Field(max_length=63)
    row: int = Field(default=0)
    item: str = Field(default="", max_length=63)
    option: str = Field(default="", max_length=63)
    number: Optional[float] = None
    text: Optional[str] = None
    rank: Optional[int] = None


# --- Delegations: heads and cleared positions ------------------------------------------------

class DelegationHead(SQLModel, table=True):
    """The head of one State's delegation at an event: the delegate who may clear its positions."""

    __tablename__ = "delegation_head"
    event_id: int = Field(foreign_key="event.id", primary_key=True, ondelete="CASCADE")
    country: str = Field(max_length=3, primary_key=True)
    participant_id: int = Field(foreign_key="participant.id", index=True, ondelete="CASCADE")
    set_at: datetime = Field(default_factory=utcnow)
    set_by: str = Field(default="", max_length=20)  # a role, never a person


class ClearedPosition(SQLModel, table=True):
    """A State's position on one question (or matrix row, or multiple-choice option), cleared by
    the head of its delegation; it overrides the position computed from the delegates' answers."""

    __tablename__ = "cleared_position"
    __table_args__ = (
        UniqueConstraint("agenda_session_id", "country", "question_id", "item", name="uq_cleared_position"),
    )
    id: Optional[int] = Field(default=None, primary_key=True)
    agenda_session_id: int = Field(foreign_key="agenda_session.id", index=True, ondelete="CASCADE")
    country: str = Field(max_length=3)
    question_id: str = Field(max_length=63)
    item: str = Field(default="", max_length=63)  # a matrix row or multiple-choice option; "" otherwise
    position: str = Field(default="", max_length=63)  # an option id, "selected" / "not_selected", or ""
    number: Optional[float] = None  # a number question's cleared value
    note: str = Field(default="", max_length=300)  # e.g. the provision: "Penal Code s. 312/1"
    cleared_by: Optional[int] = Field(default=None, foreign_key="participant.id", ondelete="SET NULL")
    cleared_at: datetime = Field(default_factory=utcnow)


# --- Moderation and audit --------------------------------------------------------------------

class Moderation(SQLModel, table=True):
    """A facilitator's decision on one free-text answer; the original text stays in `answer`."""

    id: Optional[int] = Field(default=None, primary_key=True)
    answer_id: int = Field(foreign_key="answer.id", unique=True, ondelete="CASCADE")
    hidden: bool = Field(default=False)
    redacted_text: Optional[str] = None
    tags: list[str] = Field(default_factory=list, sa_type=JSON)
    # The rapporteur's brief may quote it (never attributed to a State: gapmap.quotes); never
    # together with hidden (gapmap.moderation).
    quotable: bool = Field(default=False, sa_column_kwargs={"server_default": false()})
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = Field(default="", max_length=20)


class AuditLog(SQLModel, table=True):
    """Append-only: sign-ins, session state changes, moderation, exports, settings."""

    __tablename__ = "audit_log"
    id: Optional[int] = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True)
    actor: str = Field(max_length=20)  # a role, never a person
    action: str = Field(max_length=60, index=True)
    event_id: Optional[int] = Field(default=None, foreign_key="event.id")
    detail: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)


# --- Credentials -----------------------------------------------------------------------------

class Credential(SQLModel, table=True):
    """The argon2 hash of a role's generated passcode (never the passcode itself)."""

    role: str = Field(primary_key=True, max_length=20)
    passcode_hash: str = Field(max_length=200)
    created_at: datetime = Field(default_factory=utcnow)


# --- Running the room: staff sessions, the running event, the projector's slide ---------------

class StaffSession(SQLModel, table=True):
    """A facilitator's or organiser's signed-in browser. Its cookie holds a random id; only the
    id's SHA-256 is stored, so a copy of the database signs nobody in."""

    __tablename__ = "staff_session"
    id: Optional[int] = Field(default=None, primary_key=True)
    token_hash: str = Field(max_length=64, unique=True)
    role: str = Field(max_length=20)
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    cookie_set_at: Optional[datetime] = None  # the id is handed to the browser's cookie once
    revoked_at: Optional[datetime] = None
    event_id: Optional[int] = Field(default=None, foreign_key="event.id", ondelete="SET NULL")  # last chosen


class RunningEvent(SQLModel, table=True):
    """The one event the room is running now (a single row); staff pages open on it."""

    __tablename__ = "running_event"
    __table_args__ = (CheckConstraint("id = 1", name="running_event_single_row"),)
    id: int = Field(default=1, primary_key=True)
    event_id: Optional[int] = Field(default=None, foreign_key="event.id", ondelete="SET NULL")
    set_at: datetime = Field(default_factory=utcnow)
    set_by: str = Field(default="", max_length=20)  # a role, never a person


class ProjectorSlide(SQLModel, table=True):
    """What the room's screen shows for an event, driven from the presenter console."""

    __tablename__ = "projector_slide"
    event_id: int = Field(foreign_key="event.id", primary_key=True, ondelete="CASCADE")
    agenda_session_id: Optional[int] = Field(default=None, foreign_key="agenda_session.id", ondelete="SET NULL")
    view: str = Field(default="question", max_length=20)  # "question", "join" or "blank"
    slide_index: int = Field(default=0, ge=0)
    updated_at: datetime = Field(default_factory=utcnow)
    updated_by: str = Field(default="", max_length=20)
