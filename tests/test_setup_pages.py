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


def fill_new_event(at, form="new-event", **overrides):
    values = {"title": "Colombo consultation", "venue": "Colombo", "start": date(2025, 3, 4),
              "end": date(2025, 3, 5), "countries": ["LKA", "MDV"], "code": "", **overrides}
    at.text_input(key=f"{form}-title").set_value(values["title"])
    at.text_input(key=f"{form}-venue").set_value(values["venue"])
    at.date_input(key=f"{form}-start").set_value(values["start"])
    at.date_input(key=f"{form}-end").set_value(values["end"])
    at.multiselect(key=f"{form}-countries").set_value(values["countries"])
    at.text_input(key=f"{form}-code").set_value(values["code"])
    at.button(key=f"{form}-submit").click().run()
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
    fill_new_event(at, "new-event-2", title="Second", code="dup2025")  # a used form comes back empty
    assert "already used" in at.error[0].value
    assert len(events(engine)) == 1


def test_the_join_code_is_rotated_from_its_tab(organiser):
    at, engine = organiser
    fill_new_event(at, code="OLD2025")
    event = events(engine)[0]
    at.button(key=f"code-{event.id}-submit").click().run()
    new = events(engine)[0].code
    assert new != "OLD2025" and "OLD2025 no longer works" in at.success[0].value


def test_the_agenda_page_adds_a_session_with_a_shipped_questionnaire(organiser):
    at, engine = organiser
    fill_new_event(at)
    at.switch_page("pages/organiser/agenda.py").run()
    assert not at.exception
    form = f"add-{events(engine)[0].id}"  # the event just created is the one the Agenda page opens
    at.button(key=f"{form}-submit").click().run()
    assert "Choose a questionnaire" in at.error[0].value  # nothing chosen yet
    at.text_input(key=f"{form}-title").set_value("Gender dimensions")
    version = at.selectbox(key=f"{form}-version")
    gender = next(o for o in version.options if o.startswith("Gender"))
    version.select(gender)
    at.selectbox(key=f"{form}-day").set_value(2)
    at.button(key=f"{form}-submit").click().run()
    assert not at.exception
    with read_session(engine) as s:
        (agenda_session,) = s.exec(select(AgendaSession))
    assert (agenda_session.title, agenda_session.day, agenda_session.state) == ("Gender dimensions", 2, "scheduled")
    assert "Added “Gender dimensions” to day 2" in at.success[0].value
    assert at.text_input(key=f"{form}-2-title").value == ""  # a fresh form for the next session


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
    assert at.radio(key="q-gen_marriage_brokers").options  # the preview draws the delegate's own widgets
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



def test_settings_are_saved_and_the_change_is_named_in_the_words_of_the_form(organiser):
    at, engine = organiser
    fill_new_event(at)
    event = events(engine)[0]
    at.text_input(key=f"edit-{event.id}-venue").set_value("Kandy, Sri Lanka")
    at.number_input(key=f"edit-{event.id}-k").set_value(5)
    at.button(key=f"edit-{event.id}-submit").click().run()
    assert at.success[0].value == "Saved: venue, minimum group size."
    assert (events(engine)[0].venue, events(engine)[0].min_group_size) == ("Kandy, Sri Lanka", 5)


def test_a_new_events_time_zone_comes_from_its_venue_and_can_be_changed(organiser):
    at, engine = organiser
    assert at.selectbox(key="new-event-time-zone").value == ""  # "From the venue"
    fill_new_event(at, venue="Nusa Dua, Bali, Indonesia")
    (event,) = events(engine)
    assert event.time_zone == "Asia/Makassar"
    assert "Delegates read times in Nusa Dua time (UTC+08:00)." in at.success[0].value
    zone = at.selectbox(key=f"edit-{event.id}-time-zone")
    assert zone.value == "Asia/Makassar"
    zone.set_value("Asia/Jakarta")
    at.button(key=f"edit-{event.id}-submit").click().run()
    assert at.success[0].value == "Saved: time zone."
    assert events(engine)[0].time_zone == "Asia/Jakarta"


def test_an_event_is_copied_and_archived_only_after_confirmation(organiser):
    at, engine = organiser
    fill_new_event(at, code="SRC2025")
    source = events(engine)[0]
    at.text_input(key=f"copy-{source.id}-title").set_value("Next year")
    at.text_input(key=f"copy-{source.id}-code").set_value("NXT2026")
    at.button(key=f"copy-{source.id}-submit").click().run()
    assert "Copied into “Next year”" in at.success[0].value and "NXT2026" in at.success[0].value
    at.selectbox(key="setup-event").set_value(source.id).run()
    at.button(key=f"archive-{source.id}").click().run()  # the button inside "Archive the event"
    assert "Archived" in at.success[0].value
    assert {e.code: e.archived for e in events(engine)} == {"SRC2025": True, "NXT2026": False}


def test_a_refused_agenda_edit_says_why_and_keeps_the_session(organiser):
    at, engine = organiser
    fill_new_event(at)
    at.switch_page("pages/organiser/agenda.py").run()
    form = f"add-{events(engine)[0].id}"
    at.text_input(key=f"{form}-title").set_value("Gender")
    at.selectbox(key=f"{form}-version").select_index(0)
    at.button(key=f"{form}-submit").click().run()
    with read_session(engine) as s:
        (agenda_session,) = s.exec(select(AgendaSession))
    at.text_input(key=f"edit-title-{agenda_session.id}").set_value("   ")
    at.button(key=f"edit-save-{agenda_session.id}").click().run()
    assert "Give the session a title." in at.error[0].value
    at.button(key=f"remove-{agenda_session.id}").click().run()
    with read_session(engine) as s:
        assert s.exec(select(AgendaSession)).all() == []
    assert "Removed “Gender”" in at.success[0].value


def test_previewing_another_questionnaire_starts_from_empty_answers(organiser):
    at, _ = organiser
    at.switch_page("pages/organiser/questionnaires.py").run()
    picker = at.selectbox(key="library-version")
    gender = next(o for o in picker.options if o.startswith("Gender"))
    picker.select(gender).run()
    at.radio(key="q-gen_marriage_brokers").set_value("licensed").run()
    assert at.radio(key="q-gen_marriage_brokers").value == "licensed"
    data = next(o for o in at.selectbox(key="library-version").options if o.startswith("Data"))
    at.selectbox(key="library-version").select(data).run()
    at.selectbox(key="library-version").select(gender).run()
    assert at.radio(key="q-gen_marriage_brokers").value is None
