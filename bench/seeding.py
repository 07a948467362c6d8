"""Seed a database with many synthetic submitted answers (for the benchmarks, not the app)."""
from __future__ import annotations

from db.engine import write_session
from db.responses import create_participant, save_response
from gapmap.answers import encode
from gapmap.demo import synthetic_values
from gapmap.reference import bangkok_2024_states
from questionnaires.loader import load_builtin
from tests.factories import make_event


def seed_answers(engine, target: int, *, code: str = "BENCH100K", questionnaire_key: str = "definitions") -> dict:
    """One event and agenda session whose submitted responses hold at least `target` answers."""
    questionnaire = next(q for q in load_builtin() if q.key == questionnaire_key)
    countries = bangkok_2024_states()
    ids = make_event(engine, code=code, questionnaire=questionnaire.model_dump(mode="json"), countries=countries)
    total, n = 0, 0
    while total < target:
        with write_session(engine) as s:
            for _ in range(100):
                country = countries[n % len(countries)]
                p = create_participant(db=s, event_id=ids["event"], country=country, sector="other")
                answers = encode(questionnaire, synthetic_values(questionnaire, country, n))
                save_response(db=s, participant_id=p.id, agenda_session_id=ids["session"],
                              questionnaire_version_id=ids["version"], answers=answers, submit=True)
                total += len(answers)
                n += 1
    return ids
