"""Facilitators' decisions on free-text answers: hide, redact, tag. The original text stays."""
from __future__ import annotations

from sqlmodel import Session, select

from db import audit
from db.models import AgendaSession, Answer, Moderation, Response, utcnow

_UNSET = object()


def moderate(
    *, session: Session, answer_id: int, actor: str, hidden=_UNSET, redacted_text=_UNSET, tags=_UNSET,
) -> Moderation:
    """Change what a free-text answer shows; every change goes to the audit log (never the text)."""
    answer = session.get(Answer, answer_id)
    if answer is None or answer.text is None:
        raise LookupError("That answer no longer exists.")
    decision = session.exec(select(Moderation).where(Moderation.answer_id == answer_id)).first() or Moderation(
        answer_id=answer_id)
    changed = {}
    if hidden is not _UNSET and bool(hidden) != decision.hidden:
        decision.hidden = changed["hidden"] = bool(hidden)
    if redacted_text is not _UNSET:
        value = redacted_text if redacted_text not in ("", None) else None
        if value != decision.redacted_text:
            decision.redacted_text = value
            changed["redacted"] = value is not None
    if tags is not _UNSET:
        cleaned = sorted({t.strip()[:40] for t in tags if t and t.strip()})
        if cleaned != list(decision.tags or []):
            decision.tags = changed["tags"] = cleaned
    if not changed:
        return decision
    decision.updated_at, decision.updated_by = utcnow(), actor
    session.add(decision)
    response = session.get(Response, answer.response_id)
    slot = session.get(AgendaSession, response.agenda_session_id)
    audit.record(session=session, actor=actor, action="text_moderated", event_id=slot.event_id,
                 detail={"answer_id": answer_id, "question_id": answer.question_id, **changed})
    return decision
