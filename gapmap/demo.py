"""The demo event: the Bangkok consultation (20-21 Aug 2024) with synthetic responses.

Everything here is marked as demo data (`Event.is_demo`, `Participant.is_demo`) and every screen
and export of it says "Synthetic demo data — not the States' answers". Answers come from one
profile per State (`gapmap.demo_profiles`): treaty questions follow the treaty records, a State's
delegates mostly agree on facts about its law (a few delegations are split, as in a real room),
views differ more, gap descriptions fit their gap types. Every State has a head of delegation (its
first delegate), and three heads have cleared one split row each of the Palermo checklist.
Seeding is idempotent and deterministic.
"""
from __future__ import annotations

import random
from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from db import audit
from db.engine import read_session, write_session
from db.events import event_by_code
from db.models import (
    AgendaSession,
    Answer,
    AttributionPolicy,
    ClearedPosition,
    DelegationHead,
    Event,
    Moderation,
    Participant,
    QuestionnaireVersion,
    Response,
    SessionState,
)
from db.questionnaire_store import definition, latest_version, store_version
from db.responses import create_participant, save_response
from gapmap.aggregation import NO_VIEW
from gapmap.answers import encode
from gapmap.demo_profiles import SEED, Delegate, StateProfile
from gapmap.demo_texts import PRINCIPAL_LAWS
from gapmap.positions import position_of
from gapmap.reference import bangkok_2024_states
from questionnaires.loader import load_builtin
from questionnaires.schema import Questionnaire

DEMO_CODE = "BKK2024"
START, END = date(2024, 8, 20), date(2024, 8, 21)

#: (day, title, questionnaire key, state)
AGENDA = [
    (1, "Opening: about your delegation", "respondent_profile", SessionState.CLOSED),
    (1, "Diverging definitions and the Palermo Protocol elements", "definitions", SessionState.CLOSED),
    (1, "Gender dimensions of trafficking", "gender", SessionState.CLOSED),
    (1, "Online recruitment, cyber-scam centres and forced criminality", "technology", SessionState.CLOSED),
    (2, "Trafficking, forced labour and labour disputes", "forced_labour", SessionState.OPEN),
    (2, "Evidence, money trails and alternative charges", "prosecution", SessionState.OPEN),
    (2, "Data collection, management and victim privacy", "data", SessionState.OPEN),
    (2, "Wrap-up: legal gaps and needs register", "gap_register", SessionState.OPEN),
]

#: Delegates per country: most send three; two small delegations show k-suppression at work.
DELEGATES = {"MDV": 2, "TLS": 2}
#: The session whose checklist matrices three heads of delegation have cleared one split row each in.
CLEARED_SESSION, CLEARED_HEADS = "definitions", 3
#: Notes a head gives when clearing a row, per cleared answer, citing a provision of one of CLEARED_LAWS.
CLEARED_NOTES = {
    "express": ["{law}, s. {section}(a)", "{law}, s. {section}, as amended in 2017"],
    "partly": ["{law} s. {section}/1 covers it only through its general deception and coercion wording"],
    "case_law_only": ["Only by the courts' reading of {law} s. {section}; no express provision"],
    "not_covered": ["Not in {law}; an amendment bill is before Parliament",
                    "No provision; {law} s. {section} was read narrowly on appeal"],
}
SECTORS = ["law_enforcement", "prosecution", "justice_ministry", "labour", "social_welfare", "coordination_body"]

#: The organiser's words; how results are shown (aggregate, Chatham House, k) is said once by the
#: start page from the event's settings, so the notice does not repeat it.
PRIVACY_NOTICE = (
    "GapMap collects your views on your country's legal framework, nothing about you. We do not ask "
    "for your name, e-mail or agency, do not record your IP address, and nothing you enter will be "
    "attributed to you or your agency. Do not enter names, case details or anything that could "
    "identify a victim, witness or suspect."
)

def sync_builtin_questionnaires(engine: Engine) -> list[QuestionnaireVersion]:
    """Store every shipped questionnaire (a changed file becomes a new version).

    All files are validated before anything is written, so a bad file stores nothing. Two
    processes starting at once on PostgreSQL may race; the loser finds the winner's rows.
    """
    questionnaires = load_builtin()
    try:
        return _store_all(engine, questionnaires)
    except IntegrityError:
        return _store_all(engine, questionnaires)


def _store_all(engine: Engine, questionnaires: list[Questionnaire]) -> list[QuestionnaireVersion]:
    stored = []
    with write_session(engine) as db:
        for q in questionnaires:
            version, created = store_version(db=db, questionnaire=q, source=f"builtin/{q.key}")
            if created:
                audit.record(
                    db=db, actor="system", action="questionnaire_stored",
                    detail={"key": q.key, "version": version.version},
                )
            stored.append(version)
    return stored


def seed_demo(engine: Engine) -> bool:
    """Create the demo event unless it exists; returns True when it was created."""
    sync_builtin_questionnaires(engine)
    with read_session(engine) as db:
        if event_by_code(db=db, code=DEMO_CODE) is not None:
            return False
    try:
        return _create_demo_event(engine)
    except IntegrityError:  # another process seeded it meanwhile (its join code is unique)
        return False


def _create_demo_event(engine: Engine) -> bool:
    with write_session(engine) as db:
        if event_by_code(db=db, code=DEMO_CODE) is not None:
            return False
        event = Event(
            code=DEMO_CODE,
            title="Regional consultation on the applicability of national legal frameworks for "
            "emerging forms of trafficking in persons",
            venue="Bangkok, Thailand",
            time_zone="Asia/Bangkok",
            start_date=START,
            end_date=END,
            organisers=["Regional Support Office of the Bali Process (RSO)",
                        "International Organization for Migration (IOM)"],
            objectives=["Follow up the regional legal assessment",
                        "Feed research on the trafficking–forced labour–labour dispute spectrum",
                        "Feed gender research",
                        "Inform the regional workplan"],
            partners=["ASEAN-ACT", "Australian Institute of Criminology (AIC)", "UN Women"],
            countries=bangkok_2024_states(),
            attribution_policy=AttributionPolicy.CHATHAM_HOUSE.value,
            min_group_size=3,
            privacy_notice=PRIVACY_NOTICE,
            is_demo=True,
        )
        db.add(event)
        db.flush()
        agenda_sessions = _create_agenda(db, event)
        delegations = _create_responses(db, event, agenda_sessions)
        heads = _create_heads(db, event, delegations)
        _create_cleared(db, agenda_sessions, delegations, heads)
        _mark_quotable(db, agenda_sessions)
        audit.record(db=db, actor="system", action="demo_seeded", event_id=event.id)
    return True


def _create_agenda(db, event: Event) -> list[tuple[AgendaSession, Questionnaire]]:
    agenda_sessions = []
    positions: dict[int, int] = {}
    for day, title, key, state in AGENDA:
        version = latest_version(db=db, key=key)
        if version is None:
            raise LookupError(f"the shipped questionnaire '{key}' is missing")
        positions[day] = positions.get(day, 0) + 1
        agenda_session = AgendaSession(
            event_id=event.id, day=day, position=positions[day], title=title,
            questionnaire_version_id=version.id, state=state.value,
        )
        db.add(agenda_session)
        agenda_sessions.append((agenda_session, definition(version)))
    db.flush()
    return agenda_sessions


#: country -> its delegates in the order they joined, each with its values per agenda session id.
Delegations = dict[str, list[tuple[Participant, dict[int, dict[str, Any]]]]]


def _create_responses(db, event: Event, agenda_sessions) -> Delegations:
    delegations: Delegations = {}
    for country in event.countries:
        profile = StateProfile(country, event.start_date)
        for n in range(DELEGATES.get(country, 3)):
            delegate = Delegate(profile, n)
            participant = create_participant(
                db=db, event_id=event.id, country=country, sector=SECTORS[(n + len(country)) % len(SECTORS)],
                is_demo=True,
            )
            given: dict[int, dict[str, Any]] = {}
            delegations.setdefault(country, []).append((participant, given))
            for agenda_session, questionnaire in agenda_sessions:
                values = delegate.values(questionnaire)
                given[agenda_session.id] = values
                save_response(
                    db=db, participant_id=participant.id, agenda_session_id=agenda_session.id,
                    questionnaire_version_id=agenda_session.questionnaire_version_id,
                    answers=encode(questionnaire, values),
                    submit=(agenda_session.state == SessionState.CLOSED.value
                            or delegate.submits(agenda_session.position)),
                )
    return delegations


def _create_heads(db, event: Event, delegations: Delegations) -> dict[str, int]:
    """The first delegate of every State heads its delegation; returns country -> participant id."""
    heads = {country: members[0][0].id for country, members in delegations.items()}
    for country, participant_id in heads.items():
        db.add(DelegationHead(event_id=event.id, country=country, participant_id=participant_id, set_by="system"))
    db.flush()
    return heads


def _split_rows(questionnaire: Questionnaire, answers: list[dict[str, Any]]) -> list[tuple[Any, Any, Counter]]:
    """The checklist rows (question, row, answer -> delegates) on which a delegation is split."""
    rows = []
    for q in questionnaire.questions:
        if q.type != "matrix" or q.counting_unit != "state":
            continue
        for row in q.rows:
            given = Counter(a[q.id][row.id] for a in answers if row.id in a.get(q.id, {}))
            if position_of(dict(given)).split:
                rows.append((q, row, given))
    return rows


#: Free-text answers a facilitator has marked quotable, per closed session (the brief quotes them).
QUOTABLE_PER_SESSION = 2


def _mark_quotable(db, agenda_sessions) -> None:
    """In each closed session, the first distinct free-text answers are marked quotable by a facilitator."""
    for agenda_session, questionnaire in agenda_sessions:
        if agenda_session.state != SessionState.CLOSED.value:
            continue
        texts = [q.id for q in questionnaire.questions if q.type == "long_text"]
        answers = db.exec(select(Answer).join(Response, Answer.response_id == Response.id)
                          .where(Response.agenda_session_id == agenda_session.id, Answer.question_id.in_(texts),
                                 Answer.text.is_not(None)).order_by(Answer.id)).all()
        chosen, seen = [], set()
        for answer in answers:
            if answer.text not in seen and len(chosen) < QUOTABLE_PER_SESSION:
                chosen.append(answer)
                seen.add(answer.text)
        for answer in chosen:
            db.add(Moderation(answer_id=answer.id, quotable=True, updated_by="facilitator"))
    db.flush()


def _create_cleared(db, agenda_sessions, delegations: Delegations, heads: dict[str, int]) -> None:
    """Three heads clear one split row each of the checklist, naming the provision."""
    agenda_session, questionnaire = next((a, q) for a, q in agenda_sessions if q.key == CLEARED_SESSION)
    if agenda_session.state != SessionState.CLOSED.value:
        raise ValueError("the demo clears positions in a closed session only")  # all its responses submitted
    rng = random.Random(f"{SEED}-cleared")
    split = {country: rows for country in sorted(delegations)
             if (rows := _split_rows(questionnaire, [v[agenda_session.id] for _, v in delegations[country]]))}
    for country in sorted(rng.sample(sorted(split), min(CLEARED_HEADS, len(split)))):
        q, row, given = rng.choice(split[country])
        scale = [o.id for o in q.scale]
        viewed = {a: n for a, n in given.items() if a not in NO_VIEW}
        position = max(viewed, key=lambda a: (viewed[a], -scale.index(a)))  # the most given, then scale order
        note = rng.choice(CLEARED_NOTES[position]).format(law=PRINCIPAL_LAWS[country], section=rng.randint(3, 60))
        db.add(ClearedPosition(agenda_session_id=agenda_session.id, country=country, question_id=q.id, item=row.id,
                               position=position, note=note[:300], cleared_by=heads[country]))
    db.flush()


def synthetic_values(questionnaire: Questionnaire, country: str, delegate: int = 0) -> dict[str, Any]:
    """The demo's answers of one delegate (0, 1, 2, ...) of a State to a questionnaire."""
    return Delegate(StateProfile(country, START), delegate).values(questionnaire)
