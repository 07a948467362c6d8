"""Opening a questionnaire by its version id reads its stored JSON once per process: after that,
only the version's key and content hash (the answer page opens it on every visit)."""
from sqlalchemy import event

from db.engine import read_session, write_session
from db.models import QuestionnaireVersion
from db.questionnaire_store import definition_by_id, store_version
from questionnaires.loader import validate
from tests.factories import TINY


def test_a_version_is_read_whole_once_then_by_its_key_and_hash(engine):
    with write_session(engine) as s:
        version_id = store_version(db=s, questionnaire=validate(TINY))[0].id
    statements = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    with read_session(engine) as s:
        first = definition_by_id(db=s, version_id=version_id)
    with read_session(engine) as s:
        again = definition_by_id(db=s, version_id=version_id)
        assert definition_by_id(db=s, version_id=version_id + 999) is None
    assert first is again and [q.id for q in first.questions] == ["q1", "q2"]
    reads_of_the_json = [sql for sql in statements if "questionnaire_version.definition" in sql]
    assert len(reads_of_the_json) <= 1


def test_an_id_reused_for_another_questionnaire_gives_the_new_one(engine):
    with write_session(engine) as s:
        old = store_version(db=s, questionnaire=validate(TINY))[0]
        version_id = old.id
    with read_session(engine) as s:
        assert definition_by_id(db=s, version_id=version_id).key == "tiny"
    with write_session(engine) as s:
        s.delete(s.get(QuestionnaireVersion, version_id))
    other = dict(TINY, key="other", title="Another")
    with write_session(engine) as s:
        stored = store_version(db=s, questionnaire=validate(other))[0]
        if stored.id != version_id:  # the database did not reuse the id: nothing to check
            return
    with read_session(engine) as s:
        assert definition_by_id(db=s, version_id=version_id).key == "other"
