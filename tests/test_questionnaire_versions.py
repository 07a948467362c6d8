"""The 2026 questionnaires are new versions: an event run on the 2024 ones keeps them and its answers."""
from __future__ import annotations

from pathlib import Path

from db.engine import read_session
from db.questionnaire_store import latest_version
from gapmap.aggregation import session_results
from gapmap.demo import sync_builtin_questionnaires
from questionnaires.loader import content_hash, load_builtin, load_file
from tests.factories import answer, make_event

SHIPPED_2024 = Path(__file__).parent / "fixtures" / "questionnaires_2024"
#: One question of each duplicate pair of the 2024 versions (and prof_sector, asked at join)
DROPPED = {"def_04", "gen_01", "tech_02", "tech_01", "pros_08", "gen_05", "def_08", "prof_sector"}


def test_an_event_run_on_the_2024_definitions_keeps_its_version_and_answers(sqlite_engine):
    old = load_file(SHIPPED_2024 / "02_definitions.yaml")
    ids = make_event(sqlite_engine, questionnaire=old.model_dump(mode="json"), countries=("THA", "KHM"))
    for country in ("THA", "THA", "KHM"):
        answer(sqlite_engine, ids, {"def_04": "no", "pal_acts": {"act_recruitment": "partial"}}, country=country,
               questionnaire=old.model_dump(mode="json"))
    stored = sync_builtin_questionnaires(sqlite_engine)  # the upgrade: every shipped file is a new version
    with read_session(sqlite_engine) as db:
        definitions = latest_version(db=db, key="definitions")
    assert definitions.id != ids["version"] and definitions.version == 2
    assert {v.key for v in stored} == {q.key for q in load_builtin()}
    results = session_results(sqlite_engine, ids["session"])
    assert results.questionnaire.question("def_04"), "the old session still asks what it asked"
    acts = results.question("pal_acts")
    assert acts.respondents == 3, "the answers given to the 2024 version still count"


def test_the_new_versions_ask_no_dropped_duplicate_and_every_question_says_its_basis():
    shipped = {q.id for questionnaire in load_builtin() for q in questionnaire.questions}
    assert not shipped & DROPPED
    rows = {row.id for questionnaire in load_builtin() for q in questionnaire.questions if q.type == "matrix"
            for row in q.rows}
    assert "child_under_18" not in rows and "means_debt" not in rows and "purpose_debt_bondage" in rows
    for questionnaire in load_builtin():
        for q in questionnaire.questions:
            assert q.help, f"{questionnaire.key}.{q.id} has no help (its legal basis)"


def test_every_shipped_file_changed_from_2024():
    old = {load_file(path).key: content_hash(load_file(path)) for path in SHIPPED_2024.glob("*.yaml")}
    new = {q.key: content_hash(q) for q in load_builtin()}
    assert old.keys() == new.keys() and all(old[key] != new[key] for key in old)
