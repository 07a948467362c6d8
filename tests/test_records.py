"""A treaty question starts on the record; delegates confirm or correct it; organisers see corrections."""
from __future__ import annotations

import pytest

from gapmap.records_check import records_to_check
from gapmap.responding import join, open_session
from questionnaires.loader import QuestionnaireError, validate
from tests.factories import answer, make_event

STATUS = [{"id": "party", "label": "Party"}, {"id": "signatory", "label": "Signed, not ratified"},
          {"id": "not_party", "label": "Not a party"}, {"id": "dont_know", "label": "Don't know"}]
TREATIES = {
    "key": "treaties", "title": "Treaties", "theme": "other",
    "questions": [
        {"id": "p29", "type": "single_choice", "text": "P29?", "record": "treaty:P29",
         "options": [o for o in STATUS if o["id"] != "signatory"]},
        {"id": "budapest", "type": "single_choice", "text": "Budapest?", "record": "treaty:BUDAPEST",
         "options": STATUS},
        {"id": "treaty_note", "type": "short_text", "text": "If you corrected a status, name the instrument"},
    ],
}


def test_a_first_visit_starts_on_the_records_of_the_delegates_state(sqlite_engine):
    ids = make_event(sqlite_engine, questionnaire=TREATIES, countries=("THA", "IDN"))
    thai = join(sqlite_engine, event_id=ids["event"], country="THA", sector="labour")
    copy = open_session(sqlite_engine, thai, ids["session"])
    assert copy.values == {"p29": "party", "budapest": "not_party"}
    assert copy.records["p29"].sentence().startswith("Our records: party since 4 Jun 2018")
    indonesian = join(sqlite_engine, event_id=ids["event"], country="IDN", sector="labour")
    assert open_session(sqlite_engine, indonesian, ids["session"]).values["p29"] == "not_party"


def test_what_the_delegate_saved_wins_over_the_record(sqlite_engine):
    from gapmap.responding import keep_draft

    ids = make_event(sqlite_engine, questionnaire=TREATIES, countries=("THA",))
    thai = join(sqlite_engine, event_id=ids["event"], country="THA", sector="labour")
    copy = open_session(sqlite_engine, thai, ids["session"])
    assert keep_draft(sqlite_engine, thai, copy, {"p29": "not_party"}).ok
    assert open_session(sqlite_engine, thai, ids["session"]).values == {"p29": "not_party"}, \
        "a saved draft is not filled again from the records"


def test_corrections_are_listed_with_their_notes_and_a_correction_without_one_is_flagged(sqlite_engine):
    ids = make_event(sqlite_engine, questionnaire=TREATIES, countries=("THA", "MYS"))
    answer(sqlite_engine, ids, {"p29": "party", "budapest": "not_party"}, country="THA", questionnaire=TREATIES)
    answer(sqlite_engine, ids, {"p29": "party", "budapest": "signatory", "treaty_note": "Signed 2023, note verbale"},
           country="THA", questionnaire=TREATIES)
    answer(sqlite_engine, ids, {"p29": "not_party"}, country="MYS", questionnaire=TREATIES)  # no note
    answer(sqlite_engine, ids, {"p29": "dont_know"}, country="MYS", questionnaire=TREATIES)  # corrects nothing
    found = records_to_check(sqlite_engine, ids["event"])
    assert [(r.country, r.question_id, r.corrections) for r in found] == [("MYS", "p29", 1), ("THA", "budapest", 1)]
    malaysia, thailand = found
    assert malaysia.on_record == "party since 21 Mar 2022" and malaysia.without_note
    assert dict(malaysia.answers) == {"Not a party": 1, "Don't know": 1}
    assert thailand.notes == ["Signed 2023, note verbale"] and not thailand.without_note
    assert thailand.treaty.startswith("Budapest Convention")


def test_nothing_to_check_when_everyone_confirms(sqlite_engine):
    ids = make_event(sqlite_engine, questionnaire=TREATIES, countries=("THA",))
    answer(sqlite_engine, ids, {"p29": "party", "budapest": "not_party"}, country="THA", questionnaire=TREATIES)
    assert records_to_check(sqlite_engine, ids["event"]) == []


@pytest.mark.parametrize("change, message", [
    ({"type": "multiple_choice"}, "'record' (a public fact on record) is for single_choice questions"),
    ({"options": [{"id": "yes", "label": "Yes"}, {"id": "no", "label": "No"}]}, "add option(s) party, not_party"),
    ({"record": "P29"}, "'P29' is not a record GapMap holds: write treaty:<ID>"),
])
def test_a_record_question_that_cannot_hold_the_record_is_refused(change, message):
    bad = {**TREATIES, "questions": [{**TREATIES["questions"][0], **change}]}
    with pytest.raises(QuestionnaireError) as raised:
        validate(bad)
    assert message in str(raised.value)


def test_a_matrix_row_states_its_obligation():
    checklist = {"key": "c", "title": "C", "theme": "other", "questions": [
        {"id": "m", "type": "matrix", "text": "Rows", "scale": STATUS[:2],
         "rows": [{"id": "r1", "text": "Shall", "obligation": "mandatory"},
                  {"id": "r2", "text": "Shall consider", "obligation": "optional"}, {"id": "r3", "text": "Other"}]}]}
    rows = validate(checklist).questions[0].rows
    assert [r.obligation for r in rows] == ["mandatory", "optional", None]
    with pytest.raises(QuestionnaireError, match="obligation"):
        validate({**checklist, "questions": [{**checklist["questions"][0],
                                              "rows": [{"id": "r1", "text": "x", "obligation": "binding"}]}]})


def test_an_upload_naming_a_treaty_without_records_is_refused_naming_the_question():
    from gapmap.library import read_upload
    from questionnaires.loader import to_yaml

    unknown = validate({**TREATIES, "questions": [{**TREATIES["questions"][0], "record": "treaty:NOPE"}]})
    with pytest.raises(QuestionnaireError) as raised:
        read_upload("treaties.yaml", to_yaml(unknown).encode())
    [problem] = raised.value.problems
    assert (problem.question, problem.field) == ("p29", "record")
    assert "'treaty:NOPE' names no treaty" in problem.message and "treaty:P29" in problem.message


@pytest.fixture
def treaty_seat(tmp_path, monkeypatch):
    from tests.test_answer_page import _seat

    yield from _seat(tmp_path, monkeypatch, TREATIES)


def test_the_answer_page_shows_the_record_pre_selected_and_submits_it_unless_corrected(treaty_seat):
    from tests.test_answer_page import open_page

    engine, ids, participant = treaty_seat  # a delegate of Thailand
    at = open_page(participant, ids["session"])
    assert at.radio(key="q-p29").value == "party"
    assert at.radio(key="q-budapest").value == "not_party"
    captions = [c.value.replace("\\", "") for c in at.caption]  # as drawn: Markdown escapes removed
    assert any("Our records: party since 4 Jun 2018" in c and "confirm or correct" in c for c in captions), captions
    at.radio(key="q-budapest").set_value("signatory").run()  # the delegate knows better
    at.button(key="submit").click().run()
    assert not at.exception
    found = records_to_check(engine, ids["event"])
    assert [(r.country, r.question_id, r.without_note) for r in found] == [("THA", "budapest", True)]


def test_the_workbook_lists_the_records_to_check_for_organisers_only(sqlite_engine):
    import io

    from openpyxl import load_workbook

    from db.engine import write_session
    from db.models import AttributionPolicy, Event
    from exports.report import build_report
    from exports.xlsx import write_xlsx

    ids = make_event(sqlite_engine, questionnaire=TREATIES, countries=("THA", "MYS"))
    with write_session(sqlite_engine) as db:
        db.get(Event, ids["event"]).attribution_policy = AttributionPolicy.ATTRIBUTABLE.value
    answer(sqlite_engine, ids, {"p29": "not_party"}, country="MYS", questionnaire=TREATIES)

    def book_of(anonymise: bool):
        buffer = io.BytesIO()
        write_xlsx(build_report(sqlite_engine, "TEST2024", anonymise=anonymise), buffer)
        return load_workbook(io.BytesIO(buffer.getvalue()))

    book = book_of(False)
    rows = [[c.value for c in row] for row in book["Records to check"].iter_rows()]
    header = next(i for i, row in enumerate(rows) if row[0] == "State")
    assert rows[header + 1][:7] == ["Malaysia", "Session one", "p29",
                                    "ILO Protocol of 2014 to the Forced Labour Convention (P29)",
                                    "party since 21 Mar 2022", "Not a party 1", 1]
    assert rows[header + 1][8] == "No note or provision given: check the source"
    assert "Records to check" not in book_of(True).sheetnames, "an anonymised report names no State"


def test_the_export_page_lists_the_records_to_check(tmp_path, monkeypatch):
    """The demo's delegates confirm every record; one Thai delegate then corrects Budapest without a note."""
    from sqlmodel import select

    from db.engine import read_session, write_session
    from db.models import AgendaSession, Event
    from gapmap.responding import submit
    from tests.app_support import open_page, start_app, stop_app

    at, engine = start_app(tmp_path, monkeypatch, "organiser")
    open_page(at, "pages/organiser/export.py")
    assert any("No delegate has corrected a treaty record" in c.value for c in at.caption)
    with read_session(engine) as db:
        event = db.exec(select(Event).where(Event.code == "BKK2024")).one()
        technology = db.exec(select(AgendaSession).where(AgendaSession.event_id == event.id,
                                                         AgendaSession.title.contains("cyber-scam"))).one()
    thai = join(engine, event_id=event.id, country="THA", sector="prosecution")
    copy = open_session(engine, thai, technology.id)
    assert copy.values["tech_budapest"] == "not_party"
    with write_session(engine) as db:  # the session is closed in the demo: reopen it for this delegate
        db.get(AgendaSession, technology.id).state = "open"
    assert submit(engine, thai, copy, {**copy.values, "tech_budapest": "party"}, token="t1").ok
    open_page(at, "pages/organiser/export.py")
    table = next(d.value for d in at.dataframe if "Treaty" in d.value.columns)
    assert list(table.iloc[0][["State", "On record", "Note"]]) == ["Thailand", "not a party",
                                                                  "⚠ none given: check the source"]
    stop_app()
