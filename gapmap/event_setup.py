"""Organisers set up events: create, edit, archive, copy, and the join code that opens them.

Each function is one transaction that either succeeds whole or raises `SetupError` with a
message per field, and every change goes to the audit log (actor: a role, never a person).
"""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, func, select

from db import audit
from db.engine import write_session
from db.events import event_by_code
from db.models import (
    DEFAULT_TIME_ZONE,
    MAX_OBJECTIVES,
    MAX_PARTNERS,
    OBJECTIVE_MAX_LENGTH,
    PARTNER_MAX_LENGTH,
    TIME_ZONE_MAX_LENGTH,
    AgendaSession,
    AttributionPolicy,
    Event,
    Participant,
    SessionState,
)
from gapmap import privacy
from gapmap.codes import CodeError, generate_join_code, normalise_join_code
from gapmap.event_time import time_zone_name, venue_time_zone
from gapmap.reference import bali_process_members, country_name
from questionnaires.markup import find_markup, markup_message

MAX_EVENT_DAYS = 31

DEFAULT_PRIVACY_NOTICE = (
    "GapMap collects your views on your country's legal framework, nothing about you. We do not ask "
    "for your name, e-mail or agency, and do not record your IP address. Do not enter names, case "
    "details or anything that could identify a victim, witness or suspect."
)

#: Form field -> its label, so messages name what the organiser sees.
FIELD_LABELS = {
    "title": "Title", "venue": "Venue", "start_date": "Start date", "end_date": "End date",
    "organisers": "Organisers", "countries": "Participating countries", "attribution_policy": "Attribution",
    "min_group_size": "Minimum group size", "privacy_notice": "Privacy notice", "code": "Join code",
    "time_zone": "Time zone", "objectives": "Objectives", "partners": "Partners",
}


class SetupError(ValueError):
    """A change that cannot be made as asked; `problems` maps a form field (or '') to a message."""

    def __init__(self, problems: dict[str, str] | str):
        self.problems = problems if isinstance(problems, dict) else {"": problems}
        super().__init__(" ".join(self.problems.values()))


class EventSettings(BaseModel):
    """Everything an organiser sets on an event (the join code is handled on its own)."""

    model_config = ConfigDict(str_strip_whitespace=True)

    title: str = Field(min_length=1, max_length=300)
    venue: str = Field("", max_length=300)
    start_date: date
    end_date: date
    organisers: list[str] = Field(default_factory=list, max_length=20)
    countries: list[str] = Field(min_length=1)
    attribution_policy: Literal["attributable", "chatham_house"] = AttributionPolicy.CHATHAM_HOUSE.value
    min_group_size: int = Field(3, ge=1, le=50)
    privacy_notice: str = Field(DEFAULT_PRIVACY_NOTICE, min_length=1, max_length=5000)
    #: An IANA name; left empty, the venue's (gapmap.event_time.venue_time_zone), else UTC.
    time_zone: str = Field("", max_length=TIME_ZONE_MAX_LENGTH)
    #: What the consultation is for, one short line each; shown on every export's cover and the brief.
    objectives: list[str] = Field(default_factory=list)
    #: Organisations the reports acknowledge ("UN Women"), one per line.
    partners: list[str] = Field(default_factory=list)

    @field_validator("title", "venue")
    @classmethod
    def _no_markup(cls, text: str) -> str:
        if found := find_markup(text):
            raise ValueError(markup_message(found))
        return text

    @field_validator("organisers")
    @classmethod
    def _organisers(cls, names: list[str]) -> list[str]:
        names = [n.strip() for n in names if n and n.strip()]
        if any(len(n) > 200 for n in names):
            raise ValueError("each organiser has at most 200 characters")
        if found := next((f for n in names if (f := find_markup(n))), None):
            raise ValueError(markup_message(found))
        return list(dict.fromkeys(names))

    @field_validator("objectives")
    @classmethod
    def _objectives(cls, lines: list[str]) -> list[str]:
        return _short_lines(lines, most=MAX_OBJECTIVES, longest=OBJECTIVE_MAX_LENGTH)

    @field_validator("partners")
    @classmethod
    def _partners(cls, lines: list[str]) -> list[str]:
        return _short_lines(lines, most=MAX_PARTNERS, longest=PARTNER_MAX_LENGTH)

    @field_validator("countries")
    @classmethod
    def _members_only(cls, codes: list[str]) -> list[str]:
        codes = list(dict.fromkeys(c.strip().upper() for c in codes))
        unknown = [c for c in codes if c not in bali_process_members()]
        if unknown:
            raise ValueError(f"{', '.join(unknown)} {'is' if len(unknown) == 1 else 'are'} not a Bali Process "
                             "member; choose from the list")
        return codes

    @field_validator("time_zone")
    @classmethod
    def _known_zone(cls, name: str) -> str:
        if name and (known := time_zone_name(name)) is None:
            raise ValueError(f"“{name}” is not a time zone this server knows; choose one from the list, "
                             "e.g. Asia/Bangkok")
        return known if name else name

    @model_validator(mode="after")
    def _zone_of_the_venue(self) -> "EventSettings":
        if not self.time_zone:
            self.time_zone = venue_time_zone(self.venue) or DEFAULT_TIME_ZONE
        return self

    @model_validator(mode="after")
    def _dates(self) -> "EventSettings":
        if self.end_date < self.start_date:
            raise ValueError(f"end_date: the end ({self.end_date:%d %b %Y}) is before the start "
                             f"({self.start_date:%d %b %Y})")
        if self.days > MAX_EVENT_DAYS:
            raise ValueError(f"end_date: an event lasts at most {MAX_EVENT_DAYS} days")
        return self

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    @classmethod
    def of(cls, event: Event) -> "EventSettings":
        """An event's settings as stored (not re-checked: a form shows them, and saving checks them)."""
        return cls.model_construct(**{name: getattr(event, name) for name in cls.model_fields})


def _short_lines(lines: list[str], *, most: int, longest: int) -> list[str]:
    """One item per typed line: blank lines and repeats dropped; at most `most` of at most `longest`
    characters each, else a message that says how many to remove or which line to shorten."""
    kept = list(dict.fromkeys(line.strip() for line in lines if line and line.strip()))
    if len(kept) > most:
        raise ValueError(f"at most {most}, one per line; there are {len(kept)}, so remove {len(kept) - most}")
    too_long = [f"line {n} has {len(line.strip())}" for n, line in enumerate(lines, 1)
                if line and len(line.strip()) > longest]  # numbered as typed, blank lines included
    if too_long:
        raise ValueError(f"at most {longest} characters a line ({', '.join(dict.fromkeys(too_long))}); "
                         f"shorten {'it' if len(too_long) == 1 else 'them'}")
    if found := next((f for line in kept if (f := find_markup(line))), None):
        raise ValueError(markup_message(found))
    return kept


def check_settings(data: dict) -> EventSettings:
    """Validate form input; raises SetupError naming each field that is wrong."""
    try:
        return EventSettings.model_validate(data)
    except ValidationError as exc:
        problems: dict[str, str] = {}
        for err in exc.errors(include_url=False):
            message = err["msg"].removeprefix("Value error, ")
            field = str(err["loc"][0]) if err["loc"] else ""
            if ":" in message and message.split(":", 1)[0] in FIELD_LABELS:  # a model check naming its field
                field, message = (part.strip() for part in message.split(":", 1))
            problems.setdefault(field, _friendly(field, err["type"], message))
        raise SetupError(problems) from None


def check_new_event(typed: dict) -> tuple[EventSettings, str | None]:
    """A new event's settings and its wanted join code, every problem of both reported at once."""
    problems: dict[str, str] = {}
    code = (typed.get("code") or "").strip() or None
    if code:
        try:
            code = normalise_join_code(code)
        except CodeError as exc:
            problems["code"] = str(exc)
    try:
        settings = check_settings({k: v for k, v in typed.items() if k != "code"})
    except SetupError as exc:
        raise SetupError({**exc.problems, **problems}) from None
    if problems:
        raise SetupError(problems)
    return settings, code


def _friendly(field: str, kind: str, message: str) -> str:
    label = FIELD_LABELS.get(field, field)
    if kind in ("missing", "string_too_short") or (kind == "too_short" and field == "countries"):
        return f"{label} is required." if field != "countries" else "Choose at least one participating country."
    if kind == "string_too_long":
        return f"{label} is too long: {message.lower()}."
    if message[1:2].islower():  # "Input should be ..." reads on after the label; "XXX is ..." keeps its capitals
        message = message[0].lower() + message[1:]
    return f"{label}: {message}."


# --- Join codes ------------------------------------------------------------------------------

def _choose_code(db: Session, wanted: str | None, *, current: Event | None = None) -> str:
    if wanted and wanted.strip():
        try:
            code = normalise_join_code(wanted)
        except CodeError as exc:
            raise SetupError({"code": str(exc).replace("Enter the join code shown on the screen, for example "
                                                       "BKK2024.", "Enter a join code.")}) from None
        holder = event_by_code(db=db, code=code, include_archived=True)
        if holder is not None and holder is not current:
            raise SetupError({"code": f"The join code {code} is already used by “{holder.title[:60]}”. "
                                      "Choose another, or leave it empty for a generated one."})
        if current is not None and holder is current:
            raise SetupError({"code": f"{code} is already this event's join code."})
        return code
    while True:  # 31^7 codes: a clash is rare, but never reused
        code = generate_join_code()
        if event_by_code(db=db, code=code, include_archived=True) is None:
            return code


@contextmanager
def _code_race():
    """Two organisers taking the same code at the same moment: the loser gets a message, not a crash."""
    try:
        yield
    except IntegrityError:
        raise SetupError({"code": "Another event took that join code a moment ago. Choose another, or leave "
                                  "it empty for a generated one."}) from None


@contextmanager
def same_moment():
    """Two organisers changing the same agenda or library at once: the loser is asked to try again."""
    try:
        yield
    except IntegrityError:
        raise SetupError("Someone else changed this at the same moment. Nothing of yours was saved; "
                         "please try again.") from None


# --- Events ----------------------------------------------------------------------------------

def create_event(engine: Engine, settings: EventSettings, *, code: str | None = None,
                 actor: str = "organiser") -> Event:
    """A new event with a generated (or the given) join code."""
    with _code_race(), write_session(engine) as db:
        event = Event(code=_choose_code(db, code), **settings.model_dump())
        db.add(event)
        db.flush()
        audit.record(db=db, actor=actor, action="event_created", event_id=event.id,
                     detail={"title": event.title, "code": event.code, "countries": len(event.countries)})
        db.refresh(event)
        return event


def update_event(engine: Engine, event_id: int, settings: EventSettings, *, actor: str = "organiser") -> list[str]:
    """Change an event's settings; returns the names of the fields that changed."""
    with write_session(engine) as db:
        event = event_or_error(db, event_id)
        _check_still_fits(db, event, settings)
        changed = [name for name, value in settings.model_dump().items() if getattr(event, name) != value]
        detail = {name: "changed" if name == "privacy_notice" else f"{_shown(getattr(event, name))} → "
                  f"{_shown(getattr(settings, name))}" for name in changed}
        for name in changed:
            setattr(event, name, getattr(settings, name))
        if changed:
            db.add(event)
            audit.record(db=db, actor=actor, action="event_updated", event_id=event.id, detail=detail)
        return changed


def _shown(value) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def _check_still_fits(db: Session, event: Event, settings: EventSettings) -> None:
    """Refuse settings that would orphan what the event holds or break what delegates consented to."""
    joined = set(db.exec(select(Participant.country).where(Participant.event_id == event.id).distinct()))
    if joined and (loosened := privacy.loosened_terms(event, attribution_policy=settings.attribution_policy,
                                                      min_group_size=settings.min_group_size)):
        raise SetupError(loosened)
    dropped = sorted(joined - set(settings.countries))
    if dropped:
        names = ", ".join(country_name(c) for c in dropped)
        raise SetupError({"countries": f"Delegates of {names} have already joined, so "
                                       f"{'it stays' if len(dropped) == 1 else 'they stay'} among the participating "
                                       "countries."})
    last_day = db.exec(select(func.max(AgendaSession.day)).where(AgendaSession.event_id == event.id)).one()
    if last_day and last_day > settings.days:
        raise SetupError({"end_date": f"The agenda has sessions on day {last_day}; move them before "
                                      f"shortening the event to {settings.days} day(s)."})


def rotate_code(engine: Engine, event_id: int, *, new_code: str | None = None, actor: str = "organiser") -> str:
    """Give the event a new join code; the old one stops working at once (joined delegates stay)."""
    with _code_race(), write_session(engine) as db:
        event = event_or_error(db, event_id)
        old = event.code
        event.code = _choose_code(db, new_code, current=event)
        db.add(event)
        audit.record(db=db, actor=actor, action="join_code_changed", event_id=event.id,
                     detail={"from": old, "to": event.code})
        return event.code


def set_archived(engine: Engine, event_id: int, archived: bool, *, actor: str = "organiser") -> None:
    """Archive an event (its code stops working, it leaves the pickers; data stays) or restore it."""
    with write_session(engine) as db:
        event = event_or_error(db, event_id)
        if event.archived == archived:
            return
        event.archived = archived
        db.add(event)
        audit.record(db=db, actor=actor, action="event_archived" if archived else "event_unarchived",
                     event_id=event.id, detail={"title": event.title})


def copy_event(engine: Engine, event_id: int, *, title: str, start_date: date, code: str | None = None,
               actor: str = "organiser") -> Event:
    """A new event with the same settings, agenda and questionnaire versions, and no responses.

    The copy keeps the original's length; every session starts as scheduled, results hidden.
    """
    with _code_race(), write_session(engine) as db:
        source = event_or_error(db, event_id)
        settings = EventSettings.of(source).model_dump()
        settings.update(title=title, start_date=start_date, end_date=start_date + (source.end_date - source.start_date),
                        privacy_notice=source.privacy_notice or DEFAULT_PRIVACY_NOTICE)
        checked = check_settings(settings)
        copy = Event(code=_choose_code(db, code), **checked.model_dump())
        db.add(copy)
        db.flush()
        agenda_sessions = db.exec(select(AgendaSession).where(AgendaSession.event_id == source.id)
                                  .order_by(col(AgendaSession.day), col(AgendaSession.position))).all()
        for agenda_session in agenda_sessions:
            db.add(AgendaSession(event_id=copy.id, day=agenda_session.day, position=agenda_session.position,
                                 title=agenda_session.title,
                                 questionnaire_version_id=agenda_session.questionnaire_version_id,
                                 state=SessionState.SCHEDULED.value))
        audit.record(db=db, actor=actor, action="event_copied", event_id=copy.id,
                     detail={"from": source.code, "code": copy.code, "sessions": len(agenda_sessions)})
        audit.record(db=db, actor=actor, action="event_copied", event_id=source.id,
                     detail={"to": copy.code, "title": copy.title})
        db.flush()
        db.refresh(copy)
        return copy


def event_or_error(db: Session, event_id: int) -> Event:
    event = db.get(Event, event_id)
    if event is None:
        raise SetupError("That event no longer exists.")
    return event


def event_days(event: Event) -> list[tuple[int, date]]:
    """(day number, date) for each day of the event."""
    return [(n + 1, event.start_date + timedelta(days=n)) for n in range((event.end_date - event.start_date).days + 1)]
