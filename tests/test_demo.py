"""The demo event: there on first start, complete enough for every chart, idempotent."""
from sqlmodel import func, select

from db.engine import read_session
from db.models import AgendaSession, Answer, ClearedPosition, Event, Participant, Response
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


def _definitions_session(engine):
    from db.models import QuestionnaireVersion

    with read_session(engine) as s:
        return s.exec(select(AgendaSession).join(QuestionnaireVersion)
                      .where(QuestionnaireVersion.key == "definitions")).one()


def test_every_state_of_the_demo_has_a_head_of_delegation(sqlite_engine):
    from db.delegations import delegates, heads

    seed_demo(sqlite_engine)
    with read_session(sqlite_engine) as s:
        event = s.exec(select(Event)).one()
        named = heads(db=s, event_id=event.id)
        assert sorted(named) == sorted(event.countries)
        for country, participant_id in named.items():
            assert delegates(db=s, event_id=event.id, country=country)[0].id == participant_id


def test_delegations_of_the_demo_mostly_agree_on_the_checklist(sqlite_engine):
    from gapmap.aggregation import session_results
    from gapmap.positions import session_positions

    seed_demo(sqlite_engine)
    agenda_session = _definitions_session(sqlite_engine)
    positions = session_positions(sqlite_engine, agenda_session.id, session_results(sqlite_engine, agenda_session.id))
    findings = [f for state in positions.values() if state.question.type == "matrix" for f in state.findings]
    assert findings and all(f.answering == 12 for f in findings)
    split = sum(f.split for f in findings)
    assert 1 <= split <= 0.4 * sum(f.answering for f in findings)


def test_three_heads_cleared_one_split_checklist_row_each(sqlite_engine):
    from db.delegations import cleared_rows, heads
    from gapmap.aggregation import session_results
    from gapmap.positions import position_of, session_positions

    seed_demo(sqlite_engine)
    agenda_session = _definitions_session(sqlite_engine)
    with read_session(sqlite_engine) as s:
        cleared = cleared_rows(db=s, agenda_session_id=agenda_session.id)
        named = heads(db=s, event_id=agenda_session.event_id)
        assert s.exec(select(func.count()).select_from(ClearedPosition)).one() == 3  # none elsewhere
    assert len({c.country for c in cleared}) == 3
    positions = session_positions(sqlite_engine, agenda_session.id, session_results(sqlite_engine, agenda_session.id))
    for c in cleared:
        assert c.cleared_by == named[c.country] and c.note
        finding = next(f for f in positions[c.question_id].findings if f.item == c.item)
        held = finding.positions[c.country]
        assert held.cleared and not held.split and held.value == c.position and held.note == c.note
        assert position_of(held.distribution).split  # the delegates' answers disagree
        assert held.distribution.get(c.position, 0) >= 1  # the head chose one of their answers
