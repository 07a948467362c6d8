"""Organisers set up events: settings are checked, join codes rotate, copies carry no answers."""
from datetime import date

import pytest
from sqlmodel import select

from db import audit
from db.engine import read_session
from db.events import event_by_code
from db.models import AgendaSession, Event, Participant, Response
from gapmap.agenda_setup import add_session
from gapmap.codes import UNAMBIGUOUS
from gapmap.event_setup import (
    DEFAULT_PRIVACY_NOTICE,
    SetupError,
    check_settings,
    copy_event,
    create_event,
    rotate_code,
    set_archived,
    update_event,
)
from gapmap.joining import find_event
from tests.factories import answer, make_event, make_participants

GOOD = {"title": "Regional consultation, Colombo", "venue": "Colombo, Sri Lanka", "start_date": date(2025, 3, 4),
        "end_date": date(2025, 3, 5), "organisers": ["RSO", " IOM ", ""], "countries": ["lka", "MDV", "IND"],
        "attribution_policy": "chatham_house", "min_group_size": 3, "privacy_notice": DEFAULT_PRIVACY_NOTICE}


def settings(**changes):
    return check_settings({**GOOD, **changes})


def actions(engine):
    with read_session(engine) as s:
        return [e.action for e in audit.entries(db=s)]


def test_settings_are_tidied():
    checked = settings()
    assert checked.countries == ["LKA", "MDV", "IND"]
    assert checked.organisers == ["RSO", "IOM"]
    assert checked.days == 2


@pytest.mark.parametrize("changes, field, words", [
    ({"end_date": date(2025, 3, 3)}, "end_date", "before the start"),
    ({"countries": ["THA", "XXX"]}, "countries", "XXX is not a Bali Process member"),
    ({"countries": []}, "countries", "at least one participating country"),
    ({"title": "   "}, "title", "Title is required"),
    ({"min_group_size": 0}, "min_group_size", "greater than or equal to 1"),
    ({"end_date": date(2025, 5, 30)}, "end_date", "at most 31 days"),
    ({"attribution_policy": "public"}, "attribution_policy", "Attribution"),
    ({"time_zone": "Mars/Olympus"}, "time_zone", "Time zone: “Mars/Olympus” is not a time zone"),
    ({"time_zone": "Europe/" + "x" * 60}, "time_zone", "Time zone is too long"),
])
def test_bad_settings_name_the_field_and_say_what_is_wrong(changes, field, words):
    with pytest.raises(SetupError) as caught:
        settings(**changes)
    assert field in caught.value.problems
    assert words in caught.value.problems[field]


def test_every_wrong_field_is_reported_at_once():
    with pytest.raises(SetupError) as caught:
        settings(title="", countries=["ZZZ"], min_group_size=99)
    assert set(caught.value.problems) == {"title", "countries", "min_group_size"}


def test_a_new_event_gets_an_unambiguous_code_that_opens_it(engine):
    event = create_event(engine, settings())
    assert len(event.code) == 7 and set(event.code) <= set(UNAMBIGUOUS)
    assert find_event(engine, event.code.lower()).event.id == event.id
    assert actions(engine) == ["event_created"]


def test_a_chosen_code_is_normalised_and_a_taken_one_refused_without_saving(engine):
    create_event(engine, settings(), code="cmb-2025")
    with pytest.raises(SetupError) as caught:
        create_event(engine, settings(title="Another"), code="CMB2025")
    assert "already used by “Regional consultation, Colombo”" in caught.value.problems["code"]
    with pytest.raises(SetupError) as bad:
        create_event(engine, settings(title="Another"), code="C!")
    assert "4 to 12 letters and digits" in bad.value.problems["code"]
    with read_session(engine) as s:
        assert [e.code for e in s.exec(select(Event))] == ["CMB2025"]


def test_rotating_the_code_stops_the_old_one_and_keeps_joined_delegates(engine):
    ids = make_event(engine, code="OLD2024")
    make_participants(engine, ids["event"], 2)
    new = rotate_code(engine, ids["event"])
    assert find_event(engine, "OLD2024").event is None
    assert find_event(engine, new).event.id == ids["event"]
    with read_session(engine) as s:
        assert len(s.exec(select(Participant)).all()) == 2
        entry = audit.entries(db=s, actions=["join_code_changed"])[0]
    assert entry.detail == {"from": "OLD2024", "to": new}


def test_a_code_cannot_be_rotated_onto_another_events_code(engine):
    make_event(engine, code="TAKEN1")
    ids = make_event(engine, code="MINE22")
    with pytest.raises(SetupError, match="already used"):
        rotate_code(engine, ids["event"], new_code="taken1")
    with read_session(engine) as s:
        assert event_by_code(db=s, code="MINE22") is not None


def test_editing_reports_what_changed_and_logs_it(engine):
    event = create_event(engine, settings())
    changed = update_event(engine, event.id, settings(venue="Kandy", min_group_size=5))
    assert changed == ["venue", "min_group_size"]
    assert update_event(engine, event.id, settings(venue="Kandy", min_group_size=5)) == []
    with read_session(engine) as s:
        stored = s.get(Event, event.id)
        assert (stored.venue, stored.min_group_size) == ("Kandy", 5)
        assert audit.entries(db=s, actions=["event_updated"])[0].detail == {"venue": "Colombo, Sri Lanka → Kandy",
                                                                                  "min_group_size": "3 → 5"}


def test_a_country_whose_delegates_joined_cannot_be_removed(engine):
    ids = make_event(engine, countries=("THA", "KHM"))
    make_participants(engine, ids["event"], 1, country="KHM")
    with pytest.raises(SetupError) as caught:
        update_event(engine, ids["event"], settings(countries=["THA"]))
    assert "Delegates of Cambodia have already joined" in caught.value.problems["countries"]


def test_an_event_cannot_shrink_below_its_agenda(engine):
    ids = make_event(engine)
    update_event(engine, ids["event"], settings(countries=["THA", "KHM"], end_date=date(2025, 3, 6)))
    add_session(engine, ids["event"], day=3, title="Last day", version_id=ids["version"])
    with pytest.raises(SetupError, match="sessions on day 3"):
        update_event(engine, ids["event"], settings(countries=["THA", "KHM"]))


def test_archiving_stops_the_code_and_restoring_brings_it_back(engine):
    ids = make_event(engine, code="ARCH2024")
    set_archived(engine, ids["event"], True)
    assert find_event(engine, "ARCH2024").event is None
    set_archived(engine, ids["event"], False)
    assert find_event(engine, "ARCH2024").event.id == ids["event"]
    assert actions(engine) == ["event_unarchived", "event_archived"]


def test_a_copy_has_the_agenda_and_questionnaires_but_no_delegates_or_answers(engine):
    ids = make_event(engine, code="SRC2024", state="closed")
    answer(engine, ids)
    copy = copy_event(engine, ids["event"], title="Next year", start_date=date(2025, 8, 19), code="NXT2025")
    assert (copy.code, copy.start_date, copy.end_date) == ("NXT2025", date(2025, 8, 19), date(2025, 8, 20))
    with read_session(engine) as s:
        agenda_sessions = s.exec(select(AgendaSession).where(AgendaSession.event_id == copy.id)).all()
        assert [(x.title, x.state, x.questionnaire_version_id) for x in agenda_sessions] == [
            ("Session one", "scheduled", ids["version"])]
        assert s.exec(select(Participant).where(Participant.event_id == copy.id)).all() == []
        assert len(s.exec(select(Response)).all()) == 1  # the original's answer only
        logged = {e.event_id: e.detail for e in audit.entries(db=s, actions=["event_copied"])}
    assert logged == {copy.id: {"from": "SRC2024", "code": "NXT2025", "sessions": 1},
                      ids["event"]: {"to": "NXT2025", "title": "Next year"}}  # found from either event


def test_an_archived_events_data_can_still_be_exported(engine):
    from exports.runs import excel_report, json_archive
    ids = make_event(engine, code="GONE2024")
    answer(engine, ids)
    set_archived(engine, ids["event"], True)
    assert json_archive(engine, "GONE2024", actor="organiser").data
    assert excel_report(engine, "GONE2024", actor="organiser").filename == "gapmap-GONE2024.xlsx"


def test_two_organisers_taking_the_same_code_at_once_get_a_message(engine, monkeypatch):
    import gapmap.event_setup as setup
    create_event(engine, settings(), code="RACE2025")
    monkeypatch.setattr(setup, "event_by_code", lambda **_: None)  # the check ran before the other commit
    with pytest.raises(SetupError, match="took that join code a moment ago"):
        create_event(engine, settings(title="Second"), code="RACE2025")
    with read_session(engine) as s:
        assert len(s.exec(select(Event)).all()) == 1


def test_once_delegates_joined_their_privacy_terms_cannot_be_loosened(engine):
    ids = make_event(engine, countries=("THA", "KHM"))
    update_event(engine, ids["event"], settings(countries=["THA", "KHM"], min_group_size=3))
    make_participants(engine, ids["event"], 1)
    with pytest.raises(SetupError) as policy:
        update_event(engine, ids["event"], settings(countries=["THA", "KHM"], attribution_policy="attributable"))
    assert "joined under the Chatham House Rule" in policy.value.problems["attribution_policy"]
    with pytest.raises(SetupError) as k:
        update_event(engine, ids["event"], settings(countries=["THA", "KHM"], min_group_size=2))
    assert "no group smaller than 3" in k.value.problems["min_group_size"]
    assert update_event(engine, ids["event"],
                        settings(countries=["THA", "KHM"], min_group_size=5)) == ["min_group_size"]


@pytest.mark.parametrize("field, value", [("title", "Welcome ![x](http://198.51.100.1/p.png)"),
                                          ("venue", "<b>Bangkok</b>"), ("organisers", ["[RSO](http://x.org)"])])
def test_titles_and_names_cannot_carry_images_links_or_html(field, value):
    with pytest.raises(SetupError) as caught:
        settings(**{field: value})
    assert "images, links and HTML are not allowed" in caught.value.problems[field]


def test_a_new_events_code_is_checked_with_its_other_settings():
    from gapmap.event_setup import check_new_event
    with pytest.raises(SetupError) as caught:
        check_new_event({**GOOD, "title": "", "code": "B!"})
    assert set(caught.value.problems) == {"title", "code"}
    assert check_new_event({**GOOD, "code": " cmb-2025 "})[1] == "CMB2025"
    assert check_new_event({**GOOD, "code": ""})[1] is None


def test_the_time_zone_is_the_venues_unless_one_is_chosen():
    assert settings().time_zone == "Asia/Colombo"  # "Colombo, Sri Lanka"
    assert settings(venue="Hotel Mulia, Bali").time_zone == "Asia/Makassar"
    assert settings(venue="Somewhere quiet").time_zone == "UTC"
    assert settings(venue="Bangkok", time_zone="europe/zurich").time_zone == "Europe/Zurich"  # spelled as zoneinfo does


def test_creating_editing_and_copying_keep_the_time_zone(engine):
    event = create_event(engine, settings(time_zone="Asia/Bangkok"))
    assert event.time_zone == "Asia/Bangkok"  # chosen, though the venue is Colombo
    kept = {**GOOD, "time_zone": "Asia/Bangkok"}  # the edit form sends the zone it shows
    assert update_event(engine, event.id, check_settings({**kept, "venue": "Kandy"})) == ["venue"]
    assert update_event(engine, event.id, check_settings({**kept, "time_zone": "Asia/Colombo"})) == [
        "venue", "time_zone"]
    copy = copy_event(engine, event.id, title="Next year", start_date=date(2026, 3, 4), code="NXT2026")
    with read_session(engine) as s:
        assert (s.get(Event, event.id).time_zone, s.get(Event, copy.id).time_zone) == ("Asia/Colombo",) * 2
        assert audit.entries(db=s, actions=["event_updated"])[0].detail["time_zone"] == "Asia/Bangkok → Asia/Colombo"
