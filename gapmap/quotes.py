"""Quotable quotes for the rapporteur's brief: only text a facilitator marked quotable, never
attributed to a State where it may not be.

A quote is a delegate's free-text answer (a `short_text` or `long_text` question) that:

- was **submitted** (drafts never reach a report);
- a facilitator **moderated and marked quotable** on *Moderate text* (`gapmap.moderation`), and did
  not hide (hiding clears the mark); an answer nobody moderated is never quoted;
- is quoted as **redacted** where a facilitator redacted it, in every report (the brief is written
  for circulation; the original stays in the organisers' full workbook);
- comes from a country the audience may take text from at all (`gapmap.privacy.keeps_country`,
  the rule the anonymised workbook's free text follows).

Quotes come session by session in agenda order (day, then position), the newest submission first
within a session.

**Attribution** (`gapmap.privacy.quote_attribution`) names the speaker no closer than the audience
may be told:

- in an organisers' full report of a country-attributable event: "a delegate of Thailand";
- otherwise (under the Chatham House Rule, in any anonymised report, on a screen) never a State:
  "a delegate from South-eastern Asia" (the speaker's UN M49 sub-region) where at least k of the
  States whose delegates joined the event lie in that sub-region, else "a delegate".

k is the event's minimum group size, also in a full report (where no count is withheld): a
sub-region of fewer than k States would all but name the State.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlalchemy.engine import Engine
from sqlmodel import col, func, select

from db.engine import read_session
from db.models import Answer, Event, Participant, Response, ResponseStatus
from db.moderation import quotable_texts
from db.questionnaire_store import definition_by_id
from gapmap.privacy import Audience, keeps_country, quote_attribution
from questionnaires.schema import localise

QUOTED_TYPES = ("short_text", "long_text")


@dataclass(frozen=True)
class Quote:
    session_id: int
    session_title: str
    question_id: str
    question_text: str  # in English (else the questionnaire's default language)
    text: str  # the redacted text where a facilitator redacted it
    attribution: str  # "a delegate", "a delegate from South-eastern Asia", or (full reports) "a delegate of Thailand"


def quotable_quotes(engine: Engine, event_id: int, audience: Audience,
                    session_ids: list[int] | None = None) -> list[Quote]:
    """The event's quotable quotes as `audience` may read them (see the module's docstring); only
    from the agenda sessions `session_ids` when given. An unknown event has none."""
    with read_session(engine) as db:
        event = db.get(Event, event_id)
        if event is None:
            return []
        found = quotable_texts(db=db, event_id=event_id, session_ids=session_ids)
        questionnaires = {v: definition_by_id(db=db, version_id=v) for v in {t.questionnaire_version_id for t in found}}
        texts = []
        for t in found:
            questionnaire = questionnaires[t.questionnaire_version_id]
            question = _question(questionnaire, t.question_id)
            if question is not None and question.type in QUOTED_TYPES:
                texts.append((t, localise(question.text, "en", questionnaire.default_language)))
        present = set(db.exec(select(Participant.country).where(Participant.event_id == event_id).distinct()))
        answering = _answering(db, {(t.agenda_session_id, t.question_id) for t, _ in texts}) if texts else {}
    quotes = []
    for t, question_text in texts:
        if not keeps_country(t.country, answering.get((t.agenda_session_id, t.question_id), {}), audience):
            continue
        quotes.append(Quote(t.agenda_session_id, t.session_title, t.question_id, question_text,
                            t.redacted_text if t.redacted_text is not None else t.text,
                            quote_attribution(t.country, present, audience, event=event)))
    return quotes


def _question(questionnaire, question_id: str):
    if questionnaire is None:
        return None
    return next((q for q in questionnaire.questions if q.id == question_id), None)


def _answering(db, pairs: set[tuple[int, str]]) -> dict[tuple[int, str], dict[str, int]]:
    """Submitted respondents per country to each (session, question): the counts the small-group
    rule reads, as the session's results count them."""
    sessions = sorted({s for s, _ in pairs})
    questions = sorted({q for _, q in pairs})
    answered = (
        select(Response.agenda_session_id, Answer.question_id, Participant.country, Answer.response_id).distinct()
        .join(Response, Answer.response_id == Response.id)
        .join(Participant, Response.participant_id == Participant.id)
        .where(col(Response.agenda_session_id).in_(sessions), col(Answer.question_id).in_(questions),
               Response.status == ResponseStatus.SUBMITTED.value)
        .subquery()
    )
    rows = db.exec(select(answered.c.agenda_session_id, answered.c.question_id, answered.c.country, func.count())
                   .group_by(answered.c.agenda_session_id, answered.c.question_id, answered.c.country))
    counts: dict[tuple[int, str], Counter] = defaultdict(Counter)
    for session_id, question_id, country, n in rows:
        counts[(session_id, question_id)][country] += n
    return {pair: dict(c) for pair, c in counts.items() if pair in pairs}

