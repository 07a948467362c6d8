"""Facilitators' decisions on free-text answers: hide, redact, tag. The delegate's original stays.

The rules (what counts as a change, how tags are cleaned) and the audit entry live here; the audit
entry records what changed, never the text itself.
"""
from __future__ import annotations

from sqlalchemy.engine import Engine

from db import audit
from db.engine import write_session
from db.models import Moderation, utcnow
from db.moderation import decision_for, text_answer

_UNSET = object()
MAX_TAG = 40


def clean_tags(tags) -> list[str]:
    """Tags trimmed, cut to 40 characters, blanks and duplicates dropped, sorted."""
    return sorted({t.strip()[:MAX_TAG] for t in tags if t and t.strip()})


def moderate(engine: Engine, answer_id: int, *, actor: str, hidden=_UNSET, redacted_text=_UNSET,
             tags=_UNSET) -> Moderation:
    """Change what a free-text answer shows; every change goes to the audit log (never the text)."""
    with write_session(engine) as db:
        found = text_answer(db=db, answer_id=answer_id)
        if found is None:
            raise LookupError("That answer no longer exists.")
        answer, event_id = found
        decision = decision_for(db=db, answer_id=answer_id) or Moderation(answer_id=answer_id)
        changed = {}
        if hidden is not _UNSET and bool(hidden) != decision.hidden:
            decision.hidden = changed["hidden"] = bool(hidden)
        if redacted_text is not _UNSET:
            value = redacted_text if redacted_text not in ("", None) else None
            if value != decision.redacted_text:
                decision.redacted_text = value
                changed["redacted"] = value is not None
        if tags is not _UNSET:
            cleaned = clean_tags(tags)
            if cleaned != list(decision.tags or []):
                decision.tags = changed["tags"] = cleaned
        if not changed:
            return decision
        decision.updated_at, decision.updated_by = utcnow(), actor
        db.add(decision)
        audit.record(db=db, actor=actor, action="text_moderated", event_id=event_id,
                     detail={"answer_id": answer_id, "question_id": answer.question_id, **changed})
        return decision
