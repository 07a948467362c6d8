"""The questionnaire library: uploads become versions, checked whole; used versions stay."""
from datetime import date

import pytest
from sqlmodel import select

from db import audit
from db.engine import read_session
from db.models import QuestionnaireVersion
from gapmap import library
from gapmap.agenda_setup import add_session
from gapmap.demo import sync_builtin_questionnaires
from gapmap.event_setup import SetupError, check_settings, create_event
from questionnaires.loader import QuestionnaireError, load_builtin, to_yaml
from questionnaires.xlsform import write_xlsform

TECH = next(q for q in load_builtin() if q.key == "technology").model_copy(update={"key": "tech_kl"})


def upload(engine, questionnaire=TECH, name="tech.yaml"):
    data = to_yaml(questionnaire).encode() if name.endswith(".yaml") else write_xlsform(questionnaire)
    return library.store_upload(engine, library.read_upload(name, data))


def test_an_upload_becomes_a_version_and_the_same_content_stays_that_version(engine):
    first, created = upload(engine)
    again, created_again = upload(engine, name="tech.xlsx")  # the same content, as XLSForm
    assert (first.key, first.version, created) == ("tech_kl", 1, True)
    assert (again.id, created_again) == (first.id, False)
    with read_session(engine) as s:
        assert [e.action for e in audit.entries(db=s)] == ["questionnaire_reuploaded", "questionnaire_uploaded"]


def test_a_changed_upload_of_the_same_key_becomes_the_next_version(engine):
    upload(engine)
    changed = TECH.model_copy(update={"title": "Technology, revised"})
    second, created = upload(engine, changed)
    assert (second.version, created) == (2, True)
    listed = [(e.key, e.version, e.latest) for e in library.entries(engine) if e.key == "tech_kl"]
    assert listed == [("tech_kl", 2, True), ("tech_kl", 1, False)]


def test_the_library_lists_shipped_questionnaires_as_builtin(engine):
    sync_builtin_questionnaires(engine)
    shipped = [e for e in library.entries(engine) if e.builtin]
    assert len(shipped) == len(load_builtin())
    assert all(e.latest and e.used_by == 0 for e in shipped)


@pytest.mark.parametrize("name, data, words", [
    ("notes.docx", b"x", "neither a YAML file"),
    ("old.xls", b"x", "saved as .xlsx"),
    ("latin.yaml", "key: caf\xe9".encode("latin-1"), "not UTF-8"),
    ("huge.yaml", b"#" * (2 * 1024 * 1024 + 1), "at most 2 MB"),
    ("bad.yaml", b"key: [", "not valid YAML"),
])
def test_unusable_files_are_refused_with_a_reason(name, data, words):
    with pytest.raises(QuestionnaireError) as caught:
        library.read_upload(name, data)
    assert words in str(caught.value) and str(caught.value).startswith(name)


def test_an_unused_upload_can_be_removed_and_the_removal_is_logged(engine):
    version, _ = upload(engine)
    library.remove_version(engine, version.id)
    with read_session(engine) as s:
        assert s.get(QuestionnaireVersion, version.id) is None
        assert audit.entries(db=s, actions=["questionnaire_removed"])[0].detail["key"] == "tech_kl"


def test_a_version_used_by_a_session_or_shipped_cannot_be_removed(engine):
    version, _ = upload(engine)
    event = create_event(engine, check_settings({"title": "E", "start_date": date(2025, 1, 1),
                                                 "end_date": date(2025, 1, 1), "countries": ["THA"]}), code="USED2025")
    add_session(engine, event.id, day=1, title="Online recruitment", version_id=version.id)
    with pytest.raises(SetupError, match="used by 1 agenda session\\(s\\) \\(USED2025: Online recruitment\\)"):
        library.remove_version(engine, version.id)
    sync_builtin_questionnaires(engine)
    with read_session(engine) as s:
        shipped = s.exec(select(QuestionnaireVersion).where(QuestionnaireVersion.key == "gender")).one()
    with pytest.raises(SetupError, match="ships with GapMap"):
        library.remove_version(engine, shipped.id)
    with read_session(engine) as s:
        assert "questionnaire_removed" not in audit.distinct_actions(db=s)


TRANSLATED = {
    "key": "bilingual", "title": {"en": "Gender", "th": "เพศภาวะ"}, "theme": "gender", "languages": ["en", "th"],
    "intro": {"en": "About gender", "th": "เกี่ยวกับเพศภาวะ"},
    "questions": [
        {"id": "g1", "type": "likert", "text": {"en": "Is it covered?", "th": "ครอบคลุมหรือไม่"}, "allow_na": True,
         "na_label": {"en": "Don't know", "th": "ไม่ทราบ"}, "required": True,
         "scale": [{"value": 1, "label": {"en": "No", "th": "ไม่"}}, {"value": 2, "label": "Partly"},
                   {"value": 3, "label": {"en": "Yes", "th": "ใช่"}}]},
        {"id": "g2", "type": "multiple_choice", "text": "Which?", "help": {"en": "All that apply", "th": "ทั้งหมด"},
         "options": [{"id": "a", "label": {"en": "A", "th": "ก"}},
                     {"id": "dk", "label": "Don't know", "exclusive": True}]},
        {"id": "g3", "type": "matrix", "text": "Elements",
         "scale": [{"id": "yes", "label": "Yes"}, {"id": "no", "label": "No"}],
         "rows": [{"id": "r1", "text": {"en": "Recruitment", "th": "การจัดหา"}, "note": "art. 3(a)"}]},
        {"id": "g4", "type": "number", "text": "How many?", "min": 0, "max": 500, "step": 5, "integer": True,
         "unit": "cases"},
    ],
}


@pytest.mark.parametrize("questionnaire", [*load_builtin(), TRANSLATED], ids=lambda q: getattr(q, "key", "bilingual"))
def test_yaml_to_database_to_yaml_keeps_every_question_option_and_translation(sqlite_engine, questionnaire):
    from questionnaires.loader import parse_text, validate
    from questionnaires.schema import Questionnaire
    original = validate(questionnaire) if isinstance(questionnaire, dict) else questionnaire
    version, _ = upload(sqlite_engine, original, name=f"{original.key}.yaml")
    with read_session(sqlite_engine) as s:
        stored = Questionnaire.model_validate(s.get(QuestionnaireVersion, version.id).definition)
    assert parse_text(to_yaml(stored)) == original


@pytest.mark.parametrize("questionnaire", [*load_builtin(), TRANSLATED], ids=lambda q: getattr(q, "key", "bilingual"))
def test_xlsform_to_database_to_xlsform_keeps_every_question_option_and_translation(sqlite_engine, questionnaire):
    from questionnaires.loader import validate
    from questionnaires.schema import Questionnaire
    from questionnaires.xlsform import read_xlsform
    workbook = write_xlsform(validate(questionnaire) if isinstance(questionnaire, dict) else questionnaire)
    uploaded, notes = read_xlsform(workbook, "form.xlsx")
    version, _ = library.store_upload(sqlite_engine, library.Upload(uploaded, notes, "form.xlsx"))
    with read_session(sqlite_engine) as s:
        stored = Questionnaire.model_validate(s.get(QuestionnaireVersion, version.id).definition)
    assert notes == [] and stored == uploaded
    assert read_xlsform(write_xlsform(stored), "again.xlsx")[0] == uploaded
