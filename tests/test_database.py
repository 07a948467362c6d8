"""The data layer on SQLite and PostgreSQL: constraints, versions, writes, audit log."""
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from db import audit
from db.engine import read_session, write_session
from db.migrate import current_revision, head_revision
from db.models import Answer, QuestionnaireVersion, Response
from db.questionnaire_store import definition, store_version
from db.responses import AnswerIn, answers_of, save_response, save_response_retrying
from gapmap.room import StateChangeError, set_state
from questionnaires.loader import validate
from tests.factories import TINY, make_event, make_participants


def test_migrations_reach_head(engine):
    assert current_revision(engine) == head_revision() == "0008"


def test_0006_gives_existing_events_utc_and_the_demo_bangkok_and_goes_back(engine):
    """Events made before the time zone existed keep the UTC their times were shown in; the demo
    event, held in Bangkok, gets Asia/Bangkok. Going back drops the column and keeps the events."""
    from datetime import date, datetime, timezone

    from sqlalchemy import MetaData, Table, insert

    from db.migrate import downgrade, upgrade

    downgrade(engine, "0005")
    with engine.begin() as conn:
        event = Table("event", MetaData(), autoload_with=conn)
        assert "time_zone" not in event.c
        base = {"title": "t", "venue": "Bangkok, Thailand", "start_date": date(2024, 8, 20),
                "end_date": date(2024, 8, 21), "organisers": [], "countries": ["THA"],
                "attribution_policy": "chatham_house", "min_group_size": 3, "privacy_notice": "",
                "archived": False, "created_at": datetime(2024, 8, 1, tzinfo=timezone.utc)}
        conn.execute(insert(event), [{**base, "code": "BKK2024", "is_demo": True},
                                     {**base, "code": "OLD2024", "is_demo": False}])
    upgrade(engine)
    with engine.connect() as conn:
        zones = dict(conn.execute(text("SELECT code, time_zone FROM event")).all())
    assert zones == {"BKK2024": "Asia/Bangkok", "OLD2024": "UTC"}
    with engine.begin() as conn:  # a process still on 0005 code inserts without the column: the default
        conn.execute(text("INSERT INTO event (title, venue, start_date, end_date, organisers, countries, "
                          "attribution_policy, min_group_size, privacy_notice, code, is_demo, archived, created_at) "
                          "SELECT title, venue, start_date, end_date, organisers, countries, attribution_policy, "
                          "min_group_size, privacy_notice, 'NEW2024', is_demo, archived, created_at FROM event "
                          "WHERE code = 'OLD2024'"))
        assert conn.execute(text("SELECT time_zone FROM event WHERE code = 'NEW2024'")).scalar_one() == "UTC"
    downgrade(engine, "0005")
    with engine.connect() as conn:
        assert "time_zone" not in Table("event", MetaData(), autoload_with=conn).c
        assert conn.execute(text("SELECT count(*) FROM event")).scalar_one() == 3
    upgrade(engine)


def test_one_response_per_participant_and_session(engine):
    ids = make_event(engine)
    (pid,) = make_participants(engine, ids["event"], 1)
    with write_session(engine) as s:
        s.add(Response(participant_id=pid, agenda_session_id=ids["session"], questionnaire_version_id=ids["version"]))
    with pytest.raises(IntegrityError):
        with write_session(engine) as s:
            s.add(Response(participant_id=pid, agenda_session_id=ids["session"],
                           questionnaire_version_id=ids["version"]))
    with read_session(engine) as s:
        assert len(s.exec(select(Response)).all()) == 1


def test_idempotency_token_is_unique(engine):
    ids = make_event(engine)
    p1, p2 = make_participants(engine, ids["event"], 2)
    with write_session(engine) as s:
        s.add(Response(participant_id=p1, agenda_session_id=ids["session"],
                       questionnaire_version_id=ids["version"], idempotency_token="tok"))
    with pytest.raises(IntegrityError):
        with write_session(engine) as s:
            s.add(Response(participant_id=p2, agenda_session_id=ids["session"],
                           questionnaire_version_id=ids["version"], idempotency_token="tok"))


def test_foreign_keys_are_enforced(engine):
    with pytest.raises(IntegrityError):
        with write_session(engine) as s:
            s.add(Answer(response_id=999_999, question_id="q1", option="a"))


def test_resubmitting_replaces_answers_and_a_repeated_token_writes_nothing(engine):
    ids = make_event(engine)
    (pid,) = make_participants(engine, ids["event"], 1)
    common = dict(participant_id=pid, agenda_session_id=ids["session"], questionnaire_version_id=ids["version"])
    first = save_response_retrying(engine, answers=[AnswerIn("q1", option="a")], submit=True,
                                   idempotency_token="t1", **common)
    again = save_response_retrying(engine, answers=[AnswerIn("q1", option="b")], submit=True,
                                   idempotency_token="t1", **common)
    assert again.id == first.id
    with read_session(engine) as s:
        assert [a.option for a in answers_of(db=s, response_id=first.id)] == ["a"]
    save_response_retrying(engine, answers=[AnswerIn("q1", option="b"), AnswerIn("q2", text="x")],
                           submit=True, idempotency_token="t2", **common)
    with read_session(engine) as s:
        assert len(s.exec(select(Response)).all()) == 1
        assert sorted((a.question_id, a.option) for a in answers_of(db=s, response_id=first.id)) == [
            ("q1", "b"), ("q2", "")]


def test_a_failed_write_leaves_nothing_behind(engine):
    ids = make_event(engine)
    (pid,) = make_participants(engine, ids["event"], 1)
    with pytest.raises(IntegrityError):
        with write_session(engine) as s:
            save_response(db=s, participant_id=pid, agenda_session_id=ids["session"],
                          questionnaire_version_id=ids["version"], submit=True,
                          answers=[AnswerIn("q1", option="a"), AnswerIn("q1", option="a")])  # duplicate cell
    with read_session(engine) as s:
        assert s.exec(select(Response)).all() == []
        assert s.exec(select(Answer)).all() == []


def test_a_changed_questionnaire_becomes_a_new_version_and_answers_keep_theirs(engine):
    ids = make_event(engine)
    (pid,) = make_participants(engine, ids["event"], 1)
    save_response_retrying(engine, participant_id=pid, agenda_session_id=ids["session"],
                           questionnaire_version_id=ids["version"], answers=[AnswerIn("q1", option="a")],
                           submit=True)
    changed = dict(TINY, title="Tiny questionnaire, reworded")
    with write_session(engine) as s:
        same, created_same = store_version(db=s, questionnaire=validate(TINY))
        new, created_new = store_version(db=s, questionnaire=validate(changed))
    assert (same.id, created_same) == (ids["version"], False)
    assert created_new and new.version == 2 and new.id != ids["version"]
    with read_session(engine) as s:
        response = s.exec(select(Response)).one()
        stored = s.get(QuestionnaireVersion, response.questionnaire_version_id)
        assert stored.version == 1 and definition(stored).title == "Tiny questionnaire"


def test_session_state_changes_are_checked_and_audited(engine):
    ids = make_event(engine, state="scheduled")
    set_state(engine, ids["session"], "open", actor="facilitator")
    with pytest.raises(StateChangeError, match="cannot become open"):
        set_state(engine, ids["session"], "open", actor="facilitator")
    set_state(engine, ids["session"], "closed", actor="facilitator")
    set_state(engine, ids["session"], "open", actor="organiser")
    with read_session(engine) as s:
        log = audit.entries(db=s, event_id=ids["event"])
    assert [(e.actor, e.action) for e in log] == [
        ("organiser", "session_reopened"), ("facilitator", "session_closed"), ("facilitator", "session_open")]


def test_the_audit_log_is_append_only(engine):
    with write_session(engine) as s:
        audit.record(db=s, actor="organiser", action="export", detail={"file": "report.xlsx"})
    for statement in ("UPDATE audit_log SET action = 'nothing'", "DELETE FROM audit_log"):
        with pytest.raises(Exception, match="append-only"):
            with engine.begin() as conn:
                conn.execute(text(statement))
    with read_session(engine) as s:
        assert [e.action for e in audit.entries(db=s)] == ["export"]


def test_two_devices_submitting_at_the_same_moment_give_one_response(engine):
    from concurrent.futures import ThreadPoolExecutor

    ids = make_event(engine)
    (pid,) = make_participants(engine, ids["event"], 1)

    def submit(option):
        return save_response_retrying(
            engine, participant_id=pid, agenda_session_id=ids["session"], questionnaire_version_id=ids["version"],
            answers=[AnswerIn("q1", option=option)], submit=True).id

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(submit, ["a", "b"] * 4))
    assert len(set(results)) == 1
    with read_session(engine) as s:
        assert len(s.exec(select(Response)).all()) == 1
        assert len(answers_of(db=s, response_id=results[0])) == 1


def test_the_migrations_build_exactly_the_tables_the_models_describe(engine):
    """A model changed without a migration fails here (Alembic's own comparison)."""
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from sqlmodel import SQLModel

    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []
