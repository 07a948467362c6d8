"""The demo event: the Bangkok consultation (20-21 Aug 2024) with synthetic responses.

Everything here is marked as demo data (`Event.is_demo`, `Participant.is_demo`) and the app and
exports say so. Answers are synthetic but plausible: each country leans towards its own answers,
so heatmaps show both convergence and divergence. Seeding is idempotent and deterministic.
"""
from __future__ import annotations

import random
from datetime import date
from typing import Any, Callable

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from db import audit
from db.engine import read_session, write_session
from db.events import event_by_code
from db.models import AgendaSession, AttributionPolicy, Event, QuestionnaireVersion, SessionState
from db.questionnaire_store import definition, latest_version, store_version
from db.responses import create_participant, save_response
from gapmap.answers import NA, encode
from gapmap.reference import bangkok_2024_states
from questionnaires.loader import load_builtin
from questionnaires.schema import GAP_PRIORITIES, Questionnaire

DEMO_CODE = "BKK2024"
SEED = 20240820

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
SECTORS = ["law_enforcement", "prosecution", "justice_ministry", "labour", "social_welfare", "coordination_body"]

PRIVACY_NOTICE = (
    "GapMap collects your views on your country's legal framework, nothing about you. We do not ask "
    "for your name, e-mail or agency. Results are reported in aggregate under the Chatham House Rule: "
    "nothing you enter will be attributed to you or your agency, and no breakdown with fewer than "
    "three respondents is shown. Do not enter names, case details or anything that could identify a "
    "victim, witness or suspect."
)

DEMO_TEXTS = [
    "The definition does not list abuse of a position of vulnerability; courts read it in only occasionally.",
    ("Forced criminality is not an express purpose, so people returned from scam compounds are often charged "
     "with fraud."),
    "Inter-agency data sharing rests on MoUs rather than law, and safeguards differ between ministries.",
    "Regional guidance on distinguishing labour disputes from forced labour would help labour inspectors.",
    "Cross-border requests for platform data take months; preservation orders are not available quickly.",
    "Prosecutors prefer fraud and money-laundering charges because digital and financial evidence is easier to prove.",
    "Shelters and services are designed for women and girls; men returning from scam centres have few options.",
    "The non-punishment principle is in policy guidelines only and is applied inconsistently.",
    "Labour inspection does not reach fishing vessels at sea or private households.",
    "A standard for recording trafficking data (such as ICS-TIP) would make national figures comparable.",
    "Online recruitment through messaging apps is covered only by interpretation of technology-neutral wording.",
    "Confiscated assets are not used for victim compensation; a victims' fund has been proposed.",
]
DEMO_LAWS = [
    "Anti-Trafficking in Persons Act", "Penal Code", "Computer Crime Act", "Anti-Money Laundering Act",
    "Labour Protection Act", "Overseas Employment Act", "Criminal Procedure Code", "Evidence Act",
]


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
            start_date=date(2024, 8, 20),
            end_date=date(2024, 8, 21),
            organisers=["Regional Support Office of the Bali Process (RSO)",
                        "International Organization for Migration (IOM)"],
            countries=bangkok_2024_states(),
            attribution_policy=AttributionPolicy.CHATHAM_HOUSE.value,
            min_group_size=3,
            privacy_notice=PRIVACY_NOTICE,
            is_demo=True,
        )
        db.add(event)
        db.flush()
        agenda_sessions = _create_agenda(db, event)
        _create_responses(db, event, agenda_sessions)
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


def _create_responses(db, event: Event, agenda_sessions) -> None:
    for country in event.countries:
        for n in range(DELEGATES.get(country, 3)):
            rng = random.Random(f"{SEED}-{country}-{n}")
            participant = create_participant(
                db=db, event_id=event.id, country=country, sector=rng.choice(SECTORS), is_demo=True
            )
            for agenda_session, questionnaire in agenda_sessions:
                values = synthetic_values(questionnaire, country, rng)
                save_response(
                    db=db, participant_id=participant.id, agenda_session_id=agenda_session.id,
                    questionnaire_version_id=agenda_session.questionnaire_version_id,
                    answers=encode(questionnaire, values),
                    submit=agenda_session.state == SessionState.CLOSED.value or rng.random() < 0.8,
                )


def _leaning(country: str, key: str, choices: list[str], rng: random.Random) -> str:
    """Mostly the country's own answer (stable per country and key), sometimes another."""
    preferred = random.Random(f"{SEED}-{country}-{key}").choice(choices)
    return preferred if rng.random() < 0.7 else rng.choice(choices)


def synthetic_values(questionnaire: Questionnaire, country: str, rng: random.Random) -> dict[str, Any]:
    """Plausible answers to every question, leaning per country."""
    values: dict[str, Any] = {}
    for q in questionnaire.questions:
        if rng.random() < 0.05 and not q.required:
            continue  # skipped
        value = DEMO_VALUES[q.type](q, country, f"{questionnaire.key}.{q.id}", rng)
        if value is not None:
            values[q.id] = value
    return values


def _single_choice(q, country: str, key: str, rng: random.Random) -> str:
    return _leaning(country, key, [o.id for o in q.options], rng)


def _multiple_choice(q, _country: str, _key: str, rng: random.Random) -> list[str]:
    plain = [o.id for o in q.options if not o.exclusive]
    exclusive = [o.id for o in q.options if o.exclusive]
    if exclusive and rng.random() < 0.08:
        return [rng.choice(exclusive)]
    k = min(len(plain), rng.randint(1, 4))
    return sorted(rng.sample(plain, k), key=plain.index)


def _likert(q, country: str, key: str, rng: random.Random) -> int | str:
    if q.allow_na and rng.random() < 0.07:
        return NA
    points = [p.value for p in q.scale]
    centre = points.index(int(_leaning(country, key, [str(p) for p in points], rng)))
    return points[max(0, min(len(points) - 1, centre + rng.choice([-1, 0, 0, 1])))]


def _ranking(q, country: str, key: str, rng: random.Random) -> list[str]:
    ids = [o.id for o in q.options]
    order = sorted(ids, key=lambda o: random.Random(f"{SEED}-{country}-{key}-{o}").random() + rng.random() * 0.8)
    return order[: q.top_n]


def _matrix(q, country: str, key: str, rng: random.Random) -> dict[str, str]:
    scale = [o.id for o in q.scale]
    return {row.id: _leaning(country, f"{key}.{row.id}", scale, rng) for row in q.rows}


def _number(q, _country: str, _key: str, rng: random.Random) -> float:
    low = q.min if q.min is not None else 0
    high = q.max if q.max is not None else 100
    step = q.step or (1 if q.integer else (high - low) / 20)
    return low + step * rng.randint(0, int((high - low) / step))


def _text(q, _country: str, _key: str, rng: random.Random) -> str | None:
    return rng.choice(DEMO_TEXTS)[: q.max_length] if rng.random() < 0.5 else None  # half leave it blank


def _gap_register(q, country: str, _key: str, rng: random.Random) -> list[dict[str, Any]]:
    return [_gap(q, country, rng) for _ in range(rng.randint(1, 3))]


#: A synthetic value per question type: `make(question, country, key, rng)`, None for no answer.
DEMO_VALUES: dict[str, Callable[[Any, str, str, random.Random], Any]] = {
    "single_choice": _single_choice,
    "multiple_choice": _multiple_choice,
    "likert": _likert,
    "ranking": _ranking,
    "matrix": _matrix,
    "number": _number,
    "short_text": _text,
    "long_text": _text,
    "gap_register": _gap_register,
}


def _gap(q, country: str, rng: random.Random) -> dict[str, Any]:
    return {
        "gap_type": _leaning(country, "gap_type", [o.id for o in q.gap_types], rng),
        "description": rng.choice(DEMO_TEXTS)[: q.description_max_length],
        "law": rng.choice(DEMO_LAWS),
        "severity": rng.choice([2, 3, 3, 4, 4, 5]),
        "need_type": _leaning(country, "need_type", [o.id for o in q.need_types], rng),
        "priority": rng.choice(GAP_PRIORITIES),
    }
