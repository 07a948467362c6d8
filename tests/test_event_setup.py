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


# --- objectives and partners -------------------------------------------------------------------

OBJECTIVES = ["Follow up the regional legal assessment",
              "Feed research on the trafficking–forced labour–labour dispute spectrum",
              "Feed gender research", "Inform the regional workplan"]
PARTNERS = ["ASEAN-ACT", "Australian Institute of Criminology", "UN Women"]


def test_objectives_and_partners_are_one_per_line_with_blank_lines_and_repeats_dropped():
    # the form sends the text areas' lines as typed: blanks, spaces and a repeated line
    checked = settings(objectives=["", f"  {OBJECTIVES[0]} ", "", *OBJECTIVES[1:], OBJECTIVES[3], "   "],
                       partners=[" ASEAN-ACT", "", *PARTNERS[1:]])
    assert checked.objectives == OBJECTIVES
    assert checked.partners == PARTNERS
    assert (settings().objectives, settings().partners) == ([], [])  # neither is required


@pytest.mark.parametrize("changes, field, words", [
    ({"objectives": [f"Objective {n}" for n in range(1, 13)]}, "objectives",
     "Objectives: at most 10, one per line; there are 12, so remove 2."),
    ({"objectives": ["", "Short", "x" * 201]}, "objectives",  # numbered as the organiser typed them
     "Objectives: at most 200 characters a line (line 3 has 201); shorten it."),
    ({"partners": [f"Partner {n}" for n in range(21)]}, "partners",
     "Partners: at most 20, one per line; there are 21, so remove 1."),
    ({"partners": ["p" * 121, "UN Women", "q" * 130]}, "partners",
     "Partners: at most 120 characters a line (line 1 has 121, line 3 has 130); shorten them."),
    ({"partners": ["[UN Women](http://198.51.100.1)"]}, "partners", "images, links and HTML are not allowed"),
])
def test_too_many_or_too_long_objectives_or_partners_say_what_to_change(changes, field, words):
    with pytest.raises(SetupError) as caught:
        settings(**changes)
    assert words in caught.value.problems[field]


def test_ten_objectives_of_200_characters_and_20_partners_of_120_are_accepted():
    checked = settings(objectives=[f"{n:02d}" + "o" * 198 for n in range(10)],
                       partners=[f"{n:02d}" + "p" * 118 for n in range(20)])
    assert (len(checked.objectives), len(checked.partners)) == (10, 20)


def test_objectives_and_partners_are_created_edited_logged_and_copied(engine):
    event = create_event(engine, settings(objectives=OBJECTIVES[:2], partners=["UN Women"]))
    assert (event.objectives, event.partners) == (OBJECTIVES[:2], ["UN Women"])
    assert update_event(engine, event.id, settings(objectives=OBJECTIVES, partners=PARTNERS)) == [
        "objectives", "partners"]
    copy = copy_event(engine, event.id, title="Next year", start_date=date(2026, 3, 4), code="NXT2026")
    with read_session(engine) as s:
        for stored in (s.get(Event, event.id), s.get(Event, copy.id)):
            assert (stored.objectives, stored.partners) == (OBJECTIVES, PARTNERS)
        detail = audit.entries(db=s, actions=["event_updated"])[0].detail
    assert detail["partners"] == "UN Women → ASEAN-ACT, Australian Institute of Criminology, UN Women"


def test_a_refused_change_to_objectives_keeps_what_was_saved(engine):
    event = create_event(engine, settings(objectives=OBJECTIVES, partners=PARTNERS))
    with pytest.raises(SetupError):
        update_event(engine, event.id, check_settings({**GOOD, "objectives": ["x" * 300], "partners": []}))
    with read_session(engine) as s:
        assert (s.get(Event, event.id).objectives, s.get(Event, event.id).partners) == (OBJECTIVES, PARTNERS)


def test_0007_gives_existing_events_no_objectives_or_partners_and_goes_back(engine):
    """Events made before 0007, the demo among them, get empty lists (a database keeps what it has);
    a process still on the older code inserts without the columns and gets the same."""
    from datetime import datetime, timezone

    from sqlalchemy import MetaData, Table, insert, text

    from db.migrate import downgrade, upgrade

    downgrade(engine, "0006")
    with engine.begin() as conn:
        table = Table("event", MetaData(), autoload_with=conn)
        assert "objectives" not in table.c and "partners" not in table.c
        conn.execute(insert(table), [{
            "title": "t", "venue": "Bangkok", "start_date": date(2024, 8, 20), "end_date": date(2024, 8, 21),
            "organisers": [], "countries": ["THA"], "attribution_policy": "chatham_house", "min_group_size": 3,
            "privacy_notice": "", "archived": False, "created_at": datetime(2024, 8, 1, tzinfo=timezone.utc),
            "time_zone": "Asia/Bangkok", "code": code, "is_demo": code == "BKK2024"}
            for code in ("BKK2024", "OLD2024")])
    upgrade(engine)
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO event (title, venue, start_date, end_date, organisers, countries, "
                          "attribution_policy, min_group_size, privacy_notice, code, is_demo, archived, created_at, "
                          "time_zone) SELECT title, venue, start_date, end_date, organisers, countries, "
                          "attribution_policy, min_group_size, privacy_notice, 'NEW2024', is_demo, archived, "
                          "created_at, time_zone FROM event WHERE code = 'OLD2024'"))
    with read_session(engine) as s:
        assert {(e.code, tuple(e.objectives), tuple(e.partners)) for e in s.exec(select(Event))} == {
            ("BKK2024", (), ()), ("OLD2024", (), ()), ("NEW2024", (), ())}
    downgrade(engine, "0006")
    with engine.connect() as conn:
        assert "partners" not in Table("event", MetaData(), autoload_with=conn).c
    upgrade(engine)


def test_the_events_page_saves_objectives_and_partners_typed_one_per_line(tmp_path, monkeypatch):
    from tests.app_support import start_app, stop_app

    at, engine = start_app(tmp_path, monkeypatch, "organiser", GAPMAP_SEED_DEMO="0")
    try:
        at.text_input(key="new-event-title").set_value("Colombo consultation")
        at.multiselect(key="new-event-countries").set_value(["LKA", "MDV"])
        at.text_area(key="new-event-objectives").set_value("\n".join(["", *OBJECTIVES, ""]))
        at.text_area(key="new-event-partners").set_value("ASEAN-ACT\n\nUN Women\n")
        at.button(key="new-event-submit").click().run()
        assert not at.exception, at.exception
        with read_session(engine) as s:
            (event,) = s.exec(select(Event)).all()
        assert (event.objectives, event.partners) == (OBJECTIVES, ["ASEAN-ACT", "UN Women"])
        form = f"edit-{event.id}"
        assert at.text_area(key=f"{form}-objectives").value == "\n".join(OBJECTIVES)  # shown again to edit
        at.text_area(key=f"{form}-partners").set_value("\n".join(f"Partner {n}" for n in range(25)))
        at.button(key=f"{form}-submit").click().run()
        assert "Nothing was saved" in at.error[0].value and "at most 20, one per line" in at.error[0].value
        assert at.text_area(key=f"{form}-partners").value.startswith("Partner 0\nPartner 1")  # what was typed stays
        with read_session(engine) as s:
            assert s.get(Event, event.id).partners == ["ASEAN-ACT", "UN Women"]  # nothing saved is lost
        at.text_area(key=f"{form}-partners").set_value("UN Women")
        at.button(key=f"{form}-submit").click().run()
        assert at.success[0].value == "Saved: partners."
    finally:
        stop_app()
