"""The organisers' set-up pages in AppTest: events, agenda and the questionnaire library,
starting from an empty database (no demo event)."""
from datetime import date

import pytest
from sqlmodel import select

from db.engine import read_session
from db.models import AgendaSession, Event, QuestionnaireVersion
from questionnaires.loader import load_builtin, to_yaml
from questionnaires.xlsform import write_xlsform
from tests.app_support import start_app, stop_app

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def organiser(tmp_path, monkeypatch):
    """An organiser signed in on an empty database; yields (AppTest, engine)."""
    yield start_app(tmp_path, monkeypatch, "organiser", GAPMAP_SEED_DEMO="0")
    stop_app()


def events(engine):
    with read_session(engine) as s:
        return list(s.exec(select(Event)))


def fill_new_event(at, **overrides):
    values = {"title": "Colombo consultation", "venue": "Colombo", "start": date(2025, 3, 4),
              "end": date(2025, 3, 5), "countries": ["LKA", "MDV"], "code": "", **overrides}
    at.text_input(key="new-event-title").set_value(values["title"])
    at.text_input(key="new-event-venue").set_value(values["venue"])
    at.date_input(key="new-event-start").set_value(values["start"])
    at.date_input(key="new-event-end").set_value(values["end"])
    at.multiselect(key="new-event-countries").set_value(values["countries"])
    at.text_input(key="new-event-code").set_value(values["code"])
    at.button(key="new-event-submit").click().run()
    assert not at.exception, at.exception
    return at


def test_an_organisers_first_page_is_events_with_the_new_event_form(organiser):
    at, _ = organiser
    assert at.title[0].value == "Events"
    assert at.selectbox(key="setup-event").value == 0  # "New event" on an empty database
    assert at.text_input(key="new-event-title")


def test_an_organiser_creates_an_event_and_sees_its_code(organiser):
    at, engine = organiser
    fill_new_event(at, code="cmb2025")
    (event,) = events(engine)
    assert (event.code, event.countries, event.end_date) == ("CMB2025", ["LKA", "MDV"], date(2025, 3, 5))
    assert "Its join code is CMB2025" in at.success[0].value
    assert at.selectbox(key="setup-event").value == event.id  # now showing the new event
    assert at.metric[0].value == "CMB2025"


def test_an_end_before_the_start_is_refused_and_what_was_typed_stays(organiser):
    at, engine = organiser
    fill_new_event(at, end=date(2025, 3, 1))
    assert "Nothing was saved" in at.error[0].value and "before the start" in at.error[0].value
    assert events(engine) == []
    assert at.text_input(key="new-event-title").value == "Colombo consultation"


def test_a_duplicate_join_code_is_refused(organiser):
    at, engine = organiser
    fill_new_event(at, code="DUP2025")
    at.selectbox(key="setup-event").set_value(0).run()
    fill_new_event(at, title="Second", code="dup2025")
    assert "already used" in at.error[0].value
    assert len(events(engine)) == 1


def test_the_join_code_is_rotated_from_its_tab(organiser):
    at, engine = organiser
    fill_new_event(at, code="OLD2025")
    event = events(engine)[0]
    at.button(key=f"code-submit-{event.id}").click().run()
    new = events(engine)[0].code
    assert new != "OLD2025" and "OLD2025 no longer works" in at.success[0].value


def test_the_agenda_page_adds_a_session_with_a_shipped_questionnaire(organiser):
    at, engine = organiser
    fill_new_event(at)
    at.switch_page("pages/organiser/agenda.py").run()
    assert not at.exception
    at.button(key="add-submit").click().run()
    assert "Choose a questionnaire" in at.error[0].value  # nothing chosen yet
    at.text_input(key="add-title").set_value("Gender dimensions")
    version = at.selectbox(key="add-version")
    gender = next(o for o in version.options if o.startswith("Gender"))
    version.select(gender)
    at.selectbox(key="add-day").set_value(2)
    at.button(key="add-submit").click().run()
    assert not at.exception
    with read_session(engine) as s:
        (slot,) = s.exec(select(AgendaSession))
    assert (slot.title, slot.day, slot.state) == ("Gender dimensions", 2, "scheduled")
    assert "Added “Gender dimensions” to day 2" in at.success[0].value


def test_uploading_a_yaml_questionnaire_adds_a_version_and_previews_it(organiser):
    at, engine = organiser
    at.switch_page("pages/organiser/questionnaires.py").run()
    gender = next(q for q in load_builtin() if q.key == "gender")
    changed = gender.model_copy(update={"key": "gender_colombo"})
    at.file_uploader(key="library-upload").set_value(("gender.yaml", to_yaml(changed).encode(), "application/x-yaml"))
    at.run()
    at.button(key="library-add").click().run()
    assert not at.exception, at.exception
    assert "as gender_colombo v1" in at.success[0].value
    with read_session(engine) as s:
        stored = s.exec(select(QuestionnaireVersion).where(QuestionnaireVersion.key == "gender_colombo")).one()
    assert at.selectbox(key="library-version").value == stored.id
    assert at.radio(key="q-gen_01").options  # the preview draws the delegate's own widgets
    assert at.get("download_button")[0].proto.label == "Download as XLSForm"


def test_an_xlsform_upload_is_stored(organiser):
    at, engine = organiser
    at.switch_page("pages/organiser/questionnaires.py").run()
    tech = next(q for q in load_builtin() if q.key == "technology").model_copy(update={"key": "tech_kl"})
    at.file_uploader(key="library-upload").set_value(("tech.xlsx", write_xlsform(tech), XLSX))
    at.run()
    at.button(key="library-add").click().run()
    assert not at.exception, at.exception
    assert "as tech_kl v1" in at.success[0].value


def test_a_broken_upload_lists_its_problems_and_stores_nothing(organiser):
    at, engine = organiser
    at.switch_page("pages/organiser/questionnaires.py").run()
    with read_session(engine) as s:
        before = len(s.exec(select(QuestionnaireVersion)).all())
    at.file_uploader(key="library-upload").set_value(("bad.yaml", b"key: bad\nquestions: [\n", "application/x-yaml"))
    at.run()
    at.button(key="library-add").click().run()
    assert "bad.yaml was not added" in at.error[0].value and "not valid YAML" in at.error[0].value
    with read_session(engine) as s:
        assert len(s.exec(select(QuestionnaireVersion)).all()) == before

