"""The questionnaire library: shipped and uploaded questionnaires, every version of each.

An upload (YAML or XLSForm) is checked whole before anything is stored; a new upload of a key
that exists becomes that key's next version, and the same content uploaded again is the same
version. A version that an agenda session uses cannot be removed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import PurePath

from sqlalchemy.engine import Engine
from sqlmodel import col, func, select

from db import audit
from db.engine import read_session, write_session
from db.models import AgendaSession, Event, QuestionnaireVersion, Response
from db.questionnaire_store import definition, store_version
from gapmap.event_setup import SetupError, same_moment
from gapmap.treaties import known_treaties, unknown_records
from questionnaires.formats import read_any
from questionnaires.loader import Problem, QuestionnaireError
from questionnaires.schema import Questionnaire

MAX_UPLOAD_BYTES = 2 * 1024 * 1024  # the same 2 MB the upload widget allows
BUILTIN_PREFIX = "builtin/"


@dataclass(frozen=True)
class Entry:
    """One stored questionnaire version as the library lists it."""

    id: int
    key: str
    version: int
    title: str
    theme: str
    source: str
    created_at: datetime
    questions: int
    languages: tuple[str, ...]
    used_by: int  # agenda sessions that use this version
    latest: bool

    @property
    def builtin(self) -> bool:
        return self.source.startswith(BUILTIN_PREFIX)

    @property
    def name(self) -> str:
        return f"{self.title} ({self.key} v{self.version})"


def entries(engine: Engine) -> list[Entry]:
    """Every version, by key, newest version first."""
    with read_session(engine) as db:
        versions = db.exec(select(QuestionnaireVersion)
                           .order_by(col(QuestionnaireVersion.key), col(QuestionnaireVersion.version).desc())).all()
        used = dict(db.exec(select(AgendaSession.questionnaire_version_id, func.count())
                            .group_by(AgendaSession.questionnaire_version_id)).all())
    rows, seen = [], set()
    for v in versions:
        q = definition(v)
        rows.append(Entry(id=v.id, key=v.key, version=v.version, title=v.title, theme=v.theme, source=v.source,
                          created_at=v.created_at, questions=len(q.questions), languages=tuple(q.languages),
                          used_by=int(used.get(v.id, 0)), latest=v.key not in seen))
        seen.add(v.key)
    return rows


@dataclass(frozen=True)
class Upload:
    """A checked upload: the questionnaire and notes on what was ignored (nothing stored yet)."""

    questionnaire: Questionnaire
    notes: list[Problem]
    file: str


def read_upload(file_name: str, data: bytes) -> Upload:
    """Parse an uploaded file by its kind; raises QuestionnaireError naming every problem."""
    name = PurePath(file_name or "upload").name[:200]
    if len(data) > MAX_UPLOAD_BYTES:
        raise QuestionnaireError([Problem(name, None, None, f"is {len(data) / 2**20:.1f} MB; a questionnaire file "
                                                            f"has at most {MAX_UPLOAD_BYTES / 2**20:.0f} MB")])
    questionnaire, notes = read_any(name, data)
    unknown = unknown_records(questionnaire)
    if unknown:
        raise QuestionnaireError([Problem(name, qid, "record", f"'{record}' names no treaty GapMap holds records of; "
                                          f"use one of: {', '.join('treaty:' + t for t in known_treaties())}")
                                  for qid, record in unknown])
    return Upload(questionnaire, notes, name)


def store_upload(engine: Engine, upload: Upload, *, actor: str = "organiser") -> tuple[QuestionnaireVersion, bool]:
    """Store a checked upload; returns (version, created). The same content is the same version."""
    with same_moment(), write_session(engine) as db:
        version, created = store_version(db=db, questionnaire=upload.questionnaire,
                                         source=f"upload/{upload.file}")
        audit.record(db=db, actor=actor, action="questionnaire_uploaded" if created else "questionnaire_reuploaded",
                     detail={"key": version.key, "version": version.version, "file": upload.file,
                             "questions": len(upload.questionnaire.questions)})
        return version, created


def remove_version(engine: Engine, version_id: int, *, actor: str = "organiser") -> None:
    """Remove an uploaded version that no session uses; refuses with the sessions that use it."""
    with write_session(engine) as db:
        version = db.get(QuestionnaireVersion, version_id)
        if version is None:
            raise SetupError("That questionnaire version no longer exists.")
        name = f"{version.title} ({version.key} v{version.version})"
        if version.source.startswith(BUILTIN_PREFIX):
            raise SetupError(f"{name} ships with GapMap and stays in the library.")
        users = db.exec(select(Event.code, AgendaSession.title)
                        .join(Event, Event.id == AgendaSession.event_id)
                        .where(AgendaSession.questionnaire_version_id == version_id)).all()
        if users:
            listed = "; ".join(f"{code}: {title}" for code, title in users[:5])
            more = f" and {len(users) - 5} more" if len(users) > 5 else ""
            raise SetupError(f"{name} is used by {len(users)} agenda session(s) ({listed}{more}). "
                             "Give those sessions another questionnaire or remove them first.")
        if db.exec(select(func.count()).where(Response.questionnaire_version_id == version_id)).one():
            raise SetupError(f"{name} has answers stored against it, so it stays in the library.")
        db.delete(version)
        audit.record(db=db, actor=actor, action="questionnaire_removed",
                     detail={"key": version.key, "version": version.version, "source": version.source})


def version_definition(engine: Engine, version_id: int) -> tuple[QuestionnaireVersion, Questionnaire]:
    with read_session(engine) as db:
        version = db.get(QuestionnaireVersion, version_id)
    if version is None:
        raise SetupError("That questionnaire version no longer exists.")
    return version, definition(version)
