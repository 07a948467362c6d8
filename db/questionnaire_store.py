"""Questionnaire versions in the database: a changed file becomes a new version."""
from __future__ import annotations

from sqlmodel import Session, col, func, select

from db.models import QuestionnaireVersion
from questionnaires.loader import content_hash
from questionnaires.schema import Questionnaire, localise


def store_version(
    *, db: Session, questionnaire: Questionnaire, source: str = ""
) -> tuple[QuestionnaireVersion, bool]:
    """Store `questionnaire` unless the same content is stored; returns (version, created)."""
    digest = content_hash(questionnaire)
    existing = db.exec(
        select(QuestionnaireVersion).where(
            QuestionnaireVersion.key == questionnaire.key, QuestionnaireVersion.content_hash == digest
        )
    ).first()
    if existing:
        return existing, False
    last = db.exec(
        select(func.max(QuestionnaireVersion.version)).where(QuestionnaireVersion.key == questionnaire.key)
    ).one()
    version = QuestionnaireVersion(
        key=questionnaire.key,
        version=(last or 0) + 1,
        theme=questionnaire.theme,
        title=localise(questionnaire.title, questionnaire.default_language)[:300],
        definition=questionnaire.model_dump(mode="json"),
        content_hash=digest,
        source=source[:300],
    )
    db.add(version)
    db.flush()
    return version, True


def latest_versions(*, db: Session) -> list[QuestionnaireVersion]:
    """The newest version of every questionnaire key."""
    newest = (
        select(QuestionnaireVersion.key, func.max(QuestionnaireVersion.version).label("v"))
        .group_by(QuestionnaireVersion.key)
        .subquery()
    )
    query = select(QuestionnaireVersion).join(
        newest, (QuestionnaireVersion.key == newest.c.key) & (QuestionnaireVersion.version == newest.c.v)
    )
    return list(db.exec(query.order_by(col(QuestionnaireVersion.key))))


def latest_version(*, db: Session, key: str) -> QuestionnaireVersion | None:
    return db.exec(
        select(QuestionnaireVersion)
        .where(QuestionnaireVersion.key == key)
        .order_by(col(QuestionnaireVersion.version).desc())
    ).first()


_parsed: dict[tuple[str, str], Questionnaire] = {}


def definition(version: QuestionnaireVersion) -> Questionnaire:
    """The validated questionnaire a stored version holds (parsed once: versions never change)."""
    cache_key = (version.key, version.content_hash)
    parsed = _parsed.get(cache_key)
    if parsed is None:
        parsed = _parsed[cache_key] = Questionnaire.model_validate(version.definition)
    return parsed


def definition_by_id(*, db: Session, version_id: int) -> Questionnaire | None:
    """The questionnaire of a stored version by its id, without reading its stored JSON again once
    parsed: only the version's key and content hash are read (an id can be reused after a removal,
    the pair cannot)."""
    row = db.exec(select(QuestionnaireVersion.key, QuestionnaireVersion.content_hash)
                  .where(QuestionnaireVersion.id == version_id)).first()
    if row is None:
        return None
    parsed = _parsed.get((row[0], row[1]))
    if parsed is not None:
        return parsed
    version = db.get(QuestionnaireVersion, version_id)
    return definition(version) if version is not None else None
