"""Facilitators' decisions on free-text answers: hide, redact, tag, mark quotable. The delegate's
original stays.

The rules (what counts as a change, how tags are cleaned, that a hidden answer is never quotable)
and the audit entry live here; the audit entry records what changed, never the text itself.

*Quotable* means the rapporteur's brief may quote the answer (its redacted text where redacted),
attributed as `gapmap.privacy.quote_attribution` allows (`gapmap.quotes`). Hiding an answer clears
it; marking a hidden answer quotable is refused (`ModerationError`).
"""
from __future__ import annotations

from sqlalchemy.engine import Engine

from db import audit
from db.engine import write_session
from db.models import Moderation, utcnow
from db.moderation import decision_for, text_answer

_UNSET = object()
MAX_TAG = 40
HIDDEN_NOT_QUOTABLE = "A hidden answer cannot be quotable: show it first, then mark it quotable."


class ModerationError(ValueError):
    """A decision that cannot be taken as asked; the message says why (nothing was saved)."""


def clean_tags(tags) -> list[str]:
    """Tags trimmed, cut to 40 characters, blanks and duplicates dropped, sorted."""
    return sorted({t.strip()[:MAX_TAG] for t in tags if t and t.strip()})


def moderate(engine: Engine, answer_id: int, *, actor: str, hidden=_UNSET, redacted_text=_UNSET,
             tags=_UNSET, quotable=_UNSET) -> Moderation:
    """Change what a free-text answer shows; every change goes to the audit log (never the text).

    Hiding an answer also makes it not quotable; asking for a hidden answer (or one hidden in the
    same call) to be quotable raises ModerationError and changes nothing."""
    with write_session(engine) as db:
        found = text_answer(db=db, answer_id=answer_id)
        if found is None:
            raise LookupError("That answer no longer exists.")
        answer, event_id = found
        decision = decision_for(db=db, answer_id=answer_id) or Moderation(answer_id=answer_id)
        changed = {}
        will_hide = decision.hidden if hidden is _UNSET else bool(hidden)
        if quotable is not _UNSET and bool(quotable) and will_hide:
            raise ModerationError(HIDDEN_NOT_QUOTABLE)
        if hidden is not _UNSET and bool(hidden) != decision.hidden:
            decision.hidden = changed["hidden"] = bool(hidden)
        if decision.hidden and decision.quotable:
            decision.quotable = changed["quotable"] = False  # hiding clears it
        if quotable is not _UNSET and bool(quotable) != decision.quotable:
            decision.quotable = changed["quotable"] = bool(quotable)
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
