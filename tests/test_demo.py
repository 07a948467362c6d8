"""The demo event: there on first start, complete enough for every chart, idempotent."""
from sqlmodel import func, select

from db.engine import read_session
from db.models import AgendaSession, Answer, Event, Participant, Response
from gapmap.bootstrap import prepare
from gapmap.demo import DEMO_CODE, seed_demo
from gapmap.reference import bangkok_2024_states
from questionnaires.loader import load_builtin


def test_first_start_creates_the_demo_event_once(engine):
    report = prepare(engine, {}, env={})
    assert report.demo_created
    assert prepare(engine, {}, env={}).demo_created is False
    assert seed_demo(engine) is False
    with read_session(engine) as s:
        events = s.exec(select(Event)).all()
    assert [(e.code, e.is_demo, str(e.start_date), str(e.end_date)) for e in events] == [
        (DEMO_CODE, True, "2024-08-20", "2024-08-21")]
    assert events[0].countries == bangkok_2024_states() and len(events[0].countries) == 12


def test_the_demo_can_be_switched_off(sqlite_engine):
    assert prepare(sqlite_engine, {}, env={"GAPMAP_SEED_DEMO": "0"}).demo_created is False
    with read_session(sqlite_engine) as s:
        assert s.exec(select(func.count()).select_from(Event)).one() == 0


def test_every_country_answered_every_session_and_every_question_has_answers(sqlite_engine):
    seed_demo(sqlite_engine)
    with read_session(sqlite_engine) as s:
        sessions = s.exec(select(AgendaSession).order_by(AgendaSession.day, AgendaSession.position)).all()
        assert {x.day for x in sessions} == {1, 2} and len(sessions) == 8
        countries_per_session = dict(s.exec(
            select(Response.agenda_session_id, func.count(func.distinct(Participant.country)))
            .join(Participant).group_by(Response.agenda_session_id)).all())
        assert all(countries_per_session[x.id] == 12 for x in sessions)
        answered = set(s.exec(select(Answer.question_id).distinct()).all())
        assert s.exec(select(func.count()).where(Participant.is_demo == False)).one() == 0  # noqa: E712
    for questionnaire in load_builtin():
        for q in questionnaire.questions:
            assert q.id in answered, f"{questionnaire.key}.{q.id} has no demo answers"


def test_a_bad_shipped_file_stores_no_questionnaire_at_all(sqlite_engine, tmp_path, monkeypatch):
    import shutil

    import pytest

    from db.models import QuestionnaireVersion
    from gapmap.demo import sync_builtin_questionnaires
    from questionnaires import loader

    folder = tmp_path / "builtin"
    folder.mkdir()
    shutil.copy(loader.builtin_files()[0], folder / "01_good.yaml")
    (folder / "02_bad.yaml").write_text("key: bad\ntitle: B\ntheme: gender\nquestions: []\n", encoding="utf-8")
    monkeypatch.setattr(loader, "BUILTIN_DIR", folder)
    with pytest.raises(loader.QuestionnaireError, match="02_bad.yaml"):
        sync_builtin_questionnaires(sqlite_engine)
    with read_session(sqlite_engine) as s:
        assert s.exec(select(func.count()).select_from(QuestionnaireVersion)).one() == 0


def test_two_processes_seeding_at_once_create_one_demo_event(engine):
    from concurrent.futures import ThreadPoolExecutor

    from db.engine import make_engine

    engines = [engine, make_engine(engine.url.render_as_string(hide_password=False))]
    with ThreadPoolExecutor(max_workers=2) as pool:
        created = list(pool.map(seed_demo, engines))
    assert sorted(created) == [False, True]
    with read_session(engine) as s:
        assert s.exec(select(func.count()).select_from(Event)).one() == 1
